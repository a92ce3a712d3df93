import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { AbortError, ServerError, User } from '../src';
import type { ModelClient } from '../src/model-client';
import { apiFor } from './helpers';

// Issue 11.2: no answer depends on which methods were called before. The Api
// learns whose key it holds when it first needs to (one GetViewer, shared by
// concurrent callers, not remembered when it fails).

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
  expect(calls('GetViewer')).toHaveLength(2); // who the key belongs to, then the reload of the listing
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
  const api = apiFor(fake);
  const users = await api.users('');
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
  expect(viewerIds).toEqual([fake.adminUserId, fake.adminUserId]);
});
