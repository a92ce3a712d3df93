import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { readBoundedText, TextInputError } from '../src/input/bounded-text.js';
import { EXIT, run } from '../src/index.js';
import { memoryIo, tempDir } from './helpers.js';
import { runSync, scratchFiles } from './sync/helpers.js';
import { MemoryWandb } from './sync/memory-wandb.js';

// Every file or standard input the CLI reads is read as UTF-8 text to a size
// limit: a device that never ends, a padded file or binary data is refused
// (exit 2) before anything is sent, and the stream is stopped where it was
// refused rather than read to its end.

const MIB = 1024 * 1024;
const file = scratchFiles();
const dir = tempDir();

/** An endless stream of valid YAML comment lines, counting the bytes it was asked for. */
function endless(): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const chunk = Buffer.from(`${'# padding\n'.repeat(6553)}`);
  const stream = new Readable({
    read() {
      pulled += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

const sync = (wandb: MemoryWandb, args: string[], stdin?: Readable) => runSync(wandb, args, stdin ? { stdin } : {});

const PEOPLE = 'teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: admin }\n';

describe('sync files, saved plans and standard input are read to a limit', () => {
  test('/dev/zero is refused at its first byte, before anything is sent', async () => {
    const wandb = new MemoryWandb();
    for (const [args, formats] of [
      [['sync', 'plan', '/dev/zero'], 'YAML, JSON or CSV'],
      [['sync', 'apply', '--yes', '/dev/zero'], 'YAML, JSON or CSV'],
      [['sync', 'apply', '--plan', '/dev/zero'], 'JSON, as `sync plan --json` writes it'],
    ] as const) {
      const { code, stderr } = await sync(wandb, [...args]);
      expect([code, stderr]).toEqual([
        EXIT.USAGE,
        `wandb-users: error: /dev/zero is not text: it holds a NUL byte at byte 0\nGive a UTF-8 text file (${formats}).\n`,
      ]);
    }
    expect(wandb.calls).toEqual([]);
  });

  test('standard input that never ends is stopped at the default limit (32 MiB), unread past it', async () => {
    const wandb = new MemoryWandb();
    const input = endless();
    const { code, stderr } = await sync(wandb, ['sync', 'plan', '-'], input.stream);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toBe(
      'wandb-users: error: standard input is larger than 32 MiB, the limit for the sync file\n' +
        'Nothing was read past the limit. If it is meant to be this large, raise the limit: --max-input-mib N (default 32).\n',
    );
    // The stream was asked for no more than the limit and what the stream buffers ahead (its high-water mark, 16 kB, and a chunk).
    expect(input.pulled()).toBeLessThanOrEqual(32 * MIB + 2 * 65530 + 16384);
    expect(input.stream.destroyed).toBe(true);
    expect(wandb.calls).toEqual([]);
  });

  test('a valid file padded past the limit is refused from its size, and --max-input-mib raises the limit', async () => {
    const wandb = new MemoryWandb();
    const padded = file('padded.yaml', PEOPLE + '#'.repeat(MIB));
    const refused = await sync(wandb, ['sync', 'plan', padded, '--max-input-mib', '1']);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toBe(
      `wandb-users: error: ${padded} is larger than 1 MiB, the limit for the sync file\n` +
        'Nothing was read past the limit. If it is meant to be this large, raise the limit: --max-input-mib N (default 32).\n',
    );
    expect(wandb.calls).toEqual([]);
    const raised = await sync(wandb, ['sync', 'plan', padded, '--max-input-mib', '2']);
    expect(raised.code).toBe(EXIT.PENDING);
    expect(raised.stdout).toContain('+ create user ann@acme.example');
  });

  test('a saved plan is read to its own limit (default 128 MiB), which --max-input-mib sets too', async () => {
    const wandb = new MemoryWandb();
    const plan = file('plan.json', `${(await sync(wandb, ['--json', 'sync', 'plan', file('people.yaml', PEOPLE)])).stdout}${' '.repeat(MIB)}`);
    const calls = wandb.calls.length;
    const refused = await sync(wandb, ['sync', 'apply', '--plan', plan, '--max-input-mib', '1']);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain(`${plan} is larger than 1 MiB, the limit for the plan\n`);
    expect(refused.stderr).toContain('--max-input-mib N (default 128)');
    expect(wandb.calls.length).toBe(calls);
    expect((await sync(wandb, ['sync', 'apply', '--plan', plan])).code).toBe(EXIT.OK);
    expect(wandb.effects).toEqual(['createUser ann@acme.example false', 'createTeam ml root@corp.example', 'invite ml ann@acme.example admin']);
  });

  test('UTF-16 text and bytes that are not UTF-8 are refused, with what to do', async () => {
    const wandb = new MemoryWandb();
    const utf16 = file('people-utf16.csv', Buffer.from(`\ufeffemail,admin,teams\r\n`, 'utf16le'));
    const latin1 = file('people-latin1.yaml', Buffer.from('users:\n  - email: ren\xe9@acme.example\n', 'latin1'));
    expect((await sync(wandb, ['sync', 'plan', utf16])).stderr).toBe(
      `wandb-users: error: ${utf16} is UTF-16 text\nSave it as UTF-8 (in a spreadsheet: "CSV UTF-8"), then run again.\n`,
    );
    const notUtf8 = await sync(wandb, ['sync', 'plan', latin1]);
    expect(notUtf8.code).toBe(EXIT.USAGE);
    expect(notUtf8.stderr).toBe(
      `wandb-users: error: ${latin1} is not UTF-8 text (an invalid byte sequence in the bytes from 0)\nSave it as UTF-8, then run again.\n`,
    );
    expect(wandb.calls).toEqual([]);
  });

  test('a directory or a missing file is a usage error', async () => {
    const wandb = new MemoryWandb();
    expect((await sync(wandb, ['sync', 'plan', dir])).stderr).toBe(`wandb-users: error: the file ${dir} is a directory, not a file\n`);
    expect((await sync(wandb, ['sync', 'plan', join(dir, 'missing.yaml')])).stderr).toBe(
      `wandb-users: error: the file ${join(dir, 'missing.yaml')} does not exist\nCheck the path: it was looked for at ${join(dir, 'missing.yaml')}.\n`,
    );
    expect(wandb.calls).toEqual([]);
  });
});

describe('users import reads its CSV to a limit', () => {
  let fake: FakeWandb;
  beforeAll(async () => {
    fake = await startFakeWandb();
  });
  afterAll(() => fake.close());

  async function importing(args: string[], stdin?: Readable) {
    const { io, stdout, stderr } = memoryIo({ env: { WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: fake.adminApiKey } });
    if (stdin) io.stdin = stdin as unknown as NodeJS.ReadStream;
    const code = await run(args, io);
    return { code, stdout: stdout(), stderr: stderr() };
  }

  test('binary data, an endless stream and an oversized file are refused before a row is sent', async () => {
    fake.clearRequests();
    const zero = await importing(['users', 'import', '/dev/zero']);
    expect([zero.code, zero.stderr]).toEqual([
      EXIT.USAGE,
      'wandb-users: error: /dev/zero is not text: it holds a NUL byte at byte 0\nGive a UTF-8 text file (CSV).\n',
    ]);
    const input = endless();
    const stream = await importing(['users', 'import', '-', '--max-input-mib', '2'], input.stream);
    expect(stream.stderr).toContain('wandb-users: error: standard input is larger than 2 MiB, the limit for the CSV\n');
    expect(input.pulled()).toBeLessThanOrEqual(2 * MIB + 2 * 65530 + 16384);
    const big = file('hires.csv', `email,admin\nann@example.com,false\n${'#,\n'.repeat(MIB / 3 + 1)}`);
    const oversized = await importing(['users', 'import', big, '--max-input-mib', '1']);
    expect(oversized.stderr).toContain(`${big} is larger than 1 MiB, the limit for the CSV\n`);
    expect(oversized.stderr).toContain('--max-input-mib N (default 32)');
    expect(fake.requests).toEqual([]);
  });
});

describe('readBoundedText', () => {
  test('stops asking a source for more once the limit is passed, and destroys it', async () => {
    let pulled = 0;
    let destroyed = false;
    const source = {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          pulled++;
          yield Buffer.from('x'.repeat(1000));
        }
      },
      destroy: () => {
        destroyed = true;
      },
    };
    await expect(readBoundedText(source, 10_500)).rejects.toEqual(new TextInputError({ kind: 'too-large', limit: 10_500 }));
    expect([pulled, destroyed]).toEqual([11, true]);
  });

  test('refuses a NUL byte where it is, and keeps characters split across chunks', async () => {
    const at = async (...chunks: (string | Buffer)[]) => readBoundedText(Readable.from(chunks), 100).catch((e: TextInputError) => e.problem);
    expect(await at('abc', Buffer.from([0x61, 0x00]))).toEqual({ kind: 'binary', offset: 4 });
    const euro = Buffer.from('€');
    expect(await at(euro.subarray(0, 1), euro.subarray(1))).toBe('€');
    expect(await at(euro.subarray(0, 2))).toEqual({ kind: 'not-utf8', offset: 2 });
    expect(await at('\ufeffemail')).toBe('email');
  });
});
