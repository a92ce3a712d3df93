// Teams (W&B entities), their members, invitations and service accounts, and
// who may read or change them: instance admins (with W&B's first-party
// headers) anything, a team's admins its members, invitations, roles and
// service accounts, its members the member list without service-account keys.
// On W&B's cloud (the `cloud` deployment), the admins of the organization a
// team belongs to act as its team admins, and create teams.
import type { EntityRecord, InviteRecord, TeamRecord, UserRecord } from './store.js';
import { ADMIN_ROLE, memberRow, type RosterRow } from './teams.js';
import {
  actsAsInstanceAdmin,
  fakeError,
  notImplemented,
  type RequestContext,
  refuseArgs,
  requireAdmin,
  requireFirstParty,
  required,
  type Resolver,
  storeCall,
} from './resolver-kit.js';

/** A `Member`: a line of an entity's member list, with the entity (whose admins may see service-account keys). */
interface MemberView {
  entity: EntityRecord;
  row: RosterRow;
}

function teamNamed(ctx: RequestContext, name: string | null | undefined, field = 'entityName'): TeamRecord {
  const entityName = required(name, field);
  const team = ctx.store.teams.byTeamName(entityName);
  if (team) return team;
  const personal = ctx.store.findUserByUsername(entityName) ? ` (${entityName} is a user's personal entity)` : '';
  throw fakeError('NOT_FOUND', `no team named ${entityName}${personal}`);
}

function roleIn(team: TeamRecord, user: UserRecord): string | undefined {
  return team.members.get(user.n)?.role;
}

/** Whether the caller administers the team: its team admin, or (on W&B's cloud) an admin of its organization. */
function administers(ctx: RequestContext, team: TeamRecord): boolean {
  return roleIn(team, ctx.viewer) === ADMIN_ROLE || ctx.store.organizations.managesTeam(ctx.viewer, team);
}

/** Passes a team admin, and an instance admin who sent W&B's first-party headers (RELOGIN_REQUIRED without them). */
function requireTeamAdmin(ctx: RequestContext, team: TeamRecord, what: string): void {
  if (administers(ctx, team)) return;
  if (ctx.viewer.admin) {
    requireFirstParty(ctx);
    return;
  }
  throw fakeError('PERMISSION_ERROR', `permission denied: ${what} in team ${team.name} requires team admin or instance admin privileges`);
}

function requireEntityReader(ctx: RequestContext, entity: EntityRecord): void {
  const inside = entity.kind === 'team' ? entity.members.has(ctx.viewer.n) || administers(ctx, entity) : entity.owner.n === ctx.viewer.n;
  if (inside) return;
  if (ctx.viewer.admin) {
    requireFirstParty(ctx);
    return;
  }
  throw fakeError('PERMISSION_ERROR', `permission denied: only members of ${entity.name} and instance admins can list its members`);
}

/** The team role a request names: `role`, else the deprecated `admin` flag (`role` wins when both are sent). */
function requestedRole(input: { role?: string | null; admin?: boolean | null }, fallback?: string): string {
  if (input.role != null) return input.role;
  if (input.admin != null) return input.admin ? ADMIN_ROLE : 'member';
  if (fallback !== undefined) return fallback;
  throw fakeError('BAD_USER_INPUT', 'a role is required (`role`, or the deprecated `admin`)');
}

// A personal entity lists its owner, as its admin.
function memberViews(ctx: RequestContext, entity: EntityRecord): MemberView[] {
  const rows = entity.kind === 'team' ? ctx.store.teams.rosterOf(entity) : [memberRow(entity.owner, ADMIN_ROLE)];
  return rows.map((row) => ({ entity, row }));
}

export const Query: Record<string, Resolver> = {
  entity(_source, args: { name?: string | null }, ctx) {
    refuseArgs(args, ['name'], 'Query.entity');
    if (args.name == null) notImplemented('Query.entity without `name:`');
    return ctx.store.entityByName(args.name) ?? null;
  },
};

export const Mutation: Record<string, Resolver> = {
  createTeam(_source, { input }, ctx) {
    // On W&B's cloud an organization's admins create its teams; on W&B Server, instance admins do.
    const org = ctx.store.deployment === 'cloud' ? ctx.store.organizations.defaultOrganizationOf(ctx.viewer) : undefined;
    if (ctx.store.deployment === 'cloud' && !org)
      throw fakeError('PERMISSION_ERROR', 'permission denied: creating teams requires organization admin privileges');
    if (!org) requireAdmin(ctx, 'creating teams');
    refuseArgs(input, ['teamName', 'teamAdminUserName', 'clientMutationId'], 'Mutation.createTeam');
    let admin = ctx.viewer;
    if (input.teamAdminUserName != null) {
      const named = ctx.store.findUserByUsername(input.teamAdminUserName);
      if (!named) throw fakeError('NOT_FOUND', `no user named ${input.teamAdminUserName}`);
      admin = named;
    }
    const entity = storeCall(() => ctx.store.teams.create(input.teamName, admin));
    if (org) ctx.store.organizations.linkTeam(org, entity);
    return { entity, clientMutationId: input.clientMutationId ?? null };
  },
  createInvite(_source, { input }, ctx) {
    refuseArgs(input, ['entityName', 'email', 'username', 'role', 'admin', 'clientMutationId'], 'Mutation.createInvite');
    const team = teamNamed(ctx, input.entityName);
    requireTeamAdmin(ctx, team, 'inviting members');
    const role = requestedRole(input, 'member');
    if ((input.email == null) === (input.username == null)) throw fakeError('BAD_USER_INPUT', 'createInvite needs either `email` or `username`');
    let target: UserRecord | string;
    if (input.username != null) {
      const user = ctx.store.findUserByUsername(input.username);
      if (!user) throw fakeError('NOT_FOUND', `no user named ${input.username}`);
      target = user;
    } else {
      target = ctx.store.findUserByEmail(input.email.trim()) ?? input.email;
    }
    const invite = storeCall(() => ctx.store.teams.invite(team, target, role, ctx.viewer));
    return { invite, entity: team, success: true, clientMutationId: input.clientMutationId ?? null };
  },
  // W&B's only way to take a member out of a team: the Python SDK's Member.delete sends the member's id here.
  deleteInvite(_source, { input }, ctx) {
    refuseArgs(input, ['id', 'entityName', 'clientMutationId'], 'Mutation.deleteInvite');
    const team = teamNamed(ctx, input.entityName);
    requireTeamAdmin(ctx, team, 'removing members and invitations');
    const id = required<string>(input.id, 'the id of the invitation or member');
    const invite = ctx.store.teams.inviteById(id);
    if (invite && invite.teamN === team.n) {
      ctx.store.teams.deleteInvite(invite);
    } else {
      const user = ctx.store.userById(id);
      if (!user || !team.members.has(user.n)) throw fakeError('NOT_FOUND', `no invitation or member with id ${id} in team ${team.name}`);
      storeCall(() => ctx.store.teams.remove(team, user));
    }
    return { success: true, clientMutationId: input.clientMutationId ?? null };
  },
  updateMember(_source, { input }, ctx) {
    refuseArgs(input, ['entityName', 'user', 'role', 'admin', 'clientMutationId'], 'Mutation.updateMember');
    const team = teamNamed(ctx, input.entityName);
    requireTeamAdmin(ctx, team, 'changing roles');
    const role = requestedRole(input);
    const user = ctx.store.userById(input.user);
    if (!user || !team.members.has(user.n)) {
      const pending = ctx.store.teams.inviteById(input.user)?.teamN === team.n;
      throw fakeError(
        'NOT_FOUND',
        pending ? `${input.user} is a pending invitation: its role is set when inviting` : `no member with id ${input.user} in team ${team.name}`,
      );
    }
    storeCall(() => ctx.store.teams.setRole(team, user, role));
    const member: MemberView = { entity: team, row: memberRow(user, role) };
    return { member, clientMutationId: input.clientMutationId ?? null };
  },
  // W&B's Terraform provider deletes a team so; W&B's docs have a team admin do it from the team's settings.
  deleteTeam(_source, { input }, ctx) {
    refuseArgs(input, ['teamName', 'clientMutationId'], 'Mutation.deleteTeam');
    const team = teamNamed(ctx, input.teamName, 'teamName');
    requireTeamAdmin(ctx, team, 'deleting the team');
    ctx.store.teams.delete(team);
    return { success: true, clientMutationId: input.clientMutationId ?? null };
  },
  createServiceAccount(_source, { input }, ctx) {
    refuseArgs(input, ['entityName', 'description', 'clientMutationId'], 'Mutation.createServiceAccount');
    const team = teamNamed(ctx, input.entityName);
    requireTeamAdmin(ctx, team, 'creating service accounts');
    const { account } = storeCall(() => ctx.store.createServiceAccount(team, input.description ?? ''));
    return { user: account, clientMutationId: input.clientMutationId ?? null };
  },
};

// Settings the fake does not model answer as a new entity's defaults (see the README's assumptions).
export const Entity: Record<string, Resolver> = {
  id: (e: EntityRecord) => e.id,
  name: (e: EntityRecord) => e.name,
  isTeam: (e: EntityRecord) => e.kind === 'team',
  entityType: (e: EntityRecord) => (e.kind === 'team' ? 'team' : 'personal'),
  memberCount: (e: EntityRecord) => (e.kind === 'team' ? e.members.size : 1),
  createdAt: (e: EntityRecord) => e.createdAt,
  available: () => true,
  photoUrl: () => null,
  readOnly: () => false,
  readOnlyAdmin: () => false,
  privateOnly: () => false,
  storageBytes: () => 0,
  codeSavingEnabled: () => false,
  defaultAccess: () => 'PRIVATE',
  isPaid: () => false,
  limits: () => '{}',
  members(e: EntityRecord, _args, ctx) {
    requireEntityReader(ctx, e);
    return memberViews(ctx, e);
  },
};

/** Whether the caller may read service-account keys of this entity's members: its team admins and instance admins. */
function seesServiceKeys(ctx: RequestContext, entity: EntityRecord): boolean {
  return entity.kind === 'team' && (administers(ctx, entity) || actsAsInstanceAdmin(ctx));
}

export const Member: Record<string, Resolver> = {
  id: (m: MemberView) => m.row.id,
  role: (m: MemberView) => m.row.role,
  admin: (m: MemberView) => m.row.role === ADMIN_ROLE,
  pending: (m: MemberView) => m.row.pending,
  email: (m: MemberView) => m.row.user?.email ?? m.row.email,
  username: (m: MemberView) => m.row.user?.username ?? null,
  // W&B lists an invitation without an account by its address.
  name: (m: MemberView) => m.row.user?.name ?? m.row.email ?? '',
  accountType: (m: MemberView) => m.row.user?.accountType ?? null,
  photoUrl: () => null,
  apiKey(m: MemberView, _args, ctx) {
    const { user, pending } = m.row;
    if (pending || user?.accountType !== 'SERVICE' || !seesServiceKeys(ctx, m.entity)) return null;
    return ctx.store.activeKeysOf(user)[0]?.secret ?? null;
  },
};

export const Invite: Record<string, Resolver> = {
  id: (i: InviteRecord) => i.id,
  name: (i: InviteRecord) => i.token,
  email: (i: InviteRecord) => i.email,
  accepted: () => false,
  createdAt: (i: InviteRecord) => i.createdAt,
  updatedAt: (i: InviteRecord) => i.createdAt,
  expiresAt: () => null,
  entity: (i: InviteRecord, _args, ctx) => ctx.store.teams.byTeamN(i.teamN) ?? null,
  fromUser: (i: InviteRecord, _args, ctx) => ctx.store.userByN(i.fromUserN),
  toUser: (i: InviteRecord, _args, ctx) => ctx.store.teams.invitee(i) ?? null,
};
