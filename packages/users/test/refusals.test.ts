import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import {
  type Api,
  AuthenticationError,
  User,
  ConflictError,
  GraphQLResponseError,
  NotFoundError,
  PermissionError,
  UnexpectedResponseError,
  ValidationError,
  type WandbError,
} from '../src';
import { CreateUserFromAdminDocument, DeleteApiKeyDocument } from '../src/graphql';
import { apiFor, rejectionOf, sendJson, type StubServer, startStubServer, viewerData } from './helpers';

// A refusal is the same to the SDK whether the server answers it W&B's way
// (HTTP 403, 404, 409, 400 or 401 with an `errors` body and partial `data`) or
// with HTTP 200: the same typed error, the server's own message, the same
// partial data, and no retry. The errors' body is read before the status: a 404
// with a GraphQL error list is a refusal; without one, no GraphQL endpoint.

const KEY = 'k'.repeat(40);
const fakes: Record<'wandb' | 'always-200', FakeWandb> = {} as never;
beforeAll(async () => {
  fakes.wandb = await startFakeWandb();
  fakes['always-200'] = await startFakeWandb({ refusalStatus: 'always-200' });
});
afterAll(() => Promise.all(Object.values(fakes).map((fake) => fake.close())));
afterEach(() => {
  for (const fake of Object.values(fakes)) fake.clearFaults();
});

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});
const stubApi = (server: StubServer, options = {}): Api => apiFor({ baseUrl: server.baseUrl, adminApiKey: KEY } as FakeWandb, KEY, options);

/** What the SDK makes of a refusal, with the status it came with set aside. */
const seen = (error: WandbError) => ({
  name: error.name,
  message: error.message,
  graphQLErrors: error.graphQLErrors,
  data: error.data,
  attempts: error.attempts,
});

describe('the same refusal in both answer styles', () => {
  const refusals: [string, (fake: FakeWandb) => Promise<unknown>, new (...args: never[]) => WandbError, number][] = [
    [
      'not allowed (PERMISSION_ERROR)',
      (fake) => apiFor(fake, fake.addUser({ email: `p${Math.random()}@example.com` }).apiKey).request(CreateUserFromAdminDocument, { email: 'x@example.com' }),
      PermissionError,
      403,
    ],
    ['no such thing (NOT_FOUND)', (fake) => apiFor(fake).request(DeleteApiKeyDocument, { id: 'QXBpS2V5Ojk5OTk=' }), NotFoundError, 404],
    ['already so (CONFLICT)', (fake) => apiFor(fake).request(CreateUserFromAdminDocument, { email: 'admin@example.com' }), ConflictError, 409],
    ['bad input (BAD_USER_INPUT)', (fake) => apiFor(fake).request(CreateUserFromAdminDocument, { email: 'not an email' }), ValidationError, 400],
  ];

  test.each(refusals)('%s: one typed error, the server message, the partial data; only the status differs', async (_kind, send, ErrorClass, status) => {
    const wandb = (await rejectionOf(send(fakes.wandb))) as WandbError;
    const ok = (await rejectionOf(send(fakes['always-200']))) as WandbError;
    expect(wandb).toBeInstanceOf(ErrorClass);
    expect(seen(wandb)).toEqual(seen(ok));
    expect([wandb.status, ok.status]).toEqual([status, 200]);
    expect(wandb.data).not.toBeUndefined();
    expect(wandb.message).not.toMatch(/HTTP \d{3}/);
  });

  test('a refused query is not retried, whatever the retry policy', async () => {
    for (const fake of Object.values(fakes)) {
      const bob = fake.addUser({ email: `nosy${Math.random()}@example.com` });
      fake.clearRequests();
      const error = await rejectionOf(apiFor(fake, bob.apiKey, { retry: { retries: 3, baseDelayMs: 1 } }).users(''));
      expect(error).toBeInstanceOf(PermissionError);
      expect((error as WandbError).attempts).toBe(1);
      expect(fake.requests.map((r) => r.operationName)).toEqual(['SearchUsers']);
    }
  });

  test('"relogin required" is an AuthenticationError with the server message in both styles', async () => {
    const stripping: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.delete('use-admin-privileges');
      return fetch(input, { ...init, headers });
    };
    for (const fake of Object.values(fakes)) {
      const error = (await rejectionOf(apiFor(fake, fake.adminApiKey, { fetch: stripping }).users(''))) as WandbError;
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.message).toContain('relogin required');
      expect(error.graphQLErrors).toEqual([expect.objectContaining({ code: 'RELOGIN_REQUIRED' })]);
    }
  });
});

describe('refusals by their errors body first, then the status', () => {
  /** A stub answering every request with this status and JSON body (or text, for a string). */
  const answering = async (status: number, body: unknown) => {
    await stub?.close();
    stub = await startStubServer((_request, res) => {
      if (typeof body !== 'string') return sendJson(res, body, status);
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(body);
    });
    return (await rejectionOf(stubApi(stub, { retry: false }).request(DeleteApiKeyDocument, { id: 'x' }))) as WandbError;
  };

  test('a 404 without a GraphQL error list means no GraphQL endpoint: check the base URL', async () => {
    for (const body of ['404 page not found\n', { error: 'not found' }, { errors: [] }, { message: 'Not Found' }]) {
      const error = await answering(404, body);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).toMatch(/no GraphQL endpoint at .*\/graphql \(HTTP 404\); check the base URL/);
      expect(error.graphQLErrors).toEqual([]);
    }
  });

  test('a 404 with a GraphQL error list is the server refusing: its message, its data, no word of the base URL', async () => {
    const error = await answering(404, {
      data: { deleteApiKey: null },
      errors: [{ message: 'entity x not found during deleteApiKey', path: ['deleteApiKey'] }],
    });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, message: 'DeleteApiKey: entity x not found during deleteApiKey', data: { deleteApiKey: null } });
    // W&B's backend also sends its errors as strings, and its clients read them.
    const strings = await answering(404, { errors: ['no such key'] });
    expect(strings).toMatchObject({ name: 'NotFoundError', message: 'DeleteApiKey: no such key', graphQLErrors: [{ message: 'no such key' }] });
  });

  test("W&B's PERMISSION_ERROR and other servers' PERMISSION_DENIED are both a PermissionError, at any status", async () => {
    for (const code of ['PERMISSION_ERROR', 'PERMISSION_DENIED']) {
      for (const status of [403, 200, 400]) {
        const error = await answering(status, { errors: [{ message: 'nope', extensions: { code } }], data: null });
        expect({ code, status, name: error.name, message: error.message }).toEqual({ code, status, name: 'PermissionError', message: 'DeleteApiKey: nope' });
      }
    }
  });

  test('the errors decide before the status; the status decides what they leave open', async () => {
    expect(await answering(409, { errors: [{ message: 'no', extensions: { code: 'PERMISSION_ERROR' } }] })).toBeInstanceOf(PermissionError);
    expect(await answering(409, { errors: [{ message: 'Error 1062 (23000): <REDACTED>' }] })).toBeInstanceOf(ConflictError);
    expect(await answering(403, { errors: [{ message: 'nope' }] })).toBeInstanceOf(PermissionError);
    expect(await answering(404, { errors: [{ message: 'gone' }] })).toBeInstanceOf(NotFoundError);
    expect(await answering(400, { errors: [{ message: 'something odd' }] })).toBeInstanceOf(GraphQLResponseError);
  });

  test('the status alone settles 401, 429 and 5xx, whatever the errors say', async () => {
    expect(await answering(401, { errors: [{ message: 'already exists', extensions: { code: 'CONFLICT' } }] })).toBeInstanceOf(AuthenticationError);
    expect((await answering(503, { errors: [{ message: 'permission denied', extensions: { code: 'PERMISSION_ERROR' } }] })).name).toBe('ServerError');
  });

  test('a 4xx that is not GraphQL is thrown by a mutation method without a look at the state or a resend', async () => {
    stub = await startStubServer((request, res) => {
      if (request.operationName === 'SearchUsers')
        return sendJson(res, {
          data: { users: { edges: [{ node: viewerData() }], pageInfo: { endCursor: null, hasNextPage: false } }, viewer: { id: 'VXNlcjox' } },
        });
      res.writeHead(400, { 'content-type': 'text/html' });
      res.end('<html>Bad Request</html>');
    });
    const ann = await stubApi(stub).user('ann');
    const error = await rejectionOf(ann!.deactivate());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(stub.requests.map((r) => r.operationName)).toEqual(['SearchUsers', 'DeleteUser']);
  });
});

describe('a refusal after a resend: the first send may have landed late', () => {
  /** A team whose invitation of bob answers 502 first (not yet applied), then a CONFLICT in `style`; bob is listed after the second send. */
  async function lateLanding(style: 'wandb' | 'always-200') {
    let invites = 0;
    stub = await startStubServer((request, res) => {
      if (request.operationName === 'CreateInvite') {
        invites++;
        if (invites === 1) return sendJson(res, { errors: [{ message: 'bad gateway' }] }, 502);
        return sendJson(
          res,
          { data: { createInvite: null }, errors: [{ message: 'bob is already invited to ml', path: ['createInvite'], extensions: { code: 'CONFLICT' } }] },
          style === 'wandb' ? 409 : 200,
        );
      }
      const bob = {
        id: 'SW52aXRlOjE=',
        admin: false,
        pending: true,
        email: 'bob@example.com',
        username: 'bob',
        name: 'bob',
        photoUrl: null,
        accountType: 'USER',
        apiKey: null,
        role: 'member',
      };
      const entity = {
        id: 'RW50aXR5OjE=',
        name: 'ml',
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
      };
      return sendJson(res, { data: { entity: { ...entity, members: invites >= 2 ? [bob] : [] } } });
    });
    return (await stubApi(stub, { retry: false }).team('ml'))!;
  }

  test.each(['wandb', 'always-200'] as const)("the member list decides, in the '%s' style", async (style) => {
    const team = await lateLanding(style);
    expect(await team.invite('bob')).toBe(true);
    expect(stub!.requests.map((r) => r.operationName)).toEqual(['GetTeamEntity', 'CreateInvite', 'GetTeamEntity', 'CreateInvite', 'GetTeamEntity']);
  });
});

describe.each(['wandb', 'always-200'] as const)("throwOnRefusal, in the '%s' style: the refusal itself instead of false or null", (style) => {
  test('each method that answers false or null throws the typed refusal with the server message when asked to', async () => {
    const fake = fakes[style];
    const tag = Math.random().toString(36).slice(2, 8);
    const ann = fake.addUser({ email: `ann-${tag}@example.com`, username: `ann-${tag}`, apiKeys: [{ description: null }, { description: null }] });
    const bob = fake.addUser({ email: `bob-${tag}@example.com`, username: `bob-${tag}` });
    fake.addTeam({ name: `ml-${tag}`, members: [{ username: 'admin', role: 'admin' }, bob.username] });
    const admin = apiFor(fake);
    const team = (await admin.team(`ml-${tag}`))!;
    const last = team.members.find((m) => m.username === 'admin')!;
    const asBob = (await apiFor(fake, bob.apiKey).team(`ml-${tag}`))!;
    // ann as bob sees her: a key listing bob may not delete from.
    const annAsBob = new User(apiFor(fake, bob.apiKey), (await admin.searchUsers(ann.username).next()).value!);
    const cases: [string, (throwOnRefusal: boolean) => Promise<unknown>, string, string][] = [
      ['team.invite of a member', (t) => team.invite(bob.username, { throwOnRefusal: t }), 'ConflictError', `${bob.username} is already a member of ml-${tag}`],
      ['member.delete of the last admin', (t) => last.delete({ throwOnRefusal: t }), 'ConflictError', `admin is the last admin of ml-${tag}`],
      ['member.setRole demoting the last admin', (t) => last.setRole('viewer', { throwOnRefusal: t }), 'ConflictError', `admin is the last admin of ml-${tag}`],
      ['team.createServiceAccount by a member', (t) => asBob.createServiceAccount('bot', { throwOnRefusal: t }), 'PermissionError', 'permission denied'],
      [
        "user.deleteApiKey of another user's key",
        (t) => annAsBob.deleteApiKey(annAsBob.apiKeys[0]!, { throwOnRefusal: t }),
        'PermissionError',
        'permission denied',
      ],
    ];
    for (const [what, call, name, message] of cases) {
      expect({ what, answer: await call(false) }).toEqual({ what, answer: what.includes('createServiceAccount') ? null : false });
      const error = (await rejectionOf(call(true))) as WandbError;
      expect({ what, name: error.name, status: error.status }).toEqual({
        what,
        name,
        status: style === 'wandb' ? { ConflictError: 409, PermissionError: 403 }[name] : 200,
      });
      expect(error.message).toContain(message);
    }
  });

  test('generateApiKey, and the lifecycle, when the server refuses them', async () => {
    const fake = fakes[style];
    const me = await apiFor(fake).viewer();
    fake.injectFault({ operation: 'GenerateApiKey', times: 2, fault: { type: 'refuse', code: 'PERMISSION_ERROR', message: 'keys are managed elsewhere' } });
    expect(await me.generateApiKey('x')).toBeNull();
    expect(await rejectionOf(me.generateApiKey('x', { throwOnRefusal: true }))).toMatchObject({
      name: 'PermissionError',
      message: 'GenerateApiKey: keys are managed elsewhere',
    });
    const carl = fake.addUser({ email: `carl-${Math.random()}@example.com` });
    const user = (await apiFor(fake).user(carl.email))!;
    fake.injectFault({ operation: 'DeleteUser', times: 2, fault: { type: 'refuse', code: 'CONFLICT', message: 'carl is busy' } });
    expect(await user.deactivate()).toBe(false);
    expect(await rejectionOf(user.deactivate({ throwOnRefusal: true }))).toMatchObject({ name: 'ConflictError', message: 'DeleteUser: carl is busy' });
  });
});
