import { post } from './helpers';
import { members, NO_HEADERS, refusal, startTeamWorld, type TeamWorld } from './team-world';

const VIEWER = '{ viewer { username } }';
const DELETE_USER = 'mutation DeleteUser($id: ID!) { deleteUser(input: { id: $id }) { user { id username deletedAt } } }';
const UNDELETE_USER = 'mutation UndeleteUser($id: ID!) { undeleteUser(input: { id: $id }) { user { id deletedAt } } }';
const UPDATE_USER = 'mutation UpdateUser($id: ID, $admin: Boolean) { updateUser(input: { id: $id, admin: $admin }) { user { id admin } } }';
const SEARCH = 'query($q: String) { users(query: $q) { edges { node { username deletedAt } } } }';

let world: TeamWorld;
beforeEach(async () => {
  world = await startTeamWorld();
});
afterEach(() => world.fake.close());

test('deleteUser deactivates: the account stays with deletedAt set, every key of it gets 401, its team memberships stay', async () => {
  const spare = world.fake.addApiKey(world.bob.id);
  const answer = await post(world.fake, world.fake.adminApiKey, DELETE_USER, { id: world.bob.id });
  const deletedAt = answer.body.data.deleteUser.user.deletedAt;
  expect(answer.body.data.deleteUser.user).toEqual({ id: world.bob.id, username: 'bob', deletedAt: expect.any(String) });
  expect(Date.parse(deletedAt)).not.toBeNaN();
  for (const key of [world.bob.apiKey, spare.secret]) expect((await post(world.fake, key, VIEWER)).status).toBe(401);
  expect(world.fake.getUser('bob')).toMatchObject({ deletedAt, memberships: [{ team: 'ml', role: 'member' }] });
  expect((await members(world.fake, world.ann.apiKey, 'ml')).map((m) => m.username)).toEqual(['ann', 'bob', 'vic']);
  expect((await post(world.fake, world.fake.adminApiKey, SEARCH, { q: 'bob' })).body.data.users.edges).toEqual([{ node: { username: 'bob', deletedAt } }]);
  // Again: nothing changes, and the answer is the same.
  const again = await post(world.fake, world.fake.adminApiKey, DELETE_USER, { id: world.bob.id });
  expect(again.body.data.deleteUser.user.deletedAt).toBe(deletedAt);
});

test('undeleteUser reactivates: deletedAt is cleared and the same keys authenticate again', async () => {
  await post(world.fake, world.fake.adminApiKey, DELETE_USER, { id: world.bob.id });
  expect((await post(world.fake, world.bob.apiKey, VIEWER)).status).toBe(401);
  const answer = await post(world.fake, world.fake.adminApiKey, UNDELETE_USER, { id: world.bob.id });
  expect(answer.body.data.undeleteUser.user).toEqual({ id: world.bob.id, deletedAt: null });
  expect((await post(world.fake, world.bob.apiKey, VIEWER)).body.data.viewer.username).toBe('bob');
  expect((await post(world.fake, world.fake.adminApiKey, UNDELETE_USER, { id: world.bob.id })).body.data.undeleteUser.user.deletedAt).toBeNull();
  // The fixture does the same.
  world.fake.deleteUser(world.vic.id);
  world.fake.undeleteUser(world.vic.id);
  expect((await post(world.fake, world.vic.apiKey, VIEWER)).status).toBe(200);
});

test('a key deleted while its user was deactivated stays deleted after reactivation', async () => {
  const spare = world.fake.addApiKey(world.bob.id);
  await post(world.fake, world.fake.adminApiKey, DELETE_USER, { id: world.bob.id });
  await post(world.fake, world.fake.adminApiKey, 'mutation($id: String!) { deleteApiKey(input: { id: $id }) { success } }', { id: spare.id });
  await post(world.fake, world.fake.adminApiKey, UNDELETE_USER, { id: world.bob.id });
  expect((await post(world.fake, spare.secret, VIEWER)).status).toBe(401);
  expect((await post(world.fake, world.bob.apiKey, VIEWER)).status).toBe(200);
});

test('updateUser grants and revokes the instance admin flag, which takes effect at once', async () => {
  const granted = await post(world.fake, world.fake.adminApiKey, UPDATE_USER, { id: world.eve.id, admin: true });
  expect(granted.body.data.updateUser.user).toEqual({ id: world.eve.id, admin: true });
  expect((await post(world.fake, world.eve.apiKey, SEARCH, { q: 'bob' })).body.errors).toBeUndefined();
  await post(world.fake, world.fake.adminApiKey, UPDATE_USER, { id: world.eve.id, admin: false });
  expect(refusal(await post(world.fake, world.eve.apiKey, SEARCH, { q: 'bob' }))).toBe('PERMISSION_ERROR');
  expect(world.fake.getUser('eve')!.admin).toBe(false);
});

test('the last active instance admin can be neither deactivated nor demoted', async () => {
  for (const [query, variables] of [
    [DELETE_USER, { id: world.fake.adminUserId }],
    [UPDATE_USER, { id: world.fake.adminUserId, admin: false }],
    [UPDATE_USER, { admin: false }],
  ] as const) {
    const answer = await post(world.fake, world.fake.adminApiKey, query, variables);
    expect(refusal(answer)).toBe('CONFLICT');
    expect(answer.body.errors[0].message).toMatch(/last active instance admin/);
  }
  expect(() => world.fake.deleteUser(world.fake.adminUserId)).toThrow(/last active instance admin/);
  // With a second admin, the first may go; a deactivated admin does not count.
  await post(world.fake, world.fake.adminApiKey, UPDATE_USER, { id: world.eve.id, admin: true });
  await post(world.fake, world.fake.adminApiKey, DELETE_USER, { id: world.eve.id });
  expect(refusal(await post(world.fake, world.fake.adminApiKey, DELETE_USER, { id: world.fake.adminUserId }))).toBe('CONFLICT');
  await post(world.fake, world.fake.adminApiKey, UNDELETE_USER, { id: world.eve.id });
  expect((await post(world.fake, world.eve.apiKey, DELETE_USER, { id: world.fake.adminUserId })).body.errors).toBeUndefined();
  expect((await post(world.fake, world.fake.adminApiKey, VIEWER)).status).toBe(401);
});

test('all three are instance admin only, need the first-party headers, and refuse unknown ids and unmodelled fields', async () => {
  for (const [query, variables] of [
    [DELETE_USER, { id: world.vic.id }],
    [UNDELETE_USER, { id: world.vic.id }],
    [UPDATE_USER, { id: world.vic.id, admin: true }],
  ] as const) {
    expect(refusal(await post(world.fake, world.ann.apiKey, query, variables))).toBe('PERMISSION_ERROR');
    expect(refusal(await post(world.fake, world.fake.adminApiKey, query, variables, NO_HEADERS))).toBe('RELOGIN_REQUIRED');
    expect(refusal(await post(world.fake, world.fake.adminApiKey, query, { ...variables, id: 'VXNlcjo5OTk=' }))).toBe('NOT_FOUND');
  }
  expect(world.fake.getUser('vic')).toMatchObject({ admin: false, deletedAt: null });
  expect(refusal(await post(world.fake, world.fake.adminApiKey, UPDATE_USER, { id: world.vic.id }))).toBe('BAD_USER_INPUT');
  const name = await post(world.fake, world.fake.adminApiKey, 'mutation { updateUser(input: { name: "x" }) { user { id } } }');
  expect(refusal(name)).toBe('NOT_IMPLEMENTED');
  expect(name.body.errors[0].message).toContain('Mutation.updateUser(name:)');
});
