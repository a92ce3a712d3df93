import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../src';
import { baseEnv, finish, ndjson, type Result, start, tempDir, wandbUsers as runWandbUsers } from './helpers';
import { type Stub, startStub, userNode } from './stub-server';

// A W&B server whose users chose hostile names: every field the CLI prints
// holds terminal controls (CSI, OSC title and hyperlink, C1 CSI, CR, LF) or
// bidi and invisible format characters. Human output must show them escaped,
// exactly as below; --json must keep them exact.

const ESC = '\u001b';
const EVE = {
  id: 'VXNlcjoy',
  username: `eve${ESC}[2J${ESC}]0;owned\u0007`,
  email: 'eve@example.com\u202e\u009b31m',
  name: 'Eve\nadmin  yes',
  admin: true,
  teams: [`ops\r${ESC}]8;;http://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`, '\u2066iso\u2069\u200b'],
  keys: [{ id: 'QXBpS2V5OjE=', name: `k${ESC}[31mey`, description: `laptop${ESC}[8m hidden` }],
};
const MAL = { id: 'VXNlcjoz', username: 'm\u202e', email: 'mal@example.com', name: `Mal${ESC}[1A${ESC}[2K`, teams: [], keys: [] };
const CAROL = { id: 'VXNlcjo0', username: 'carol', email: 'carol@example.com', name: 'Carol\u0085\u00ad', teams: ['\u202eevil'], keys: [] };

// How each is shown: escaped, visibly.
const SHOWN = {
  eveUsername: String.raw`eve\x1b[2J\x1b]0;owned\x07`,
  eveEmail: String.raw`eve@example.com\u202e\x9b31m`,
  eveName: String.raw`Eve\nadmin  yes`,
  eveTeams: String.raw`ops\r\x1b]8;;http://evil.example\x1b\click\x1b]8;;\x1b\, \u2066iso\u2069\u200b`,
  keyName: String.raw`k\x1b[31mey`,
  keyDescription: String.raw`laptop\x1b[8m hidden`,
  malUsername: String.raw`m\u202e`,
  malName: String.raw`Mal\x1b[1A\x1b[2K`,
  carolName: String.raw`Carol\x85\xad`,
};

const SERVER_ERROR = `quota${ESC}]0;pwned\u0007\nforged line\u202e`;
const SERVER_ERROR_SHOWN = String.raw`quota\x1b]0;pwned\x07\nforged line\u202e`;

/** What a terminal could act on: ESC, C0 controls but LF, DEL, C1, bidi and invisible format characters. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

let stub: Stub;
const home = tempDir();
beforeAll(async () => {
  stub = await startStub(({ operationName, variables }) => {
    switch (operationName) {
      case 'GetViewer':
        return { body: { data: { viewer: userNode(EVE) } } };
      case 'SearchUsers': {
        const query = String(variables.query ?? '');
        const all = [EVE, MAL, CAROL].filter((u) => query === '' || query === 'nobody' || u.username.includes(query) || u.email.includes(query));
        return {
          body: {
            data: { users: { edges: all.map((u) => ({ node: userNode(u) })), pageInfo: { endCursor: null, hasNextPage: false } }, viewer: { id: EVE.id } },
          },
        };
      }
      case 'CreateUserFromAdmin': {
        const email = String(variables.email);
        if (email.startsWith('+') || email.startsWith('new'))
          return { body: { data: { createUser: null }, errors: [{ message: SERVER_ERROR, path: ['createUser'] }] } };
        return { body: { data: { createUser: { user: userNode({ ...MAL, id: 'VXNlcjo1', email }) } } } };
      }
      default:
        return { status: 400, body: { errors: [{ message: `unexpected ${operationName}` }] } };
    }
  });
});
afterAll(() => stub.close());

function wandbUsers(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return runWandbUsers(args, { ...baseEnv(home), WANDB_BASE_URL: stub.baseUrl, WANDB_API_KEY: 'k'.repeat(40), ...env }, { cwd: home });
}

function expectInert(result: Result): void {
  expect(result.stdout).not.toMatch(RAW_CONTROL);
  expect(result.stderr).not.toMatch(RAW_CONTROL);
}

const lines = (text: string) => text.split('\n').slice(0, -1);

describe('human output shows every control escaped, on stdout and stderr', () => {
  test('whoami', async () => {
    const result = await wandbUsers(['whoami']);
    expect(result.code).toBe(EXIT.OK);
    expect(lines(result.stdout)).toEqual([
      `username  ${SHOWN.eveUsername}`,
      `email     ${SHOWN.eveEmail}`,
      `name      ${SHOWN.eveName}`,
      'account   user',
      'admin     yes (instance admin)',
      'status    active',
      `teams     ${SHOWN.eveTeams}`,
      'api keys  1',
      'id        VXNlcjoy',
    ]);
    expect(result.stderr).toBe(`server    ${stub.baseUrl} (key from WANDB_API_KEY)\n`);
    expectInert(result);
  });

  test('users search: a header, one line per user, columns by the escaped width; a newline in a name forges nothing', async () => {
    const result = await wandbUsers(['users', 'search', '']);
    expect(result.code).toBe(EXIT.OK);
    const [user, email, name] = [SHOWN.eveUsername.length, SHOWN.eveEmail.length, SHOWN.malName.length];
    const row = (cells: string[]) =>
      `${cells[0]!.padEnd(user)}  ${cells[1]!.padEnd(email)}  ${cells[2]!.padEnd(name)}  ${cells[3]!.padEnd(7)}  ${cells[4]!.padEnd(14)}  ${cells[5]}`;
    expect(lines(result.stdout)).toEqual([
      row(['USERNAME', 'EMAIL', 'NAME', 'ACCOUNT', 'ADMIN', 'STATUS']),
      row([SHOWN.eveUsername, SHOWN.eveEmail, SHOWN.eveName, 'user', 'instance admin', 'active']),
      row([SHOWN.malUsername, 'mal@example.com', SHOWN.malName, 'user', '-', 'active']),
      row(['carol', 'carol@example.com', SHOWN.carolName, 'user', '-', 'active']),
    ]);
    expect(result.stdout).not.toMatch(/^admin {2}yes/m);
    expectInert(result);
  });

  test('users get: the user, and near matches in the hint on stderr', async () => {
    const found = await wandbUsers(['users', 'get', 'carol']);
    expect(found.code).toBe(EXIT.OK);
    expect(lines(found.stdout)).toEqual([
      'username  carol',
      'email     carol@example.com',
      `name      ${SHOWN.carolName}`,
      'account   user',
      'admin     no',
      'status    active',
      String.raw`teams     \u202eevil`,
      'api keys  0',
      'id        VXNlcjo0',
    ]);
    const near = await wandbUsers(['users', 'get', 'nobody']);
    expect(near.code).toBe(EXIT.NOT_FOUND);
    expect(near.stdout).toBe('');
    expect(lines(near.stderr)).toEqual([
      'wandb-users: error: no user with the username or email "nobody"',
      `Did you mean ${SHOWN.eveUsername}, ${SHOWN.malUsername} or carol?`,
    ]);
    expectInert(found);
    expectInert(near);
  });

  test('keys list: names and descriptions, columns by escaped width', async () => {
    const result = await wandbUsers(['keys', 'list']);
    expect(result.code).toBe(EXIT.OK);
    const width = SHOWN.keyName.length;
    expect(lines(result.stdout)).toEqual([`${'NAME'.padEnd(width)}  DESCRIPTION`, `${SHOWN.keyName}  ${SHOWN.keyDescription}`]);
    expect(result.stderr).toBe(`${SHOWN.eveUsername}: 1 API key\n`);
    expectInert(result);
  });

  test('teams', async () => {
    const result = await wandbUsers(['teams']);
    expect(result.code).toBe(EXIT.OK);
    expect(lines(result.stdout)).toEqual(SHOWN.eveTeams.split(', '));
    expect(result.stderr).toBe(`${SHOWN.eveUsername}: 2 teams\n`);
    expectInert(result);
  });

  test("the server's error message on stderr", async () => {
    const result = await wandbUsers(['users', 'create', 'new@example.com']);
    expect(result.code).toBe(EXIT.SERVER);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([`wandb-users: error: ${SERVER_ERROR_SHOWN}`]);
    expectInert(result);
    const json = await wandbUsers(['--json', 'users', 'create', 'new@example.com']);
    expect(JSON.parse(json.stderr).error.message).toBe(SERVER_ERROR);
    expectInert(json);
  });

  test('colours stay, and are the only escape sequences', async () => {
    const result = await wandbUsers(['whoami'], { FORCE_COLOR: '1' });
    expect(result.stdout).toMatch(/\u001b\[1myes \(instance admin\)\u001b\[22m/);
    const sequences = result.stdout.match(/\u001b[^a-z]*[a-z]?/gi) ?? [];
    expect(sequences.every((s) => /^\u001b\[(1|2|22|3[1-6]|39)m$/.test(s))).toBe(true);
    expect(result.stdout).toContain(SHOWN.eveUsername);
  });
});

describe('--json stays exact, and inert on a terminal', () => {
  test('users search: the hostile values, unchanged once parsed', async () => {
    const result = await wandbUsers(['--json', 'users', 'search', '']);
    expect(result.code).toBe(EXIT.OK);
    const users = ndjson(result.stdout);
    expect(users.map((u) => [u.username, u.email, u.name, u.teams])).toEqual([EVE, MAL, CAROL].map((u) => [u.username, u.email, u.name, u.teams]));
    expectInert(result);
  });

  test('keys list', async () => {
    const result = await wandbUsers(['--json', 'keys', 'list']);
    expect(JSON.parse(result.stdout)).toEqual({ user: EVE.username, keys: [{ name: EVE.keys[0]!.name, description: EVE.keys[0]!.description, inUse: false }] });
    expectInert(result);
  });
});

describe('users import with a hostile CSV and hostile answers', () => {
  const CSV = [
    'email,admin',
    `"ann${ESC}[2J@example.com",false`,
    `"=HYPERLINK(""http://evil.example"",""x"")",false`,
    '+bob@example.com,false',
    `"dave\u202e@example.com",-1+2`,
    'carl@example.com,true',
  ].join('\n');

  test('progress lines escaped; the failed file neutralises formulas and escapes server text', async () => {
    const dir = tempDir();
    const path = join(dir, 'hostile.csv');
    writeFileSync(path, CSV);
    const result = await finish(
      start(['users', 'import', path, '--concurrency', '1'], { ...baseEnv(home), WANDB_BASE_URL: stub.baseUrl, WANDB_API_KEY: 'k'.repeat(40) }, { cwd: dir }),
    );
    expect(result.code).toBe(EXIT.PARTIAL);
    expect(lines(result.stdout)).toEqual([
      String.raw`invalid   ann\x1b[2J@example.com (line 2): not an email address: "ann\u001b[2J@example.com"`,
      'invalid   =HYPERLINK("http://evil.example","x") (line 3): not an email address: "=HYPERLI… (37 characters)"',
      `failed    +bob@example.com (line 4): ${SERVER_ERROR_SHOWN}`,
      String.raw`invalid   dave\u202e@example.com (line 5): admin must be true or false (or yes/no, 1/0), got "-1+2"`,
      String.raw`created   carl@example.com (m\u202e)`,
    ]);
    expectInert(result);
    const failed = readFileSync(join(dir, 'hostile.failed.csv'), 'utf8');
    expect(failed.split('\n')).toEqual([
      'email,admin,error',
      `ann${ESC}[2J@example.com,false,"not an email address: ""ann\\u001b[2J@example.com"""`,
      `"'=HYPERLINK(""http://evil.example"",""x"")",false,"not an email address: ""=HYPERLI… (37 characters)"""`,
      `'+bob@example.com,false,${SERVER_ERROR_SHOWN}`,
      `dave\u202e@example.com,'-1+2,"admin must be true or false (or yes/no, 1/0), got ""-1+2"""`,
      '',
    ]);

    // Fed back in, the marked cells are read as they were written in the input: +bob is sent as +bob.
    stub.requests.length = 0;
    const again = await finish(
      start(
        ['users', 'import', join(dir, 'hostile.failed.csv')],
        { ...baseEnv(home), WANDB_BASE_URL: stub.baseUrl, WANDB_API_KEY: 'k'.repeat(40) },
        { cwd: dir },
      ),
    );
    expect(again.code).toBe(EXIT.PARTIAL);
    expect(stub.requests.filter((r) => r.operationName === 'CreateUserFromAdmin').map((r) => r.variables.email)).toEqual(['+bob@example.com']);
    expect(again.stdout).toContain('admin must be true or false (or yes/no, 1/0), got "-1+2"');
    expectInert(again);
  });
});
