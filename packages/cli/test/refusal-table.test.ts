import { type FakeErrorCode, type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { Api, type ChangeOptions, type Team, User, WandbError } from '@wandb-ts/users';
import { EXIT, type ExitCode, run } from '../src';
import { expectNoLeak, memoryIo } from './helpers';

// One table: every mutation the SDK sends x every kind of refusal x both
// answer styles (W&B's HTTP statuses, and HTTP 200 with the same body) -> what
// the SDK method answers (by default, and with throwOnRefusal) and what the CLI
// command that sends it exits with and says. Each refusal is made by the fake
// itself (a `refuse` fault strikes where its resolvers would refuse, nothing is
// applied), so every mutation meets every kind; the contracts W&B's Python SDK
// documents are then checked on the refusals the fake's own rules produce.
// Everything runs in this process against one fake per style.

type Style = 'wandb' | 'always-200';
const STYLES: Style[] = ['wandb', 'always-200'];

/** A kind of refusal: the code the fake refuses with (or a document it cannot validate), and what the SDK makes of it. */
interface Kind {
  name: string;
  code?: FakeErrorCode;
  /** The error class the SDK throws for it. */
  error: string;
  /** Whether the SDK counts it a refusal: false/null by default, thrown with throwOnRefusal. */
  refusal: boolean;
  /** The CLI's exit status for it. */
  exit: ExitCode;
}
const KINDS: Kind[] = [
  { name: 'permission', code: 'PERMISSION_ERROR', error: 'PermissionError', refusal: true, exit: EXIT.PERMISSION },
  { name: 'not found', code: 'NOT_FOUND', error: 'NotFoundError', refusal: true, exit: EXIT.NOT_FOUND },
  { name: 'conflict', code: 'CONFLICT', error: 'ConflictError', refusal: true, exit: EXIT.CONFLICT },
  { name: 'bad input', code: 'BAD_USER_INPUT', error: 'ValidationError', refusal: false, exit: EXIT.USAGE },
  { name: 'authentication', code: 'RELOGIN_REQUIRED', error: 'AuthenticationError', refusal: false, exit: EXIT.AUTHENTICATION },
  { name: 'validation', error: 'SchemaMismatchError', refusal: false, exit: EXIT.SERVER },
];

/** The state a row acts on, the same on both fakes: an admin, bob (member of ml, two keys), carl (deactivated). */
interface World {
  api: Api;
  me: User<Api>;
  bob: User<Api>;
  carl: User<Api>;
  ml: Team;
  /** bob as ml lists him. */
  member: Team['members'][number];
}

interface Row {
  operation: string;
  /** What the method answers for a refusal by default: false or null; undefined when it throws it. */
  refused?: false | null;
  /** W&B's Python contract for keys: any failure the server decided answers `refused` by default, not only refusals. */
  lenient?: boolean;
  sdk: (world: World, options: ChangeOptions) => Promise<unknown>;
  /** The CLI command that sends it; undefined where the CLI has none. */
  cli?: string[];
}

const ROWS: Row[] = [
  { operation: 'CreateUserFromAdmin', sdk: (w, o) => w.api.createUser('new.hire@example.com', o), cli: ['users', 'create', 'new.hire@example.com'] },
  {
    operation: 'GenerateApiKey',
    refused: null,
    lenient: true,
    sdk: (w, o) => w.me.generateApiKey('table', o),
    cli: ['keys', 'create', '--description', 'table'],
  },
  {
    operation: 'DeleteApiKey',
    refused: false,
    lenient: true,
    sdk: (w, o) => w.bob.deleteApiKey(w.bob.apiKeys[0]!, o),
    cli: ['keys', 'delete', '@bob-key', '--user', 'bob', '--yes'],
  },
  { operation: 'DeleteUser', refused: false, sdk: (w, o) => w.bob.deactivate(o), cli: ['users', 'deactivate', 'bob', '--yes'] },
  { operation: 'UndeleteUser', refused: false, sdk: (w, o) => w.carl.reactivate(o), cli: ['users', 'reactivate', 'carl', '--yes'] },
  // No command of the CLI sends it on its own (`sync apply` does).
  { operation: 'UpdateUser', refused: false, sdk: (w, o) => w.bob.setAdmin(true, o) },
  { operation: 'CreateTeam', sdk: (w, o) => w.api.createTeam('vision', o), cli: ['teams', 'create', 'vision'] },
  { operation: 'CreateInvite', refused: false, sdk: (w, o) => w.ml.invite('dave', o), cli: ['teams', 'invite', 'ml', 'dave'] },
  { operation: 'DeleteInvite', refused: false, sdk: (w, o) => w.member.delete(o), cli: ['teams', 'remove', 'ml', 'bob', '--yes'] },
  { operation: 'UpdateMember', refused: false, sdk: (w, o) => w.member.setRole('viewer', o), cli: ['teams', 'set-role', 'ml', 'bob', 'viewer'] },
  {
    operation: 'CreateServiceAccount',
    refused: null,
    sdk: (w, o) => w.ml.createServiceAccount('bot', o),
    cli: ['teams', 'service-account', 'create', 'ml', '--description', 'bot'],
  },
];

const fakes = {} as Record<Style, FakeWandb>;
const worlds = {} as Record<Style, World>;

beforeAll(async () => {
  for (const style of STYLES) {
    const fake = await startFakeWandb({
      refusalStatus: style,
      users: [
        { email: 'bob@example.com', username: 'bob', apiKeys: [{ description: 'one' }, { description: 'two' }] },
        { email: 'carl@example.com', username: 'carl' },
        { email: 'dave@example.com', username: 'dave' },
      ],
      teams: [{ name: 'ml', members: [{ username: 'admin', role: 'admin' }, 'bob', { email: 'pat@example.com', pending: true }] }],
    });
    fake.deleteUser(fake.getUser('carl')!.id);
    const api = new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, env: {}, retry: false });
    const ml = (await api.team('ml'))!;
    fakes[style] = fake;
    worlds[style] = {
      api,
      me: await api.viewer(),
      bob: (await api.user('bob'))!,
      carl: (await api.user('carl'))!,
      ml,
      member: ml.members.find((m) => m.username === 'bob')!,
    };
  }
});
afterAll(() => Promise.all(STYLES.map((style) => fakes[style].close())));

/** Makes `operation` refused as `kind` says, in the answer style of `style`, until the faults are cleared. */
function refuse(style: Style, operation: string, kind: Kind): void {
  const message = `refused (${kind.name}) by the refusal table`;
  if (kind.code) {
    fakes[style].injectFault({ operation, times: Infinity, fault: { type: 'refuse', code: kind.code, message } });
    return;
  }
  // A document the server cannot validate: 400 on W&B, 200 where a server follows GraphQL over HTTP's advice for application/json.
  const body = JSON.stringify({ errors: [{ message: 'Cannot query field "refusalTable" on type "Mutation".', locations: [{ line: 1, column: 1 }] }] });
  const fault =
    style === 'wandb'
      ? ({ type: 'status', status: 400, body, headers: { 'content-type': 'application/json' } } as const)
      : ({ type: 'body', body, contentType: 'application/json', status: 200 } as const);
  fakes[style].injectFault({ operation, times: Infinity, fault });
}

/** What an SDK call came to: its answer, or the error it threw (class, message, HTTP status). */
async function outcome(call: () => Promise<unknown>): Promise<{ answer: unknown } | { error: string; message: string; status: number | undefined }> {
  try {
    const answer = await call();
    return { answer: answer === null || typeof answer !== 'object' ? answer : 'an object' };
  } catch (error) {
    if (!(error instanceof WandbError)) throw error;
    return { error: error.name, message: error.message, status: error.status };
  }
}

/** Runs `wandb-users` in this process against the style's fake, as its admin. */
async function cli(style: Style, args: string[]) {
  const bobKey = worlds[style].bob.apiKeys[0]!;
  const { io, stdout, stderr } = memoryIo({ env: { WANDB_BASE_URL: fakes[style].baseUrl, WANDB_API_KEY: fakes[style].adminApiKey, NETRC: '/nonexistent' } });
  const code = await run(
    args.map((a) => (a === '@bob-key' ? bobKey : a)),
    io,
  );
  const result = { code, stdout: stdout(), stderr: stderr() };
  expectNoLeak(result);
  return result;
}

const STATUS: Record<string, number> = {
  PermissionError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  ValidationError: 400,
  AuthenticationError: 401,
  SchemaMismatchError: 400,
};

/** What the SDK must answer to `kind` in `row`, by default and with throwOnRefusal: an answer, or the error it throws. */
function expected(row: Row, kind: Kind, throwOnRefusal: boolean): { answer: unknown } | { error: string } {
  // A schema that lacks a field: no retry and no look at the state can cure it, so it is thrown whatever was asked.
  if (throwOnRefusal || row.refused === undefined || kind.name === 'validation') return { error: kind.error };
  return kind.refusal || row.lenient ? { answer: row.refused } : { error: kind.error };
}

describe.each(ROWS)('$operation', (row) => {
  test.each(KINDS)('refused: $name', async (kind) => {
    const seen: Record<string, unknown> = {};
    for (const style of STYLES) {
      refuse(style, row.operation, kind);
      try {
        const byDefault = await outcome(() => row.sdk(worlds[style], {}));
        const thrown = await outcome(() => row.sdk(worlds[style], { throwOnRefusal: true }));
        const command = row.cli && (await cli(style, row.cli));
        seen[style] = { byDefault, thrown, command };
        for (const [result, throwOnRefusal] of [
          [byDefault, false],
          [thrown, true],
        ] as const) {
          const want = expected(row, kind, throwOnRefusal);
          if ('answer' in want) expect(result).toEqual(want);
          else {
            expect(result).toMatchObject({ error: want.error, status: style === 'wandb' ? STATUS[want.error] : 200 });
            // The server's own words reach the caller.
            if (kind.code) expect((result as { message: string }).message).toContain(`refused (${kind.name}) by the refusal table`);
            else expect((result as { message: string }).message).toContain('Mutation.refusalTable');
          }
        }
        if (command) {
          expect({ code: command.code, stdout: command.stdout }).toEqual({ code: kind.exit, stdout: '' });
          const said = kind.code ? `refused (${kind.name}) by the refusal table` : 'Mutation.refusalTable';
          expect(command.stderr).toMatch(new RegExp(`^wandb-users: error: .*${said.replace(/[()."]/g, '\\$&')}`));
        }
      } finally {
        fakes[style].clearFaults();
      }
    }
    // Both styles alike, but for the status the SDK reports, each fake's address (and the 401's own wording of the same words).
    const alike = (style: Style) =>
      JSON.parse(JSON.stringify(seen[style], (key, v) => (key === 'status' ? undefined : v)).replaceAll(fakes[style].baseUrl, 'http://fake'));
    if (kind.name !== 'authentication') expect(alike('always-200')).toEqual(alike('wandb'));
    // Nothing was applied anywhere.
    for (const style of STYLES) expect(fakes[style].requests.filter((r) => r.operationName === row.operation && r.fault === undefined)).toEqual([]);
  });
});

// The refusals W&B's Python SDK documents, as the fake's own rules make them:
// the same answers in both styles, and what the CLI does (it sees some coming
// and sends nothing).
describe.each(STYLES)("the fake's own refusals, in the '%s' style", (style) => {
  const sdkAndCli = async (call: (world: World) => Promise<unknown>, args: string[]) => ({
    sdk: await outcome(() => call(worlds[style])),
    cli: await cli(style, args),
  });

  test('team.invite of someone already invited, or of an unknown username: false; the CLI says so (exit 6, 5)', async () => {
    const invited = await sdkAndCli((w) => w.ml.invite('pat@example.com'), ['teams', 'invite', 'ml', 'pat@example.com']);
    expect(invited.sdk).toEqual({ answer: false });
    expect(invited.cli).toMatchObject({
      code: EXIT.CONFLICT,
      stderr: expect.stringMatching(/^wandb-users: error: pat@example\.com is already invited to team ml/),
    });
    const unknown = await sdkAndCli((w) => w.ml.invite('nobody'), ['teams', 'invite', 'ml', 'nobody']);
    expect(unknown.sdk).toEqual({ answer: false });
    expect(unknown.cli).toMatchObject({ code: EXIT.NOT_FOUND, stderr: expect.stringMatching(/^wandb-users: error: no user named nobody\n/) });
    expect(await outcome(() => worlds[style].ml.invite('nobody', { throwOnRefusal: true }))).toMatchObject({
      error: 'NotFoundError',
      message: 'CreateInvite: no user named nobody',
      status: style === 'wandb' ? 404 : 200,
    });
  });

  test("member.delete of the team's last admin: false (ConflictError when asked); the CLI sends nothing (exit 6)", async () => {
    const admin = worlds[style].ml.members.find((m) => m.username === 'admin')!;
    const last = await sdkAndCli(() => admin.delete(), ['teams', 'remove', 'ml', 'admin', '--yes']);
    expect(last.sdk).toEqual({ answer: false });
    expect(last.cli).toMatchObject({
      code: EXIT.CONFLICT,
      stderr: expect.stringMatching(/^wandb-users: error: admin is the last admin of team ml; nothing was sent/),
    });
    expect(await outcome(() => admin.delete({ throwOnRefusal: true }))).toMatchObject({ error: 'ConflictError', status: style === 'wandb' ? 409 : 200 });
  });

  test("deleteApiKey refused (another user's key, as a member): false (PermissionError when asked)", async () => {
    const fake = fakes[style];
    const bobKey = fake.addApiKey(fake.getUser('bob')!.id).secret;
    const asBob = new Api({ baseUrl: fake.baseUrl, apiKey: bobKey, env: {}, retry: false });
    const attrs = (await worlds[style].api.searchUsers('admin@example.com').next()).value!;
    const adminAsBob = new User(asBob, attrs);
    expect(await outcome(() => adminAsBob.deleteApiKey(adminAsBob.apiKeys[0]!))).toEqual({ answer: false });
    expect(await outcome(() => adminAsBob.deleteApiKey(adminAsBob.apiKeys[0]!, { throwOnRefusal: true }))).toMatchObject({
      error: 'PermissionError',
      status: style === 'wandb' ? 403 : 200,
    });
    expect(fake.getUser('admin')!.apiKeys).toHaveLength(1);
  });

  test('a taken team name, a taken email: ConflictError with the server message; the CLI exits 6 with it', async () => {
    const team = await sdkAndCli((w) => w.api.createTeam('ml'), ['teams', 'create', 'ml']);
    expect(team.sdk).toMatchObject({ error: 'ConflictError', message: 'CreateTeam: the name ml is taken by a team or a user' });
    expect(team.cli).toMatchObject({ code: EXIT.CONFLICT, stderr: 'wandb-users: error: the name ml is taken by a team or a user\n' });
    const user = await sdkAndCli((w) => w.api.createUser('bob@example.com'), ['users', 'create', 'bob@example.com']);
    expect(user.sdk).toMatchObject({ error: 'ConflictError', message: 'CreateUserFromAdmin: a user with email bob@example.com already exists' });
    expect(user.cli).toMatchObject({ code: EXIT.CONFLICT, stderr: expect.stringMatching(/^wandb-users: error: .*bob@example\.com/) });
  });
});

test.each(STYLES)("a refusal's own words reach the CLI escaped and without the key, in the '%s' style", async (style) => {
  const fake = fakes[style];
  fake.injectFault({
    operation: 'CreateInvite',
    fault: { type: 'refuse', code: 'PERMISSION_ERROR', message: `closed\u001b[2J for ${fake.adminApiKey}\u202e` },
  });
  try {
    const { code, stderr } = await cli(style, ['teams', 'invite', 'ml', 'dave']);
    expect(code).toBe(EXIT.PERMISSION);
    expect(stderr.split('\n')[0]).toBe(String.raw`wandb-users: error: closed\x1b[2J for [REDACTED]\u202e`);
    expect(stderr).not.toMatch(/[\u001b\u202e]/);
  } finally {
    fake.clearFaults();
  }
});
