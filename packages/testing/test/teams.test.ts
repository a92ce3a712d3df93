import { codes, post } from './helpers';
import { DELETE_INVITE, INVITE, MEMBERS, members, NO_HEADERS, refusal, startTeamWorld, type TeamWorld, UPDATE_MEMBER } from './team-world';

const ENTITY = `query GetTeamEntity($name: String!) { entity(name: $name) {
  id name available photoUrl readOnly readOnlyAdmin isTeam entityType privateOnly storageBytes codeSavingEnabled defaultAccess isPaid limits memberCount
} }`;
const CREATE_TEAM =
  'mutation CreateTeam($teamName: String!, $teamAdminUserName: String) { createTeam(input: { teamName: $teamName, teamAdminUserName: $teamAdminUserName }) { entity { id name isTeam } } }';

let world: TeamWorld;
beforeEach(async () => {
  world = await startTeamWorld({ customRoles: ['labeler'] });
});
afterEach(() => world.fake.close());

describe('entity(name:)', () => {
  test('answers a team with plausible values for every field the Python SDK selects', async () => {
    const answer = await post(world.fake, world.bob.apiKey, ENTITY, { name: 'ml' });
    expect(answer.body).toEqual({
      data: {
        entity: {
          id: world.fake.getTeam('ml')!.id,
          name: 'ml',
          available: true,
          photoUrl: null,
          readOnly: false,
          readOnlyAdmin: false,
          isTeam: true,
          entityType: 'team',
          privateOnly: false,
          storageBytes: 0,
          codeSavingEnabled: false,
          defaultAccess: 'PRIVATE',
          isPaid: false,
          limits: '{}',
          memberCount: 3,
        },
      },
    });
  });

  test("answers a user's personal entity, which is not a team and lists its owner", async () => {
    const answer = await post(world.fake, world.eve.apiKey, `${ENTITY.replace('memberCount', 'memberCount members { id username role pending }')}`, {
      name: 'eve',
    });
    expect(answer.body.data.entity).toMatchObject({ name: 'eve', isTeam: false, entityType: 'personal', memberCount: 1 });
    expect(answer.body.data.entity.members).toEqual([{ id: world.eve.id, username: 'eve', role: 'admin', pending: false }]);
    expect(answer.body.data.entity.id).not.toBe(world.fake.getTeam('ml')!.id);
  });

  test('answers null for a name no team or user has', async () => {
    const answer = await post(world.fake, world.eve.apiKey, ENTITY, { name: 'nobody' });
    expect(answer.body).toEqual({ data: { entity: null } });
  });

  test('fields it does not model answer NOT_IMPLEMENTED, naming the field', async () => {
    const answer = await post(world.fake, world.ann.apiKey, '{ entity(name: "ml") { invites { edges { node { id } } } } }');
    expect(codes(answer)).toEqual(['NOT_IMPLEMENTED']);
    expect(answer.body.errors[0].message).toContain('Entity.invites');
    const login = await post(world.fake, world.ann.apiKey, '{ entity(name: "ml", login: true) { id } }');
    expect(login.body.errors[0].message).toContain('Query.entity(login:)');
  });
});

describe('members', () => {
  test('lists members with role, the derived admin flag, account type and identity, in the order they were added', async () => {
    expect(await members(world.fake, world.bob.apiKey, 'ml')).toEqual([
      {
        id: world.ann.id,
        role: 'admin',
        admin: true,
        pending: false,
        email: 'ann@example.com',
        username: 'ann',
        name: 'ANN',
        accountType: 'USER',
        apiKey: null,
      },
      {
        id: world.bob.id,
        role: 'member',
        admin: false,
        pending: false,
        email: 'bob@example.com',
        username: 'bob',
        name: 'BOB',
        accountType: 'USER',
        apiKey: null,
      },
      {
        id: world.vic.id,
        role: 'viewer',
        admin: false,
        pending: false,
        email: 'vic@example.com',
        username: 'vic',
        name: 'VIC',
        accountType: 'USER',
        apiKey: null,
      },
    ]);
  });

  test.each(['ann', 'bob', 'vic'] as const)('%s, a member, may list them', async (who) => {
    expect(await members(world.fake, world[who].apiKey, 'ml')).toHaveLength(3);
  });

  test('a user outside the team may read the team but not its members; an instance admin may, with the first-party headers', async () => {
    const outsider = await post(world.fake, world.eve.apiKey, MEMBERS, { name: 'ml' });
    expect(refusal(outsider)).toBe('PERMISSION_ERROR');
    expect(outsider.body.data).toEqual({ entity: null });
    expect((await post(world.fake, world.eve.apiKey, ENTITY, { name: 'ml' })).body.data.entity.name).toBe('ml');
    expect(await members(world.fake, world.fake.adminApiKey, 'ml')).toHaveLength(3);
    expect(refusal(await post(world.fake, world.fake.adminApiKey, MEMBERS, { name: 'ml' }, NO_HEADERS))).toBe('RELOGIN_REQUIRED');
    expect(refusal(await post(world.fake, world.eve.apiKey, MEMBERS, { name: 'ann' }))).toBe('PERMISSION_ERROR');
  });
});

describe('createTeam', () => {
  test('an instance admin creates a team whose admin is the caller, or the user named', async () => {
    const own = await post(world.fake, world.fake.adminApiKey, CREATE_TEAM, { teamName: 'Vision_2-x' });
    expect(own.body.data.createTeam.entity).toEqual({ id: expect.any(String), name: 'Vision_2-x', isTeam: true });
    expect(world.fake.getTeam('Vision_2-x')!.members).toEqual([expect.objectContaining({ username: 'admin', role: 'admin', pending: false })]);
    await post(world.fake, world.fake.adminApiKey, CREATE_TEAM, { teamName: 'audio', teamAdminUserName: 'eve' });
    expect(world.fake.getTeam('audio')!.members).toEqual([expect.objectContaining({ id: world.eve.id, role: 'admin' })]);
    expect(world.fake.getUser('eve')!.memberships).toEqual([{ team: 'audio', role: 'admin' }]);
  });

  test.each([['has space'], ['dots.not.allowed'], ['émoji'], ['']])('refuses the name %j with BAD_USER_INPUT', async (teamName) => {
    expect(refusal(await post(world.fake, world.fake.adminApiKey, CREATE_TEAM, { teamName }))).toBe('BAD_USER_INPUT');
    expect(world.fake.listTeams().map((t) => t.name)).toEqual(['ml']);
  });

  test("a name taken by a team or a user is a CONFLICT: they share W&B's entity namespace", async () => {
    for (const teamName of ['ml', 'bob']) {
      const answer = await post(world.fake, world.fake.adminApiKey, CREATE_TEAM, { teamName });
      expect(refusal(answer)).toBe('CONFLICT');
      expect(answer.body.errors[0].message).toContain(teamName);
    }
    // and the other way round: a new user cannot take a team's name
    expect(() => world.fake.addUser({ email: 'x@example.com', username: 'ml' })).toThrow(/taken/);
    expect(world.fake.addUser({ email: 'ml@example.com' }).username).toBe('ml2');
  });

  test('an unknown admin is NOT_FOUND; a deactivated one is refused', async () => {
    expect(refusal(await post(world.fake, world.fake.adminApiKey, CREATE_TEAM, { teamName: 't1', teamAdminUserName: 'ghost' }))).toBe('NOT_FOUND');
    world.fake.deleteUser(world.eve.id);
    expect(refusal(await post(world.fake, world.fake.adminApiKey, CREATE_TEAM, { teamName: 't2', teamAdminUserName: 'eve' }))).toBe('BAD_USER_INPUT');
    expect(world.fake.listTeams()).toHaveLength(1);
  });

  test('only instance admins may create teams, and only with the first-party headers', async () => {
    expect(refusal(await post(world.fake, world.ann.apiKey, CREATE_TEAM, { teamName: 'mine' }))).toBe('PERMISSION_ERROR');
    expect(refusal(await post(world.fake, world.fake.adminApiKey, CREATE_TEAM, { teamName: 'mine' }, NO_HEADERS))).toBe('RELOGIN_REQUIRED');
    expect(world.fake.getTeam('mine')).toBeUndefined();
  });
});

describe('createInvite', () => {
  test('an address without an account becomes a pending member with the role asked for', async () => {
    const answer = await post(world.fake, world.ann.apiKey, INVITE, { entity: 'ml', email: 'New@Example.com', role: 'viewer' });
    expect(answer.body.data.createInvite.invite).toEqual({ id: expect.any(String), email: 'New@Example.com', toUser: null });
    const pending = (await members(world.fake, world.bob.apiKey, 'ml'))[3];
    expect(pending).toEqual({
      id: answer.body.data.createInvite.invite.id,
      role: 'viewer',
      admin: false,
      pending: true,
      email: 'New@Example.com',
      username: null,
      name: 'New@Example.com',
      accountType: null,
      apiKey: null,
    });
    expect(world.fake.getTeam('ml')!.members[3]).toEqual({
      id: pending.id,
      pending: true,
      role: 'viewer',
      username: null,
      email: 'New@Example.com',
      accountType: null,
    });
  });

  test('an existing user, by username or by address, is pending until they accept, then a member with the role', async () => {
    const byName = await post(world.fake, world.ann.apiKey, INVITE, { entity: 'ml', username: 'eve', role: 'labeler' });
    expect(byName.body.data.createInvite.invite).toMatchObject({ email: 'eve@example.com', toUser: { username: 'eve' } });
    const listed = (await members(world.fake, world.ann.apiKey, 'ml'))[3];
    expect(listed).toMatchObject({ pending: true, role: 'labeler', username: 'eve', accountType: 'USER' });
    expect(world.fake.getUser('eve')!.teams).toEqual([]);
    world.fake.acceptInvite('ml', 'eve');
    const joined = (await members(world.fake, world.ann.apiKey, 'ml'))[3];
    expect(joined).toMatchObject({ id: world.eve.id, pending: false, role: 'labeler', username: 'eve' });
    expect(world.fake.getUser('eve')!.memberships).toEqual([{ team: 'ml', role: 'labeler' }]);

    const other = world.fake.addUser({ email: 'Zed@Example.com', username: 'zed' });
    const byAddress = await post(world.fake, world.ann.apiKey, INVITE, { entity: 'ml', email: 'zed@example.com' });
    expect(byAddress.body.data.createInvite.invite.toUser).toEqual({ username: 'zed' });
    world.fake.acceptInvite('ml', 'zed@example.com');
    expect(world.fake.getUser(other.id)!.memberships).toEqual([{ team: 'ml', role: 'member' }]);
  });

  test('an invitation to an address is accepted once an account has that address', async () => {
    await post(world.fake, world.ann.apiKey, INVITE, { entity: 'ml', email: 'later@example.com' });
    expect(() => world.fake.acceptInvite('ml', 'later@example.com')).toThrow(/no account/);
    world.fake.addUser({ email: 'LATER@example.com', username: 'later' });
    expect((await members(world.fake, world.ann.apiKey, 'ml'))[3]).toMatchObject({ pending: true, username: 'later' });
    world.fake.acceptInvite('ml', 'later');
    expect(world.fake.getUser('later')!.teams).toEqual(['ml']);
    expect(() => world.fake.acceptInvite('ml', 'later')).toThrow(/no pending invitation/);
  });

  test.each([
    [{ admin: true }, 'admin'],
    [{ admin: false }, 'member'],
    [{}, 'member'],
    [{ admin: true, role: 'viewer' }, 'viewer'],
  ])('the deprecated admin flag maps to a role: %j gives %s', async (flags, role) => {
    await post(world.fake, world.ann.apiKey, INVITE, { entity: 'ml', email: 'x@example.com', ...flags });
    expect(world.fake.getTeam('ml')!.members[3]).toMatchObject({ pending: true, role });
  });

  test('refuses a member, someone already invited (by username or address, any case), an unknown username, an unknown role and a bad address', async () => {
    await post(world.fake, world.ann.apiKey, INVITE, { entity: 'ml', username: 'eve' });
    await post(world.fake, world.ann.apiKey, INVITE, { entity: 'ml', email: 'out@example.com' });
    const cases: [Record<string, unknown>, string][] = [
      [{ username: 'bob' }, 'CONFLICT'],
      [{ email: 'BOB@example.com' }, 'CONFLICT'],
      [{ username: 'eve' }, 'CONFLICT'],
      [{ email: 'Eve@Example.com' }, 'CONFLICT'],
      [{ email: 'OUT@example.com' }, 'CONFLICT'],
      [{ username: 'ghost' }, 'NOT_FOUND'],
      [{ email: 'y@example.com', role: 'owner' }, 'BAD_USER_INPUT'],
      [{ email: 'not an address' }, 'BAD_USER_INPUT'],
      [{}, 'BAD_USER_INPUT'],
      [{ email: 'y@example.com', username: 'eve' }, 'BAD_USER_INPUT'],
    ];
    for (const [variables, code] of cases) {
      const answer = await post(world.fake, world.ann.apiKey, INVITE, { entity: 'ml', ...variables });
      expect([variables, refusal(answer)]).toEqual([variables, code]);
    }
    expect(world.fake.getTeam('ml')!.members).toHaveLength(5);
  });

  test('refuses a deactivated user and a service account', async () => {
    world.fake.deleteUser(world.eve.id);
    expect(refusal(await post(world.fake, world.ann.apiKey, INVITE, { entity: 'ml', username: 'eve' }))).toBe('BAD_USER_INPUT');
    world.fake.addTeam({ name: 'ops', members: [{ username: 'ann', role: 'admin' }] });
    const bot = world.fake.addServiceAccount('ops', 'deploy bot');
    const answer = await post(world.fake, world.ann.apiKey, INVITE, { entity: 'ml', username: bot.username });
    expect(refusal(answer)).toBe('BAD_USER_INPUT');
    expect(answer.body.errors[0].message).toMatch(/service account/);
  });

  test('only team admins and instance admins may invite; an unknown team is NOT_FOUND', async () => {
    for (const who of ['bob', 'vic', 'eve'] as const) {
      expect(refusal(await post(world.fake, world[who].apiKey, INVITE, { entity: 'ml', email: `${who}-friend@example.com` }))).toBe('PERMISSION_ERROR');
    }
    expect(refusal(await post(world.fake, world.fake.adminApiKey, INVITE, { entity: 'ml', email: 'a@example.com' }, NO_HEADERS))).toBe('RELOGIN_REQUIRED');
    expect(world.fake.getTeam('ml')!.members).toHaveLength(3);
    expect((await post(world.fake, world.fake.adminApiKey, INVITE, { entity: 'ml', email: 'a@example.com' })).body.errors).toBeUndefined();
    const unknown = await post(world.fake, world.fake.adminApiKey, INVITE, { entity: 'nope', email: 'a@example.com' });
    expect(refusal(unknown)).toBe('NOT_FOUND');
    const personal = await post(world.fake, world.eve.apiKey, INVITE, { entity: 'eve', email: 'a@example.com' });
    expect(refusal(personal)).toBe('NOT_FOUND');
    expect(personal.body.errors[0].message).toMatch(/personal entity/);
  });
});

describe('deleteInvite', () => {
  test("deletes an invitation given its id, and removes a member given the member's id", async () => {
    const invited = await post(world.fake, world.ann.apiKey, INVITE, { entity: 'ml', email: 'x@example.com' });
    const inviteId = invited.body.data.createInvite.invite.id;
    expect((await post(world.fake, world.ann.apiKey, DELETE_INVITE, { id: inviteId, entity: 'ml' })).body.data).toEqual({ deleteInvite: { success: true } });
    expect((await post(world.fake, world.ann.apiKey, DELETE_INVITE, { id: world.bob.id, entity: 'ml' })).body.data).toEqual({
      deleteInvite: { success: true },
    });
    expect(world.fake.getTeam('ml')!.members.map((m) => m.username)).toEqual(['ann', 'vic']);
    expect(world.fake.getUser('bob')!.teams).toEqual([]);
    expect(refusal(await post(world.fake, world.ann.apiKey, DELETE_INVITE, { id: inviteId, entity: 'ml' }))).toBe('NOT_FOUND');
    expect(refusal(await post(world.fake, world.ann.apiKey, DELETE_INVITE, { id: world.bob.id, entity: 'ml' }))).toBe('NOT_FOUND');
  });

  test("an id from another team, or no id or team, is refused; the team's last admin cannot be removed", async () => {
    world.fake.addTeam({
      name: 'ops',
      members: [
        { username: 'eve', role: 'admin' },
        { email: 'p@example.com', pending: true },
      ],
    });
    const opsInvite = world.fake.getTeam('ops')!.members[1]!.id;
    expect(refusal(await post(world.fake, world.ann.apiKey, DELETE_INVITE, { id: opsInvite, entity: 'ml' }))).toBe('NOT_FOUND');
    expect(refusal(await post(world.fake, world.ann.apiKey, DELETE_INVITE, { id: world.eve.id, entity: 'ml' }))).toBe('NOT_FOUND');
    expect(refusal(await post(world.fake, world.ann.apiKey, DELETE_INVITE, { entity: 'ml' }))).toBe('BAD_USER_INPUT');
    expect(refusal(await post(world.fake, world.ann.apiKey, DELETE_INVITE, { id: world.bob.id }))).toBe('BAD_USER_INPUT');
    const last = await post(world.fake, world.fake.adminApiKey, DELETE_INVITE, { id: world.ann.id, entity: 'ml' });
    expect(refusal(last)).toBe('CONFLICT');
    expect(last.body.errors[0].message).toMatch(/last admin/);
    expect(world.fake.getTeam('ops')!.members).toHaveLength(2);
    expect(world.fake.getTeam('ml')!.members).toHaveLength(3);
  });

  test('an admin may be removed while another admin remains, themselves included', async () => {
    await post(world.fake, world.ann.apiKey, UPDATE_MEMBER, { entity: 'ml', user: world.bob.id, role: 'admin' });
    expect((await post(world.fake, world.ann.apiKey, DELETE_INVITE, { id: world.ann.id, entity: 'ml' })).body.data.deleteInvite.success).toBe(true);
    expect(world.fake.getTeam('ml')!.members.map((m) => [m.username, m.role])).toEqual([
      ['bob', 'admin'],
      ['vic', 'viewer'],
    ]);
  });

  test('only team admins and instance admins may remove', async () => {
    for (const who of ['bob', 'vic', 'eve'] as const) {
      expect(refusal(await post(world.fake, world[who].apiKey, DELETE_INVITE, { id: world.vic.id, entity: 'ml' }))).toBe('PERMISSION_ERROR');
    }
    expect(world.fake.getTeam('ml')!.members).toHaveLength(3);
    expect((await post(world.fake, world.fake.adminApiKey, DELETE_INVITE, { id: world.vic.id, entity: 'ml' })).body.data.deleteInvite.success).toBe(true);
  });
});

describe('updateMember', () => {
  test("changes a member's role and answers the member", async () => {
    const answer = await post(world.fake, world.ann.apiKey, UPDATE_MEMBER, { entity: 'ml', user: world.vic.id, role: 'labeler' });
    expect(answer.body.data.updateMember.member).toEqual({ id: world.vic.id, role: 'labeler', admin: false, pending: false });
    expect(world.fake.getUser('vic')!.memberships).toEqual([{ team: 'ml', role: 'labeler' }]);
    const promoted = await post(world.fake, world.ann.apiKey, UPDATE_MEMBER, { entity: 'ml', user: world.bob.id, admin: true });
    expect(promoted.body.data.updateMember.member).toMatchObject({ role: 'admin', admin: true });
  });

  test('the last admin cannot be demoted; a second admin makes it possible', async () => {
    const refused = await post(world.fake, world.ann.apiKey, UPDATE_MEMBER, { entity: 'ml', user: world.ann.id, role: 'member' });
    expect(refusal(refused)).toBe('CONFLICT');
    expect(world.fake.getUser('ann')!.memberships).toEqual([{ team: 'ml', role: 'admin' }]);
    await post(world.fake, world.ann.apiKey, UPDATE_MEMBER, { entity: 'ml', user: world.bob.id, role: 'admin' });
    expect((await post(world.fake, world.ann.apiKey, UPDATE_MEMBER, { entity: 'ml', user: world.ann.id, role: 'member' })).body.errors).toBeUndefined();
    expect(world.fake.getUser('ann')!.memberships).toEqual([{ team: 'ml', role: 'member' }]);
  });

  test('refuses an unknown role, a missing role, a pending invitation and a non-member', async () => {
    const invited = await post(world.fake, world.ann.apiKey, INVITE, { entity: 'ml', email: 'x@example.com' });
    const cases: [Record<string, unknown>, string][] = [
      [{ user: world.bob.id, role: 'owner' }, 'BAD_USER_INPUT'],
      [{ user: world.bob.id }, 'BAD_USER_INPUT'],
      [{ user: invited.body.data.createInvite.invite.id, role: 'admin' }, 'NOT_FOUND'],
      [{ user: world.eve.id, role: 'admin' }, 'NOT_FOUND'],
    ];
    for (const [variables, code] of cases) {
      expect([variables, refusal(await post(world.fake, world.ann.apiKey, UPDATE_MEMBER, { entity: 'ml', ...variables }))]).toEqual([variables, code]);
    }
    expect(world.fake.getTeam('ml')!.members.map((m) => m.role)).toEqual(['admin', 'member', 'viewer', 'member']);
  });

  test('only team admins and instance admins may change roles', async () => {
    for (const who of ['bob', 'vic', 'eve'] as const) {
      expect(refusal(await post(world.fake, world[who].apiKey, UPDATE_MEMBER, { entity: 'ml', user: world.bob.id, role: 'admin' }))).toBe('PERMISSION_ERROR');
    }
    expect((await post(world.fake, world.fake.adminApiKey, UPDATE_MEMBER, { entity: 'ml', user: world.bob.id, role: 'admin' })).body.errors).toBeUndefined();
  });
});

describe('deleteTeam(input: { teamName })', () => {
  const DELETE_TEAM = 'mutation DeleteTeam($teamName: String!) { deleteTeam(input: { teamName: $teamName }) { success } }';

  test('a team admin deletes the team: gone with its invitations, its members keep their accounts, the name is free again', async () => {
    world.fake.addTeam({ name: 'other', members: [{ username: 'bob', role: 'admin' }] });
    await post(world.fake, world.ann.apiKey, INVITE, { entity: 'ml', email: 'new@example.com' });
    const bot = world.fake.addServiceAccount('ml', 'Nightly eval');
    const answer = await post(world.fake, world.ann.apiKey, DELETE_TEAM, { teamName: 'ml' });
    expect(answer.body).toEqual({ data: { deleteTeam: { success: true } } });
    expect(world.fake.getTeam('ml')).toBeUndefined();
    expect((await post(world.fake, world.ann.apiKey, ENTITY, { name: 'ml' })).body.data.entity).toBeNull();
    expect(world.fake.getUser('bob')).toMatchObject({ deletedAt: null, teams: ['other'] });
    expect(world.fake.getUser(bot.id)).toMatchObject({ deletedAt: null, teams: [] });
    const again = await post(world.fake, world.fake.adminApiKey, CREATE_TEAM, { teamName: 'ml' });
    expect(again.body.data.createTeam.entity).toMatchObject({ name: 'ml', isTeam: true });
  });

  test("a member who is not its admin, or an outsider, is refused; an unknown team or a user's entity is NOT_FOUND", async () => {
    expect(refusal(await post(world.fake, world.bob.apiKey, DELETE_TEAM, { teamName: 'ml' }))).toBe('PERMISSION_ERROR');
    expect(refusal(await post(world.fake, world.eve.apiKey, DELETE_TEAM, { teamName: 'ml' }))).toBe('PERMISSION_ERROR');
    expect(refusal(await post(world.fake, world.fake.adminApiKey, DELETE_TEAM, { teamName: 'nope' }))).toBe('NOT_FOUND');
    expect(refusal(await post(world.fake, world.fake.adminApiKey, DELETE_TEAM, { teamName: 'eve' }))).toBe('NOT_FOUND');
    expect(world.fake.getTeam('ml')).toBeDefined();
  });

  test('an instance admin needs the first-party headers, as for every admin operation', async () => {
    const answer = await post(world.fake, world.fake.adminApiKey, DELETE_TEAM, { teamName: 'ml' }, NO_HEADERS);
    expect(refusal(answer)).toBe('RELOGIN_REQUIRED');
    expect(world.fake.getTeam('ml')).toBeDefined();
  });
});
