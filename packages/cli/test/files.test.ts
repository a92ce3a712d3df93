import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { EXIT } from '../src';
import { writeFailedFile } from '../src/commands/import/failed-file';
import type { RowResult } from '../src/commands/import/results';
import { BIN, Cli, tempDir } from './helpers';

let fake: FakeWandb;
let cli: Cli;
beforeAll(async () => {
  fake = await startFakeWandb();
  cli = new Cli(fake);
});
afterAll(() => fake.close());

const ROW: RowResult = { line: 2, email: 'ann@example.com', adminText: 'false', admin: false, status: 'failed', reason: 'server down' };

describe('the failed-rows file', () => {
  test('a symlink planted at the temporary path the old code used is never followed', () => {
    const dir = tempDir();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const path = join(dir, 'x.failed.csv');
    // The old name was predictable: `.<file>.<pid>.tmp`.
    symlinkSync(victim, join(dir, `.x.failed.csv.${process.pid}.tmp`));
    expect(writeFailedFile(path, [ROW])).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readFileSync(path, 'utf8')).toBe('email,admin,error\nann@example.com,false,server down\n');
  });

  test('a symlink at the destination is replaced, not written through', () => {
    const dir = tempDir();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const path = join(dir, 'y.failed.csv');
    symlinkSync(victim, path);
    writeFailedFile(path, [ROW]);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readFileSync(path, 'utf8')).toMatch(/^email,admin,error\n/);
  });

  test('temporary files are created exclusively (O_EXCL), under random names, and none is left behind', () => {
    const dir = tempDir();
    const path = join(dir, 'z.failed.csv');
    // The module object itself (an `import * as` namespace would be a copy the source never calls).
    const open = jest.spyOn(require('node:fs') as typeof import('node:fs'), 'openSync');
    try {
      for (let i = 0; i < 3; i++) writeFailedFile(path, [ROW]);
      const temporaries = open.mock.calls.filter(([file]) => String(file).startsWith(dir));
      expect(temporaries.map(([, flags]) => flags)).toEqual(['wx', 'wx', 'wx']);
      const names = temporaries.map(([file]) => String(file).slice(dir.length + 1));
      expect(names.every((name) => /^\.z\.failed\.csv\.[0-9a-f]{16}\.tmp$/.test(name))).toBe(true);
      expect(new Set(names).size).toBe(3);
    } finally {
      open.mockRestore();
    }
    expect(readdirSync(dir)).toEqual(['z.failed.csv']);
  });
});

describe('--api-key-file', () => {
  test('/dev/zero is refused after a bounded read, not read until memory runs out', async () => {
    const { code, stderr } = await cli.run(['--api-key-file', '/dev/zero', 'whoami']);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toMatch(/--api-key-file \/dev\/zero holds more than 4096 bytes: it must hold only the key/);
  });

  test('a pipe works: --api-key-file <(command)', async () => {
    const shell = spawn('bash', ['-c', `'${process.execPath}' '${BIN}' --json --api-key-file <(printf '%s\\n' "$KEY") whoami`], {
      env: { ...cli.env({ WANDB_API_KEY: undefined }), KEY: fake.adminApiKey },
    });
    let out = '';
    let err = '';
    shell.stdout.on('data', (c: Buffer) => (out += c.toString()));
    shell.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise((resolve) => shell.on('close', resolve));
    expect(code).toBe(EXIT.OK);
    expect(JSON.parse(out).user.username).toBe('admin');
    // A pipe has no owner's permissions to warn about.
    expect(err).toBe('');
  });

  test('a directory is a usage error', async () => {
    const { code, stderr } = await cli.run(['--api-key-file', tempDir(), 'whoami']);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toMatch(/is a directory/);
  });
});

describe('a netrc file others can read', () => {
  const host = () => new URL(fake.baseUrl).host;

  test('holding the key in use: the same warning as for --api-key-file; none once private', async () => {
    const netrc = cli.file('shared-netrc', `machine ${host()}\n  login user\n  password ${fake.adminApiKey}\n`);
    chmodSync(netrc, 0o644);
    const shared = await cli.run(['whoami'], { env: { WANDB_API_KEY: undefined, NETRC: netrc } });
    expect(shared.code).toBe(EXIT.OK);
    expect(shared.stderr).toContain(`warning: ${netrc} holds the API key in use and can be read by other users; \`chmod 600 ${netrc}\` keeps it private.`);
    chmodSync(netrc, 0o600);
    const closed = await cli.run(['whoami'], { env: { WANDB_API_KEY: undefined, NETRC: netrc } });
    expect(closed.stderr).not.toMatch(/warning/);
  });

  test('not holding the key in use (WANDB_API_KEY wins): no warning', async () => {
    const netrc = cli.file('other-netrc', `machine ${host()}\n  login user\n  password ${'x'.repeat(40)}\n`);
    chmodSync(netrc, 0o644);
    const { code, stderr } = await cli.run(['whoami'], { env: { NETRC: netrc } });
    expect(code).toBe(EXIT.OK);
    expect(stderr).not.toMatch(/warning/);
  });
});
