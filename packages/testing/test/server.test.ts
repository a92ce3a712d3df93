import { type FakeWandb, startFakeWandb, userFixture } from '../src';
import { codes, FIRST_PARTY, post, refusal } from './helpers';

const VIEWER = '{ viewer { id username email admin } }';
const KEYS = '{ viewer { apiKeys { edges { node { id name description } } } } }';
const GENERATE = 'mutation($d: String) { generateApiKey(input: { description: $d }) { apiKey { id name description } } }';
const DELETE = 'mutation($id: String!) { deleteApiKey(input: { id: $id }) { success } }';
const CREATE = 'mutation($email: String!, $admin: Boolean) { createUser(input: { email: $email, admin: $admin }) { user { id email username admin } } }';
const SEARCH =
  'query($q: String, $first: Int, $after: String) { users(query: $q, first: $first, after: $after) { edges { node { email } } pageInfo { endCursor hasNextPage } } }';

let fake: FakeWandb;
beforeEach(async () => {
  fake = await startFakeWandb({ defaultPageSize: 3, maxPageSize: 5 });
});
afterEach(() => fake.close());

describe('authentication', () => {
  test('answers the admin key with the admin', async () => {
    const answer = await post(fake, fake.adminApiKey, VIEWER);
    expect(answer.status).toBe(200);
    expect(answer.body.data.viewer).toEqual({ id: fake.adminUserId, username: 'admin', email: 'admin@example.com', admin: true });
  });

  test.each([
    ['no Authorization header', undefined],
    ['an unknown key', 'x'.repeat(40)],
    ['an empty key', ''],
  ])('answers 401 to %s', async (_what, key) => {
    const answer = await post(fake, key, VIEWER);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(answer.body.errors[0].message).toMatch(/API key|authentication required/);
  });

  test('answers 401 to a deleted key and to the key of a deleted user', async () => {
    const bob = fake.addUser({ email: 'bob@example.com' });
    const spare = fake.addApiKey(bob.id);
    const keyId = fake.getUser(bob.id)!.apiKeys[0]!.id;
    expect((await post(fake, bob.apiKey, DELETE, { id: keyId })).body.data.deleteApiKey.success).toBe(true);
    expect((await post(fake, bob.apiKey, VIEWER)).status).toBe(401);
    expect((await post(fake, spare.secret, VIEWER)).status).toBe(200);
    fake.deleteUser(bob.id);
    expect((await post(fake, spare.secret, VIEWER)).status).toBe(401);
  });

  test('a listing name cannot authenticate', async () => {
    const name = fake.getUser('admin')!.apiKeys[0]!.name;
    expect(fake.adminApiKey.startsWith(name)).toBe(true);
    expect((await post(fake, name, VIEWER)).status).toBe(401);
  });
});

describe("W&B's first-party gate", () => {
  const third = { 'user-agent': 'curl/8.0', 'use-admin-privileges': 'true' };
  const noAdmin = { 'user-agent': 'W&B Public Client 0.19.0' };

  test.each([
    ['a foreign User-Agent', third],
    ['no Use-Admin-Privileges', noAdmin],
  ])('with %s, admin operations and User.apiKeys answer "relogin required"', async (_what, headers) => {
    for (const [query, variables] of [
      [SEARCH, {}],
      [CREATE, { email: 'x@example.com' }],
      [KEYS, {}],
    ] as const) {
      const answer = await post(fake, fake.adminApiKey, query, variables, headers);
      expect(answer.status).toBe(401);
      expect(answer.body.errors[0].message).toBe('relogin required');
      expect(codes(answer)).toEqual(['RELOGIN_REQUIRED']);
    }
    expect(fake.getUser('x@example.com')).toBeUndefined();
  });

  test('the viewer itself is answered without the headers', async () => {
    const answer = await post(fake, fake.adminApiKey, VIEWER, {}, third);
    expect(answer.body.data.viewer.username).toBe('admin');
  });
});

describe('users', () => {
  test('non-admins may not search', async () => {
    const bob = fake.addUser({ email: 'bob@example.com' });
    const answer = await post(fake, bob.apiKey, SEARCH, { q: 'bob' });
    expect(refusal(answer)).toBe('PERMISSION_ERROR');
    expect(answer.body.data.users).toBeNull();
  });

  test('matches username, email and name, case-insensitively', async () => {
    fake.addUser({ email: 'carol@corp.example', username: 'cc', name: 'Carol Smith' });
    fake.addUser({ email: 'dan@example.com', username: 'dan', name: 'Dan' });
    const emails = async (q: string) => (await post(fake, fake.adminApiKey, SEARCH, { q, first: 5 })).body.data.users.edges.map((e: any) => e.node.email);
    expect(await emails('CORP')).toEqual(['carol@corp.example']);
    expect(await emails('cc')).toEqual(['carol@corp.example']);
    expect(await emails('smith')).toEqual(['carol@corp.example']);
    expect(await emails('nobody')).toEqual([]);
  });

  test('pages with a server-side default and maximum, and cursors that chain', async () => {
    for (let i = 0; i < 11; i++) fake.addUser(userFixture({ username: `pager-${i}` }));
    const first = await post(fake, fake.adminApiKey, SEARCH, { q: 'pager' });
    expect(first.body.data.users.edges).toHaveLength(3);
    expect(first.body.data.users.pageInfo.hasNextPage).toBe(true);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const answer: any = await post(fake, fake.adminApiKey, SEARCH, { q: 'pager', first: 1000, after });
      const page = answer.body.data.users;
      expect(page.edges.length).toBeLessThanOrEqual(5);
      seen.push(...page.edges.map((e: any) => e.node.email));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: 11 }, (_, i) => `pager-${i}@example.com`));
  });

  test('refuses a forged cursor', async () => {
    const answer = await post(fake, fake.adminApiKey, SEARCH, { after: 'bm9wZQ==' });
    expect(refusal(answer)).toBe('BAD_USER_INPUT');
  });

  test('createUser makes a user, refuses duplicates (any case) and bad emails', async () => {
    const made = await post(fake, fake.adminApiKey, CREATE, { email: 'New.Hire@example.com', admin: true });
    expect(made.body.data.createUser.user).toMatchObject({ email: 'New.Hire@example.com', username: 'new-hire', admin: true });
    const again = await post(fake, fake.adminApiKey, CREATE, { email: 'new.hire@EXAMPLE.com' });
    expect(refusal(again)).toBe('CONFLICT');
    const bad = await post(fake, fake.adminApiKey, CREATE, { email: 'not an email' });
    expect(refusal(bad)).toBe('BAD_USER_INPUT');
    expect(fake.listUsers().filter((u) => u.email?.toLowerCase() === 'new.hire@example.com')).toHaveLength(1);
  });

  test('non-admins may not create users', async () => {
    const bob = fake.addUser({ email: 'bob@example.com' });
    const answer = await post(fake, bob.apiKey, CREATE, { email: 'eve@example.com' });
    expect(refusal(answer)).toBe('PERMISSION_ERROR');
    expect(fake.getUser('eve@example.com')).toBeUndefined();
  });

  test('teams are listed on the user', async () => {
    fake.addUser({ email: 'tm@example.com', teams: ['ml', 'infra'] });
    fake.addTeam({ name: 'research', members: ['tm@example.com'] });
    const answer = await post(fake, fake.adminApiKey, '{ users(query: "tm@") { edges { node { teams { edges { node { name isTeam memberCount } } } } } } }');
    const teams = answer.body.data.users.edges[0].node.teams.edges.map((e: any) => e.node);
    expect(teams).toEqual([
      { name: 'ml', isTeam: true, memberCount: 1 },
      { name: 'infra', isTeam: true, memberCount: 1 },
      { name: 'research', isTeam: true, memberCount: 1 },
    ]);
  });
});

describe('API keys', () => {
  test('generateApiKey reveals the secret once, in W&B format, and lists only the public name', async () => {
    const prefixed = await startFakeWandb({ keyPrefix: 'local-' });
    try {
      const made = await post(prefixed, prefixed.adminApiKey, GENERATE, { d: 'ci' });
      const key = made.body.data.generateApiKey.apiKey;
      expect(key.name).toMatch(/^local-[A-Za-z0-9_]{40,}$/);
      expect(key.description).toBe('ci');
      const listed = (await post(prefixed, prefixed.adminApiKey, KEYS)).body.data.viewer.apiKeys.edges.map((e: any) => e.node);
      const same = listed.find((k: any) => k.id === key.id);
      expect(same.name).not.toBe(key.name);
      expect(key.name.startsWith(same.name)).toBe(true);
      expect(JSON.stringify(listed)).not.toContain(key.name);
      expect((await post(prefixed, key.name, VIEWER)).body.data.viewer.username).toBe('admin');
    } finally {
      await prefixed.close();
    }
  });

  test('keys are issued to the caller, never to anyone else', async () => {
    const bob = fake.addUser({ email: 'bob@example.com' });
    const made = await post(fake, bob.apiKey, GENERATE, {});
    const secret = made.body.data.generateApiKey.apiKey.name;
    expect((await post(fake, secret, VIEWER)).body.data.viewer.email).toBe('bob@example.com');
    expect(fake.getUser('admin')!.apiKeys).toHaveLength(1);
    expect(fake.getUser(bob.id)!.apiKeys).toHaveLength(2);
  });

  test('deleteApiKey: owners and admins may, others get PERMISSION_ERROR, unknown ids NOT_FOUND', async () => {
    const bob = fake.addUser({ email: 'bob@example.com' });
    const eve = fake.addUser({ email: 'eve@example.com' });
    const bobKey = fake.addApiKey(bob.id, { description: 'spare' });
    const denied = await post(fake, eve.apiKey, DELETE, { id: bobKey.id });
    expect(refusal(denied)).toBe('PERMISSION_ERROR');
    expect(fake.getUser(bob.id)!.apiKeys.map((k) => k.id)).toContain(bobKey.id);
    const byAdmin = await post(fake, fake.adminApiKey, DELETE, { id: bobKey.id });
    expect(byAdmin.body.data.deleteApiKey.success).toBe(true);
    expect(fake.getUser(bob.id)!.apiKeys.map((k) => k.id)).not.toContain(bobKey.id);
    const gone = await post(fake, fake.adminApiKey, DELETE, { id: bobKey.id });
    expect(refusal(gone)).toBe('NOT_FOUND');
  });

  test("non-admins cannot list another user's keys", async () => {
    const bob = fake.addUser({ email: 'bob@example.com' });
    const answer = await post(fake, bob.apiKey, '{ user(userName: "bob") { apiKeys { edges { node { name } } } } }');
    expect(answer.body.data.user.apiKeys).not.toBeNull();
    const other = await post(fake, bob.apiKey, '{ user(userName: "admin") { id } }');
    expect(refusal(other)).toBe('PERMISSION_ERROR');
  });
});

describe('fields the fake does not implement', () => {
  test.each([
    ['{ viewer { photoUrl } }', 'User.photoUrl'],
    ['{ viewer { apiKey } }', 'User.apiKey'],
    ['{ serverInfo { frontendHost } }', 'ServerInfo.frontendHost'],
    ['{ viewer { teams(first: 1) { edges { node { name } } } } }', 'User.teams(first:)'],
  ])('%s answers NOT_IMPLEMENTED, never invented data', async (query, what) => {
    const answer = await post(fake, fake.adminApiKey, query);
    expect(codes(answer)).toEqual(['NOT_IMPLEMENTED']);
    expect(answer.body.errors[0].message).toContain(what);
  });
});

describe('HTTP', () => {
  const raw = (path: string, init: RequestInit = {}) => fetch(`${fake.baseUrl}${path}`, init);

  test('GET is refused with 405, other paths with 404', async () => {
    const get = await raw('/graphql');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await raw('/nope', { method: 'POST' })).status).toBe(404);
  });

  test('bodies that are not GraphQL requests get 400 with a JSON error', async () => {
    const auth = { authorization: `Basic ${Buffer.from(`api:${fake.adminApiKey}`).toString('base64')}` };
    for (const body of ['{', '[]', '{"query": 1}', '{"query": "{ viewer { id } }", "variables": []}']) {
      const answer = await raw('/graphql', { method: 'POST', headers: { ...auth, ...FIRST_PARTY, 'content-type': 'application/json' }, body });
      expect(answer.status).toBe(400);
      expect((await answer.json()).errors[0].message).toEqual(expect.any(String));
    }
  });

  test('syntax and validation errors get 400 and are logged', async () => {
    expect((await post(fake, fake.adminApiKey, '{ viewer {')).status).toBe(400);
    const invalid = await post(fake, fake.adminApiKey, '{ viewer { nope } }');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].message).toContain('Cannot query field "nope" on type "User"');
    expect(fake.requests.map((r) => r.status)).toEqual([400, 400]);
  });

  test('bodies over 4 MiB get 413', async () => {
    const answer = await post(fake, fake.adminApiKey, `{ viewer { id } } # ${'x'.repeat(5 * 1024 * 1024)}`);
    expect(answer.status).toBe(413);
  });
});

describe('request log', () => {
  test('records operation, identity, gate and status, with secrets masked', async () => {
    const bob = fake.addUser({ email: 'bob@example.com' });
    await post(fake, bob.apiKey, 'query Who { viewer { id } }');
    await post(fake, undefined, 'query Who { viewer { id } }');
    await post(fake, fake.adminApiKey, 'query Echo($q: String) { users(query: $q) { edges { node { id } } } }', { q: bob.apiKey }, {});
    expect(fake.requests).toEqual([
      { operationName: 'Who', variables: null, identity: 'bob', firstParty: true, status: 200, errors: [], executed: true },
      {
        operationName: 'Who',
        variables: null,
        identity: null,
        firstParty: true,
        status: 401,
        errors: [expect.stringMatching(/authentication required/)],
        executed: false,
      },
      {
        operationName: 'Echo',
        variables: { q: '[REDACTED]' },
        identity: 'admin',
        firstParty: false,
        status: 401,
        errors: ['RELOGIN_REQUIRED'],
        executed: true,
      },
    ]);
    expect(JSON.stringify(fake.requests)).not.toContain(bob.apiKey);
    fake.clearRequests();
    expect(fake.requests).toEqual([]);
  });
});
