import { type FakeErrorCode, type FakeWandb, startFakeWandb, WANDB_STATUS } from '../src';
import { basic, FIRST_PARTY, post } from './helpers';

// Refusals as W&B answers them: HTTP 403, 404, 409, 400 or 401 by the error's
// code, with `errors` and `data` in the body (the `refusalStatus: 'wandb'`
// default), or the same body at HTTP 200 (`'always-200'`); an address that is
// not the GraphQL endpoint answers a plain 404 that no client can take for a
// refusal. Each style is one server, shared by the tests of this file.

const CREATE = 'mutation CreateUserFromAdmin($email: String!) { createUser(input: { email: $email }) { user { id } } }';
const DELETE_KEY = 'mutation DeleteApiKey($id: String!) { deleteApiKey(input: { id: $id }) { success } }';
const VIEWER = 'query GetViewer { viewer { id } }';

const servers: Record<'wandb' | 'always-200', FakeWandb> = {} as never;
beforeAll(async () => {
  servers.wandb = await startFakeWandb();
  servers['always-200'] = await startFakeWandb({ refusalStatus: 'always-200' });
});
afterAll(() => Promise.all(Object.values(servers).map((fake) => fake.close())));
afterEach(() => {
  for (const fake of Object.values(servers)) fake.clearFaults();
});

describe.each(['wandb', 'always-200'] as const)("refusalStatus '%s'", (style) => {
  const statusOf = (code: FakeErrorCode) => (style === 'wandb' ? WANDB_STATUS[code] : 200);

  test('a refused mutation carries the code, the path and null data where it was refused, as W&B sends them', async () => {
    const fake = servers[style];
    const bob = fake.addUser({ email: `bob-${style}@example.com` });
    const answer = await post(fake, bob.apiKey, CREATE, { email: `eve-${style}@example.com` });
    expect(answer.status).toBe(statusOf('PERMISSION_ERROR'));
    expect(answer.body).toEqual({
      errors: [
        {
          message: 'permission denied: creating users requires instance admin privileges',
          locations: [{ line: 1, column: 49 }],
          path: ['createUser'],
          extensions: { code: 'PERMISSION_ERROR' },
        },
      ],
      data: { createUser: null },
    });
    expect(fake.getUser(`eve-${style}@example.com`)).toBeUndefined();
  });

  test('each kind of refusal gets its status: conflict, not found, bad input', async () => {
    const fake = servers[style];
    const taken = await post(fake, fake.adminApiKey, CREATE, { email: 'admin@example.com' });
    const unknown = await post(fake, fake.adminApiKey, DELETE_KEY, { id: 'QXBpS2V5Ojk5OTk=' });
    const bad = await post(fake, fake.adminApiKey, CREATE, { email: 'not an email' });
    expect([taken, unknown, bad].map((a) => [a.status, a.body.errors[0].extensions.code])).toEqual([
      [statusOf('CONFLICT'), 'CONFLICT'],
      [statusOf('NOT_FOUND'), 'NOT_FOUND'],
      [statusOf('BAD_USER_INPUT'), 'BAD_USER_INPUT'],
    ]);
    expect(fake.requests.slice(-3).map((r) => r.status)).toEqual([statusOf('CONFLICT'), statusOf('NOT_FOUND'), statusOf('BAD_USER_INPUT')]);
  });

  test('"relogin required" without the first-party headers, and a field the fake does not implement (200 either way)', async () => {
    const fake = servers[style];
    const gated = await post(fake, fake.adminApiKey, CREATE, { email: 'x@example.com' }, { 'user-agent': 'curl/8.0' });
    expect([gated.status, gated.body.errors[0].extensions.code]).toEqual([statusOf('RELOGIN_REQUIRED'), 'RELOGIN_REQUIRED']);
    const unimplemented = await post(fake, fake.adminApiKey, '{ viewer { id photoUrl } }');
    expect([unimplemented.status, unimplemented.body.errors[0].extensions.code]).toEqual([200, 'NOT_IMPLEMENTED']);
    expect(unimplemented.body.data).toEqual({ viewer: { id: fake.adminUserId, photoUrl: null } });
  });

  test('authentication, documents and variables that cannot be used answer 401 and 400 in both styles', async () => {
    const fake = servers[style];
    expect((await post(fake, 'not-a-key', VIEWER)).status).toBe(401);
    expect((await post(fake, fake.adminApiKey, '{ viewer { nope } }')).status).toBe(400);
    expect((await post(fake, fake.adminApiKey, DELETE_KEY, { id: 12 })).status).toBe(400);
  });

  test('a refuse fault refuses the operation where its resolvers would, before any change, with the status of its code', async () => {
    const fake = servers[style];
    const installed = fake.injectFault({ operation: 'CreateUserFromAdmin', fault: { type: 'refuse', code: 'CONFLICT', message: 'already there' } });
    const answer = await post(fake, fake.adminApiKey, CREATE, { email: `fresh-${style}@example.com` });
    expect(answer.status).toBe(statusOf('CONFLICT'));
    expect(answer.body).toEqual({
      errors: [{ message: 'already there', locations: [{ line: 1, column: 49 }], path: ['createUser'], extensions: { code: 'CONFLICT' } }],
      data: { createUser: null },
    });
    expect(fake.getUser(`fresh-${style}@example.com`)).toBeUndefined();
    expect(installed.hits).toBe(1);
    expect(fake.requests.at(-1)).toMatchObject({ operationName: 'CreateUserFromAdmin', fault: 'refuse CONFLICT', executed: true, errors: ['CONFLICT'] });
    // Once its window is over the operation runs again.
    expect((await post(fake, fake.adminApiKey, CREATE, { email: `fresh-${style}@example.com` })).status).toBe(200);
  });

  test('a refuse fault on a query refuses it too, with a default message', async () => {
    const fake = servers[style];
    fake.injectFault({ fault: { type: 'refuse', code: 'NOT_FOUND' } });
    const answer = await post(fake, fake.adminApiKey, VIEWER);
    expect(answer.status).toBe(statusOf('NOT_FOUND'));
    expect(answer.body.errors.map((e: { message: string }) => e.message)).toEqual(['refused by an injected fault']);
    expect(answer.body.data).toEqual({ viewer: null });
  });
});

test('an address that is not the GraphQL endpoint answers a plain 404, not a GraphQL body', async () => {
  for (const path of ['/', '/graphql/', '/api/graphql']) {
    const response = await fetch(`${servers.wandb.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(servers.wandb.adminApiKey), ...FIRST_PARTY },
      body: JSON.stringify({ query: VIEWER }),
    });
    expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([404, 'text/plain; charset=utf-8', '404 page not found\n']);
  }
  expect(servers.wandb.requests.at(-1)).toMatchObject({ status: 404, executed: false, errors: [] });
});

test('an unknown refusalStatus, or a refuse fault with a code the fake does not use, is refused up front', async () => {
  await expect(startFakeWandb({ refusalStatus: 'sometimes' as never })).rejects.toThrow(/refusalStatus is 'wandb' or 'always-200'/);
  expect(() => servers.wandb.injectFault({ fault: { type: 'refuse', code: 'PERMISSION_DENIED' as never } })).toThrow(/not an error code of the fake/);
});
