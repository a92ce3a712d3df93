import { type FakeWandb, startFakeWandb, userFixture } from '@wandb-ts/testing';
import { ConflictError, PermissionError, User, ValidationError } from '../src';
import type { UserFragment } from '../src/graphql';
import { apiFor } from './helpers';

let fake: FakeWandb;
beforeEach(async () => {
  fake = await startFakeWandb({ defaultPageSize: 4, maxPageSize: 4 });
});
afterEach(() => fake.close());

describe('viewer', () => {
  test('is the user the key belongs to, with keys and teams loaded', async () => {
    const ann = fake.addUser({ email: 'ann@example.com', name: 'Ann', teams: ['ml', 'infra'] });
    const me = await apiFor(fake, ann.apiKey).viewer();
    expect(me).toBeInstanceOf(User);
    expect(me).toMatchObject({ id: ann.id, username: 'ann', email: 'ann@example.com', name: 'Ann', admin: false, entity: 'ann', deletedAt: null, flags: null });
    expect(me.teams).toEqual(['ml', 'infra']);
    expect(me.apiKeys).toEqual(fake.getUser(ann.id)!.apiKeys.map((k) => k.name));
    expect(me.apiKeys).not.toContain(ann.apiKey);
  });
});

describe('serverInfo', () => {
  test('says what the server reports about itself, to any signed-in user, with the selection W&B clients send', async () => {
    const ann = fake.addUser({ email: 'ann@example.com' });
    expect(await apiFor(fake, ann.apiKey).serverInfo()).toEqual({
      maxCliVersion: '0.23.0',
      minCliVersion: '0.10.0',
      localVersion: { version: '0.70.0', latestVersion: '0.70.0', outOfDate: false },
    });
    expect(fake.requests.at(-1)?.operationName).toBe('GetServerInfo');
  });

  test('an instance behind the newest release is out of date; a CLI version that is not a string is null', async () => {
    const older = await startFakeWandb({
      serverInfo: { version: '0.68.1', latestVersion: '0.71.0', cliVersionInfo: { max_cli_version: 23, min_cli_version: '0.15.0' } },
    });
    try {
      expect(await apiFor(older).serverInfo()).toEqual({
        maxCliVersion: null,
        minCliVersion: '0.15.0',
        localVersion: { version: '0.68.1', latestVersion: '0.71.0', outOfDate: true },
      });
    } finally {
      await older.close();
    }
  });

  test('W&B cloud reports no instance version', async () => {
    const cloud = await startFakeWandb({ deployment: 'cloud' });
    try {
      expect((await apiFor(cloud).serverInfo()).localVersion).toBeNull();
    } finally {
      await cloud.close();
    }
  });
});

describe('user', () => {
  test('finds by username and by email (any case)', async () => {
    const api = apiFor(fake);
    fake.addUser({ email: 'Bob.Jones@example.com', username: 'bob' });
    expect((await api.user('bob'))?.email).toBe('Bob.Jones@example.com');
    expect((await api.user('bob.jones@EXAMPLE.com'))?.username).toBe('bob');
  });

  test('prefers an exact match over earlier partial matches, even on a later page', async () => {
    for (let i = 0; i < 6; i++) fake.addUser({ email: `sam${i}@example.com`, username: `sam${i}x` });
    fake.addUser({ email: 'someone@example.com', username: 'sam' });
    expect((await apiFor(fake).user('sam'))?.email).toBe('someone@example.com');
  });

  test('without an exact match, returns the first match as the W&B SDK does; null when none', async () => {
    fake.addUser({ email: 'carla@example.com', username: 'carla' });
    const api = apiFor(fake);
    expect((await api.user('carl'))?.username).toBe('carla');
    expect(await api.user('nobody-like-this')).toBeNull();
  });

  test('is admin only', async () => {
    const eve = fake.addUser({ email: 'eve@example.com' });
    await expect(apiFor(fake, eve.apiKey).user('admin')).rejects.toThrow(PermissionError);
  });

  test.each([
    ['empty', ''],
    ['blank', '   '],
    ['with a NUL', 'a\u0000b'],
    ['1 MB long', 'x'.repeat(1_000_000)],
    ['a number', 42 as unknown as string],
  ])('refuses a lookup that is %s before sending anything', async (_what, bad) => {
    fake.clearRequests();
    await expect(apiFor(fake).user(bad)).rejects.toThrow(ValidationError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('exactUser', () => {
  test('finds by exact username, and by email in any case; a service account shows its account type', async () => {
    const api = apiFor(fake);
    fake.addUser({ email: 'Bob.Jones@example.com', username: 'bob' });
    fake.addTeam({ name: 'ml', members: [{ username: 'bob', role: 'admin' }] });
    const bot = fake.addServiceAccount('ml', 'Nightly eval');
    expect((await api.exactUser('bob'))?.email).toBe('Bob.Jones@example.com');
    expect((await api.exactUser(' bob.jones@EXAMPLE.com '))?.username).toBe('bob');
    expect(await api.exactUser('bob'))?.toMatchObject({ accountType: 'USER', isServiceAccount: false });
    expect(await api.exactUser(bot.username)).toMatchObject({ id: bot.id, accountType: 'SERVICE', isServiceAccount: true });
  });

  test('never takes a partial match: null where api.user would answer the first match', async () => {
    fake.addUser({ email: 'anna@example.com', username: 'anna' });
    const api = apiFor(fake);
    expect((await api.user('ann'))?.username).toBe('anna');
    expect(await api.exactUser('ann')).toBeNull();
    expect(await api.exactUser('Anna')).toBeNull(); // usernames are case-sensitive
  });

  test('an exact match on a later page is found', async () => {
    for (let i = 0; i < 6; i++) fake.addUser({ email: `sam${i}@example.com`, username: `sam${i}x` });
    fake.addUser({ email: 'someone@example.com', username: 'sam' });
    expect((await apiFor(fake).exactUser('sam'))?.email).toBe('someone@example.com');
  });

  test('an empty or non-string name is a ValidationError before sending', async () => {
    fake.clearRequests();
    await expect(apiFor(fake).exactUser('  ')).rejects.toThrow(ValidationError);
    await expect(apiFor(fake).exactUser(7 as never)).rejects.toThrow(ValidationError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('users', () => {
  test('pages through every match although the server caps pages', async () => {
    for (let i = 0; i < 10; i++) fake.addUser(userFixture({ username: `dev-${i}` }));
    fake.clearRequests();
    const found = await apiFor(fake).users('dev-');
    expect(found.map((u) => u.username)).toEqual(Array.from({ length: 10 }, (_, i) => `dev-${i}`));
    expect(fake.requests.map((r) => r.operationName)).toEqual(['SearchUsers', 'SearchUsers', 'SearchUsers']);
  });

  test('an empty query lists everyone; iterUsers yields the same, page by page', async () => {
    for (let i = 0; i < 5; i++) fake.addUser(userFixture());
    const api = apiFor(fake);
    const all = await api.users('');
    expect(all).toHaveLength(6);
    const streamed: string[] = [];
    for await (const user of api.iterUsers('', { pageSize: 2 })) streamed.push(user.id);
    expect(streamed).toEqual(all.map((u) => u.id));
  });

  test('userPages yields each page as one array of Users, one request per page', async () => {
    for (let i = 0; i < 4; i++) fake.addUser(userFixture({ username: `page-${i}` }));
    const api = apiFor(fake);
    fake.clearRequests();
    const pages: string[][] = [];
    for await (const page of api.userPages('page-', { pageSize: 3 })) {
      expect(page.every((user) => user instanceof User)).toBe(true);
      pages.push(page.map((user) => user.username ?? ''));
      // A page is yielded when its request is answered, before the next one is sent.
      expect(fake.requests).toHaveLength(pages.length);
    }
    expect(pages).toEqual([['page-0', 'page-1', 'page-2'], ['page-3']]);
  });

  test('userPages yields nothing when nobody matches, and checks its arguments before sending', async () => {
    const api = apiFor(fake);
    fake.clearRequests();
    const pages: unknown[] = [];
    for await (const page of api.userPages('nobody-matches-this')) pages.push(page);
    expect(pages).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    fake.clearRequests();
    await expect(api.userPages('', { pageSize: 1.5 }).next()).rejects.toThrow(ValidationError);
    expect(fake.requests).toHaveLength(0);
  });

  test('refuses a bad page size before sending', async () => {
    fake.clearRequests();
    await expect(apiFor(fake).users('', { pageSize: 0 })).rejects.toThrow(ValidationError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('createUser and User.create', () => {
  test('creates a user, admin false by default', async () => {
    const api = apiFor(fake);
    const made = await api.createUser('new.hire@example.com');
    expect(made).toMatchObject({ email: 'new.hire@example.com', admin: false });
    expect(made.apiKeys).toEqual([]);
    expect(fake.getUser('new.hire@example.com')).toMatchObject({ id: made.id, admin: false });
    const boss = await User.create(api, 'boss@example.com', true);
    expect(fake.getUser('boss@example.com')?.admin).toBe(true);
    expect(boss.admin).toBe(true);
    expect((await User.create(api, 'third@example.com')).admin).toBe(false);
  });

  test('a duplicate email is a ConflictError and creates nothing', async () => {
    const api = apiFor(fake);
    await api.createUser('dup@example.com');
    await expect(api.createUser('DUP@example.com')).rejects.toThrow(ConflictError);
    expect(fake.listUsers().filter((u) => u.email?.toLowerCase() === 'dup@example.com')).toHaveLength(1);
  });

  test('a non-admin gets a PermissionError naming the operation', async () => {
    const eve = fake.addUser({ email: 'eve@example.com' });
    const error = await apiFor(fake, eve.apiKey)
      .createUser('x@example.com')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as PermissionError).operation).toBe('CreateUserFromAdmin');
    expect((error as Error).message).toMatch(/^CreateUserFromAdmin: /);
    expect(fake.getUser('x@example.com')).toBeUndefined();
  });

  test.each([[''], ['plainaddress'], ['a@b'], ['two@@example.com'], ['sp ace@example.com'], [`${'x'.repeat(250)}@example.com`], [null as unknown as string]])(
    'refuses the email %p before sending anything',
    async (email) => {
      fake.clearRequests();
      await expect(apiFor(fake).createUser(email)).rejects.toThrow(ValidationError);
      expect(fake.requests).toHaveLength(0);
    },
  );

  test('refuses a non-boolean admin flag before sending', async () => {
    fake.clearRequests();
    await expect(apiFor(fake).createUser('ok@example.com', { admin: 'yes' as never })).rejects.toThrow(ValidationError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('User', () => {
  const attrs = (over: Partial<UserFragment>): UserFragment => ({
    id: '',
    name: '',
    username: null,
    email: null,
    admin: null,
    flags: null,
    entity: null,
    deletedAt: null,
    accountType: null,
    apiKeys: null,
    teams: null,
    ...over,
  });

  test("String(user) follows W&B's order: email, username, id, quoted name, ???", () => {
    const api = apiFor(fake);
    expect(String(new User(api, attrs({ email: 'e@x.io', username: 'u', id: 'i', name: 'n' })))).toBe('<User e@x.io>');
    expect(String(new User(api, attrs({ username: 'u', id: 'i', name: 'n' })))).toBe('<User u>');
    expect(String(new User(api, attrs({ id: 'i', name: 'n' })))).toBe('<User i>');
    expect(String(new User(api, attrs({ name: 'n' })))).toBe("<User 'n'>");
    expect(String(new User(api, attrs({})))).toBe('<User ???>');
  });

  test('apiKeys and teams are [] when not loaded', () => {
    const user = new User(apiFor(fake), attrs({ id: 'i' }));
    expect(user.apiKeys).toEqual([]);
    expect(user.teams).toEqual([]);
  });
});
