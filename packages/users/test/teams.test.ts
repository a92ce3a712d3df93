import { inspect } from 'node:util';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { type Api, AuthenticationError, ConflictError, Member, NetworkError, NotFoundError, PermissionError, Team, ValidationError } from '../src';
import { CreateTeamDocument, GetTeamEntityDocument } from '../src/graphql';
import { apiFor, rejectionOf, until } from './helpers';

// Teams and their members over real HTTP against the fake W&B server: loading,
// creating, inviting, service accounts, removing and changing roles, as an
// instance admin, a team admin, a member and an outsider.

let fake: FakeWandb;
let admin: Api;
/** Keys of the seeded users, by username. */
const keys: Record<string, string> = {};
let bot: { id: string; apiKey: string };

beforeEach(async () => {
  fake = await startFakeWandb({
    customRoles: ['labeler'],
    users: ['ann', 'bob', 'vic', 'olga', 'carol'].map((username) => ({ email: `${username}@example.com`, username, name: username.toUpperCase() })),
    teams: [
      {
        name: 'ml',
        members: [
          { username: 'ann', role: 'admin' },
          { username: 'bob', role: 'member' },
          { username: 'vic', role: 'viewer' },
          { email: 'new.hire@example.com', role: 'labeler', pending: true },
        ],
      },
    ],
  });
  // Seeded users' keys are not returned by startFakeWandb: give each a key of its own.
  for (const username of ['ann', 'bob', 'vic', 'olga', 'carol']) keys[username] = fake.addApiKey(fake.getUser(username)!.id).secret;
  bot = fake.addServiceAccount('ml', 'Nightly eval');
  admin = apiFor(fake);
});
afterEach(() => fake.close().catch(() => undefined));

const as = (username: string) => apiFor(fake, keys[username]);
const sent = (operation: string) => fake.requests.filter((r) => r.operationName === operation);
const serverMembers = (team = 'ml') => fake.getTeam(team)!.members.map((m) => [m.username ?? m.email, m.role, m.pending]);

describe('api.team', () => {
  test('the team with its members: roles, account types, pending invitations, admin derived from the role', async () => {
    const team = await admin.team('ml');
    expect(team).toBeInstanceOf(Team);
    expect(team!.name).toBe('ml');
    expect(team!.id).toBe(fake.getTeam('ml')!.id);
    expect(team!.members.every((m) => m instanceof Member && m.team === 'ml')).toBe(true);
    expect(team!.members.map((m) => [m.username ?? m.email, m.role, m.admin, m.pending, m.accountType])).toEqual([
      ['ann', 'admin', true, false, 'USER'],
      ['bob', 'member', false, false, 'USER'],
      ['vic', 'viewer', false, false, 'USER'],
      ['new.hire@example.com', 'labeler', false, true, null],
      [fake.getUser(bot.id)!.username, 'member', false, false, 'SERVICE'],
    ]);
    expect(team!.members.map((m) => m.id)).toEqual(fake.getTeam('ml')!.members.map((m) => m.id));
  });

  test('null for a name no entity has, and for a user (a personal entity is not a team)', async () => {
    expect(await admin.team('nobody')).toBeNull();
    expect(await admin.team('bob')).toBeNull();
  });

  test.each(['ann', 'bob', 'vic'])('%s (a member) sees the member list', async (username) => {
    const team = await as(username).team('ml');
    expect(team!.members).toHaveLength(5);
  });

  test('an outsider gets PermissionError (the member list is for members and instance admins)', async () => {
    const error = await rejectionOf(as('olga').team('ml'));
    expect(error).toBeInstanceOf(PermissionError);
  });

  test.each([
    ['empty', ''],
    ['blank', '   '],
    ['with control characters', 'ml\u001b[2J'],
    ['not a string', 42],
  ])('a name that is %s is a ValidationError before sending', async (_what, name) => {
    fake.clearRequests();
    const error = await rejectionOf(admin.team(name as string));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).argument).toBe('name');
    expect(fake.requests).toHaveLength(0);
  });

  test('String, toJSON and util.inspect', async () => {
    const team = (await admin.team('ml'))!;
    expect(String(team)).toBe('<Team ml>');
    const bob = team.members.find((m) => m.username === 'bob')!;
    expect(String(bob)).toBe('<Member BOB (USER)>');
    expect(String(team.members.find((m) => m.pending))).toBe('<Member new.hire@example.com (unknown)>');
    expect(bob.toJSON()).toEqual({
      id: fake.getUser('bob')!.id,
      name: 'BOB',
      username: 'bob',
      email: 'bob@example.com',
      accountType: 'USER',
      role: 'member',
      pending: false,
      admin: false,
    });
    expect(JSON.parse(JSON.stringify(team))).toEqual({ id: team.id, name: 'ml', members: team.members.map((m) => m.toJSON()) });
    expect(inspect(team, { depth: 5 })).toMatch(/^Team \{\n? *id: .*name: 'ml'/s);
    expect(inspect(bob)).toMatch(/^Member \{.*username: 'bob'/s);
  });

  test('reload brings the member list up to date; NotFoundError once the team is gone from the server', async () => {
    const team = (await admin.team('ml'))!;
    fake.addUser({ email: 'new.hire@example.com', username: 'hire' });
    fake.acceptInvite('ml', 'new.hire@example.com');
    expect(team.members.some((m) => m.pending)).toBe(true);
    await team.reload();
    expect(team.members.find((m) => m.username === 'hire')?.pending).toBe(false);

    const ghost = new Team(admin, { ...(await admin.request(GetTeamEntityDocument, { name: 'ml' })).entity!, name: 'gone' });
    expect(await rejectionOf(ghost.reload())).toBeInstanceOf(NotFoundError);
  });
});

describe("a service account's key", () => {
  test('team admins and instance admins read it through revealApiKey(), and nowhere else', async () => {
    for (const api of [admin, as('ann')]) {
      const team = (await api.team('ml'))!;
      const account = team.members.find((m) => m.accountType === 'SERVICE')!;
      expect(account.revealApiKey()).toBe(bot.apiKey);
      for (const shown of [
        JSON.stringify(team),
        JSON.stringify(account),
        String(account),
        String(team),
        inspect(team, { depth: 10, showHidden: true }),
        inspect(account, { showHidden: true }),
      ]) {
        expect(shown).not.toContain(bot.apiKey);
      }
      expect(Object.values(account)).not.toContain(bot.apiKey);
    }
  });

  test('members and viewers get null', async () => {
    for (const username of ['bob', 'vic']) {
      const team = (await as(username).team('ml'))!;
      expect(team.members.map((m) => m.revealApiKey())).toEqual([null, null, null, null, null]);
    }
  });
});

describe('api.createTeam', () => {
  test('an instance admin creates a team whose admin is the named user, returned with its members', async () => {
    const team = await admin.createTeam('vision', { adminUsername: 'bob' });
    expect(team.name).toBe('vision');
    expect(team.members.map((m) => [m.username, m.role])).toEqual([['bob', 'admin']]);
    expect(fake.getTeam('vision')?.id).toBe(team.id);
  });

  test('the admin defaults to the caller; Team.create is the same call', async () => {
    const team = await Team.create(admin, 'vision');
    expect(team.members.map((m) => [m.username, m.role])).toEqual([['admin', 'admin']]);
    const other = await Team.create(admin, 'audio', 'carol');
    expect(other.members.map((m) => m.username)).toEqual(['carol']);
  });

  test.each([
    ['with a space', 'my team'],
    ['with a dot', 'ml.v2'],
    ['with a slash', 'a/b'],
    ['non-ASCII', 'équipe'],
    ['empty', ''],
    ['too long', 'a'.repeat(257)],
    ['not a string', null],
  ])('a name %s is a ValidationError before sending', async (_what, name) => {
    fake.clearRequests();
    const error = await rejectionOf(admin.createTeam(name as string));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).argument).toBe('name');
    expect(fake.requests).toHaveLength(0);
  });

  test('a bad adminUsername is a ValidationError naming it', async () => {
    const error = await rejectionOf(admin.createTeam('vision', { adminUsername: '' }));
    expect((error as ValidationError).argument).toBe('adminUsername');
  });

  test('ConflictError for a name a team or a user has', async () => {
    expect(await rejectionOf(admin.createTeam('ml'))).toBeInstanceOf(ConflictError);
    expect(await rejectionOf(admin.createTeam('bob'))).toBeInstanceOf(ConflictError);
    expect(sent('CreateTeam')).toHaveLength(2);
  });

  test('PermissionError for anyone but an instance admin, team admins included', async () => {
    expect(await rejectionOf(as('ann').createTeam('vision'))).toBeInstanceOf(PermissionError);
    expect(fake.getTeam('vision')).toBeUndefined();
  });

  test('NotFoundError for an unknown admin', async () => {
    expect(await rejectionOf(admin.createTeam('vision', { adminUsername: 'nobody' }))).toBeInstanceOf(NotFoundError);
  });

  test('a name the server refuses as invalid is a ValidationError from the server (BAD_USER_INPUT)', async () => {
    // The client's rule and the server's agree, so only a server with a stricter rule gets here:
    // send the mutation directly to see how its refusal is classified.
    const error = await rejectionOf(admin.request(CreateTeamDocument, { teamName: 'not valid' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).argument).toBeUndefined();
    expect((error as ValidationError).graphQLErrors[0]?.code).toBe('BAD_USER_INPUT');
  });
});

describe('createTeam after an ambiguous failure (never two teams)', () => {
  const teamsNamed = (name: string) => fake.listTeams().filter((t) => t.name === name);

  test('applied, answer lost: found by the look-up, not sent again', async () => {
    fake.injectFault({ operation: 'CreateTeam', fault: { type: 'reset', when: 'after' } });
    const team = await admin.createTeam('vision', { adminUsername: 'bob' });
    expect(team.members.map((m) => m.username)).toEqual(['bob']);
    expect(sent('CreateTeam')).toHaveLength(1);
    expect(teamsNamed('vision')).toHaveLength(1);
  });

  test('not applied: not found by the look-up, sent again', async () => {
    fake.injectFault({ operation: 'CreateTeam', fault: { type: 'status', status: 502 } });
    const team = await admin.createTeam('vision');
    expect(team.name).toBe('vision');
    expect(sent('CreateTeam')).toHaveLength(2);
    expect(teamsNamed('vision')).toHaveLength(1);
  });

  test("a user's name found by the look-up is a conflict, not a team created", async () => {
    fake.injectFault({ operation: 'CreateTeam', fault: { type: 'status', status: 502 } });
    const error = await rejectionOf(admin.createTeam('carol'));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/personal entity/);
    expect(sent('CreateTeam')).toHaveLength(1);
  });

  test('a team with other admins found by the look-up is a conflict', async () => {
    fake.injectFault({ operation: 'CreateTeam', fault: { type: 'status', status: 502 } });
    const error = await rejectionOf(admin.createTeam('ml', { adminUsername: 'bob' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/other admins/);
  });

  test('the look-up failing too: the first failure is thrown, nothing sent again', async () => {
    fake.injectFault({ operation: 'CreateTeam', fault: { type: 'status', status: 502 } });
    fake.injectFault({ operation: 'GetTeamEntity', times: 10, fault: { type: 'status', status: 500 } });
    const error = await rejectionOf(apiFor(fake, fake.adminApiKey, { retry: { retries: 0 } }).createTeam('vision'));
    expect(error.name).toBe('ServerError');
    expect((error as { status?: number }).status).toBe(502);
    expect(sent('CreateTeam')).toHaveLength(1);
  });
});

describe('team.invite', () => {
  let team: Team;
  beforeEach(async () => {
    team = (await admin.team('ml'))!;
    fake.clearRequests();
  });

  test('by username: true, and the invitee is pending with the role asked for', async () => {
    expect(await team.invite('olga', { role: 'viewer' })).toBe(true);
    expect(serverMembers().at(-1)).toEqual(['olga', 'viewer', true]);
    // The members list is a snapshot until reloaded.
    expect(team.members.some((m) => m.username === 'olga')).toBe(false);
    await team.reload();
    expect(team.members.find((m) => m.username === 'olga')).toMatchObject({ pending: true, role: 'viewer' });
  });

  test('an argument with "@" is sent as email, anything else as username; role alone, never the deprecated admin flag', async () => {
    expect(await team.invite('someone.new@example.com', { role: 'admin' })).toBe(true);
    expect(await team.invite('carol')).toBe(true);
    const [byEmail, byUsername] = sent('CreateInvite').map((r) => r.variables);
    expect(byEmail).toEqual({ entity: 'ml', email: 'someone.new@example.com', role: 'admin' });
    expect(byUsername).toEqual({ entity: 'ml', username: 'carol', role: null });
    expect(serverMembers().slice(-2)).toEqual([
      ['someone.new@example.com', 'admin', true],
      ['carol', 'member', true],
    ]);
  });

  test('a custom role', async () => {
    expect(await team.invite('olga', { role: 'labeler' })).toBe(true);
    expect(serverMembers().at(-1)).toEqual(['olga', 'labeler', true]);
  });

  test.each([
    ['a member', 'bob'],
    ['someone already invited (address in another case)', 'NEW.HIRE@example.com'],
    ['an unknown username', 'nobody'],
  ])('false for %s', async (_what, who) => {
    const before = serverMembers();
    expect(await team.invite(who)).toBe(false);
    expect(serverMembers()).toEqual(before);
  });

  test('false for a member who is not a team admin, and for an outsider', async () => {
    for (const username of ['bob', 'vic']) {
      const asMember = (await as(username).team('ml'))!;
      expect(await asMember.invite('olga')).toBe(false);
    }
    expect(serverMembers().some(([who]) => who === 'olga')).toBe(false);
  });

  test('a team admin who is not an instance admin may invite', async () => {
    const asTeamAdmin = (await as('ann').team('ml'))!;
    expect(await asTeamAdmin.invite('olga')).toBe(true);
  });

  test('a role the instance does not know is a ValidationError from the server', async () => {
    const error = await rejectionOf(team.invite('olga', { role: 'owner' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(sent('CreateInvite')).toHaveLength(1);
  });

  test.each([
    ['not an address', 'olga@'],
    ['empty', ''],
    ['with control characters', 'ol\nga'],
  ])('whom to invite %s is a ValidationError before sending', async (_what, who) => {
    const error = await rejectionOf(team.invite(who));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).argument).toBe('usernameOrEmail');
    expect(fake.requests).toHaveLength(0);
  });

  test('an empty role is a ValidationError before sending', async () => {
    const error = await rejectionOf(team.invite('olga', { role: ' ' }));
    expect((error as ValidationError).argument).toBe('role');
    expect(fake.requests).toHaveLength(0);
  });

  test.each([
    ['applied, answer lost', { type: 'reset', when: 'after' } as const, 1],
    ['not applied', { type: 'reset', when: 'before' } as const, 2],
    ['502 after applying', { type: 'status', status: 502, applied: true } as const, 1],
  ])('an ambiguous failure (%s) is settled from the member list: true, invited once', async (_what, fault, requests) => {
    fake.injectFault({ operation: 'CreateInvite', fault });
    expect(await team.invite('olga', { role: 'viewer' })).toBe(true);
    expect(sent('CreateInvite')).toHaveLength(requests);
    expect(serverMembers().filter(([who]) => who === 'olga')).toEqual([['olga', 'viewer', true]]);
  });

  test('authentication failures are thrown, not answered false', async () => {
    const asBob = (await as('bob').team('ml'))!;
    fake.deleteUser(fake.getUser('bob')!.id);
    expect(await rejectionOf(asBob.invite('olga'))).toBeInstanceOf(AuthenticationError);
  });
});

describe('team.createServiceAccount', () => {
  const serviceAccounts = () => fake.getTeam('ml')!.members.filter((m) => m.accountType === 'SERVICE');

  test('a team admin gets the account (found by its ID) and its key, once, which authenticates as the account', async () => {
    const team = (await as('ann').team('ml'))!;
    const made = await team.createServiceAccount('CI deploys');
    expect(made).not.toBeNull();
    const { member, apiKey } = made!;
    expect(member.accountType).toBe('SERVICE');
    expect(member.name).toBe('CI deploys');
    expect(serviceAccounts().map((m) => m.id)).toEqual([bot.id, member.id]);
    const viewer = await apiFor(fake, apiKey).viewer();
    expect(viewer.id).toBe(member.id);
    // The team was reloaded to read the key: it lists the account.
    expect(team.members.at(-1)?.id).toBe(member.id);
    // Logging the result does not print the key.
    expect(JSON.stringify(made)).not.toContain(apiKey);
    expect(inspect(made, { depth: 5, showHidden: true })).not.toContain(apiKey);
    expect(Object.keys(made!)).toEqual(['member']);
    expect({ ...made }).toEqual({ member });
  });

  test('the account is the one whose ID the server returned, not the last member listed', async () => {
    const team = (await admin.team('ml'))!;
    fake.addUser({ email: 'new.hire@example.com', username: 'hire' });
    // The reload that reads the key waits; meanwhile someone joins, so the account is not last.
    fake.injectFault({ operation: 'GetTeamEntity', fault: { type: 'latency', ms: 400 } });
    const pending = team.createServiceAccount('Batch jobs');
    await until(() => serviceAccounts().length >= 2);
    fake.acceptInvite('ml', 'new.hire@example.com');
    const made = await pending;
    expect(team.members.at(-1)?.username).toBe('hire');
    expect(made!.member.id).toBe(serviceAccounts()[1]!.id);
    expect(made!.member.name).toBe('Batch jobs');
  });

  test('null, and no account, for a member or viewer (not a team admin) and an outsider', async () => {
    for (const username of ['bob', 'vic']) {
      const team = (await as(username).team('ml'))!;
      expect(await team.createServiceAccount('not allowed')).toBeNull();
    }
    const outsider = new Team(as('olga'), { ...(await admin.request(GetTeamEntityDocument, { name: 'ml' })).entity! });
    expect(await outsider.createServiceAccount('not allowed')).toBeNull();
    expect(serviceAccounts()).toHaveLength(1);
  });

  test.each([
    ['empty', ''],
    ['blank', '  '],
    ['with control characters', 'a\u0007b'],
    ['too long', 'd'.repeat(1001)],
  ])('a description that is %s is a ValidationError before sending', async (_what, description) => {
    const team = (await admin.team('ml'))!;
    fake.clearRequests();
    const error = await rejectionOf(team.createServiceAccount(description));
    expect((error as ValidationError).argument).toBe('description');
    expect(fake.requests).toHaveLength(0);
  });

  test('applied, answer lost: null, never sent again, and the reloaded team shows the account', async () => {
    const team = (await admin.team('ml'))!;
    fake.injectFault({ operation: 'CreateServiceAccount', fault: { type: 'reset', when: 'after' } });
    expect(await team.createServiceAccount('Lost answer')).toBeNull();
    expect(sent('CreateServiceAccount')).toHaveLength(1);
    expect(serviceAccounts()).toHaveLength(2);
    const shown = team.members.find((m) => m.name === 'Lost answer');
    expect(shown?.accountType).toBe('SERVICE');
    expect(shown?.revealApiKey()).toEqual(expect.any(String));
  });

  test('not applied: null, never sent again, no account', async () => {
    const team = (await admin.team('ml'))!;
    fake.injectFault({ operation: 'CreateServiceAccount', fault: { type: 'reset', when: 'before' } });
    expect(await team.createServiceAccount('Not made')).toBeNull();
    expect(sent('CreateServiceAccount')).toHaveLength(1);
    expect(serviceAccounts()).toHaveLength(1);
  });

  test('the server down: NetworkError (provably nothing made, so a retry is safe)', async () => {
    const team = (await apiFor(fake, fake.adminApiKey, { retry: { retries: 1, baseDelayMs: 1 } }).team('ml'))!;
    await fake.close();
    expect(await rejectionOf(team.createServiceAccount('Server down'))).toBeInstanceOf(NetworkError);
  });
});

describe('member.delete', () => {
  const member = async (who: string, api = admin) => (await api.team('ml'))!.members.find((m) => (m.username ?? m.email) === who)!;

  test('removes a member: true, and the server no longer lists them', async () => {
    expect(await (await member('bob')).delete()).toBe(true);
    expect(serverMembers().some(([who]) => who === 'bob')).toBe(false);
    expect(fake.getUser('bob')!.deletedAt).toBeNull();
  });

  test('withdraws a pending invitation', async () => {
    expect(await (await member('new.hire@example.com')).delete()).toBe(true);
    expect(serverMembers().some(([, , pending]) => pending)).toBe(false);
  });

  test('false for the last admin of the team, and for someone already gone', async () => {
    expect(await (await member('ann')).delete()).toBe(false);
    const bob = await member('bob');
    expect(await bob.delete()).toBe(true);
    expect(await bob.delete()).toBe(false);
    expect(serverMembers()[0]).toEqual(['ann', 'admin', false]);
  });

  test('false for a member who is not a team admin; a team admin may remove', async () => {
    expect(await (await member('vic', as('bob'))).delete()).toBe(false);
    expect(await (await member('vic', as('ann'))).delete()).toBe(true);
  });

  test.each([
    ['applied, answer lost', { type: 'reset', when: 'after' } as const, 1],
    ['not applied', { type: 'status', status: 502 } as const, 2],
  ])('an ambiguous failure (%s) is settled from the member list', async (_what, fault, requests) => {
    const bob = await member('bob');
    fake.clearRequests();
    fake.injectFault({ operation: 'DeleteInvite', fault });
    expect(await bob.delete()).toBe(true);
    expect(sent('DeleteInvite')).toHaveLength(requests);
    expect(serverMembers().some(([who]) => who === 'bob')).toBe(false);
  });
});

describe('team.delete', () => {
  test("a team admin deletes the team: true, the name finds no team, the accounts stay (the service account's key works)", async () => {
    const team = (await as('ann').team('ml'))!;
    expect(await team.delete()).toBe(true);
    expect(await admin.team('ml')).toBeNull();
    expect(fake.getUser('bob')).toMatchObject({ deletedAt: null, teams: [] });
    expect((await apiFor(fake, bot.apiKey).viewer()).id).toBe(bot.id);
  });

  test('false for a member who is not its admin (nothing deleted), and for a team already gone', async () => {
    expect(await (await as('bob').team('ml'))!.delete()).toBe(false);
    expect(fake.getTeam('ml')).toBeDefined();
    const team = (await admin.team('ml'))!;
    expect(await team.delete()).toBe(true);
    expect(await team.delete()).toBe(false);
  });

  test.each([
    ['applied, answer lost', { type: 'reset', when: 'after' } as const, 1],
    ['not applied', { type: 'status', status: 502 } as const, 2],
  ])('an ambiguous failure (%s) is settled by looking the name up', async (_what, fault, requests) => {
    const team = (await admin.team('ml'))!;
    fake.clearRequests();
    fake.injectFault({ operation: 'DeleteTeam', fault });
    expect(await team.delete()).toBe(true);
    expect(sent('DeleteTeam')).toHaveLength(requests);
    expect(fake.getTeam('ml')).toBeUndefined();
  });
});

describe('member.setRole', () => {
  const member = async (who: string, api = admin) => (await api.team('ml'))!.members.find((m) => m.username === who)!;

  test('true, and the member shows the new role (and admin derived from it)', async () => {
    const bob = await member('bob');
    expect(await bob.setRole('admin')).toBe(true);
    expect([bob.role, bob.admin]).toEqual(['admin', true]);
    expect(serverMembers()[1]).toEqual(['bob', 'admin', false]);
    expect(await bob.setRole('labeler')).toBe(true);
    expect([bob.role, bob.admin]).toEqual(['labeler', false]);
  });

  test('false for demoting the last admin, for a pending invitation, and for a non-admin caller', async () => {
    const ann = await member('ann');
    expect(await ann.setRole('member')).toBe(false);
    expect(ann.role).toBe('admin');
    const invite = (await admin.team('ml'))!.members.find((m) => m.pending)!;
    expect(await invite.setRole('viewer')).toBe(false);
    expect(await (await member('vic', as('bob'))).setRole('admin')).toBe(false);
    expect(serverMembers().slice(0, 4)).toEqual([
      ['ann', 'admin', false],
      ['bob', 'member', false],
      ['vic', 'viewer', false],
      ['new.hire@example.com', 'labeler', true],
    ]);
  });

  test('an unknown role is a ValidationError from the server; an empty one before sending', async () => {
    const bob = await member('bob');
    fake.clearRequests();
    expect(await rejectionOf(bob.setRole('owner'))).toBeInstanceOf(ValidationError);
    expect(sent('UpdateMember')).toHaveLength(1);
    expect(((await rejectionOf(bob.setRole(''))) as ValidationError).argument).toBe('role');
    expect(sent('UpdateMember')).toHaveLength(1);
  });

  test.each([
    ['applied, answer lost', { type: 'reset', when: 'after' } as const, 1],
    ['not applied', { type: 'reset', when: 'before' } as const, 2],
  ])('an ambiguous failure (%s) is settled from the member list', async (_what, fault, requests) => {
    const bob = await member('bob');
    fake.clearRequests();
    fake.injectFault({ operation: 'UpdateMember', fault });
    expect(await bob.setRole('viewer')).toBe(true);
    expect(bob.role).toBe('viewer');
    expect(sent('UpdateMember')).toHaveLength(requests);
    expect(serverMembers()[1]).toEqual(['bob', 'viewer', false]);
  });
});
