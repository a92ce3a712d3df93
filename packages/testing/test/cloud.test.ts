import { type FakeWandb, startFakeWandb } from '../src';
import { codes, post } from './helpers';

// The `cloud` deployment over real HTTP: W&B's multi-tenant cloud, where no
// customer's account is an instance admin, people join an organization, and
// its admins create and manage its teams. One server for the file; the W&B
// Server behaviour of the same calls is the default's (teams.test.ts and
// lifecycle.test.ts), checked here only where the two differ.

let cloud: FakeWandb;
let server: FakeWandb;
let people: Record<'ann' | 'bob' | 'cho' | 'dev', { id: string; username: string; apiKey: string }>;
beforeAll(async () => {
  const users = ['ann', 'bob', 'cho', 'dev'].map((name) => ({ email: `${name}@acme.example`, username: name }));
  const organizations = [
    {
      name: 'Acme',
      members: [{ username: 'ann', role: 'admin' }, 'bob', { username: 'cho', role: 'viewer' }],
      teams: ['ml'],
    },
  ];
  cloud = await startFakeWandb({ deployment: 'cloud', users, organizations });
  server = await startFakeWandb({ users, organizations });
  const key = (name: string) => {
    const user = cloud.getUser(name)!;
    return { id: user.id, username: name, apiKey: '' };
  };
  people = { ann: key('ann'), bob: key('bob'), cho: key('cho'), dev: key('dev') };
  // The keys of the seeded users are not returned by startFakeWandb: issue one each.
  for (const person of Object.values(people)) person.apiKey = cloud.addApiKey(person.id).secret;
});
afterAll(async () => {
  await cloud.close();
  await server.close();
});

const CREATE_USER = `mutation ($email: String!) { createUser(input: { email: $email }) { user { id } } }`;
const DELETE_USER = `mutation ($id: ID!) { deleteUser(input: { id: $id }) { user { id } } }`;
const UNDELETE_USER = `mutation ($id: ID!) { undeleteUser(input: { id: $id }) { user { id } } }`;
const USERS = `query { users(query: "") { edges { node { id } } } }`;
const CREATE_TEAM = `mutation ($name: String!) { createTeam(input: { teamName: $name }) { entity { name organization { name } } } }`;
const MEMBERS = `query ($name: String!) { entity(name: $name) { members { username role pending } } }`;
const INVITE = `mutation ($team: String!, $email: String!) { createInvite(input: { entityName: $team, email: $email, role: "viewer" }) { invite { id } } }`;

describe('the cloud deployment', () => {
  test('says which it is, and gives no account the instance admin flag, the built-in admin included', async () => {
    expect(cloud.deployment).toBe('cloud');
    expect(server.deployment).toBe('server');
    expect(cloud.getUser('admin')?.admin).toBe(false);
    expect(server.getUser('admin')?.admin).toBe(true);
    const viewer = await post(cloud, cloud.adminApiKey, 'query { viewer { username admin } }');
    expect(viewer.body.data.viewer).toEqual({ username: 'admin', admin: false });
    expect(() => cloud.addUser({ email: 'root@acme.example', admin: true })).toThrow(/cannot be an instance admin on the cloud deployment/);
    await expect(startFakeWandb({ deployment: 'saas' as never })).rejects.toThrow(/deployment must be 'server' or 'cloud'/);
  });

  test("refuses to create, deactivate and reactivate accounts and to list every user, to an organization's admin as to anyone", async () => {
    for (const apiKey of [people.ann.apiKey, cloud.adminApiKey]) {
      expect(codes(await post(cloud, apiKey, CREATE_USER, { email: 'new@acme.example' }))).toEqual(['PERMISSION_ERROR']);
      expect(codes(await post(cloud, apiKey, DELETE_USER, { id: people.bob.id }))).toEqual(['PERMISSION_ERROR']);
      expect(codes(await post(cloud, apiKey, UNDELETE_USER, { id: people.bob.id }))).toEqual(['PERMISSION_ERROR']);
      expect(codes(await post(cloud, apiKey, USERS))).toEqual(['PERMISSION_ERROR']);
    }
    expect(cloud.getUser('new@acme.example')).toBeUndefined();
    expect(cloud.getUser('bob')?.deletedAt).toBeNull();
  });

  test("lets an organization's admin create a team, which joins the organization, and manage its teams as their team admins do", async () => {
    const created = await post(cloud, people.ann.apiKey, CREATE_TEAM, { name: 'vision' });
    expect(created.body.data.createTeam.entity).toEqual({ name: 'vision', organization: { name: 'Acme' } });
    expect(cloud.getOrganization('Acme')?.teams).toEqual(['ml', 'vision']);
    expect(cloud.getTeam('vision')?.members.map((m) => [m.username, m.role])).toEqual([['ann', 'admin']]);

    // ann is no member of ml, yet manages it: she reads its members and invites to it.
    expect(cloud.getTeam('ml')?.members).toEqual([]);
    const members = await post(cloud, people.ann.apiKey, MEMBERS, { name: 'ml' });
    expect(members.body.data.entity.members).toEqual([]);
    const invited = await post(cloud, people.ann.apiKey, INVITE, { team: 'ml', email: 'new.hire@acme.example' });
    expect(invited.body.errors).toBeUndefined();
    expect(cloud.getTeam('ml')?.members.map((m) => [m.email, m.role, m.pending])).toEqual([['new.hire@acme.example', 'viewer', true]]);
  });

  test("refuses team creation and another team's management to a member who is not an organization admin, and to outsiders", async () => {
    for (const apiKey of [people.bob.apiKey, people.dev.apiKey]) {
      expect(codes(await post(cloud, apiKey, CREATE_TEAM, { name: `not-${apiKey.slice(0, 4)}` }))).toEqual(['PERMISSION_ERROR']);
      expect(codes(await post(cloud, apiKey, MEMBERS, { name: 'vision' }))).toEqual(['PERMISSION_ERROR']);
      expect(codes(await post(cloud, apiKey, INVITE, { team: 'vision', email: 'x@acme.example' }))).toEqual(['PERMISSION_ERROR']);
    }
  });

  test("on W&B Server an organization's admin is no team admin of its teams, and only instance admins create teams", async () => {
    const ann = server.addApiKey(server.getUser('ann')!.id).secret;
    expect(codes(await post(server, ann, CREATE_TEAM, { name: 'vision' }))).toEqual(['PERMISSION_ERROR']);
    expect(codes(await post(server, ann, MEMBERS, { name: 'ml' }))).toEqual(['PERMISSION_ERROR']);
    const made = await post(server, server.adminApiKey, CREATE_TEAM, { name: 'vision' });
    expect(made.body.data.createTeam.entity).toEqual({ name: 'vision', organization: null });
    const created = await post(server, server.adminApiKey, CREATE_USER, { email: 'new@acme.example' });
    expect(created.body.errors).toBeUndefined();
  });
});
