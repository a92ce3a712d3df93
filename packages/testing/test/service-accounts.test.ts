import { post } from './helpers';
import { CREATE_SERVICE_ACCOUNT, DELETE_INVITE, members, NO_HEADERS, refusal, startTeamWorld, type TeamWorld } from './team-world';

const VIEWER = '{ viewer { id username email accountType } }';

let world: TeamWorld;
beforeEach(async () => {
  world = await startTeamWorld();
});
afterEach(() => world.fake.close());

/** Creates a service account of `ml` as ann (team admin) over GraphQL; returns its user. */
async function createBot(description = 'Nightly eval bot') {
  const answer = await post(world.fake, world.ann.apiKey, CREATE_SERVICE_ACCOUNT, { entity: 'ml', description });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.createServiceAccount.user;
}

test('a team admin creates a service account: account type SERVICE, no email, named after its description, a member of the team', async () => {
  const bot = await createBot();
  expect(bot).toEqual({ id: expect.any(String), username: 'nightly-eval-bot', name: 'Nightly eval bot', email: null, accountType: 'SERVICE' });
  const listed = (await members(world.fake, world.ann.apiKey, 'ml')).at(-1);
  expect(listed).toMatchObject({ id: bot.id, username: 'nightly-eval-bot', accountType: 'SERVICE', role: 'member', pending: false, email: null });
  expect(world.fake.getUser(bot.id)).toMatchObject({ accountType: 'SERVICE', email: null, memberships: [{ team: 'ml', role: 'member' }] });
  // Another account with the same description gets a name of its own.
  expect((await createBot()).username).toBe('nightly-eval-bot2');
});

test('its key, listed to team admins, authenticates as the service account', async () => {
  const bot = await createBot();
  const key = (await members(world.fake, world.ann.apiKey, 'ml')).find((m) => m.id === bot.id).apiKey;
  expect(key).toMatch(/^[A-Za-z0-9]{40}$/);
  expect(world.fake.issuedSecrets()).toContain(key);
  const me = await post(world.fake, key, VIEWER);
  expect(me.body.data.viewer).toEqual({ id: bot.id, username: 'nightly-eval-bot', email: null, accountType: 'SERVICE' });
});

test('the key is listed to team admins and instance admins only; null to members, viewers, and an instance admin without the first-party headers', async () => {
  const bot = await createBot();
  const keyAs = async (apiKey: string, headers?: Record<string, string>) => {
    const answer = await post(world.fake, apiKey, '{ entity(name: "ml") { members { id apiKey } } }', {}, headers);
    return answer.body.data.entity?.members.find((m: any) => m.id === bot.id)?.apiKey;
  };
  const secret = await keyAs(world.ann.apiKey);
  expect(secret).toEqual(expect.any(String));
  expect(await keyAs(world.fake.adminApiKey)).toBe(secret);
  expect(await keyAs(world.bob.apiKey)).toBeNull();
  expect(await keyAs(world.vic.apiKey)).toBeNull();
  // The instance admin is not a member of ml: without the headers it may not list members at all.
  expect(await keyAs(world.fake.adminApiKey, NO_HEADERS)).toBeUndefined();
  world.fake.addTeam({
    name: 'shared',
    members: [
      { username: 'admin', role: 'member' },
      { username: 'ann', role: 'admin' },
    ],
  });
  const shared = world.fake.addServiceAccount('shared', 'ci');
  const sharedAsMember = await post(world.fake, world.fake.adminApiKey, '{ entity(name: "shared") { members { id apiKey } } }', {}, NO_HEADERS);
  expect(sharedAsMember.body.data.entity.members.find((m: any) => m.id === shared.id).apiKey).toBeNull();
  // Members that are not service accounts never show a key.
  expect((await members(world.fake, world.fake.adminApiKey, 'ml')).filter((m) => m.accountType === 'USER').map((m) => m.apiKey)).toEqual([null, null, null]);
});

test('removing a service account from its team (deleteInvite with its id) keeps the account and its key', async () => {
  const bot = world.fake.addServiceAccount('ml', 'ci');
  expect(bot).toEqual({ id: expect.any(String), username: 'ci', name: 'ci', apiKey: expect.stringMatching(/^[A-Za-z0-9]{40}$/) });
  expect((await post(world.fake, world.ann.apiKey, DELETE_INVITE, { id: bot.id, entity: 'ml' })).body.data.deleteInvite.success).toBe(true);
  expect(world.fake.getUser(bot.id)!.teams).toEqual([]);
  expect((await post(world.fake, bot.apiKey, VIEWER)).body.data.viewer.username).toBe('ci');
});

test('only team admins and instance admins may create service accounts; a description is required', async () => {
  for (const who of ['bob', 'vic', 'eve'] as const) {
    expect(refusal(await post(world.fake, world[who].apiKey, CREATE_SERVICE_ACCOUNT, { entity: 'ml', description: 'x' }))).toBe('PERMISSION_ERROR');
  }
  expect(refusal(await post(world.fake, world.fake.adminApiKey, CREATE_SERVICE_ACCOUNT, { entity: 'ml', description: 'x' }, NO_HEADERS))).toBe(
    'RELOGIN_REQUIRED',
  );
  expect(refusal(await post(world.fake, world.ann.apiKey, CREATE_SERVICE_ACCOUNT, { entity: 'ml', description: '  ' }))).toBe('BAD_USER_INPUT');
  expect(refusal(await post(world.fake, world.ann.apiKey, CREATE_SERVICE_ACCOUNT, { description: 'x' }))).toBe('BAD_USER_INPUT');
  expect(refusal(await post(world.fake, world.ann.apiKey, CREATE_SERVICE_ACCOUNT, { entity: 'nope', description: 'x' }))).toBe('NOT_FOUND');
  expect(world.fake.listUsers().filter((u) => u.accountType === 'SERVICE')).toEqual([]);
  expect((await post(world.fake, world.fake.adminApiKey, CREATE_SERVICE_ACCOUNT, { entity: 'ml', description: 'x' })).body.errors).toBeUndefined();
});

test("the request log masks a service account's key sent as a variable, as an issued secret", async () => {
  // With a prefix, only knowing the secret masks it whole (the key-shaped pattern would leave "local-").
  const prefixed = await startTeamWorld({ keyPrefix: 'local-' });
  try {
    const bot = prefixed.fake.addServiceAccount('ml', 'ci');
    expect(bot.apiKey.startsWith('local-')).toBe(true);
    await post(prefixed.fake, prefixed.ann.apiKey, 'query Echo($q: String) { users(query: $q) { edges { node { id } } } }', { q: bot.apiKey });
    expect(prefixed.fake.requests.at(-1)!.variables).toEqual({ q: '[REDACTED]' });
    expect(JSON.stringify(prefixed.fake.requests)).not.toContain(bot.apiKey.slice(6));
  } finally {
    await prefixed.fake.close();
  }
});
