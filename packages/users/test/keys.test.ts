import { inspect } from 'node:util';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { ApiKeyNotFoundError, User, ValidationError } from '../src';
import { SearchUsersDocument } from '../src/graphql';
import { apiFor } from './helpers';

let fake: FakeWandb;
beforeEach(async () => {
  fake = await startFakeWandb();
});
afterEach(() => fake.close());

describe('generateApiKey', () => {
  test("creates a key for the viewer with the viewer's own credentials and returns the full secret once", async () => {
    const ann = fake.addUser({ email: 'ann@example.com' });
    const api = apiFor(fake, ann.apiKey);
    const me = await api.viewer();
    expect(await me.isViewer()).toBe(true);
    const before = me.apiKeys;

    const secret = await me.generateApiKey('ci runner');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    // The secret works, and it works as Ann.
    expect((await apiFor(fake, secret!).viewer()).id).toBe(ann.id);
    // The listing shows the server's listing name, not the secret, and matches the server.
    const server = fake.getUser(ann.id)!.apiKeys;
    expect(me.apiKeys).toEqual(server.map((k) => k.name));
    expect(me.apiKeys).toHaveLength(before.length + 1);
    expect(me.apiKeys).not.toContain(secret);
    expect(server.find((k) => !before.includes(k.name))?.description).toBe('ci runner');
    // Stored nowhere else in the object.
    expect(JSON.stringify(me)).not.toContain(secret);
    expect(inspect(me, { showHidden: true, depth: 10 })).not.toContain(secret);
    expect(String(me)).not.toContain(secret);
    // Nothing was created for anyone else.
    expect(fake.getUser('admin')!.apiKeys).toHaveLength(1);
  });

  test('returns null and creates nothing for a user whose credentials are unknown (fetched by an admin)', async () => {
    const bob = fake.addUser({ email: 'bob@example.com' });
    const admin = apiFor(fake);
    await admin.viewer();
    const fetched = await admin.user('bob');
    expect(await fetched?.isViewer()).toBe(false);
    fake.clearRequests();
    expect(await fetched!.generateApiKey('should not exist')).toBeNull();
    expect(fake.requests).toHaveLength(0);
    expect(fake.getUser(bob.id)!.apiKeys).toHaveLength(1);
    expect(fake.getUser('admin')!.apiKeys).toHaveLength(1);
  });

  test("a user found by search who is the Api's own viewer can generate (the Api's key is theirs)", async () => {
    const admin = apiFor(fake);
    await admin.viewer();
    const self = await admin.user('admin');
    expect(await self!.isViewer()).toBe(true);
    expect(await self!.generateApiKey()).toEqual(expect.any(String));
    expect(fake.getUser('admin')!.apiKeys).toHaveLength(2);
  });

  test('returns null when the server refuses', async () => {
    const ann = fake.addUser({ email: 'ann@example.com' });
    const me = await apiFor(fake, ann.apiKey).viewer();
    fake.deleteUser(ann.id);
    expect(await me.generateApiKey()).toBeNull();
    expect(fake.getUser(ann.id)!.apiKeys).toHaveLength(1);
  });

  test.each([
    ['a number', 42],
    ['an object', { text: 'x' }],
    ['too long', 'd'.repeat(1001)],
    ['with control characters', 'a\u0007b'],
  ])('refuses a description that is %s before sending', async (_what, description) => {
    const me = await apiFor(fake).viewer();
    fake.clearRequests();
    await expect(me.generateApiKey(description as never)).rejects.toThrow(ValidationError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('apiKeyDetails', () => {
  test('lists names with descriptions, as the server holds them, never secrets', async () => {
    const ann = fake.addUser({ email: 'ann@example.com', apiKeys: [{ description: 'laptop' }, { description: null }] });
    const me = await apiFor(fake, ann.apiKey).viewer();
    const server = fake.getUser(ann.id)!.apiKeys;
    expect(me.apiKeyDetails).toEqual(server.map((k) => ({ name: k.name, description: k.description })));
    expect(me.apiKeyDetails.map((k) => k.description)).toEqual(['laptop', null]);
    expect(JSON.stringify(me.apiKeyDetails)).not.toContain(ann.apiKey);
    const secret = await me.generateApiKey('ci');
    expect(me.apiKeyDetails.map((k) => k.name)).toEqual(me.apiKeys);
    expect(me.apiKeyDetails.at(-1)?.description).toBe('ci');
    expect(JSON.stringify(me.apiKeyDetails)).not.toContain(secret);
  });
});

describe('deleteApiKey', () => {
  test('deletes by listing name; the name leaves apiKeys and the key stops working', async () => {
    const ann = fake.addUser({ email: 'ann@example.com' });
    const spare = fake.addApiKey(ann.id, { description: 'spare' });
    const me = await apiFor(fake, ann.apiKey).viewer();
    expect(me.apiKeys).toContain(spare.name);
    expect(await me.deleteApiKey(spare.name)).toBe(true);
    expect(me.apiKeys).not.toContain(spare.name);
    expect(fake.getUser(ann.id)!.apiKeys.map((k) => k.name)).toEqual(me.apiKeys);
    await expect(apiFor(fake, spare.secret).viewer()).rejects.toThrow(/401/);
  });

  test("an admin deletes another user's key", async () => {
    const bob = fake.addUser({ email: 'bob@example.com' });
    const fetched = await apiFor(fake).user('bob');
    const [name] = fetched!.apiKeys;
    expect(await fetched!.deleteApiKey(name!)).toBe(true);
    expect(fake.getUser(bob.id)!.apiKeys).toEqual([]);
  });

  test('a name not in apiKeys throws ApiKeyNotFoundError naming it, and sends nothing', async () => {
    const me = await apiFor(fake).viewer();
    fake.clearRequests();
    const error = await me.deleteApiKey('no-such-key').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiKeyNotFoundError);
    expect((error as Error).message).toContain('"no-such-key"');
    expect((error as ApiKeyNotFoundError).available).toEqual(me.apiKeys);
    expect(fake.requests).toHaveLength(0);
  });

  test('passing the secret instead of the name does not echo the secret', async () => {
    const me = await apiFor(fake).viewer();
    const error = await me.deleteApiKey(fake.adminApiKey).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiKeyNotFoundError);
    expect((error as Error).message).not.toContain(fake.adminApiKey);
    expect(inspect(error)).not.toContain(fake.adminApiKey);
  });

  test('returns false when the server refuses (neither owner nor admin); the key stays', async () => {
    const bob = fake.addUser({ email: 'bob@example.com' });
    const eve = fake.addUser({ email: 'eve@example.com' });
    // Bob's attributes as an admin loaded them, but held by Eve's Api.
    const loaded = await apiFor(fake).request(SearchUsersDocument, { query: 'bob@' });
    const bobAsSeenByEve = new User(apiFor(fake, eve.apiKey), loaded.users!.edges[0]!.node!);
    const [name] = bobAsSeenByEve.apiKeys;
    expect(await bobAsSeenByEve.deleteApiKey(name!)).toBe(false);
    expect(bobAsSeenByEve.apiKeys).toEqual([name]);
    expect(fake.getUser(bob.id)!.apiKeys.map((k) => k.name)).toEqual([name]);
  });

  test('returns false when the server is unreachable', async () => {
    const other = await startFakeWandb();
    const me = await apiFor(other).viewer();
    await other.close();
    expect(await me.deleteApiKey(me.apiKeys[0]!)).toBe(false);
    expect(me.apiKeys).toHaveLength(1);
  });

  test.each([
    ['empty', ''],
    ['blank', '  '],
    ['a number', 7],
  ])('refuses a name that is %s before sending', async (_what, name) => {
    const me = await apiFor(fake).viewer();
    fake.clearRequests();
    await expect(me.deleteApiKey(name as never)).rejects.toThrow(ValidationError);
    expect(fake.requests).toHaveLength(0);
  });
});
