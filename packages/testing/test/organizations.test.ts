import { type FakeWandb, organizationFixture, startFakeWandb, userFixture } from '../src';
import { codes, post } from './helpers';

// Organizations over real HTTP: reading them, adding, inviting, removing and
// changing the role of members, seats of both kinds, the last admin, and who
// may do what (organization admins, instance admins, members, outsiders).
// One server for the file; each test seeds an organization and people of its own.

let fake: FakeWandb;
beforeAll(async () => {
  fake = await startFakeWandb({ customRoles: ['labeler'] });
});
afterAll(() => fake.close());

const ORG_FIELDS = `id name orgType orgEntity { id name entityType isTeam }
  members { id username name role admin user { id email } teams { edges { node { name } } } }
  pendingInvites { id email createdAt toUser { username } organization { name } entity { name } }
  seatAvailability { seats viewOnlySeats } usedSeats usedViewOnlySeats teams { name }`;
const GET = `query ($name: String, $id: ID) { organization(name: $name, id: $id) { ${ORG_FIELDS} } }`;
const ADD = `mutation ($org: ID!, $user: String!, $role: String!, $teams: [String!]) {
  addUserToOrganization(input: { organizationId: $org, userName: $user, userOrgRole: $role, teams: $teams }) { success } }`;
const REMOVE = `mutation ($org: ID!, $user: String!) { removeUserFromOrganization(input: { organizationId: $org, userName: $user }) { success } }`;
const UPDATE = `mutation ($org: ID!, $user: String!, $role: String!) {
  updateOrganizationUser(input: { organizationId: $org, userName: $user, userOrgRole: $role }) { success } }`;

/** Plain W&B client headers: no first-party User-Agent, no admin privileges asked for. */
const PLAIN = { 'user-agent': 'some-client/1.0' };

interface World {
  org: { id: string; name: string; entityName: string };
  /** Keys of the organization's admin (not an instance admin), a member, a viewer and an outsider. */
  keys: { admin: string; member: string; viewer: string; outsider: string };
  names: { admin: string; member: string; viewer: string; outsider: string };
}

/** An organization of its own for each test: an admin, a member, a viewer, a team `T-ml`, and an outsider. */
function world(overrides: { seats?: number; viewOnlySeats?: number } = {}): World {
  const person = () => fake.addUser(userFixture());
  const people = { admin: person(), member: person(), viewer: person(), outsider: person() };
  const fixture = organizationFixture({
    ...overrides,
    members: [{ username: people.admin.username, role: 'admin' }, people.member.username, { username: people.viewer.username, role: 'viewer' }],
  });
  const team = `${fixture.name}-ml`;
  const org = fake.addOrganization({ ...fixture, teams: [team] });
  return {
    org,
    keys: { admin: people.admin.apiKey, member: people.member.apiKey, viewer: people.viewer.apiKey, outsider: people.outsider.apiKey },
    names: { admin: people.admin.username, member: people.member.username, viewer: people.viewer.username, outsider: people.outsider.username },
  };
}

const seats = (name: string) => fake.getOrganization(name)!.seats;
const roles = (name: string) => fake.getOrganization(name)!.members.map((m) => [m.username, m.role, m.seat]);

describe('seeding', () => {
  test('startFakeWandb({ organizations }) and addOrganization make what getOrganization shows', async () => {
    const other = await startFakeWandb({
      users: [
        { email: 'ann@example.com', username: 'ann' },
        { email: 'vic@example.com', username: 'vic' },
      ],
      teams: [{ name: 'vision' }],
      organizations: [
        {
          name: 'Acme Robotics',
          seats: 3,
          viewOnlySeats: 2,
          teams: ['vision', 'ops'],
          members: [
            { username: 'ann', role: 'admin' },
            { email: 'vic@example.com', role: 'viewer' },
            { email: 'new.hire@example.com', pending: true },
          ],
        },
      ],
    });
    try {
      expect(other.getOrganization('acme robotics')).toEqual({
        id: expect.any(String),
        name: 'Acme Robotics',
        entityName: 'acme-robotics',
        seats: { full: { total: 3, used: 2 }, viewOnly: { total: 2, used: 1 } },
        members: [
          { id: other.getUser('ann')!.id, username: 'ann', email: 'ann@example.com', role: 'admin', seat: 'full' },
          { id: other.getUser('vic')!.id, username: 'vic', email: 'vic@example.com', role: 'viewer', seat: 'viewOnly' },
        ],
        pendingInvites: [{ id: expect.any(String), email: 'new.hire@example.com', role: 'member', seat: 'full', teams: [] }],
        teams: ['vision', 'ops'],
      });
      expect(other.getTeam('ops')).toBeDefined();
      expect(other.listOrganizations().map((o) => o.name)).toEqual(['Acme Robotics']);
    } finally {
      await other.close();
    }
  });

  test.each([
    ['an unknown member', { members: ['nobody-at-all'] }, /unknown member nobody-at-all/],
    ['an unknown role', { members: [{ username: 'admin', role: 'owner' }] }, /unknown organization role "owner"/],
    ['more members than seats', { seats: 1, members: ['admin', { email: 'x@example.com', pending: true }] }, /1 full seats for 2 members/],
    ['a member twice', { members: ['admin', 'admin@example.com'] }, /names admin twice/],
    ['a pending invitation that is not an address', { members: [{ username: 'admin', pending: true }] }, /not an email address/],
    ['an entity name taken by a user', { entityName: 'admin' }, /taken/],
  ])('a fixture with %s is refused, and nothing is made', (_what, overrides, message) => {
    const before = fake.listOrganizations().length;
    expect(() => fake.addOrganization(organizationFixture(overrides))).toThrow(message);
    expect(fake.listOrganizations()).toHaveLength(before);
  });

  test('a taken name (ignoring case) is refused', () => {
    const { org } = world();
    expect(() => fake.addOrganization({ name: org.name.toUpperCase() })).toThrow(/already exists/);
  });
});

describe('organization(name:, id:)', () => {
  test('a member reads it: members with roles and users, seats, its entity and teams', async () => {
    const w = world({ seats: 4, viewOnlySeats: 3 });
    const answer = await post(fake, w.keys.member, GET, { name: w.org.name }, PLAIN);
    expect(answer.body.errors).toBeUndefined();
    const org = answer.body.data.organization;
    expect(org).toMatchObject({
      id: w.org.id,
      name: w.org.name,
      orgType: 'ORGANIZATION',
      orgEntity: { name: w.org.entityName, entityType: 'organization', isTeam: false },
      pendingInvites: [],
      seatAvailability: { seats: 4, viewOnlySeats: 3 },
      usedSeats: 2,
      usedViewOnlySeats: 1,
      teams: [{ name: `${w.org.name}-ml` }],
    });
    expect(org.members.map((m: any) => [m.username, m.role, m.admin, m.id === m.user.id])).toEqual([
      [w.names.admin, 'admin', true, true],
      [w.names.member, 'member', false, true],
      [w.names.viewer, 'viewer', false, true],
    ]);
  });

  test('by id, by name in any case, and by both when they agree; null when they do not', async () => {
    const w = world();
    const other = world();
    const name = async (variables: Record<string, unknown>) => (await post(fake, fake.adminApiKey, GET, variables)).body.data.organization?.name ?? null;
    expect(await name({ id: w.org.id })).toBe(w.org.name);
    expect(await name({ name: w.org.name.toUpperCase() })).toBe(w.org.name);
    expect(await name({ id: w.org.id, name: w.org.name })).toBe(w.org.name);
    expect(await name({ id: other.org.id, name: w.org.name })).toBeNull();
    expect(await name({ name: 'no-such-organization' })).toBeNull();
  });

  test('without id or name: BAD_USER_INPUT', async () => {
    expect(codes(await post(fake, fake.adminApiKey, GET, {}))).toEqual(['BAD_USER_INPUT']);
  });

  test('an outsider gets null, as for an organization that does not exist', async () => {
    const w = world();
    const answer = await post(fake, w.keys.outsider, GET, { name: w.org.name }, PLAIN);
    expect(answer.body).toEqual({ data: { organization: null } });
  });

  test('an instance admin who is no member reads it with the first-party headers, and gets RELOGIN_REQUIRED without', async () => {
    const w = world();
    expect((await post(fake, fake.adminApiKey, GET, { name: w.org.name })).body.data.organization.name).toBe(w.org.name);
    expect(codes(await post(fake, fake.adminApiKey, GET, { name: w.org.name }, PLAIN))).toEqual(['RELOGIN_REQUIRED']);
  });
});

describe('addUserToOrganization', () => {
  test('an existing account (by username, or by address in any case) joins at once with the role, and joins the teams named', async () => {
    const w = world();
    const ann = fake.addUser(userFixture());
    const bob = fake.addUser(userFixture());
    const team = `${w.org.name}-ml`;
    const add = (user: string, role: string, teams?: string[]) => post(fake, w.keys.admin, ADD, { org: w.org.id, user, role, teams }, PLAIN);
    expect((await add(ann.username, 'viewer', [team])).body).toEqual({ data: { addUserToOrganization: { success: true } } });
    expect((await add(bob.email.toUpperCase(), 'labeler')).body.data.addUserToOrganization.success).toBe(true);
    expect(roles(w.org.name).slice(3)).toEqual([
      [ann.username, 'viewer', 'viewOnly'],
      [bob.username, 'labeler', 'full'],
    ]);
    expect(fake.getUser(ann.username)!.memberships).toEqual([{ team, role: 'member' }]);
    expect(fake.getUser(bob.username)!.teams).toEqual([]);
  });

  test('an address without an account gets a pending invitation that holds a seat of its role; accepting it keeps the seat', async () => {
    const w = world();
    const team = `${w.org.name}-ml`;
    const email = `${w.org.name}.hire@example.com`;
    await post(fake, w.keys.admin, ADD, { org: w.org.id, user: email, role: 'member', teams: [team] }, PLAIN);
    expect(fake.getOrganization(w.org.name)!.pendingInvites).toEqual([{ id: expect.any(String), email, role: 'member', seat: 'full', teams: [team] }]);
    expect(seats(w.org.name).full.used).toBe(3);
    const listed = (await post(fake, w.keys.member, GET, { name: w.org.name }, PLAIN)).body.data.organization.pendingInvites;
    expect(listed).toEqual([{ id: expect.any(String), email, createdAt: expect.any(String), toUser: null, organization: { name: w.org.name }, entity: null }]);

    const hire = fake.addUser({ email, username: `${w.org.name}-hire` });
    expect(() => fake.acceptOrganizationInvite(w.org.name, 'nobody@example.com')).toThrow(/no pending invitation/);
    fake.acceptOrganizationInvite(w.org.name, email.toUpperCase());
    expect(fake.getOrganization(w.org.name)!.pendingInvites).toEqual([]);
    expect(roles(w.org.name).at(-1)).toEqual([hire.username, 'member', 'full']);
    expect(seats(w.org.name).full.used).toBe(3);
    expect(fake.getUser(hire.username)!.teams).toEqual([team]);
  });

  test.each([
    ['an unknown username', () => 'no-such-user', 'member', 'NOT_FOUND'],
    ['a member', (w: World) => w.names.member, 'member', 'CONFLICT'],
    ['an unknown role', () => 'someone.new@example.com', 'owner', 'BAD_USER_INPUT'],
    ['an address that is not one', () => 'not@an@address', 'member', 'BAD_USER_INPUT'],
  ])('%s is refused', async (_what, user, role, code) => {
    const w = world();
    const before = fake.getOrganization(w.org.name);
    expect(codes(await post(fake, w.keys.admin, ADD, { org: w.org.id, user: user(w), role }, PLAIN))).toEqual([code]);
    expect(fake.getOrganization(w.org.name)).toEqual(before);
  });

  test('an address already invited (in any case) is refused; so is a team of another organization', async () => {
    const w = world();
    const other = world();
    await post(fake, w.keys.admin, ADD, { org: w.org.id, user: 'twice@example.com', role: 'member' }, PLAIN);
    expect(codes(await post(fake, w.keys.admin, ADD, { org: w.org.id, user: 'TWICE@example.com', role: 'viewer' }, PLAIN))).toEqual(['CONFLICT']);
    const foreign = { org: w.org.id, user: 'third@example.com', role: 'member', teams: [`${other.org.name}-ml`] };
    expect(codes(await post(fake, w.keys.admin, ADD, foreign, PLAIN))).toEqual(['NOT_FOUND']);
  });

  test('no seat of the kind the role needs: CONFLICT with the numbers, and nothing is added', async () => {
    const w = world({ seats: 2, viewOnlySeats: 1 });
    const full = await post(fake, w.keys.admin, ADD, { org: w.org.id, user: 'a@example.com', role: 'member' }, PLAIN);
    expect(codes(full)).toEqual(['CONFLICT']);
    expect(full.body.errors[0].message).toMatch(/no full seat left in organization .*: 2 of 2 in use/);
    const viewOnly = await post(fake, w.keys.admin, ADD, { org: w.org.id, user: 'b@example.com', role: 'viewer' }, PLAIN);
    expect(viewOnly.body.errors[0].message).toMatch(/no view-only seat left .*: 1 of 1 in use/);
    expect(fake.getOrganization(w.org.name)!.pendingInvites).toEqual([]);
  });

  test('members and viewers may not add people (PERMISSION_ERROR); an instance admin may, with the first-party headers only', async () => {
    const w = world();
    for (const key of [w.keys.member, w.keys.viewer, w.keys.outsider]) {
      expect(codes(await post(fake, key, ADD, { org: w.org.id, user: 'p@example.com', role: 'member' }, PLAIN))).toEqual(['PERMISSION_ERROR']);
    }
    expect(codes(await post(fake, fake.adminApiKey, ADD, { org: w.org.id, user: 'p@example.com', role: 'member' }, PLAIN))).toEqual(['RELOGIN_REQUIRED']);
    expect((await post(fake, fake.adminApiKey, ADD, { org: w.org.id, user: 'p@example.com', role: 'member' })).body.data.addUserToOrganization.success).toBe(
      true,
    );
  });

  test('an unknown organization id: NOT_FOUND', async () => {
    const w = world();
    const gone = Buffer.from('Organization:999999').toString('base64');
    expect(codes(await post(fake, w.keys.admin, ADD, { org: gone, user: 'p@example.com', role: 'member' }, PLAIN))).toEqual(['NOT_FOUND']);
  });
});

describe('removeUserFromOrganization', () => {
  test('a member leaves the organization and its teams, and their seat is free again', async () => {
    const w = world();
    const team = `${w.org.name}-ml`;
    const ann = fake.addUser(userFixture());
    await post(fake, w.keys.admin, ADD, { org: w.org.id, user: ann.username, role: 'member', teams: [team] }, PLAIN);
    expect(seats(w.org.name).full.used).toBe(3);
    expect((await post(fake, w.keys.admin, REMOVE, { org: w.org.id, user: ann.email }, PLAIN)).body.data.removeUserFromOrganization.success).toBe(true);
    expect(roles(w.org.name).map(([username]) => username)).not.toContain(ann.username);
    expect(seats(w.org.name).full.used).toBe(2);
    expect(fake.getUser(ann.username)!.teams).toEqual([]);
    expect(fake.getUser(ann.username)!.deletedAt).toBeNull();
  });

  test('a pending invitation is withdrawn by its address, and its seat is free again', async () => {
    const w = world();
    await post(fake, w.keys.admin, ADD, { org: w.org.id, user: 'later@example.com', role: 'viewer' }, PLAIN);
    expect(seats(w.org.name).viewOnly.used).toBe(2);
    expect((await post(fake, w.keys.admin, REMOVE, { org: w.org.id, user: 'LATER@example.com' }, PLAIN)).body.errors).toBeUndefined();
    expect(fake.getOrganization(w.org.name)!.pendingInvites).toEqual([]);
    expect(seats(w.org.name).viewOnly.used).toBe(1);
  });

  test('the last admin cannot be removed (CONFLICT); once another member is admin, they can', async () => {
    const w = world();
    const last = await post(fake, w.keys.admin, REMOVE, { org: w.org.id, user: w.names.admin }, PLAIN);
    expect(codes(last)).toEqual(['CONFLICT']);
    expect(last.body.errors[0].message).toMatch(/last admin of organization/);
    await post(fake, w.keys.admin, UPDATE, { org: w.org.id, user: w.names.member, role: 'admin' }, PLAIN);
    expect((await post(fake, w.keys.member, REMOVE, { org: w.org.id, user: w.names.admin }, PLAIN)).body.errors).toBeUndefined();
  });

  test('someone neither a member nor invited: NOT_FOUND; a member may not remove anyone: PERMISSION_ERROR', async () => {
    const w = world();
    expect(codes(await post(fake, w.keys.admin, REMOVE, { org: w.org.id, user: w.names.outsider }, PLAIN))).toEqual(['NOT_FOUND']);
    expect(codes(await post(fake, w.keys.member, REMOVE, { org: w.org.id, user: w.names.viewer }, PLAIN))).toEqual(['PERMISSION_ERROR']);
    expect(roles(w.org.name)).toHaveLength(3);
  });
});

describe('updateOrganizationUser', () => {
  test('the seat follows the role: member to viewer frees a full seat and takes a view-only one', async () => {
    const w = world();
    expect((await post(fake, w.keys.admin, UPDATE, { org: w.org.id, user: w.names.member, role: 'viewer' }, PLAIN)).body.errors).toBeUndefined();
    expect(roles(w.org.name)[1]).toEqual([w.names.member, 'viewer', 'viewOnly']);
    expect(seats(w.org.name)).toEqual({ full: { total: 10, used: 1 }, viewOnly: { total: 10, used: 2 } });
  });

  test('a change of seat kind needs a free seat of the new kind; the same kind needs none', async () => {
    const w = world({ seats: 2, viewOnlySeats: 1 });
    const full = await post(fake, w.keys.admin, UPDATE, { org: w.org.id, user: w.names.viewer, role: 'member' }, PLAIN);
    expect(codes(full)).toEqual(['CONFLICT']);
    expect(full.body.errors[0].message).toMatch(/no full seat left/);
    expect((await post(fake, w.keys.admin, UPDATE, { org: w.org.id, user: w.names.member, role: 'labeler' }, PLAIN)).body.errors).toBeUndefined();
    expect(roles(w.org.name)).toEqual([
      [w.names.admin, 'admin', 'full'],
      [w.names.member, 'labeler', 'full'],
      [w.names.viewer, 'viewer', 'viewOnly'],
    ]);
  });

  test('demoting the last admin: CONFLICT; a pending invitation: NOT_FOUND; an unknown role: BAD_USER_INPUT', async () => {
    const w = world();
    expect(codes(await post(fake, w.keys.admin, UPDATE, { org: w.org.id, user: w.names.admin, role: 'member' }, PLAIN))).toEqual(['CONFLICT']);
    await post(fake, w.keys.admin, ADD, { org: w.org.id, user: 'pending@example.com', role: 'member' }, PLAIN);
    const pending = await post(fake, w.keys.admin, UPDATE, { org: w.org.id, user: 'pending@example.com', role: 'viewer' }, PLAIN);
    expect(codes(pending)).toEqual(['NOT_FOUND']);
    expect(pending.body.errors[0].message).toMatch(/pending invitation/);
    expect(codes(await post(fake, w.keys.admin, UPDATE, { org: w.org.id, user: w.names.member, role: 'owner' }, PLAIN))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await post(fake, w.keys.viewer, UPDATE, { org: w.org.id, user: w.names.member, role: 'viewer' }, PLAIN))).toEqual(['PERMISSION_ERROR']);
    expect(roles(w.org.name).map(([, role]) => role)).toEqual(['admin', 'member', 'viewer']);
  });
});

describe('organizations through entities and users', () => {
  const ENTITY = `query ($name: String!) { entity(name: $name) { name entityType isTeam organization { name } user { username } } }`;
  const MINE = `query { viewer { organizations { name } } }`;
  const THEIRS = `query ($id: ID) { user(id: $id) { organizations { name } } }`;

  test("the organization's entity, a team's organization, and a personal entity's user", async () => {
    const w = world();
    const entity = async (name: string, key = w.keys.member) => (await post(fake, key, ENTITY, { name }, PLAIN)).body.data.entity;
    expect(await entity(w.org.entityName)).toEqual({
      name: w.org.entityName,
      entityType: 'organization',
      isTeam: false,
      organization: { name: w.org.name },
      user: null,
    });
    expect((await entity(`${w.org.name}-ml`)).organization).toEqual({ name: w.org.name });
    expect(await entity(w.names.member)).toMatchObject({ entityType: 'personal', organization: null, user: { username: w.names.member } });
    // Outsiders see the entity, not the organization behind it.
    expect((await entity(w.org.entityName, w.keys.outsider)).organization).toBeNull();
  });

  test("a user's organizations: all of them to the user and instance admins, the shared ones to anyone else", async () => {
    const w = world();
    const other = fake.addOrganization(organizationFixture({ members: [w.names.member] }));
    const member = fake.getUser(w.names.member)!;
    const names = (answer: { body: any }) => (answer.body.data.viewer ?? answer.body.data.user).organizations.map((o: any) => o.name);
    expect(names(await post(fake, w.keys.member, MINE, {}, PLAIN))).toEqual([w.org.name, other.name]);
    expect(names(await post(fake, fake.adminApiKey, THEIRS, { id: member.id }))).toEqual([w.org.name, other.name]);
    expect(names(await post(fake, w.keys.outsider, MINE, {}, PLAIN))).toEqual([]);
    // The organization's admin, looking at the member through their personal entity, sees the one they share.
    const THROUGH_ENTITY = `query ($name: String!) { entity(name: $name) { user { organizations { name } } } }`;
    const shared = await post(fake, w.keys.admin, THROUGH_ENTITY, { name: w.names.member }, PLAIN);
    expect(shared.body.data.entity.user.organizations).toEqual([{ name: w.org.name }]);
  });
});
