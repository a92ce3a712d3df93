import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { AbortError, type Api, ServerError, User } from '../src';
import type { ModelClient } from '../src/transport/model-client';
import { apiFor } from './helpers';

// No answer depends on which methods were called before. The Api learns whose
// key it holds from the answers that return users (each page of SearchUsers
// selects the viewer's ID too), or else when it first needs to (one GetViewer,
// shared by concurrent callers, not remembered when it fails).

let fake: FakeWandb;
beforeEach(async () => {
  fake = await startFakeWandb();
});
afterEach(() => fake.close());

const calls = (operation: string) => fake.requests.filter((r) => r.operationName === operation);

test("(await api.user('<my own username>')).generateApiKey() works without api.viewer() first", async () => {
  const ann = fake.addUser({ email: 'ann@example.com', username: 'ann', admin: true });
  const api = apiFor(fake, ann.apiKey);
  const me = await api.user('ann');
  const secret = await me!.generateApiKey('no viewer() before');
  expect(secret).toEqual(expect.any(String));
  expect(fake.issuedSecrets()).toContain(secret);
  // Only the reload of the listing: whose key it is came with the search.
  expect(calls('GetViewer')).toHaveLength(1);
  expect(me!.apiKeys).toEqual(fake.getUser(ann.id)!.apiKeys.map((k) => k.name));
});

test('the same calls in either order give the same answers', async () => {
  const bob = fake.addUser({ email: 'bob@example.com', username: 'bob' });
  const run = async (order: 'viewer first' | 'viewer last') => {
    const api = apiFor(fake);
    if (order === 'viewer first') await api.viewer();
    const admin = await api.user('admin');
    const other = await api.user('bob');
    const answers = [await admin!.isViewer(), await other!.isViewer(), await other!.generateApiKey('not mine')];
    if (order === 'viewer last') await api.viewer();
    return answers;
  };
  expect(await run('viewer last')).toEqual([true, false, null]);
  expect(await run('viewer first')).toEqual([true, false, null]);
  expect(fake.getUser(bob.id)!.apiKeys).toHaveLength(1);
});

test('concurrent callers share one GetViewer; once known it is not asked again', async () => {
  const attrs = [];
  for await (const user of apiFor(fake).searchUsers('')) attrs.push(user);
  // Users built by hand on an Api that has not learnt whose key it holds: each must ask.
  const api = apiFor(fake);
  const users = attrs.map((user) => new User(api, user));
  fake.clearRequests();
  const answers = await Promise.all([...users, ...users, ...users].map((u) => u.isViewer()));
  expect(answers.filter(Boolean)).toHaveLength(3);
  expect(await api.viewerId()).toBe(fake.adminUserId);
  expect(calls('GetViewer')).toHaveLength(1);
});

test('a failed lookup is not remembered: the next caller asks again', async () => {
  const api = apiFor(fake, fake.adminApiKey, { retry: false });
  fake.injectFault({ operation: 'GetViewer', fault: { type: 'status', status: 500 } });
  await expect(api.viewerId()).rejects.toThrow(ServerError);
  expect(await api.viewerId()).toBe(fake.adminUserId);
  expect(calls('GetViewer')).toHaveLength(2);
});

test("a caller's signal ends its own wait, not the lookup others share", async () => {
  const api = apiFor(fake);
  fake.injectFault({ operation: 'GetViewer', fault: { type: 'latency', ms: 300 } });
  const controller = new AbortController();
  const impatient = api.viewerId({ signal: controller.signal });
  const patient = api.viewerId();
  controller.abort();
  await expect(impatient).rejects.toThrow(AbortError);
  expect(await patient).toBe(fake.adminUserId);
  expect(calls('GetViewer')).toHaveLength(1);
});

test('User depends on the narrow ModelClient interface, so any client that does the same works', async () => {
  const api = apiFor(fake);
  const viewerIds: string[] = [];
  // A client with the Api's transport that reports its viewer lookups: models need nothing else.
  const client: ModelClient = {
    graphqlUrl: api.graphqlUrl,
    request: (document, variables, options) => api.request(document, variables, options),
    execute: (document, variables, options) => api.execute(document, variables, options),
    viewerId: async (options) => {
      const id = await api.viewerId(options);
      viewerIds.push(id);
      return id;
    },
    searchUsers: (query, options) => api.searchUsers(query, options),
  };
  const { value: attrs } = await api.searchUsers('admin').next();
  const me = new User(client, attrs!);
  expect(await me.generateApiKey('through a ModelClient')).toEqual(expect.any(String));
  // Asked of the client each time (which remembers): the User was not told.
  expect(viewerIds).toEqual([fake.adminUserId, fake.adminUserId]);
});

describe('User.userApi: an Api authenticated as the user, for the user whose key the Api holds', () => {
  type Way = (api: Api) => Promise<(User<Api> | null)[]>;
  // Every way of getting Users from an Api: ann (whose key it holds) and bob among them.
  const ways: [string, Way][] = [
    ['api.viewer()', async (api) => [await api.viewer()]],
    ['api.user()', async (api) => [await api.user('ann'), await api.user('bob')]],
    ['api.users()', (api) => api.users('example.com')],
    [
      'api.iterUsers()',
      async (api) => {
        const found = [];
        for await (const user of api.iterUsers('example.com')) found.push(user);
        return found;
      },
    ],
    [
      'api.userPages()',
      async (api) => {
        const found = [];
        for await (const page of api.userPages('example.com', { pageSize: 1 })) found.push(...page);
        return found;
      },
    ],
    ['api.createUser()', async (api) => [await api.createUser(`new-${Math.random().toString(36).slice(2)}@example.com`)]],
  ];

  test.each(ways)('%s, with or without api.viewer() before: the Api for ann, null for anyone else, and no extra request', async (way, get) => {
    const ann = fake.addUser({ email: 'ann@example.com', username: 'ann', admin: true });
    fake.addUser({ email: 'bob@example.com', username: 'bob' });
    for (const order of ['viewer() first', 'nothing before'] as const) {
      const api = apiFor(fake, ann.apiKey);
      if (order === 'viewer() first') await api.viewer();
      fake.clearRequests();
      const users = (await get(api)).filter((u): u is User<Api> => u !== null);
      expect(users.length).toBeGreaterThan(0);
      // Each answer said whose key it is: nothing was asked besides the call itself.
      expect(calls('GetViewer')).toHaveLength(way === 'api.viewer()' ? 1 : 0);
      for (const user of users) {
        expect({ order, user: user.username, userApi: user.userApi === api }).toEqual({ order, user: user.username, userApi: user.id === ann.id });
        if (user.id !== ann.id) expect(user.userApi).toBeNull();
      }
    }
  });

  test('userApi acts as the user: its viewer is that user, and it makes keys for them', async () => {
    const ann = fake.addUser({ email: 'ann@example.com', username: 'ann', admin: true });
    const api = apiFor(fake, ann.apiKey);
    const [me] = await api.users('ann');
    const viaUserApi = await me!.userApi!.viewer();
    expect(viaUserApi.id).toBe(ann.id);
    expect(viaUserApi.userApi).toBe(api);
    expect(await me!.userApi!.viewer().then((u) => u.generateApiKey('via userApi'))).toEqual(expect.any(String));
    expect(fake.getUser(ann.id)!.apiKeys.map((k) => k.description)).toContain('via userApi');
  });

  test('a User keeps its userApi through the lifecycle changes that replace its attributes', async () => {
    const api = apiFor(fake);
    const me = await api.user('admin');
    const bob = fake.addUser({ email: 'bob@example.com', username: 'bob' });
    const other = await api.user('bob');
    expect(await other!.setAdmin(true)).toBe(true);
    expect(await other!.deactivate()).toBe(true);
    expect([me!.userApi, other!.userApi, other!.id]).toEqual([api, null, bob.id]);
  });

  test('a User built by hand has no userApi unless told whose key the client holds', async () => {
    const api = apiFor(fake);
    const { value: attrs } = await api.searchUsers('admin').next();
    expect(new User(api, attrs!).userApi).toBeNull();
    expect(new User(api, attrs!, { isViewer: true }).userApi).toBe(api);
    // isViewer() still asks the server when nobody said; userApi stays what the User was built knowing.
    const unknowing = new User(apiFor(fake), attrs!);
    expect(await unknowing.isViewer()).toBe(true);
    expect(unknowing.userApi).toBeNull();
  });
});
