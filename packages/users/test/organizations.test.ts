import { inspect } from 'node:util';
import { type FakeWandb, organizationFixture, startFakeWandb, userFixture } from '@wandb-ts/testing';
import {
  type Api,
  ConflictError,
  LastOrganizationAdminError,
  NetworkError,
  NotFoundError,
  OrganizationChoiceError,
  SeatLimitError,
  User,
  ValidationError,
} from '../src';
import { Organization } from '../src/organizations/organization';
import { OrganizationInvitation } from '../src/organizations/invitation';
import { OrganizationMember } from '../src/organizations/member';
import { apiFor, rejectionOf } from './helpers';

// Organizations over real HTTP against the fake W&B server: loading, inviting,
// changing roles and removing, with seats of both kinds, the last admin, and
// as an organization admin, a member and an outsider. One server for the file;
// each test seeds an organization and people of its own.

let fake: FakeWandb;
beforeAll(async () => {
  fake = await startFakeWandb({ customRoles: ['labeler'] });
});
afterAll(() => fake.close());
beforeEach(() => fake.clearRequests());
afterEach(() => fake.clearFaults());

interface World {
  name: string;
  /** The organization's admin (not an instance admin), a member, a viewer and an outsider, by username. */
  admin: string;
  member: string;
  viewer: string;
  outsider: string;
  /** An Api with the key of one of them. */
  as(who: 'admin' | 'member' | 'viewer' | 'outsider'): Api;
}

function world(options: { seats?: number; viewOnlySeats?: number; pending?: string[] } = {}): World {
  const person = () => fake.addUser(userFixture({ name: 'Person' }));
  const people = { admin: person(), member: person(), viewer: person(), outsider: person() };
  const fixture = organizationFixture({
    seats: options.seats,
    viewOnlySeats: options.viewOnlySeats,
    members: [
      { username: people.admin.username, role: 'admin' },
      people.member.username,
      { username: people.viewer.username, role: 'viewer' },
      ...(options.pending ?? []).map((email) => ({ email, pending: true })),
    ],
  });
  fake.addOrganization({ ...fixture, teams: [`${fixture.name}-ml`] });
  return {
    name: fixture.name,
    admin: people.admin.username,
    member: people.member.username,
    viewer: people.viewer.username,
    outsider: people.outsider.username,
    as: (who) => apiFor(fake, people[who].apiKey),
  };
}

const sent = (operation: string) => fake.requests.filter((r) => r.operationName === operation);
const serverRoles = (name: string) => fake.getOrganization(name)!.members.map((m) => [m.username, m.role]);

async function load(w: World, who: 'admin' | 'member' | 'viewer' | 'outsider' = 'admin'): Promise<Organization> {
  const org = await w.as(who).organization(w.name);
  if (!org) throw new Error(`${w.name} did not load`);
  fake.clearRequests();
  return org;
}

describe('api.organization', () => {
  test('by name: members with role, seat and account, pending invitations, seats and its entity', async () => {
    const w = world({ seats: 5, viewOnlySeats: 2, pending: ['hire@example.com'] });
    const org = await w.as('member').organization(w.name);
    expect(org).toBeInstanceOf(Organization);
    const server = fake.getOrganization(w.name)!;
    expect([org!.id, org!.name, org!.orgEntity?.name]).toEqual([server.id, w.name, server.entityName]);
    expect(org!.members.every((m) => m instanceof OrganizationMember && m.organization === w.name)).toBe(true);
    expect(org!.members.map((m) => [m.username, m.role, m.admin, m.seatType, m.email])).toEqual([
      [w.admin, 'admin', true, 'full', `${w.admin}@example.com`],
      [w.member, 'member', false, 'full', `${w.member}@example.com`],
      [w.viewer, 'viewer', false, 'viewOnly', `${w.viewer}@example.com`],
    ]);
    const { user } = org!.members[1]!;
    expect(user).toBeInstanceOf(User);
    expect([user.id, user.username, user.deletedAt, user.apiKeys, user.teams]).toEqual([fake.getUser(w.member)!.id, w.member, null, [], []]);
    expect(org!.pendingInvitations.map((i) => [i instanceof OrganizationInvitation, i.email, i.organization])).toEqual([[true, 'hire@example.com', w.name]]);
    expect(org!.seats).toEqual({ full: { total: 5, used: 3, available: 2 }, viewOnly: { total: 2, used: 1, available: 1 } });
    expect(org!.teams).toEqual([`${w.name}-ml`]);
  });

  test('null for an organization that does not exist, and for one the key may not read', async () => {
    const w = world();
    expect(await w.as('admin').organization('no-such-organization')).toBeNull();
    expect(await w.as('outsider').organization(w.name)).toBeNull();
  });

  test("without a name: the key's only organization; null for a user in none", async () => {
    const w = world();
    expect((await w.as('viewer').organization())?.name).toBe(w.name);
    expect(await w.as('outsider').organization()).toBeNull();
  });

  test('without a name, for a user in several: OrganizationChoiceError listing them, and nothing more is read', async () => {
    const w = world();
    const other = fake.addOrganization(organizationFixture({ members: [w.member] }));
    const error = await rejectionOf(w.as('member').organization());
    expect(error).toBeInstanceOf(OrganizationChoiceError);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as OrganizationChoiceError).organizations).toEqual([w.name, other.name]);
    expect((error as OrganizationChoiceError).argument).toBe('name');
    expect(error.message).toContain(JSON.stringify(other.name));
    expect(sent('GetOrganization')).toHaveLength(0);
  });

  test.each([
    ['empty', ''],
    ['with control characters', 'acme\u001b[2J'],
    ['not a string', 7],
  ])('a name that is %s is a ValidationError before sending', async (_what, name) => {
    const error = await rejectionOf(apiFor(fake).organization(name as string));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).argument).toBe('name');
    expect(fake.requests).toHaveLength(0);
  });

  test('String, toJSON and util.inspect show the organization, never more than the listing', async () => {
    const w = world({ pending: ['hire@example.com'] });
    const org = await load(w);
    expect(String(org)).toBe(`<Organization ${w.name}>`);
    expect(String(org.members[0])).toBe(`<OrganizationMember ${w.admin} (admin)>`);
    expect(String(org.pendingInvitations[0])).toBe('<OrganizationInvitation hire@example.com>');
    const json = JSON.parse(JSON.stringify(org));
    expect(json).toEqual({
      id: org.id,
      name: w.name,
      orgEntity: org.orgEntity,
      seats: org.seats,
      members: org.members.map((m) => m.toJSON()),
      pendingInvitations: [{ id: expect.any(String), email: 'hire@example.com', createdAt: expect.any(String), expiresAt: null }],
    });
    expect(json.members[1]).toEqual({
      id: fake.getUser(w.member)!.id,
      username: w.member,
      name: 'Person',
      email: `${w.member}@example.com`,
      role: 'member',
      admin: false,
      seatType: 'full',
    });
    expect(inspect(org, { depth: 4 })).toMatch(/^Organization \{.*name: '[^']+'/s);
    expect(inspect(org.members[0])).toMatch(/^OrganizationMember \{.*role: 'admin'/s);
  });

  test('a custom role has no known seat type', async () => {
    const w = world();
    fake.addOrganization(organizationFixture({ name: `${w.name}-custom`, members: [{ username: w.outsider, role: 'labeler' }] }));
    const org = await w.as('outsider').organization(`${w.name}-custom`);
    expect(org!.members.map((m) => [m.role, m.seatType])).toEqual([['labeler', null]]);
  });

  test('reload brings it up to date; NotFoundError once the key may no longer read it', async () => {
    const w = world();
    const org = await load(w, 'member');
    fake.addUser({ email: 'late@example.com', username: `${w.name}-late` });
    await w
      .as('admin')
      .organization(w.name)
      .then((o) => o!.invite(`${w.name}-late`, { role: 'viewer' }));
    expect(org.members).toHaveLength(3);
    await org.reload();
    expect(org.members.map((m) => m.role)).toEqual(['admin', 'member', 'viewer', 'viewer']);
    expect(org.seats.viewOnly.used).toBe(2);
    expect(await (await load(w)).remove(w.member)).toBe(true);
    expect(await rejectionOf(org.reload())).toBeInstanceOf(NotFoundError);
  });
});

describe('organization.invite', () => {
  test('someone with an account joins at once, with the role and the teams named', async () => {
    const w = world();
    const ann = fake.addUser(userFixture());
    const org = await load(w);
    expect(await org.invite(ann.username, { role: 'viewer', teams: [`${w.name}-ml`] })).toBe(true);
    expect(serverRoles(w.name).at(-1)).toEqual([ann.username, 'viewer']);
    expect(fake.getUser(ann.username)!.teams).toEqual([`${w.name}-ml`]);
    expect(sent('AddUserToOrganization').map((r) => r.variables)).toEqual([
      { organizationId: org.id, userName: ann.username, userOrgRole: 'viewer', teams: [`${w.name}-ml`] },
    ]);
  });

  test('an address without an account is invited as member by default; the invitation holds a full seat', async () => {
    const w = world({ seats: 4 });
    const org = await load(w);
    expect(await org.invite('new.hire@example.com')).toBe(true);
    await org.reload();
    expect(org.pendingInvitations.map((i) => i.email)).toEqual(['new.hire@example.com']);
    expect(org.seats.full).toEqual({ total: 4, used: 3, available: 1 });
    expect(fake.getOrganization(w.name)!.pendingInvites[0]).toMatchObject({ role: 'member', seat: 'full' });
  });

  test('false when W&B refuses: already a member, no such username, not an admin of the organization', async () => {
    const w = world();
    const org = await load(w);
    expect(await org.invite(w.member)).toBe(false);
    expect(await org.invite('no-such-user')).toBe(false);
    expect(await (await load(w, 'member')).invite('someone@example.com')).toBe(false);
    expect(fake.getOrganization(w.name)!.pendingInvites).toEqual([]);
  });

  test('SeatLimitError, with the numbers, when no seat of the kind the role needs is left; nothing is added', async () => {
    const w = world({ seats: 2, viewOnlySeats: 1 });
    const org = await load(w);
    const full = await rejectionOf(org.invite('a@example.com', { role: 'admin' }));
    expect(full).toBeInstanceOf(SeatLimitError);
    expect(full).toBeInstanceOf(ConflictError);
    expect(full).toMatchObject({ organization: w.name, seatType: 'full', total: 2, used: 2, operation: 'AddUserToOrganization' });
    expect(full.message).toMatch(/no full seat left in organization .*: 2 of 2 in use/);
    const viewOnly = await rejectionOf(org.invite('b@example.com', { role: 'viewer' }));
    expect(viewOnly).toMatchObject({ seatType: 'viewOnly', total: 1, used: 1 });
    expect(JSON.parse(JSON.stringify(viewOnly))).toMatchObject({ name: 'SeatLimitError', seatType: 'viewOnly', total: 1, used: 1, organization: w.name });
    expect(sent('AddUserToOrganization')).toHaveLength(2);
    expect(fake.getOrganization(w.name)!.pendingInvites).toEqual([]);
  });

  test('a role the server does not know is a ValidationError from the server', async () => {
    const w = world();
    const error = await rejectionOf((await load(w)).invite('c@example.com', { role: 'owner' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).graphQLErrors[0]?.code).toBe('BAD_USER_INPUT');
  });

  test.each([
    ['an empty name', '', {}, 'usernameOrEmail'],
    ['a bad address', 'a@b', {}, 'usernameOrEmail'],
    ['an empty role', 'd@example.com', { role: ' ' }, 'role'],
    ['teams that are not a list', 'd@example.com', { teams: 'ml' }, 'teams'],
    ['an empty team name', 'd@example.com', { teams: [''] }, 'teams'],
  ])('%s is a ValidationError before sending', async (_what, who, options, argument) => {
    const w = world();
    const org = await load(w);
    const error = await rejectionOf(org.invite(who, options as never));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).argument).toBe(argument);
    expect(fake.requests).toHaveLength(0);
  });

  test('the answer lost after W&B acted: the organization shows the invitation, true, and it is not sent again', async () => {
    const w = world();
    const org = await load(w);
    fake.injectFault({ operation: 'AddUserToOrganization', fault: { type: 'reset', when: 'after' } });
    expect(await org.invite('lost@example.com', { role: 'viewer' })).toBe(true);
    expect(sent('AddUserToOrganization')).toHaveLength(1);
    expect(fake.getOrganization(w.name)!.pendingInvites.map((i) => [i.email, i.role])).toEqual([['lost@example.com', 'viewer']]);
  });

  test('a 502 before W&B acted: the organization does not show it, so it is sent again, once', async () => {
    const w = world();
    const org = await load(w);
    fake.injectFault({ operation: 'AddUserToOrganization', fault: { type: 'status', status: 502 } });
    expect(await org.invite('again@example.com')).toBe(true);
    expect(sent('AddUserToOrganization').map((r) => r.status)).toEqual([502, 200]);
    expect(fake.getOrganization(w.name)!.pendingInvites).toHaveLength(1);
  });
});

describe('organization.setRole', () => {
  test('by username, address, User or member; the seat follows the role', async () => {
    const w = world();
    const org = await load(w);
    expect(await org.setRole(w.member, 'viewer')).toBe(true);
    expect(await org.setRole(`${w.viewer}@EXAMPLE.com`, 'labeler')).toBe(true);
    expect(fake.getOrganization(w.name)!.seats).toEqual({ full: { total: 10, used: 2 }, viewOnly: { total: 10, used: 1 } });
    expect(await org.setRole(org.members[1]!, 'admin')).toBe(true);
    expect(await org.setRole(org.members[1]!.user, 'member')).toBe(true);
    expect(serverRoles(w.name)).toEqual([
      [w.admin, 'admin'],
      [w.member, 'member'],
      [w.viewer, 'labeler'],
    ]);
    // The loaded organization is a snapshot.
    expect(org.members[1]!.role).toBe('member');
  });

  test('already the role: true, and no change is sent', async () => {
    const w = world();
    expect(await (await load(w)).setRole(w.viewer, 'viewer')).toBe(true);
    expect(sent('UpdateOrganizationUser')).toHaveLength(0);
  });

  test('demoting the last admin: LastOrganizationAdminError before sending; with another admin it works', async () => {
    const w = world();
    const org = await load(w);
    const error = await rejectionOf(org.setRole(w.admin, 'member'));
    expect(error).toBeInstanceOf(LastOrganizationAdminError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ organization: w.name, username: w.admin });
    expect(sent('UpdateOrganizationUser')).toHaveLength(0);
    expect(await org.setRole(w.member, 'admin')).toBe(true);
    expect(await org.setRole(w.admin, 'member')).toBe(true);
  });

  test('SeatLimitError when the new role needs a seat of a kind none is left of', async () => {
    const w = world({ seats: 2 });
    const error = await rejectionOf((await load(w)).setRole(w.viewer, 'member'));
    expect(error).toMatchObject({ name: 'SeatLimitError', seatType: 'full', total: 2, used: 2 });
    expect(serverRoles(w.name)[2]).toEqual([w.viewer, 'viewer']);
  });

  test('false without sending for a pending invitation or someone not in the organization; false when W&B refuses', async () => {
    const w = world({ pending: ['pending@example.com'] });
    const org = await load(w);
    expect(await org.setRole('pending@example.com', 'viewer')).toBe(false);
    expect(await org.setRole(w.outsider, 'viewer')).toBe(false);
    expect(sent('UpdateOrganizationUser')).toHaveLength(0);
    expect(await (await load(w, 'member')).setRole(w.viewer, 'member')).toBe(false);
    expect(serverRoles(w.name)[2]).toEqual([w.viewer, 'viewer']);
  });

  test('the answer lost after W&B acted: the role on the server decides', async () => {
    const w = world();
    const org = await load(w);
    fake.injectFault({ operation: 'UpdateOrganizationUser', fault: { type: 'status', status: 502, applied: true } });
    expect(await org.setRole(w.member, 'viewer')).toBe(true);
    expect(sent('UpdateOrganizationUser')).toHaveLength(1);
  });

  test('a refusal W&B does not explain, with neither seats nor the last admin behind it: false', async () => {
    const w = world();
    fake.injectFault({ operation: 'UpdateOrganizationUser', fault: { type: 'graphqlErrors', errors: [{ message: 'not now', code: 'CONFLICT' }] } });
    expect(await (await load(w)).setRole(w.member, 'viewer')).toBe(false);
  });
});

describe('organization.remove', () => {
  test('a member leaves and their seat is free again; the account stays', async () => {
    const w = world();
    const org = await load(w);
    expect(await org.remove(org.members[1]!)).toBe(true);
    expect(serverRoles(w.name).map(([username]) => username)).toEqual([w.admin, w.viewer]);
    expect(fake.getOrganization(w.name)!.seats.full.used).toBe(1);
    expect(fake.getUser(w.member)!.deletedAt).toBeNull();
    expect(sent('RemoveUserFromOrganization').map((r) => r.variables)).toEqual([{ organizationId: org.id, userName: w.member }]);
  });

  test('a pending invitation is withdrawn, by the invitation or by its address', async () => {
    const w = world({ pending: ['one@example.com', 'two@example.com'] });
    const org = await load(w);
    expect(await org.remove(org.pendingInvitations[0]!)).toBe(true);
    expect(await org.remove('TWO@example.com')).toBe(true);
    expect(fake.getOrganization(w.name)!.pendingInvites).toEqual([]);
  });

  test('the last admin: LastOrganizationAdminError before sending', async () => {
    const w = world();
    const error = await rejectionOf((await load(w)).remove(w.admin));
    expect(error).toBeInstanceOf(LastOrganizationAdminError);
    expect(error.message).toContain('make another member admin first');
    expect(sent('RemoveUserFromOrganization')).toHaveLength(0);
    expect(serverRoles(w.name)).toHaveLength(3);
  });

  test('false without sending for someone not in the organization; false when W&B refuses', async () => {
    const w = world();
    expect(await (await load(w)).remove(w.outsider)).toBe(false);
    expect(sent('RemoveUserFromOrganization')).toHaveLength(0);
    expect(await (await load(w, 'viewer')).remove(w.member)).toBe(false);
    expect(serverRoles(w.name)).toHaveLength(3);
  });

  test('something that is no member reference is a ValidationError before sending', async () => {
    const w = world();
    const org = await load(w);
    const error = await rejectionOf(org.remove({ username: w.member } as never));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).argument).toBe('member');
    expect(fake.requests).toHaveLength(0);
  });

  test('the answer lost after W&B acted: gone counts as removed, nothing is sent twice', async () => {
    const w = world();
    const org = await load(w);
    fake.injectFault({ operation: 'RemoveUserFromOrganization', fault: { type: 'reset', when: 'after' } });
    expect(await org.remove(w.viewer)).toBe(true);
    expect(sent('RemoveUserFromOrganization')).toHaveLength(1);
    expect(serverRoles(w.name)).toHaveLength(2);
  });

  test("when the organization's state cannot be read, the network failure is thrown", async () => {
    const w = world();
    const org = await load(w);
    fake.injectFault({ operation: 'GetOrganization', times: Number.POSITIVE_INFINITY, fault: { type: 'reset', when: 'before' } });
    expect(await rejectionOf(org.remove(w.viewer, { retry: false }))).toBeInstanceOf(NetworkError);
    expect(sent('RemoveUserFromOrganization')).toHaveLength(0);
  });
});
