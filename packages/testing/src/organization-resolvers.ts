// Organizations (W&B's `Query.organization`, the organization mutations, and
// the organization fields of entities, invitations and users), and who may
// read or change them: an organization's members read it, its admins (and
// instance admins, with W&B's first-party headers) add, remove and change the
// role of its members. The rules of seats and the last admin are the book's
// (organizations.ts).
import { ORG_ADMIN_ROLE, type OrganizationRecord, type OrgEntityRecord, type OrgInviteRecord, type OrgMembershipRecord } from './organizations.js';
import {
  actsAsInstanceAdmin,
  encodeCursor,
  fakeError,
  type RequestContext,
  refuseArgs,
  requireFirstParty,
  required,
  type Resolver,
  storeCall,
} from './resolver-kit.js';
import type { EntityRecord, InviteRecord, UserRecord } from './store.js';
import * as teams from './team-resolvers.js';

/** An `OrganizationMember`: a member of an organization, with the organization it belongs to. */
interface OrgMemberView {
  org: OrganizationRecord;
  membership: OrgMembershipRecord;
}

/**
 * Whether the caller may read the organization: its members, and instance
 * admins with W&B's first-party headers (without them, `RELOGIN_REQUIRED`
 * where only admin rights would let them through). Anyone else is answered as
 * if it did not exist.
 */
function readable(ctx: RequestContext, org: OrganizationRecord): boolean {
  if (org.members.has(ctx.viewer.n)) return true;
  if (!ctx.viewer.admin) return false;
  requireFirstParty(ctx);
  return true;
}

/** `readable` for a field reached through another object: never an error, null instead. */
function visible(ctx: RequestContext, org: OrganizationRecord | undefined): OrganizationRecord | null {
  return org && (org.members.has(ctx.viewer.n) || actsAsInstanceAdmin(ctx)) ? org : null;
}

/** Passes the organization's admins, and instance admins who sent W&B's first-party headers. */
function requireOrgAdmin(ctx: RequestContext, org: OrganizationRecord, what: string): void {
  if (org.admins.has(ctx.viewer.n)) return;
  if (ctx.viewer.admin) {
    requireFirstParty(ctx);
    return;
  }
  throw fakeError('PERMISSION_ERROR', `permission denied: ${what} in organization ${org.name} requires organization admin or instance admin privileges`);
}

function orgById(ctx: RequestContext, id: string | null | undefined): OrganizationRecord {
  const org = ctx.store.organizations.byId(required(id, 'organizationId'));
  if (!org) throw fakeError('NOT_FOUND', `no organization with id ${id}`);
  return org;
}

/** The account `userName` names: a username, or (containing `@`) an address, ignoring case. */
function accountNamed(ctx: RequestContext, userName: string): UserRecord | undefined {
  return ctx.store.findUserByUsername(userName) ?? (userName.includes('@') ? ctx.store.findUserByEmail(userName) : undefined);
}

export const Query: Record<string, Resolver> = {
  organization(_source, args: { id?: string | null; name?: string | null }, ctx) {
    refuseArgs(args, ['id', 'name'], 'Query.organization');
    if (args.id == null && args.name == null) throw fakeError('BAD_USER_INPUT', 'organization needs `id` or `name`');
    const byId = args.id == null ? undefined : ctx.store.organizations.byId(args.id);
    const byName = args.name == null ? undefined : ctx.store.organizations.byOrganizationName(args.name);
    const org = args.id != null && args.name != null ? (byId === byName ? byId : undefined) : (byId ?? byName);
    return org && readable(ctx, org) ? org : null;
  },
};

export const Mutation: Record<string, Resolver> = {
  // A username, or the address of an account, joins at once; an address without an account gets a pending invitation.
  addUserToOrganization(_source, { input }, ctx) {
    refuseArgs(input, ['organizationId', 'userName', 'userOrgRole', 'teams', 'clientMutationId'], 'Mutation.addUserToOrganization');
    const org = orgById(ctx, input.organizationId);
    requireOrgAdmin(ctx, org, 'adding users');
    const userName = required<string>(input.userName, 'userName').trim();
    const role = storeCall(() => ctx.store.organizations.checkRole(input.userOrgRole));
    const user = accountNamed(ctx, userName);
    if (!user && !userName.includes('@')) throw fakeError('NOT_FOUND', `no user named ${userName}`);
    const inTeams = ((input.teams ?? []) as string[]).map((name) => storeCall(() => ctx.store.organizations.teamIn(org, name)));
    storeCall(() => ctx.store.organizations.add(org, user ?? userName, role, inTeams, ctx.viewer));
    return { success: true, clientMutationId: input.clientMutationId ?? null };
  },
  // A member leaves (and leaves the organization's teams); an address's pending invitation is withdrawn.
  removeUserFromOrganization(_source, { input }, ctx) {
    refuseArgs(input, ['organizationId', 'userName', 'clientMutationId'], 'Mutation.removeUserFromOrganization');
    const org = orgById(ctx, input.organizationId);
    requireOrgAdmin(ctx, org, 'removing users');
    const userName = required<string>(input.userName, 'userName').trim();
    const user = accountNamed(ctx, userName);
    if (user && org.members.has(user.n)) {
      storeCall(() => ctx.store.organizations.remove(org, user));
    } else {
      const invite = userName.includes('@') ? org.invites.get(userName.toLowerCase()) : undefined;
      if (!invite) throw fakeError('NOT_FOUND', `${userName} is not a member of organization ${org.name}, nor invited to it`);
      ctx.store.organizations.withdraw(org, invite);
    }
    return { success: true, clientMutationId: input.clientMutationId ?? null };
  },
  updateOrganizationUser(_source, { input }, ctx) {
    refuseArgs(input, ['organizationId', 'userName', 'userOrgRole', 'clientMutationId'], 'Mutation.updateOrganizationUser');
    const org = orgById(ctx, input.organizationId);
    requireOrgAdmin(ctx, org, 'changing roles');
    const userName = required<string>(input.userName, 'userName').trim();
    const role = storeCall(() => ctx.store.organizations.checkRole(input.userOrgRole));
    const user = accountNamed(ctx, userName);
    if (!user || !org.members.has(user.n)) {
      const pending = userName.includes('@') && org.invites.has(userName.toLowerCase());
      throw fakeError(
        'NOT_FOUND',
        pending ? `${userName} has a pending invitation: its role is set when inviting` : `${userName} is not a member of organization ${org.name}`,
      );
    }
    storeCall(() => ctx.store.organizations.setRole(org, user, role));
    return { success: true, clientMutationId: input.clientMutationId ?? null };
  },
};

export const Organization: Record<string, Resolver> = {
  id: (o: OrganizationRecord) => o.id,
  name: (o: OrganizationRecord) => o.name,
  orgType: () => 'ORGANIZATION',
  available: () => true,
  orgEntity: (o: OrganizationRecord) => o.entity,
  members: (o: OrganizationRecord): OrgMemberView[] => [...o.members.values()].map((membership) => ({ org: o, membership })),
  pendingInvites: (o: OrganizationRecord) => [...o.invites.values()],
  seatAvailability: (o: OrganizationRecord) => ({ seats: o.seats, viewOnlySeats: o.viewOnlySeats }),
  usedSeats: (o: OrganizationRecord, _args, ctx) => ctx.store.organizations.used(o, 'full'),
  usedViewOnlySeats: (o: OrganizationRecord, _args, ctx) => ctx.store.organizations.used(o, 'viewOnly'),
  teams: (o: OrganizationRecord, _args, ctx) => ctx.store.organizations.teamsOf(o),
};

export const OrganizationMember: Record<string, Resolver> = {
  // W&B's OrganizationMember.id: the user's ID.
  id: (m: OrgMemberView, _args, ctx) => ctx.store.userByN(m.membership.userN).id,
  username: (m: OrgMemberView, _args, ctx) => ctx.store.userByN(m.membership.userN).username,
  name: (m: OrgMemberView, _args, ctx) => ctx.store.userByN(m.membership.userN).name,
  role: (m: OrgMemberView) => m.membership.role,
  admin: (m: OrgMemberView) => m.membership.role === ORG_ADMIN_ROLE,
  user: (m: OrgMemberView, _args, ctx) => ctx.store.userByN(m.membership.userN),
  teams(m: OrgMemberView, args, ctx) {
    refuseArgs(args, [], 'OrganizationMember.teams');
    const joined = ctx.store.organizations.teamsOf(m.org).filter((team) => team.members.has(m.membership.userN));
    return { edges: joined.map((node) => ({ node, cursor: encodeCursor(node.n) })) };
  },
};

/** W&B's Entity, with the organization's own entity (`entityType` `organization`) next to teams and personal entities. */
export const Entity: Record<string, Resolver> = {
  ...teams.Entity,
  entityType: (e: EntityRecord | OrgEntityRecord, args, ctx) => (e.kind === 'organization' ? 'organization' : teams.Entity.entityType?.(e, args, ctx)),
  memberCount(e: EntityRecord | OrgEntityRecord, args, ctx) {
    if (e.kind === 'organization') throw fakeError('NOT_IMPLEMENTED', "an organization entity's members are not implemented by the fake W&B server");
    return teams.Entity.memberCount?.(e, args, ctx);
  },
  members(e: EntityRecord | OrgEntityRecord, args, ctx) {
    if (e.kind === 'organization') throw fakeError('NOT_IMPLEMENTED', "an organization entity's members are not implemented by the fake W&B server");
    return teams.Entity.members?.(e, args, ctx);
  },
  // A team's organization, or the organization an organization entity is; null for a personal entity and to outsiders.
  organization(e: EntityRecord | OrgEntityRecord, _args, ctx) {
    if (e.kind === 'organization') return visible(ctx, ctx.store.organizations.byOrgN(e.orgN));
    return e.kind === 'team' ? visible(ctx, ctx.store.organizations.ofTeam(e)) : null;
  },
  user: (e: EntityRecord | OrgEntityRecord) => (e.kind === 'personal' ? e.owner : null),
};

/** W&B's Invite: a team's invitation (team-resolvers.ts), or an organization's. */
export const Invite: Record<string, Resolver> = {
  ...teams.Invite,
  entity: (i: InviteRecord | OrgInviteRecord, args, ctx) => (i.kind === 'orgInvite' ? null : teams.Invite.entity?.(i, args, ctx)),
  toUser: (i: InviteRecord | OrgInviteRecord, args, ctx) =>
    i.kind === 'orgInvite' ? (ctx.store.findUserByEmail(i.email) ?? null) : teams.Invite.toUser?.(i, args, ctx),
  organization(i: InviteRecord | OrgInviteRecord, _args, ctx) {
    if (i.kind === 'orgInvite') return visible(ctx, ctx.store.organizations.byOrgN(i.orgN));
    const team = ctx.store.teams.byTeamN(i.teamN);
    return team ? visible(ctx, ctx.store.organizations.ofTeam(team)) : null;
  },
};

export const User: Record<string, Resolver> = {
  // The user's organizations: all of them to the user and to instance admins, the ones the caller shares to anyone else.
  organizations(u: UserRecord, args, ctx) {
    refuseArgs(args, [], 'User.organizations');
    const all = ctx.store.organizations.orgsOf(u);
    return u.n === ctx.viewer.n || actsAsInstanceAdmin(ctx) ? all : all.filter((org) => org.members.has(ctx.viewer.n));
  },
};
