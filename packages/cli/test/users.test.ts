import { spawn } from 'node:child_process';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { EXIT } from '../src';
import { BIN, Cli, ndjson } from './helpers';

let fake: FakeWandb;
let cli: Cli;
let bobKey: string;
beforeAll(async () => {
  // Small pages, so a search has to follow cursors.
  fake = await startFakeWandb({ defaultPageSize: 3, maxPageSize: 3 });
  cli = new Cli(fake);
  bobKey = fake.addUser({ email: 'bob@example.com', username: 'bob', name: 'Bob Stone', teams: ['vision', 'nlp'] }).apiKey;
  fake.addUser({ email: 'Bobby.Tables@example.com', username: 'bobby', name: 'Robert Tables' });
  for (let i = 1; i <= 7; i++) fake.addUser({ email: `intern${i}@interns.example`, username: `intern${i}`, name: `Intern ${i}` });
});
afterAll(() => fake.close());

describe('users get', () => {
  test('by username: one field a line', async () => {
    const { code, stdout } = await cli.run(['users', 'get', 'bob']);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toMatch(/^username\s+bob$/m);
    expect(stdout).toMatch(/^teams\s+vision, nlp$/m);
  });

  test('by email, in any case; --json is the user document', async () => {
    const { result, body } = await cli.json(['users', 'get', 'BOBBY.TABLES@example.com']);
    expect(result.code).toBe(EXIT.OK);
    expect(body).toEqual({
      id: fake.getUser('bobby')!.id,
      username: 'bobby',
      email: 'Bobby.Tables@example.com',
      name: 'Robert Tables',
      admin: false,
      accountType: 'USER',
      entity: 'bobby',
      deletedAt: null,
      teams: [],
      apiKeyCount: 1,
    });
  });

  test('a partial match is not taken for the user: exit 5, with the near matches', async () => {
    const { code, stdout, stderr } = await cli.run(['users', 'get', 'bo']);
    expect(code).toBe(EXIT.NOT_FOUND);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/no user with the username or email "bo"/);
    expect(stderr).toContain('Did you mean bob or bobby?');
  });

  test('nobody at all: exit 5; --json puts the error document on stderr', async () => {
    const { result, body } = await cli.json(['users', 'get', 'nobody@example.com']);
    expect(result.code).toBe(EXIT.NOT_FOUND);
    expect(body).toBeUndefined();
    expect(JSON.parse(result.stderr)).toEqual({
      error: {
        name: 'NotFoundError',
        message: expect.stringContaining('nobody@example.com'),
        hint: 'Usernames are exact and case-sensitive; `wandb-users users search TEXT` finds users by part of their name, username or email.',
        exitCode: EXIT.NOT_FOUND,
      },
    });
  });

  test('a key typed where the username goes is not echoed in the error', async () => {
    const key = 'f'.repeat(40);
    const { code, stderr } = await cli.run(['users', 'get', key]);
    expect(code).toBe(EXIT.NOT_FOUND);
    expect(stderr).toMatch(/no user with the username or email "\[REDACTED\]"/);
    expect(stderr.includes(key)).toBe(false);
  });

  test('as a non-admin: exit 4, saying an admin key is needed', async () => {
    const { code, stderr } = await cli.run(['users', 'get', 'bobby'], { env: { WANDB_API_KEY: bobKey } });
    expect(code).toBe(EXIT.PERMISSION);
    expect(stderr).toMatch(/instance admin/);
  });
});

describe('users search', () => {
  test('streams every match across pages, a header then one line each, and counts them on stderr', async () => {
    fake.clearRequests();
    const { code, stdout, stderr } = await cli.run(['users', 'search', 'interns.example']);
    expect(code).toBe(EXIT.OK);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe('USERNAME  EMAIL                    NAME      ACCOUNT  ADMIN  STATUS');
    expect(lines[1]).toBe('intern1   intern1@interns.example  Intern 1  user     -      active');
    expect(stderr).toContain('7 users');
    // 7 users in pages of 3.
    expect(fake.requests.filter((r) => r.operationName === 'SearchUsers')).toHaveLength(3);
  });

  test('--json is NDJSON: one user document a line', async () => {
    const { code, stdout } = await cli.run(['--json', 'users', 'search', 'bob']);
    expect(code).toBe(EXIT.OK);
    const users = ndjson(stdout);
    expect(users.map((u) => u.username)).toEqual(['bob', 'bobby']);
    expect(Object.keys(users[0]).sort()).toEqual(['accountType', 'admin', 'apiKeyCount', 'deletedAt', 'email', 'entity', 'id', 'name', 'teams', 'username']);
  });

  test('"" lists everyone; no match prints nothing and exits 0', async () => {
    const everyone = await cli.run(['--json', 'users', 'search', '']);
    expect(ndjson(everyone.stdout)).toHaveLength(fake.listUsers().length);
    const none = await cli.run(['users', 'search', 'zzz-nobody']);
    expect([none.code, none.stdout]).toEqual([EXIT.OK, '']);
    expect(none.stderr).toContain('0 users');
  });

  test('output closed early (| head -2) is not an error: exit 0, no error on stderr', async () => {
    // pipefail: the status is the CLI's, not head's.
    const shell = spawn('bash', ['-c', `set -o pipefail; '${process.execPath}' '${BIN}' users search '' | head -2; echo "status=$?"`], { env: cli.env() });
    let out = '';
    let err = '';
    shell.stdout.on('data', (c: Buffer) => (out += c.toString()));
    shell.stderr.on('data', (c: Buffer) => (err += c.toString()));
    await new Promise((resolve) => shell.on('close', resolve));
    expect(out).toMatch(/^USERNAME\s.*\nadmin\s.*\nstatus=0\n$/);
    expect(err).not.toMatch(/EPIPE|error/i);
  });
});

describe('users create', () => {
  test('creates, and --admin makes an instance admin', async () => {
    const plain = await cli.run(['users', 'create', 'carol@example.com']);
    expect(plain.code).toBe(EXIT.OK);
    expect(plain.stdout).toMatch(/^created carol@example\.com \(username carol\)$/m);
    const { result, body } = await cli.json(['users', 'create', 'dave@example.com', '--admin']);
    expect(result.code).toBe(EXIT.OK);
    expect(body).toMatchObject({ username: 'dave', email: 'dave@example.com', admin: true, apiKeyCount: 0 });
    expect(fake.getUser('carol@example.com')?.admin).toBe(false);
    expect(fake.getUser('dave@example.com')?.admin).toBe(true);
  });

  test('an existing email (any case): exit 6, nothing created', async () => {
    const before = fake.listUsers().length;
    const { code, stderr } = await cli.run(['users', 'create', 'BOB@example.com']);
    expect(code).toBe(EXIT.CONFLICT);
    expect(stderr).toMatch(/already exists/);
    expect(fake.listUsers()).toHaveLength(before);
  });

  test('an invalid email: exit 2 before anything is sent', async () => {
    fake.clearRequests();
    const { code, stderr } = await cli.run(['users', 'create', 'not-an-email']);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toMatch(/not an email address/);
    expect(fake.requests).toHaveLength(0);
  });

  test('as a non-admin: exit 4, nothing created', async () => {
    const { code } = await cli.run(['users', 'create', 'eve@example.com'], { env: { WANDB_API_KEY: bobKey } });
    expect(code).toBe(EXIT.PERMISSION);
    expect(fake.getUser('eve@example.com')).toBeUndefined();
  });
});

describe('teams', () => {
  test('yours, one a line; --json: { user, teams }', async () => {
    const mine = await cli.run(['teams'], { env: { WANDB_API_KEY: bobKey } });
    expect([mine.code, mine.stdout]).toEqual([EXIT.OK, 'vision\nnlp\n']);
    expect(mine.stderr).toContain('bob: 2 teams');
    const { body } = await cli.json(['teams'], { env: { WANDB_API_KEY: bobKey } });
    expect(body).toEqual({ user: 'bob', teams: ['vision', 'nlp'] });
  });

  test("another user's, as an admin; --user naming yourself needs no admin", async () => {
    const { body } = await cli.json(['teams', '--user', 'bob@example.com']);
    expect(body).toEqual({ user: 'bob', teams: ['vision', 'nlp'] });
    const self = await cli.json(['teams', '--user', 'bob'], { env: { WANDB_API_KEY: bobKey } });
    expect(self.body).toEqual({ user: 'bob', teams: ['vision', 'nlp'] });
  });

  test("another user's as a non-admin: exit 4", async () => {
    const { code } = await cli.run(['teams', '--user', 'bobby'], { env: { WANDB_API_KEY: bobKey } });
    expect(code).toBe(EXIT.PERMISSION);
  });

  test('no teams: nothing on stdout', async () => {
    const { code, stdout, stderr } = await cli.run(['teams', '--user', 'bobby']);
    expect([code, stdout]).toEqual([EXIT.OK, '']);
    expect(stderr).toContain('bobby: 0 teams');
  });
});
