import { EXIT, run } from '../src';
import { baseEnv, memoryIo, type Result, tempDir, wandbUsers as runWandbUsers } from './helpers';
import { type Stub, startStub, userNode } from './stub-server';

// The output paths of the team and lifecycle commands, against a W&B server
// whose users chose hostile names (and whose admin chose a hostile custom
// role): human output shows every control escaped, the confirmation question
// too; --json keeps the values exact.

const ESC = '\u001b';
const ADMIN = { id: 'VXNlcjox', username: 'admin', email: 'admin@example.com', name: 'Admin', admin: true };
const EVE = { id: 'VXNlcjoy', username: `eve${ESC}[2J`, email: 'eve@example.com\u202e', name: 'Eve\nadmin  yes' };
const ROLE = `lab${ESC}[31meler`;
const TYPE = `USER${ESC}]0;owned\u0007`;
const BOT = `bot\r${ESC}[8m`;
const SHOWN = {
  eve: String.raw`eve\x1b[2J`,
  eveEmail: String.raw`eve@example.com\u202e`,
  eveName: String.raw`Eve\nadmin  yes`,
  role: String.raw`lab\x1b[31meler`,
  type: String.raw`USER\x1b]0;owned\x07`,
  bot: String.raw`bot\r\x1b[8m`,
};
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

function member(over: Record<string, unknown>) {
  return {
    id: null,
    admin: false,
    pending: false,
    email: null,
    username: null,
    name: '',
    photoUrl: null,
    accountType: 'USER',
    apiKey: null,
    role: 'member',
    ...over,
  };
}

let stub: Stub;
const home = tempDir();
/** The team as the stub lists it; invitations and service accounts are added as they are made. */
let roster: ReturnType<typeof member>[];

beforeAll(async () => {
  stub = await startStub(({ operationName, variables }) => {
    switch (operationName) {
      case 'GetViewer':
        return { body: { data: { viewer: userNode({ ...ADMIN, teams: ['ml'] }) } } };
      case 'SearchUsers':
        return {
          body: {
            data: {
              users: { edges: [{ node: userNode({ ...EVE, teams: ['ml'] }) }], pageInfo: { endCursor: null, hasNextPage: false } },
              viewer: { id: ADMIN.id },
            },
          },
        };
      case 'GetTeamEntity':
        return {
          body: {
            data: {
              entity: {
                id: 'RW50aXR5OjE=',
                name: variables.name,
                available: true,
                photoUrl: null,
                readOnly: false,
                readOnlyAdmin: false,
                isTeam: true,
                entityType: 'team',
                privateOnly: false,
                storageBytes: 0,
                codeSavingEnabled: false,
                defaultAccess: 'PRIVATE',
                isPaid: false,
                members: roster,
              },
            },
          },
        };
      case 'CreateTeam':
        return { body: { data: { createTeam: { entity: { id: 'RW50aXR5OjI=', name: variables.teamName, available: true, photoUrl: null, limits: null } } } } };
      case 'CreateInvite':
        roster.push(
          member({ id: 'SW52aXRlOjE=', pending: true, email: variables.email, name: String(variables.email), accountType: null, role: variables.role ?? ROLE }),
        );
        return { body: { data: { createInvite: { invite: { id: 'SW52aXRlOjE=', name: 'token', email: variables.email, createdAt: null, toUser: null } } } } };
      case 'DeleteInvite':
        return { body: { data: { deleteInvite: { success: true } } } };
      case 'UpdateMember':
        return { body: { data: { updateMember: { member: { ...roster.find((m) => m.id === variables.user)!, role: variables.role } } } } };
      case 'CreateServiceAccount':
        roster.push(member({ id: 'VXNlcjo5', username: BOT, name: BOT, accountType: 'SERVICE', apiKey: 's'.repeat(40) }));
        return { body: { data: { createServiceAccount: { user: { id: 'VXNlcjo5' } } } } };
      case 'DeleteUser':
        return { body: { data: { deleteUser: { user: { ...userNode({ ...EVE, teams: ['ml'] }), deletedAt: '2026-01-01T00:00:00Z' } } } } };
      default:
        return { status: 400, body: { errors: [{ message: `unexpected ${operationName}` }] } };
    }
  });
});
afterAll(() => stub.close());
beforeEach(() => {
  roster = [
    member({ id: ADMIN.id, admin: true, email: ADMIN.email, username: ADMIN.username, name: ADMIN.name, role: 'admin' }),
    member({ id: EVE.id, email: EVE.email, username: EVE.username, name: EVE.name, accountType: TYPE, role: ROLE }),
  ];
});

function wandbUsers(args: string[]): Promise<Result> {
  return runWandbUsers(args, { ...baseEnv(home), WANDB_BASE_URL: stub.baseUrl, WANDB_API_KEY: 'k'.repeat(40) }, { cwd: home });
}

function expectInert(result: { stdout: string; stderr: string }): void {
  expect(result.stdout).not.toMatch(RAW_CONTROL);
  expect(result.stderr).not.toMatch(RAW_CONTROL);
}

const lines = (text: string) => text.split('\n').slice(0, -1);

test('teams show: the table by escaped width; --json exact', async () => {
  const result = await wandbUsers(['teams', 'show', 'ml']);
  expect(result.code).toBe(EXIT.OK);
  const w = (text: string, width: number) => text.padEnd(width);
  expect(lines(result.stdout)).toEqual([
    `${w('MEMBER', SHOWN.eve.length)}  ${w('NAME', SHOWN.eveName.length)}  ${w('ROLE', SHOWN.role.length)}  ${w('ACCOUNT', SHOWN.type.length)}  STATUS`,
    `${w('admin', SHOWN.eve.length)}  ${w('Admin', SHOWN.eveName.length)}  ${w('admin', SHOWN.role.length)}  ${w('user', SHOWN.type.length)}  joined`,
    `${SHOWN.eve}  ${SHOWN.eveName}  ${SHOWN.role}  ${SHOWN.type}  joined`,
  ]);
  expect(result.stdout).not.toMatch(/^admin {2}yes/m);
  expectInert(result);
  const json = await wandbUsers(['--json', 'teams', 'show', 'ml']);
  expect(JSON.parse(json.stdout).members[1]).toMatchObject({ username: EVE.username, email: EVE.email, name: EVE.name, role: ROLE, accountType: TYPE });
  expectInert(json);
});

test('teams create and teams invite: the admin and the role as the server names them, escaped', async () => {
  const created = await wandbUsers(['teams', 'create', 'vision']);
  expect(created.stdout).toBe('created team vision (admin admin)\n');
  const invited = await wandbUsers(['teams', 'invite', 'ml', 'new@example.com']);
  expect(invited.code).toBe(EXIT.OK);
  expect(invited.stdout).toBe(`invited new@example.com to team ml as ${SHOWN.role} (pending until they accept)\n`);
  expectInert(invited);
  const json = await wandbUsers(['--json', 'teams', 'invite', 'ml', 'other@example.com']);
  expect(JSON.parse(json.stdout).invited.role).toBe(ROLE);
});

test('teams set-role and teams remove: the member and roles escaped; near matches in the hint escaped', async () => {
  const changed = await wandbUsers(['teams', 'set-role', 'ml', EVE.username, 'viewer']);
  expect(changed.code).toBe(EXIT.OK);
  expect(changed.stdout).toBe(`${SHOWN.eve}: ${SHOWN.role} -> viewer in team ml\n`);
  expectInert(changed);
  const removed = await wandbUsers(['teams', 'remove', '--yes', 'ml', EVE.email]);
  expect(removed.stdout).toBe(`removed ${SHOWN.eve} from team ml\n`);
  expectInert(removed);
  const near = await wandbUsers(['teams', 'remove', '--yes', 'ml', 'ev']);
  expect(near.code).toBe(EXIT.NOT_FOUND);
  expect(lines(near.stderr)).toEqual(['wandb-users: error: "ev" is not a member of team ml, nor invited to it', `Did you mean ${SHOWN.eve}?`]);
  expectInert(near);
});

test("teams service-account create: the account's name escaped in the note", async () => {
  const result = await wandbUsers(['teams', 'service-account', 'create', 'ml', '--description', 'x']);
  expect(result.code).toBe(EXIT.OK);
  expect(result.stdout).toBe(`${'s'.repeat(40)}\n`);
  expect(result.stderr).toBe(`Created service account ${SHOWN.bot} in team ml. This is the only time its secret is shown here.\n`);
  expectInert(result);
});

test('users deactivate: the question on a terminal, and the result, escaped', async () => {
  const { io, stdout, stderr } = memoryIo({ stdin: 'y\n', env: { WANDB_BASE_URL: stub.baseUrl, WANDB_API_KEY: 'k'.repeat(40), NETRC: '/nonexistent' } });
  Object.assign(io.stdin, { isTTY: true });
  Object.assign(io.stderr, { isTTY: true });
  // By address: a username with control characters is refused before any search (the SDK's own check).
  const code = await run(['--no-color', 'users', 'deactivate', EVE.email], io);
  expect(code).toBe(EXIT.OK);
  expect(stderr()).toBe(`Deactivate ${SHOWN.eve} (${SHOWN.eveEmail})? Their API keys stop working until they are reactivated. [y/N] `);
  expect(stdout()).toBe(`deactivated ${SHOWN.eve}: their API keys are refused until \`wandb-users users reactivate ${SHOWN.eve}\`\n`);
  expectInert({ stdout: stdout(), stderr: stderr() });
});
