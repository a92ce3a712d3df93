import { createServer } from 'node:http';
import { join } from 'node:path';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { EXIT, run } from '../src';
import { expectNoLeak, memoryIo, ndjson, tempDir } from './helpers';

// The admin's everyday commands against the fake W&B server over HTTP, run in
// this process (one fake for the file): listing users and teams, service
// accounts listed and deleted, teams deleted, people named by username or
// email everywhere, and the messages that say what went wrong and what to do.

let fake: FakeWandb;
/** Keys by username. */
const keys: Record<string, string> = {};
let bot: { id: string; username: string; apiKey: string };

beforeAll(async () => {
  fake = await startFakeWandb({
    users: [
      { username: 'jtanaka', email: 'jun.tanaka@acme.example', name: 'Jun Tanaka' },
      { username: 'salvarez', email: 'sofia.alvarez@acme.example', name: 'Sofia Alvarez' },
      { username: 'mchen', email: 'mei.chen@acme.example', name: 'Mei Chen' },
      { username: 'tsilva', email: 'tomas.silva@acme.example', name: 'Tomas Silva' },
      { username: 'ops', email: 'ops.lead@acme.example', name: 'Ops Lead', admin: true },
      { username: 'gone', email: 'former@acme.example', name: 'Former Staff' },
    ],
    teams: [
      {
        name: 'perception',
        members: [
          { username: 'salvarez', role: 'admin' },
          { username: 'mchen', role: 'member' },
          { username: 'tsilva', role: 'viewer' },
          { email: 'new.grad@acme.example', role: 'member', pending: true },
        ],
      },
    ],
  });
  for (const username of ['jtanaka', 'salvarez', 'mchen', 'tsilva', 'ops', 'gone']) keys[username] = fake.addApiKey(fake.getUser(username)!.id).secret;
  fake.deleteUser(fake.getUser('gone')!.id);
  bot = fake.addServiceAccount('perception', 'Nightly eval');
});
afterAll(() => fake.close());

interface Options {
  /** The key of this seeded user instead of the admin's. */
  as?: string;
  env?: Record<string, string | undefined>;
  /** stdin and stderr stand in for a terminal; this is typed at the prompt. */
  answer?: string;
}

/** `wandb-users ARGS` in this process against the fake; fails on any leaked secret. */
async function wandbUsers(args: string[], options: Options = {}) {
  const env: NodeJS.ProcessEnv = { WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: options.as ? keys[options.as] : fake.adminApiKey, NETRC: '/nonexistent' };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const { io, stdout, stderr } = memoryIo({ env, ...(options.answer !== undefined && { stdin: options.answer }) });
  if (options.answer !== undefined) {
    Object.assign(io.stdin, { isTTY: true });
    Object.assign(io.stderr, { isTTY: true });
  }
  const code = await run(args, io);
  const result = { code, stdout: stdout(), stderr: stderr() };
  expectNoLeak(result);
  return result;
}

const lines = (text: string) => text.split('\n').slice(0, -1);
const sent = (operation: string) => fake.requests.filter((r) => r.operationName === operation).length;

describe('users list', () => {
  test('every account, as a table with a header and aligned columns: service accounts and deactivated accounts marked', async () => {
    const { code, stdout, stderr } = await wandbUsers(['users', 'list']);
    expect(code).toBe(EXIT.OK);
    expect(lines(stdout)).toEqual([
      'USERNAME      EMAIL                       NAME            ACCOUNT          ADMIN           STATUS',
      'admin         admin@example.com           Instance Admin  user             instance admin  active',
      'jtanaka       jun.tanaka@acme.example     Jun Tanaka      user             -               active',
      'salvarez      sofia.alvarez@acme.example  Sofia Alvarez   user             -               active',
      'mchen         mei.chen@acme.example       Mei Chen        user             -               active',
      'tsilva        tomas.silva@acme.example    Tomas Silva     user             -               active',
      'ops           ops.lead@acme.example       Ops Lead        user             instance admin  active',
      'gone          former@acme.example         Former Staff    user             -               deactivated',
      'nightly-eval  -                           Nightly eval    service account  -               active',
    ]);
    expect(stderr).toBe('8 users\n');
  });

  test.each([
    [['--deactivated'], ['gone'], '1 user (deactivated) of 8\n'],
    [['--service-accounts'], ['nightly-eval'], '1 user (service accounts) of 8\n'],
    [['--admins'], ['admin', 'ops'], '2 users (instance admins) of 8\n'],
    [['--admins', '--deactivated'], [], '0 users (instance admins, deactivated) of 8\n'],
  ])('%j: only those accounts (the filters combine)', async (flags, usernames, summary) => {
    const { code, stdout, stderr } = await wandbUsers(['users', 'list', ...flags]);
    expect(code).toBe(EXIT.OK);
    expect(
      lines(stdout)
        .slice(1)
        .map((line) => line.split(' ')[0]),
    ).toEqual(usernames);
    expect(stderr).toBe(summary);
  });

  test('--json: NDJSON, a user a line, with accountType and deletedAt', async () => {
    const { code, stdout } = await wandbUsers(['--json', 'users', 'list', '--service-accounts']);
    expect(code).toBe(EXIT.OK);
    expect(ndjson(stdout)).toEqual([expect.objectContaining({ id: bot.id, username: 'nightly-eval', email: null, accountType: 'SERVICE', deletedAt: null })]);
    const deactivated = ndjson((await wandbUsers(['--json', 'users', 'list', '--deactivated'])).stdout);
    expect(deactivated).toEqual([expect.objectContaining({ username: 'gone', accountType: 'USER', deletedAt: expect.any(String) })]);
  });

  test('needs an instance admin: exit 4, saying so', async () => {
    const { code, stderr } = await wandbUsers(['users', 'list'], { as: 'mchen' });
    expect(code).toBe(EXIT.PERMISSION);
    expect(stderr).toContain('needs the API key of an instance admin');
  });

  test('users search has the same table; "" lists everyone', async () => {
    const { stdout } = await wandbUsers(['users', 'search', 'acme.example']);
    expect(lines(stdout)[0]).toBe('USERNAME  EMAIL                       NAME           ACCOUNT  ADMIN           STATUS');
    expect(lines(stdout)).toHaveLength(7);
    expect(lines((await wandbUsers(['users', 'search', ''])).stdout)).toHaveLength(9);
  });

  test('users get says "deactivated", as every list does, and marks a service account', async () => {
    const gone = lines((await wandbUsers(['users', 'get', 'former@ACME.example'])).stdout);
    expect(gone).toContain('account   user');
    expect(gone.find((line) => line.startsWith('status'))).toMatch(/^status {4}deactivated \(since .+\)$/);
    expect(gone.join('\n')).not.toContain('deleted');
    expect(lines((await wandbUsers(['users', 'get', 'nightly-eval'])).stdout)).toContain('account   service account');
  });
});

describe('teams list --all', () => {
  test('every team an account belongs to, one a line; --json', async () => {
    fake.addTeam({ name: 'robotics', members: [{ username: 'jtanaka', role: 'admin' }] });
    const { code, stdout, stderr } = await wandbUsers(['teams', 'list', '--all']);
    expect([code, stdout, stderr]).toEqual([EXIT.OK, 'perception\nrobotics\n', '2 teams (every team an account belongs to)\n']);
    expect(JSON.parse((await wandbUsers(['--json', 'teams', '--all'])).stdout)).toEqual({ teams: ['perception', 'robotics'] });
  });

  test('--all with --user is a usage error', async () => {
    const { code, stderr } = await wandbUsers(['teams', 'list', '--all', '--user', 'mchen']);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toContain("wandb-users: error: option '--user <username|email>' cannot be used with option '--all'");
  });
});

describe('teams service-account list and delete', () => {
  test("list: the team's service accounts, never a key; --json", async () => {
    const { code, stdout, stderr } = await wandbUsers(['teams', 'service-account', 'list', 'perception'], { as: 'mchen' });
    expect(code).toBe(EXIT.OK);
    expect(lines(stdout)).toEqual([
      'MEMBER        NAME          ROLE    ACCOUNT          STATUS',
      'nightly-eval  Nightly eval  member  service account  joined',
    ]);
    expect(stderr).toBe('perception: 1 service account\n');
    const { stdout: json } = await wandbUsers(['--json', 'teams', 'service-account', 'list', 'perception']);
    expect(JSON.parse(json)).toEqual({ team: 'perception', serviceAccounts: [expect.objectContaining({ username: 'nightly-eval', accountType: 'SERVICE' })] });
  });

  test('delete: deactivated (its key refused from then on) and out of the team; asked on a terminal', async () => {
    fake.addTeam({ name: 'sa-delete', members: [{ username: 'salvarez', role: 'admin' }] });
    const doomed = fake.addServiceAccount('sa-delete', 'Old runner');
    expect((await wandbUsers(['whoami'], { env: { WANDB_API_KEY: doomed.apiKey } })).code).toBe(EXIT.OK);

    const declined = await wandbUsers(['teams', 'service-account', 'delete', 'sa-delete', doomed.username], { answer: 'n\n' });
    expect(declined.stderr).toContain(
      `Delete service account ${doomed.username} of team sa-delete? Its API key stops working at once, and it leaves the team. [y/N]`,
    );
    expect(declined.stderr).toContain('Not deleted: nothing was sent.');
    expect(fake.getUser(doomed.id)!.deletedAt).toBeNull();

    const { code, stdout } = await wandbUsers(['teams', 'service-account', 'delete', 'sa-delete', doomed.username], { answer: 'y\n' });
    expect([code, stdout]).toEqual([
      EXIT.OK,
      `deleted service account ${doomed.username} of team sa-delete: its key is refused from now on (W&B keeps the deactivated account)\n`,
    ]);
    expect(fake.getUser(doomed.id)).toMatchObject({ deletedAt: expect.any(String), teams: [] });
    expect((await wandbUsers(['whoami'], { env: { WANDB_API_KEY: doomed.apiKey } })).code).toBe(EXIT.AUTHENTICATION);
  });

  test('without a terminal it needs --yes: exit 2, the hint repeats the command as typed, nothing sent', async () => {
    fake.clearRequests();
    const { code, stderr } = await wandbUsers(['teams', 'service-account', 'delete', 'perception', 'nightly-eval']);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toBe(
      'wandb-users: error: teams service-account delete asks for confirmation, and there is no terminal to ask on\n' +
        'Pass --yes to confirm: wandb-users teams service-account delete perception nightly-eval --yes.\n',
    );
    expect(fake.requests).toHaveLength(0);
  });

  test('a person is not a service account: exit 2, pointing at teams remove; a team admin who is not an instance admin: exit 4', async () => {
    const person = await wandbUsers(['teams', 'service-account', 'delete', 'perception', 'mchen', '--yes']);
    expect(person.code).toBe(EXIT.USAGE);
    expect(person.stderr).toBe(
      'wandb-users: error: mchen is a member of team perception, not one of its service accounts\nTo take them out of the team: wandb-users teams remove perception mchen\n',
    );
    fake.clearRequests();
    const teamAdmin = await wandbUsers(['teams', 'service-account', 'delete', 'perception', 'nightly-eval', '--yes'], { as: 'salvarez' });
    expect(teamAdmin.code).toBe(EXIT.PERMISSION);
    expect(teamAdmin.stderr).toContain('only instance admins can delete service accounts');
    expect(teamAdmin.stderr).toContain('wandb-users teams remove perception nightly-eval');
    expect(sent('DeleteUser') + sent('DeleteInvite')).toBe(0);
  });

  test('--json: the account deleted', async () => {
    fake.addTeam({ name: 'sa-json', members: [{ username: 'salvarez', role: 'admin' }] });
    const doomed = fake.addServiceAccount('sa-json', 'Json runner');
    const { code, stdout } = await wandbUsers(['--json', 'teams', 'service-account', 'delete', 'sa-json', doomed.username, '--yes']);
    expect(code).toBe(EXIT.OK);
    expect(JSON.parse(stdout)).toEqual({ team: 'sa-json', deleted: expect.objectContaining({ id: doomed.id, accountType: 'SERVICE' }), deactivated: true });
  });
});

describe('teams delete', () => {
  test('shows what the team holds, asks, deletes; the accounts stay, and a service account left behind is named', async () => {
    fake.addTeam({
      name: 'doomed',
      members: [{ username: 'jtanaka', role: 'admin' }, { username: 'mchen' }, { email: 'someone@acme.example', pending: true }],
    });
    const runner = fake.addServiceAccount('doomed', 'Doomed runner');
    const { code, stdout, stderr } = await wandbUsers(['teams', 'delete', 'doomed'], { answer: 'yes\n', env: { NO_COLOR: '1' } });
    expect(code).toBe(EXIT.OK);
    expect(stderr).toContain('Team doomed holds:\n  MEMBER');
    expect(stderr).toContain('  someone@acme.example  someone@acme.example  member  -                pending');
    expect(stderr).toContain(
      `Delete team doomed (2 members, 1 pending invitation and 1 service account)? Their accounts stay; this cannot be undone. The service account ${runner.username} stays, with its key working: \`wandb-users teams service-account delete doomed NAME\` first stops one. [y/N]`,
    );
    expect(stdout).toBe('deleted team doomed (2 members, 1 pending invitation and 1 service account; their accounts stay)\n');
    expect(stderr).toContain(`warning: ${runner.username}: still active, its key works; \`wandb-users users deactivate NAME --yes\` stops one.`);
    expect(fake.getTeam('doomed')).toBeUndefined();
    expect(fake.getUser('mchen')).toMatchObject({ deletedAt: null });
  });

  test('declined, or without a terminal and --yes: nothing sent', async () => {
    fake.addTeam({ name: 'kept', members: [{ username: 'jtanaka', role: 'admin' }] });
    fake.clearRequests();
    const declined = await wandbUsers(['teams', 'delete', 'kept'], { answer: '\n' });
    expect([declined.code, declined.stdout]).toEqual([EXIT.OK, '']);
    expect(declined.stderr).toContain('Not deleted: nothing was sent.');
    const script = await wandbUsers(['--json', 'teams', 'delete', 'kept']);
    expect(script.code).toBe(EXIT.USAGE);
    expect(JSON.parse(script.stderr).error).toMatchObject({
      message: 'teams delete asks for confirmation, and --json never asks',
      hint: 'Pass --yes to confirm: wandb-users --json teams delete kept --yes.',
    });
    expect(sent('DeleteTeam')).toBe(0);
    expect(fake.getTeam('kept')).toBeDefined();
  });

  test("--json --yes: the team as it was; a member who is not its admin gets exit 4 in the server's words, and who may; an unknown team exit 5", async () => {
    fake.addTeam({ name: 'short-lived', members: [{ username: 'jtanaka', role: 'admin' }, { username: 'tsilva' }] });
    const member = await wandbUsers(['teams', 'delete', 'short-lived', '--yes'], { as: 'tsilva' });
    expect(member.code).toBe(EXIT.PERMISSION);
    // The server's own reason, and who may.
    expect(member.stderr).toContain(
      'wandb-users: error: permission denied: deleting the team in team short-lived requires team admin or instance admin privileges\n' +
        "Ask an admin of the team (`wandb-users teams show TEAM` lists them), or use an instance admin's key.\n",
    );
    expect(fake.getTeam('short-lived')).toBeDefined();
    const { code, stdout } = await wandbUsers(['--json', 'teams', 'delete', 'short-lived', '--yes'], { as: 'jtanaka' });
    expect(code).toBe(EXIT.OK);
    expect(JSON.parse(stdout)).toEqual({ deleted: { id: expect.any(String), name: 'short-lived', members: [expect.anything(), expect.anything()] } });
    const unknown = await wandbUsers(['teams', 'delete', 'short-lived', '--yes']);
    expect(unknown.code).toBe(EXIT.NOT_FOUND);
    expect(unknown.stderr).toContain('no team named "short-lived"');
  });
});

describe('one rule for naming a person: username or email', () => {
  test('teams create --admin-user takes an email as well as a username', async () => {
    const { code, stdout } = await wandbUsers(['teams', 'create', 'vision', '--admin-user', 'Sofia.Alvarez@acme.example']);
    expect([code, stdout]).toEqual([EXIT.OK, 'created team vision (admin salvarez)\n']);
    const typo = await wandbUsers(['teams', 'create', 'vision2', '--admin-user', 'salvarze']);
    expect(typo.code).toBe(EXIT.NOT_FOUND);
    expect(typo.stderr).toBe('wandb-users: error: no user with the username or email "salvarze"\nDid you mean salvarez?\n');
    expect(fake.getTeam('vision2')).toBeUndefined();
  });

  test('a partial match is never taken for the person: "did you mean" instead', async () => {
    const partial = await wandbUsers(['users', 'deactivate', 'jtanak', '--yes']);
    expect(partial.code).toBe(EXIT.NOT_FOUND);
    expect(partial.stderr).toBe('wandb-users: error: no user with the username or email "jtanak"\nDid you mean jtanaka?\n');
    const transposed = await wandbUsers(['keys', 'list', '--user', 'jun.tanaak@acme.example']);
    expect(transposed.stderr).toBe('wandb-users: error: no user with the username or email "jun.tanaak@acme.example"\nDid you mean jtanaka?\n');
    expect(fake.getUser('jtanaka')!.deletedAt).toBeNull();
  });

  test('teams set-role to the role the member has says so and sends nothing', async () => {
    fake.clearRequests();
    const { code, stdout } = await wandbUsers(['teams', 'set-role', 'perception', 'mei.chen@acme.example', 'member']);
    expect([code, stdout]).toEqual([EXIT.OK, 'mchen is already member in team perception: nothing was sent\n']);
    expect(sent('UpdateMember')).toBe(0);
  });
});

describe('usage errors: the prefix, and a default sub-command never swallows an unknown one', () => {
  test.each([
    [['teams', 'delet', 'robotics'], "wandb-users: error: unknown command 'teams delet'. Did you mean teams delete?"],
    [['teams', 'frobnicate'], "wandb-users: error: unknown command 'teams frobnicate'"],
    [['org', 'shwo'], "wandb-users: error: unknown command 'org shwo'. Did you mean org show?"],
    [['teams', 'list', 'extra'], 'wandb-users: error: too many arguments for \'list\': "extra" is not expected'],
    [['users', 'lst'], "wandb-users: error: unknown command 'lst'\n(Did you mean list?)"],
    [['users', 'get'], "wandb-users: error: missing required argument 'username|email'"],
  ])('%j', async (args, message) => {
    fake.clearRequests();
    const { code, stdout, stderr } = await wandbUsers(args);
    expect([code, stdout]).toEqual([EXIT.USAGE, '']);
    expect(stderr.startsWith(message)).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });

  test('--json: usage errors stay commander plain text, as the README says', async () => {
    const { code, stderr } = await wandbUsers(['--json', 'teams', 'delet', 'robotics']);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr.startsWith("error: unknown command 'teams delet'. Did you mean teams delete?")).toBe(true);
  });

  test('teams alone still lists your teams', async () => {
    expect(await wandbUsers(['teams'], { as: 'mchen' })).toMatchObject({ code: EXIT.OK, stdout: 'perception\n' });
  });
});

describe('messages say what went wrong, and what to do next', () => {
  test('https to a plain http server: what it means, and the http:// address to use', async () => {
    const { code, stderr } = await wandbUsers(['whoami'], { env: { WANDB_BASE_URL: fake.baseUrl.replace('http:', 'https:') } });
    expect(code).toBe(EXIT.SERVER);
    expect(stderr).toContain('does not speak https there: a plain http server? Use an http:// address in --base-url or WANDB_BASE_URL');
    expect(stderr).not.toContain('--timeout');
  });

  test('nothing listening: the address to check, not --timeout', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { code, stderr } = await wandbUsers(['whoami'], { env: { WANDB_BASE_URL: `http://127.0.0.1:${port}` } });
    expect(code).toBe(EXIT.SERVER);
    expect(stderr).toContain(`Nothing is listening at 127.0.0.1:${port}: check --base-url or WANDB_BASE_URL (host and port), and that the server is running.`);
  });

  test('a web page instead of the API: the address to check', async () => {
    const page = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Sign in</title>');
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = page.address() as { port: number };
      const { code, stderr } = await wandbUsers(['whoami'], { env: { WANDB_BASE_URL: `http://127.0.0.1:${port}` } });
      expect(code).toBe(EXIT.SERVER);
      expect(stderr).toContain("That address answers with a web page, not W&B's API: check --base-url or WANDB_BASE_URL");
    } finally {
      await new Promise<void>((resolve) => page.close(() => resolve()));
    }
  });

  test('a refused key is traced to where it came from: --api-key-file, or WANDB_API_KEY', async () => {
    const file = join(tempDir(), 'old.key');
    require('node:fs').writeFileSync(file, `${'x'.repeat(40)}\n`, { mode: 0o600 });
    const fromFile = await wandbUsers(['--api-key-file', file, 'whoami']);
    expect(fromFile.code).toBe(EXIT.AUTHENTICATION);
    expect(fromFile.stderr).toContain(`The key from the file ${file} was refused: put a current key of this server there`);
    expect(fromFile.stderr).not.toContain('Set WANDB_API_KEY');
    const fromEnv = await wandbUsers(['whoami'], { env: { WANDB_API_KEY: 'y'.repeat(40) } });
    expect(fromEnv.stderr).toContain('The key from WANDB_API_KEY was refused');
  });

  test('a missing CSV is named, with where it was looked for', async () => {
    const { code, stderr } = await wandbUsers(['users', 'import', 'nowhere.csv']);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toBe(
      `wandb-users: error: the file nowhere.csv does not exist\nCheck the path: it was looked for at ${join(process.cwd(), 'nowhere.csv')}.\n`,
    );
  });
});
