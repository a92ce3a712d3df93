import type { StateReader, SyncClientMember, SyncClientTeam, SyncClientUser } from './client.js';
import type { CurrentMember, CurrentState, CurrentTeam, CurrentUser } from './current.js';
import { WorkPool } from '../work-pool.js';
import { type AccountStatus, keptBy, type SyncScope } from './desired.js';
import { mayDeactivate } from './scope.js';

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

/**
 * Reads what a plan needs: the viewer, every user (paging through all of
 * them, kept compactly), the teams in `scope` and, with `teamsOf`, the teams
 * of the users it selects.
 */
export async function readCurrentState(reader: StateReader, scope: ReadScope): Promise<CurrentState> {
  const viewer = scope.viewer ?? (await reader.viewer());
  const users: CurrentUser[] = [];
  for await (const page of reader.userPages('')) for (const user of page) users.push(compactUser(user));
  const names = new Set(scope.teams);
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
  return { viewer: { id: viewer.id, username: viewer.username, email: viewer.email, admin: viewer.admin }, users: withAccountTypes(users, teams), teams };
}

/**
 * Users whose account type the client did not give (the SDK's user listing
 * has none) take it from the member lists read, where they joined: a service
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
 * What a plan of `desired` needs read: its declared teams and, with prune,
 * the teams of every account prune may deactivate (for the last-admin rule):
 * active, not kept by the file, and inside its scope.
 */
export function readScopeFor(
  desired: {
    teams: ReadonlyMap<string, unknown>;
    users: readonly { key: string; status?: AccountStatus | undefined }[];
    scope?: SyncScope | null | undefined;
  },
  options: { prune?: boolean },
): ReadScope {
  if (!options.prune) return { teams: desired.teams.keys() };
  const keeps = keptBy(desired);
  return {
    teams: desired.teams.keys(),
    teamsOf: (user) => user.email !== null && user.deletedAt === null && !keeps(user.email) && mayDeactivate(desired.scope, user.email),
  };
}
