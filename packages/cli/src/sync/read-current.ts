import type { StateReader, SyncClientMember, SyncClientOrganization, SyncClientOrgMember, SyncClientTeam, SyncClientUser } from './client.js';
import type { CurrentMember, CurrentOrganization, CurrentState, CurrentTeam, CurrentUser } from './current.js';
import { WorkPool } from '../work-pool.js';
import type { Deployment } from './deployment.js';
import { type AccountStatus, keptBy, type SyncScope } from './desired.js';
import { mayDeactivate } from './scope.js';

/**
 * The organization a sync needs was not found: the key's user belongs to
 * none (no name given), or none of that name exists that the key may read
 * (W&B answers both alike).
 */
export class NoOrganizationError extends Error {
  /** The class's name, kept in bundles. */
  override readonly name = 'NoOrganizationError';

  constructor(
    /** The name asked for; undefined for the key's user's own organization. */
    readonly organization: string | undefined,
  ) {
    super(
      organization === undefined
        ? "the API key's account belongs to no organization"
        : `no organization named ${JSON.stringify(organization)} that this API key may read`,
    );
  }
}

/** What to read besides every user. */
export interface ReadScope {
  /** Teams to read with their members. */
  teams: Iterable<string>;
  /**
   * Users whose teams are read too (for the last-admin rule of a deactivation:
   * a user about to be deactivated may be the last admin of a team the file
   * does not manage).
   */
  teamsOf?: (user: CurrentUser) => boolean;
  /** Teams read at once. Default 4. */
  concurrency?: number;
  /** The viewer, when the caller has read it already (one request fewer). */
  viewer?: Awaited<ReturnType<StateReader['viewer']>>;
  /**
   * The kind of W&B read (deployment.ts). On `cloud` the users are the
   * organization's members (nobody may list every user there), and the
   * organization is always read. Default `server`.
   */
  deployment?: Deployment;
  /**
   * Read the organization: the one named, or (name undefined) the key's
   * user's only one. `required`: none is a {@link NoOrganizationError}
   * (always so on the cloud); otherwise the state has none.
   */
  organization?: { readonly name: string | undefined; readonly required: boolean };
  /** Read every team of the organization too (on the cloud: an export, and prune's last-admin rule). */
  organizationTeams?: boolean;
}

/** A user as sync keeps them: a few strings, not the client's object. */
export function compactUser(user: SyncClientUser): CurrentUser {
  // Read once: the SDK's User builds the list on each read.
  const teams = user.teams;
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    admin: user.admin,
    deletedAt: user.deletedAt,
    accountType: user.accountType ?? null,
    teams: teams ? [...teams] : [],
  };
}

/** A member as sync keeps them. */
export function compactMember(member: SyncClientMember): CurrentMember {
  return { id: member.id, username: member.username, email: member.email, role: member.role, pending: member.pending, accountType: member.accountType };
}

/** A team as sync keeps it: its members compacted. */
export function compactTeam(team: SyncClientTeam): CurrentTeam {
  return { id: team.id, name: team.name, members: team.members.map(compactMember) };
}

/** An organization as sync keeps it: a few strings per member, not the client's objects. */
export function compactOrganization(org: SyncClientOrganization): CurrentOrganization {
  const { full, viewOnly } = org.seats;
  return {
    id: org.id,
    name: org.name,
    members: org.members.map((m) => ({ userId: m.id, username: m.username, email: m.email ?? m.user.email, role: m.role })),
    invitations: org.pendingInvitations.map((i) => ({ id: i.id, email: i.email })),
    seats: { full: { total: full.total, used: full.used }, viewOnly: { total: viewOnly.total, used: viewOnly.used } },
    teams: [...(org.teams ?? [])],
  };
}

/** A member's account as sync keeps it (the client's objects may hold their fields in getters: each is read once). */
function memberAccount(member: SyncClientOrgMember): CurrentUser {
  const { user } = member;
  return {
    id: user.id,
    email: user.email ?? member.email,
    username: user.username ?? member.username,
    admin: user.admin,
    deletedAt: user.deletedAt,
    accountType: user.accountType ?? null,
    teams: [],
  };
}

/** The organization `scope` asks for, or null; NoOrganizationError when it must be there and is not. */
async function readOrganization(reader: StateReader, scope: ReadScope, cloud: boolean): Promise<SyncClientOrganization | null> {
  if (!cloud && !scope.organization) return null;
  const required = cloud || scope.organization?.required === true;
  if (!reader.organization) {
    if (required) throw new Error('sync: this client reads no organizations, which W&B cloud and organization roles need');
    return null;
  }
  const name = scope.organization?.name;
  const org = await reader.organization(name);
  if (!org && required) throw new NoOrganizationError(name);
  return org;
}

/**
 * Reads what a plan needs: the viewer, every user (paging through all of
 * them, kept compactly), the teams in `scope` and, with `teamsOf`, the teams
 * of the users it selects.
 */
export async function readCurrentState(reader: StateReader, scope: ReadScope): Promise<CurrentState> {
  const viewer = scope.viewer ?? (await reader.viewer());
  const cloud = scope.deployment === 'cloud';
  const org = await readOrganization(reader, scope, cloud);
  const users: CurrentUser[] = [];
  // On the cloud, the accounts sync can see are the organization's members' (the address from the member line where the account withholds it).
  if (cloud) for (const member of org?.members ?? []) users.push(memberAccount(member));
  else for await (const page of reader.userPages('')) for (const user of page) users.push(compactUser(user));
  const organization = org && compactOrganization(org);
  const names = new Set(scope.teams);
  if (scope.organizationTeams) for (const team of organization?.teams ?? []) names.add(team);
  // A user's own entity is not a team (teams and users share one namespace): never read as one.
  if (scope.teamsOf) for (const user of users) if (scope.teamsOf(user)) for (const team of user.teams) if (team !== user.username) names.add(team);
  const teams = new Map<string, CurrentTeam | null>();
  const ordered = [...names];
  const read = new Map<string, CurrentTeam | null>();
  const pool = new WorkPool(scope.concurrency ?? 4);
  for (const name of ordered)
    pool.add(async () => {
      const team = await reader.team(name);
      read.set(name, team ? compactTeam(team) : null);
    });
  await pool.idle();
  // In the order asked, whatever order the answers came in: plans are deterministic.
  for (const name of ordered) teams.set(name, read.get(name) ?? null);
  return {
    viewer: { id: viewer.id, username: viewer.username, email: viewer.email, admin: viewer.admin },
    users: withAccountTypes(users, teams),
    teams,
    ...(scope.deployment !== undefined && { deployment: scope.deployment }),
    ...((cloud || scope.organization) && { organization }),
  };
}

/**
 * Users whose account type the client did not give (the port's
 * `accountType` is optional; the SDK gives W&B's, a null where the server
 * said nothing) take it from the member lists read, where they joined: a service
 * account is a member of the team that made it, and prune reads the teams of
 * every account it may deactivate, so a service account with an address is
 * still recognised and left alone.
 */
function withAccountTypes(users: CurrentUser[], teams: ReadonlyMap<string, CurrentTeam | null>): CurrentUser[] {
  const types = new Map<string, string>();
  for (const team of teams.values()) for (const m of team?.members ?? []) if (!m.pending && m.accountType !== null) types.set(m.id, m.accountType);
  if (types.size === 0) return users;
  return users.map((user) => {
    const type = user.accountType === null ? types.get(user.id) : undefined;
    return type === undefined ? user : { ...user, accountType: type };
  });
}

/**
 * What a plan of `desired` needs read: its declared teams; the organization,
 * on W&B's cloud or when the file gives organization roles; and with prune,
 * the teams of every account prune may deactivate (for the last-admin rule:
 * active, not kept by the file, and inside its scope), or on the cloud, where
 * prune removes people from the organization and so from its teams, every
 * team of the organization.
 */
export function readScopeFor(
  desired: {
    teams: ReadonlyMap<string, unknown>;
    users: readonly { key: string; status?: AccountStatus | undefined; orgRole?: string | undefined }[];
    scope?: SyncScope | null | undefined;
  },
  options: { prune?: boolean; deployment?: Deployment; organization?: string | undefined },
): ReadScope {
  const cloud = options.deployment === 'cloud';
  const base: ReadScope = {
    teams: desired.teams.keys(),
    ...(options.deployment !== undefined && { deployment: options.deployment }),
    ...((cloud || desired.users.some((u) => u.orgRole !== undefined)) && { organization: { name: options.organization, required: true } }),
  };
  if (!options.prune) return base;
  if (cloud) return { ...base, organizationTeams: true };
  const keeps = keptBy(desired);
  return {
    ...base,
    teamsOf: (user) => user.email !== null && user.deletedAt === null && !keeps(user.email) && mayDeactivate(desired.scope, user.email),
  };
}
