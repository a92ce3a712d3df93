import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { EXIT, VERSION } from '../src';
import { KEY_SOURCES } from '../src/options';
import { Cli, runInProcess, tempDir } from './helpers';

let fake: FakeWandb;
let cli: Cli;
/** For the tests that must send nothing (they run concurrently): no request may ever reach it. */
let silent: FakeWandb;
let offline: Cli;
beforeAll(async () => {
  [fake, silent] = await Promise.all([startFakeWandb(), startFakeWandb()]);
  cli = new Cli(fake);
  offline = new Cli(silent);
});
afterAll(async () => {
  await Promise.all([fake.close(), silent.close()]);
});

const SGR_COLOUR = /\u001b\[(3\d|9\d|1|2)m/;

describe('help and version', () => {
  test.concurrent.each([
    [[]],
    [['whoami']],
    [['users']],
    [['users', 'get']],
    [['users', 'search']],
    [['users', 'create']],
    [['users', 'import']],
    [['keys']],
    [['keys', 'list']],
    [['keys', 'create']],
    [['keys', 'delete']],
    [['keys', 'rotate']],
    [['users', 'deactivate']],
    [['users', 'reactivate']],
    [['teams']],
    [['teams', 'list']],
    [['teams', 'show']],
    [['teams', 'create']],
    [['teams', 'invite']],
    [['teams', 'remove']],
    [['teams', 'set-role']],
    [['teams', 'service-account']],
    [['teams', 'service-account', 'create']],
    [['sync']],
    [['sync', 'plan']],
    [['sync', 'apply']],
    [['sync', 'undo']],
    [['demo']],
    [['serve']],
  ])('%j --help shows usage with examples and global options, exit 0, and sends nothing', async (command) => {
    // In-process: help needs no server, and a subprocess each would only add start-up time.
    const { code, stdout } = command.length === 0 ? await offline.run(['--help']) : await runInProcess([...command, '--help']);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toMatch(/^Usage: wandb-users/);
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('  wandb-users ');
    expect(stdout).toContain('--json');
    expect(silent.requests).toHaveLength(0);
  });

  test('--help of the program documents every exit status', async () => {
    const { stdout } = await cli.run(['--help']);
    for (const code of Object.values(EXIT)) expect(stdout).toMatch(new RegExp(`\\b${code} [a-z]`));
  });

  test.concurrent.each([[['help']], [['help', 'users']]])('%j prints help on stdout, exit 0', async (args) => {
    const { code, stdout } = await offline.run(args);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toMatch(/^Usage: wandb-users/);
  });

  test('a command group without a command shows its help on stderr, exit 2', async () => {
    const { code, stdout, stderr } = await offline.run(['keys']);
    expect([code, stdout]).toEqual([EXIT.USAGE, '']);
    expect(stderr).toMatch(/^Usage: wandb-users keys/);
  });

  test('the README documents every exit status', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    for (const code of Object.values(EXIT)) expect(readme).toMatch(new RegExp(`^\\| ${code} \\| \\w`, 'm'));
  });

  test('--help and the README give the same order of precedence for the API key', async () => {
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    const readme = flat(readFileSync(join(__dirname, '..', 'README.md'), 'utf8'));
    const { stdout } = await runInProcess(['--help']);
    expect(flat(stdout)).toContain(`API key: ${KEY_SOURCES}.`);
    expect(readme).toContain(`**API key**, first match wins: ${KEY_SOURCES}.`);
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    // The built binary: what `npx wandb-users --version` runs.
    const { code, stdout } = await cli.run(['--version'], { subprocess: true });
    expect([code, stdout.trim()]).toEqual([EXIT.OK, pkg.version]);
    expect(VERSION).toBe(pkg.version);
  });
});

describe('usage errors: exit 2', () => {
  test('no command prints the help on stderr', async () => {
    const { code, stdout, stderr } = await cli.run([]);
    expect(code).toBe(EXIT.USAGE);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Usage: wandb-users/);
  });

  test.concurrent.each([
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['an unknown option', ['whoami', '--frob'], /unknown option '--frob'/],
    ['a missing argument', ['users', 'get'], /missing required argument/],
    ['a bad --timeout', ['--timeout', 'soon', 'whoami'], /positive number of seconds/],
    ['a bad --concurrency', ['users', 'import', 'x.csv', '--concurrency', '0'], /whole number from 1 to 32/],
    ['a bad URL', ['--base-url', 'not a url', 'whoami'], /not a valid URL|whitespace/],
    ['plain http to a remote host', ['--base-url', 'http://wandb.corp.example', 'whoami'], /plain http/],
  ])('%s', async (_what, args, message) => {
    const { code, stderr } = await offline.run(args);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toMatch(message);
    expect(silent.requests).toHaveLength(0);
  });

  test('--api-key does not exist, and the error says why and what to use', async () => {
    const { code, stderr } = await cli.run(['whoami', '--api-key', 'x']);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toMatch(/no --api-key flag.*WANDB_API_KEY.*--api-key-file/s);
  });

  test('global options work after the command too', async () => {
    const { code, stdout } = await cli.run(['whoami', '--json']);
    expect(code).toBe(EXIT.OK);
    expect(JSON.parse(stdout).user.username).toBe('admin');
  });
});

describe('whoami', () => {
  test('text: the account, on stdout; the server, on stderr', async () => {
    const { code, stdout, stderr } = await cli.run(['whoami'], { subprocess: true });
    expect(code).toBe(EXIT.OK);
    expect(stdout).toMatch(/^username\s+admin$/m);
    expect(stdout).toMatch(/^email\s+admin@example\.com$/m);
    expect(stdout).toMatch(/^admin\s+yes/m);
    expect(stderr).toContain(fake.baseUrl);
    expect(stderr).toContain('WANDB_API_KEY');
  });

  test('--json: one document with the user, the server and where the key came from', async () => {
    const bob = fake.addUser({ email: 'bob@example.com', username: 'bob', teams: ['vision'] });
    const { result, body } = await cli.json(['whoami'], { env: { WANDB_API_KEY: bob.apiKey } });
    expect(result.code).toBe(EXIT.OK);
    expect(body).toEqual({
      user: {
        id: bob.id,
        username: 'bob',
        email: 'bob@example.com',
        name: 'bob',
        admin: false,
        accountType: 'USER',
        entity: 'bob',
        deletedAt: null,
        teams: ['vision'],
        apiKeyCount: 1,
      },
      server: fake.baseUrl,
      apiKeySource: 'WANDB_API_KEY',
    });
  });

  test('--quiet keeps the result and drops the notes', async () => {
    const { stdout, stderr } = await cli.run(['whoami', '--quiet']);
    expect(stdout).toContain('admin@example.com');
    expect(stderr).toBe('');
  });
});

describe('where the key comes from', () => {
  test('~/.netrc (NETRC), as `wandb login` writes it', async () => {
    const netrc = cli.file('netrc', `machine ${new URL(fake.baseUrl).host}\n  login user\n  password ${fake.adminApiKey}\n`);
    const { result, body } = await cli.json(['whoami'], { env: { WANDB_API_KEY: undefined, NETRC: netrc } });
    expect(result.code).toBe(EXIT.OK);
    expect(body.apiKeySource).toBe('netrc');
    expect(body.user.username).toBe('admin');
  });

  test('--api-key-file wins over WANDB_API_KEY, and a file others can read is warned about', async () => {
    const ann = fake.addUser({ email: 'ann@example.com', username: 'ann' });
    const path = cli.file('ann.key', `${ann.apiKey}\n`);
    chmodSync(path, 0o644);
    const open = await cli.json(['--api-key-file', path, 'whoami']);
    expect(open.body.user.username).toBe('ann');
    expect(open.body.apiKeySource).toBe('apiKey');
    expect(open.result.stderr).toMatch(/can be read by other users.*chmod 600/);
    chmodSync(path, 0o600);
    const closed = await cli.run(['--api-key-file', path, 'whoami']);
    expect(closed.stderr).not.toMatch(/other users/);
  });

  test.each([
    ['missing', 'absent.key', /--api-key-file .*absent.key does not exist\n.*Check the path/s],
    ['empty', 'empty.key', /is empty/],
  ])('a %s --api-key-file is a usage error', async (_what, name, message) => {
    if (name === 'empty.key') cli.file(name, '\n');
    const { code, stderr } = await cli.run(['--api-key-file', join(cli.home, name), 'whoami']);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toMatch(message);
  });

  test('no key anywhere: exit 3, saying where keys come from, nothing sent', async () => {
    fake.clearRequests();
    const { code, stderr } = await cli.run(['whoami'], { env: { WANDB_API_KEY: undefined } });
    expect(code).toBe(EXIT.AUTHENTICATION);
    expect(stderr).toMatch(/no W&B API key/);
    expect(stderr).toMatch(/WANDB_API_KEY.*wandb login.*--api-key-file/s);
    expect(fake.requests).toHaveLength(0);
  });

  test('a key the server rejects: exit 3', async () => {
    const { code, stderr } = await cli.run(['whoami'], { env: { WANDB_API_KEY: 'x'.repeat(40) } });
    expect(code).toBe(EXIT.AUTHENTICATION);
    expect(stderr).toMatch(/rejected the API key/);
    expect(stderr).not.toContain('x'.repeat(40));
  });
});

describe('server and network failures: exit 8', () => {
  test('nothing listening', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { code, stderr } = await cli.run(['whoami'], { env: { WANDB_BASE_URL: `http://127.0.0.1:${port}` } });
    expect(code).toBe(EXIT.SERVER);
    expect(stderr).toMatch(/ECONNREFUSED/);
  });

  test('an HTML error page, as JSON error on stderr with --json', async () => {
    fake.injectFault({ operation: 'GetViewer', times: 10, fault: { type: 'body', status: 502, body: '<html>Bad Gateway</html>' } });
    try {
      const { result, body } = await cli.json(['whoami']);
      expect(result.code).toBe(EXIT.SERVER);
      expect(body).toBeUndefined();
      const error = JSON.parse(result.stderr.trim().split('\n').pop()!);
      expect(error).toEqual({ error: expect.objectContaining({ name: expect.stringMatching(/ServerError|UnexpectedResponseError/), exitCode: EXIT.SERVER }) });
    } finally {
      fake.clearFaults();
    }
  });

  test('--timeout (seconds) is the time limit of each request: a slow answer is a timeout', async () => {
    fake.injectFault({ operation: 'GetViewer', times: 10, fault: { type: 'latency', ms: 800 } });
    try {
      const { code, stderr } = await cli.run(['--timeout', '0.2', 'whoami']);
      expect(code).toBe(EXIT.SERVER);
      expect(stderr).toMatch(/no response within 200 ms/);
    } finally {
      fake.clearFaults();
    }
  });
});

describe('colours', () => {
  const dir = tempDir();
  test('none on a pipe; FORCE_COLOR forces them, NO_COLOR wins over it', async () => {
    expect((await cli.run(['whoami'], { cwd: dir })).stdout).not.toMatch(SGR_COLOUR);
    expect((await cli.run(['whoami'], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(SGR_COLOUR);
    expect((await cli.run(['whoami'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toMatch(SGR_COLOUR);
    expect((await cli.run(['--no-color', 'whoami'], { env: { FORCE_COLOR: '1' } })).stdout).not.toMatch(SGR_COLOUR);
  });
});
