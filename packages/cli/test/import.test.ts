import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { EXIT } from '../src';
import { Cli, finish, hasScript, ndjson, runOnTerminal, start, waitFor } from './helpers';

let fake: FakeWandb;
let cli: Cli;
beforeEach(async () => {
  fake = await startFakeWandb();
  cli = new Cli(fake);
});
afterEach(() => fake.close());

const emails = () => fake.listUsers().flatMap((u) => (u.email === null ? [] : [u.email.toLowerCase()]));
/** Every email on the server exactly once. */
function expectNoDuplicates(): void {
  expect(new Set(emails()).size).toBe(emails().length);
}

// Everything a real export gets wrong, in one file: a BOM, CRLF line ends,
// blank and comma-only lines, an extra column, quoting, an invalid email, a
// bad admin value, a missing email, an exact duplicate, a duplicate in another
// case, a duplicate with another admin value, and a user who already exists.
const MESSY = [
  '\uFEFFEmail,Admin,Name',
  'ann@example.com,false,Ann',
  '',
  'BOB@example.com,TRUE,"Bob, Jr."',
  ',,',
  'not-an-email,false,Nobody',
  'cat@example.com,maybe,Cat',
  ',true,No Email',
  'ann@example.com,false,Ann again',
  'Bob@Example.com,yes,Bob again',
  'dan@example.com,false,Dan',
  'dan@example.com,true,Dan the admin?',
  'existing@example.com,,Already here',
  '   ',
  'eve@example.com,0,Eve',
].join('\r\n');

describe('users import (not a terminal: a line per row)', () => {
  test('a messy file: each row reported, the right users created once, the rest in a failed file; exit 7', async () => {
    fake.addUser({ email: 'existing@example.com' });
    const path = cli.file('hires.csv', MESSY);
    const { code, stdout, stderr } = await cli.run(['users', 'import', path]);
    expect(code).toBe(EXIT.PARTIAL);

    const rows = stdout.trimEnd().split('\n');
    const byEmail = (status: string, email: string) => rows.find((r) => r.startsWith(status) && r.includes(` ${email}`));
    expect(rows).toHaveLength(11);
    expect(byEmail('created', 'ann@example.com')).toBeDefined();
    expect(byEmail('created', 'BOB@example.com')).toBeDefined();
    expect(byEmail('created', 'eve@example.com')).toBeDefined();
    expect(byEmail('exists', 'existing@example.com')).toBeDefined();
    expect(byEmail('duplicate', 'ann@example.com')).toMatch(/line 9, same as line 2/);
    expect(byEmail('duplicate', 'Bob@Example.com')).toMatch(/line 10, same as line 4/);
    expect(byEmail('invalid', 'not-an-email')).toMatch(/line 6\): not an email address/);
    expect(byEmail('invalid', 'cat@example.com')).toMatch(/admin must be true or false/);
    expect(rows.find((r) => r.startsWith('invalid') && r.includes('(no email)'))).toMatch(/line 8\): no email/);
    expect(rows.filter((r) => r.startsWith('invalid') && r.includes('dan@example.com'))).toHaveLength(2);
    // No progress bar, no colour, on a pipe.
    expect(stdout + stderr).not.toMatch(/\u001b|█/);

    expect(emails().sort()).toEqual(['admin@example.com', 'ann@example.com', 'bob@example.com', 'eve@example.com', 'existing@example.com']);
    expect(fake.getUser('bob@example.com')?.admin).toBe(true);
    expect(fake.getUser('eve@example.com')?.admin).toBe(false);

    expect(stderr).toMatch(/11 rows in [\d.]+ s: 3 created, 1 exists, 2 duplicate, 5 invalid/);
    const failed = join(cli.home, 'hires.failed.csv');
    expect(stderr).toContain(`5 rows to redo written to ${failed}`);
    expect(readFileSync(failed, 'utf8').split('\n')).toEqual([
      'email,admin,error',
      'not-an-email,false,"not an email address: ""not-an-email"""',
      'cat@example.com,maybe,"admin must be true or false (or yes/no, 1/0), got ""maybe"""',
      ',true,no email',
      'dan@example.com,false,"on lines 11, 12 with different admin values; keep one"',
      'dan@example.com,true,"on lines 11, 12 with different admin values; keep one"',
      '',
    ]);
  });

  test('the failed file, fixed, is fed back in; then it is emptied, and a rerun of everything creates nothing', async () => {
    const path = cli.file('team.csv', 'email,admin\nann@example.com,false\nbad@@example.com,false\ncat@example.com,true\n');
    expect((await cli.run(['users', 'import', path])).code).toBe(EXIT.PARTIAL);
    const failed = join(cli.home, 'team.failed.csv');
    cli.file('team.failed.csv', readFileSync(failed, 'utf8').replace('bad@@example.com', 'bad@example.com'));

    const retry = await cli.run(['users', 'import', failed]);
    expect(retry.code).toBe(EXIT.OK);
    expect(retry.stdout).toMatch(/^created\s+bad@example\.com/);
    // Its own failed file is itself: now nothing is left in it.
    expect(readFileSync(failed, 'utf8')).toBe('email,admin,error\n');

    const again = await cli.run(['--json', 'users', 'import', path]);
    const summary = ndjson(again.stdout).at(-1);
    expect(summary).toMatchObject({ type: 'summary', created: 0, exists: 2, invalid: 1 });
    expectNoDuplicates();
    expect(emails()).toHaveLength(4);
  });

  test('--json: NDJSON, a record per row (any order) and a summary last', async () => {
    fake.addUser({ email: 'old@example.com' });
    const path = cli.file('j.csv', 'email,admin\nnew@example.com,true\nold@example.com,false\nnew@example.com,true\nx,false\n');
    const { code, stdout, stderr } = await cli.run(['--json', 'users', 'import', path, '--concurrency', '2']);
    expect(code).toBe(EXIT.PARTIAL);
    const records = ndjson(stdout);
    const rows = records.slice(0, -1).sort((a, b) => a.line - b.line);
    expect(rows).toEqual([
      { type: 'row', line: 2, email: 'new@example.com', admin: true, status: 'created', username: 'new' },
      { type: 'row', line: 3, email: 'old@example.com', admin: false, status: 'exists', username: 'old' },
      { type: 'row', line: 4, email: 'new@example.com', admin: true, status: 'duplicate', duplicateOf: 2 },
      { type: 'row', line: 5, email: 'x', admin: false, status: 'invalid', reason: 'not an email address: "x"' },
    ]);
    expect(records.at(-1)).toEqual({
      type: 'summary',
      total: 4,
      created: 1,
      exists: 1,
      duplicate: 1,
      invalid: 1,
      failed: 0,
      skipped: 0,
      failedFile: join(cli.home, 'j.failed.csv'),
      interrupted: false,
      seconds: expect.any(Number),
    });
    expect(stderr).toBe('');
  });

  test('from standard input (-); --quiet prints only the rows that need attention', async () => {
    const { code, stdout, stderr } = await cli.run(['--quiet', 'users', 'import', '-'], { input: 'email\nann@example.com\nnope\n' });
    expect(code).toBe(EXIT.PARTIAL);
    expect(stdout).toBe('invalid   nope (line 3): not an email address: "nope"\n');
    expect(stderr).toBe('');
    expect(emails()).toContain('ann@example.com');
    expect(existsSync(join(cli.home, 'import.failed.csv'))).toBe(true);
  });

  test('rows that fail on the server are reported, written to the failed file, and done on the rerun', async () => {
    const path = cli.file('f.csv', 'email\na@example.com\nb@example.com\nc@example.com\n');
    fake.injectFault({ operation: 'CreateUserFromAdmin', skip: 1, times: 2, fault: { type: 'graphqlErrors', errors: [{ message: 'database is read-only' }] } });
    const first = await cli.run(['users', 'import', path, '--concurrency', '1']);
    expect(first.code).toBe(EXIT.PARTIAL);
    expect(first.stdout).toMatch(/^failed\s+b@example\.com \(line 3\): database is read-only$/m);
    expect(first.stdout).toMatch(/^failed\s+c@example\.com \(line 4\): database is read-only$/m);
    expect(first.stderr).toMatch(/1 created, 2 failed/);
    const retry = await cli.run(['users', 'import', join(cli.home, 'f.failed.csv')]);
    expect(retry.code).toBe(EXIT.OK);
    expect(emails().sort()).toEqual(['a@example.com', 'admin@example.com', 'b@example.com', 'c@example.com']);
  });

  test('an authentication error stops the import: the rest is skipped (not failed one by one); exit 3', async () => {
    const path = cli.file('a.csv', `email\n${Array.from({ length: 6 }, (_, i) => `u${i}@example.com`).join('\n')}\n`);
    fake.injectFault({
      operation: 'CreateUserFromAdmin',
      skip: 2,
      times: Infinity,
      fault: { type: 'status', status: 401, body: '{"errors":[{"message":"invalid API key"}]}' },
    });
    const { code, stdout, stderr } = await cli.run(['users', 'import', path, '--concurrency', '1']);
    expect(code).toBe(EXIT.AUTHENTICATION);
    expect(stdout).toMatch(/^failed\s+u2@example\.com/m);
    expect(stderr).toMatch(/2 created, 1 failed, 3 skipped/);
    expect(stderr).toMatch(/rejected the API key/);
    expect(readFileSync(join(cli.home, 'a.failed.csv'), 'utf8')).toMatch(/u3@example\.com,,not attempted: stopped after AuthenticationError/);
    expect(fake.requests.filter((r) => r.operationName === 'CreateUserFromAdmin')).toHaveLength(3);
  });
});

describe('users import: the file as a whole is checked before anything is sent', () => {
  test.each([
    ['no "email" column', 'mail,admin\nann@example.com,false\n', /no "email" column/],
    ['no header', 'ann@example.com,false\nbob@example.com,true\n', /first line must be a header/],
    ['an empty file', '', /is empty/],
    ['broken quoting', 'email\n"ann@example.com\n', /not valid CSV/],
  ])('%s: exit 2', async (_what, content, message) => {
    const path = cli.file('bad.csv', content);
    fake.clearRequests();
    const { code, stderr } = await cli.run(['users', 'import', path]);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toMatch(message);
    expect(fake.requests).toHaveLength(0);
  });

  test('a missing file: exit 2', async () => {
    const { code, stderr } = await cli.run(['users', 'import', 'nowhere.csv']);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toMatch(/the file nowhere\.csv does not exist/);
  });

  test('a non-admin: exit 4 after one request, nothing created, no failed file', async () => {
    const bob = fake.addUser({ email: 'bob@example.com' });
    const path = cli.file('n.csv', 'email\nann@example.com\n');
    fake.clearRequests();
    const { code, stderr } = await cli.run(['users', 'import', path], { env: { WANDB_API_KEY: bob.apiKey } });
    expect(code).toBe(EXIT.PERMISSION);
    expect(stderr).toMatch(/not an instance admin/);
    expect(fake.requests.map((r) => r.operationName)).toEqual(['GetViewer']);
    expect(existsSync(join(cli.home, 'n.failed.csv'))).toBe(false);
  });
});

describe('users import: interrupted, then resumed', () => {
  const ROWS = 30;
  const file = () => cli.file('big.csv', `email,admin\n${Array.from({ length: ROWS }, (_, i) => `hire${i}@example.com,false`).join('\n')}\n`);
  const hires = () => emails().filter((e) => e.startsWith('hire'));

  test('killed mid-import (SIGKILL): a rerun creates the rest, reports the others as existing, duplicates nothing', async () => {
    const path = file();
    fake.injectFault({ operation: 'CreateUserFromAdmin', times: Infinity, fault: { type: 'latency', ms: 150 } });
    const child = start(['users', 'import', path, '--concurrency', '2'], cli.env(), { cwd: cli.home });
    const done = finish(child);
    await waitFor(() => hires().length >= 6, 15_000, 'some users to be created');
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const before = hires().length;
    expect(before).toBeLessThan(ROWS);
    fake.clearFaults();

    const { code, stdout, stderr } = await cli.run(['--json', 'users', 'import', path, '--concurrency', '4']);
    expect(code).toBe(EXIT.OK);
    const summary = ndjson(stdout).at(-1);
    expect(summary).toMatchObject({ total: ROWS, failed: 0, skipped: 0, invalid: 0 });
    // Rows whose create was in flight when the process died may have landed after the count: they exist now.
    expect(summary.exists).toBeGreaterThanOrEqual(before);
    expect(summary.created + summary.exists).toBe(ROWS);
    expect(hires()).toHaveLength(ROWS);
    expectNoDuplicates();
    expect(stderr).toBe('');
  });

  test('Ctrl-C (SIGINT): finishes what is in flight, writes the rest to the failed file, exit 130; that file completes the job', async () => {
    const path = file();
    fake.injectFault({ operation: 'CreateUserFromAdmin', times: Infinity, fault: { type: 'latency', ms: 150 } });
    const child = start(['users', 'import', path, '--concurrency', '2'], cli.env(), { cwd: cli.home });
    const done = finish(child);
    await waitFor(() => hires().length >= 4, 15_000, 'some users to be created');
    child.kill('SIGINT');
    const interrupted = await done;
    expect(interrupted.code).toBe(EXIT.INTERRUPTED);
    expect(interrupted.stderr).toMatch(/interrupted: finishing the requests in flight/);
    const createdLines = interrupted.stdout.split('\n').filter((l) => l.startsWith('created'));
    // Every request that was sent finished and was reported: what the server has is what was printed.
    expect(createdLines).toHaveLength(hires().length);
    const failed = join(cli.home, 'big.failed.csv');
    const left = readFileSync(failed, 'utf8').trimEnd().split('\n').slice(1);
    expect(left.length + createdLines.length).toBe(ROWS);
    expect(left.every((l) => l.endsWith(',not attempted: the import was interrupted'))).toBe(true);
    fake.clearFaults();

    const resumed = await cli.run(['users', 'import', failed]);
    expect(resumed.code).toBe(EXIT.OK);
    expect(resumed.stdout.split('\n').filter((l) => l.startsWith('created'))).toHaveLength(left.length);
    expect(hires()).toHaveLength(ROWS);
    expectNoDuplicates();
  });
});

(hasScript() ? describe : describe.skip)('on a terminal (a pseudo-TTY via util-linux script)', () => {
  test('a progress bar on stderr instead of a line per row; the rows that need attention and the summary after it', async () => {
    const path = cli.file('tty.csv', `email\n${Array.from({ length: 12 }, (_, i) => `tty${i}@example.com`).join('\n')}\nbroken\n`);
    fake.injectFault({ operation: 'CreateUserFromAdmin', times: Infinity, fault: { type: 'latency', ms: 60 } });
    const { code, stdout } = await runOnTerminal(['users', 'import', path, '--concurrency', '2'], cli.env(), cli.home);
    expect(code).toBe(EXIT.PARTIAL);
    // The bar, redrawn in place, ends full.
    expect(stdout).toMatch(/importing [█░]+ \d+\/13 rows/);
    expect(stdout).toMatch(/importing █{40} 13\/13 rows/);
    expect(stdout).toContain('\u001b[1G');
    // No line per created row; the invalid one is listed, then the summary.
    expect(stdout).not.toMatch(/created\s+tty\d/);
    expect(stdout).toMatch(/invalid.*broken \(line 14\)/);
    expect(stdout).toMatch(/13 rows in [\d.]+ s: 12 created, 1 invalid/);
    // Colours on a terminal.
    expect(stdout).toMatch(/\u001b\[32m/);
    expect(emails().filter((e) => e.startsWith('tty'))).toHaveLength(12);
  });

  test('keys create on a terminal: the secret, and a warning that it is on the screen', async () => {
    const { code, stdout } = await runOnTerminal(['keys', 'create'], cli.env(), cli.home);
    expect(code).toBe(EXIT.OK);
    // Booleans only: a failing assertion must not print the transcript, which holds the secret.
    expect(fake.issuedSecrets().some((s) => stdout.includes(s))).toBe(true);
    expect(/warning:.* the secret is on your screen/.test(stdout)).toBe(true);
  });

  test('import - with a terminal as standard input is refused (exit 2) rather than waiting for typing', async () => {
    const { code, stdout } = await runOnTerminal(['users', 'import', '-'], cli.env(), cli.home);
    expect(code).toBe(EXIT.USAGE);
    expect(stdout).toMatch(/standard input, which is a terminal/);
  });

  test('NO_COLOR: the bar still shows, without colours', async () => {
    const path = cli.file('nc.csv', 'email\nnc1@example.com\nnc2@example.com\n');
    const { code, stdout } = await runOnTerminal(['users', 'import', path], cli.env({ NO_COLOR: '1' }), cli.home);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toMatch(/importing █+ 2\/2 rows/);
    expect(stdout).not.toMatch(/\u001b\[(3\d|9\d)m/);
  });
});
