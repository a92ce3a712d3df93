import { type CurrentMember, type CurrentState, type CurrentUser, isServiceAccount } from './current.js';
import type { Deployment } from './deployment.js';
import { emailKey, SYNC_FILE_VERSION, type SyncScope } from './desired.js';
import type { ReadScope } from './read-current.js';
import { emailProblem, roleProblem, teamNameProblem, usernameProblem } from './rules.js';
import { addressInScope, teamInScope } from './scope.js';

// `sync export`: the server's state as a desired state, so that a plan of the
// exported file against the same server is empty. Pure: the state in, a
// sorted document out (export-format.ts writes it as YAML, JSON or CSV).
// Everything the document holds passes the sync file's own rules (rules.ts),
// or the export fails naming the account: the server's data is untrusted, and
// a file the reader refuses, or reads as something else, is worse than none.

/** A team and role of an exported account, in team name order. */
export type ExportedRoles = readonly (readonly [team: string, role: string])[];

/** A user as exported: an account, or an address invited without one. */
export interface ExportedUser {
  /** The address, as the server shows it. */
  readonly email: string;
  /** The instance admin flag; undefined where the server did not say, or the file leaves it out (scoped to teams). */
  readonly admin: boolean | undefined;
  /** `deactivated` or `invited`; undefined for an active account. */
  readonly status: 'deactivated' | 'invited' | undefined;
  /** Its teams (members and pending invitations) among the exported ones. */
  readonly teams: ExportedRoles;
  /** A member's organization role; undefined for someone not a member, or where no organization was read (and in a file scoped to teams). */
  readonly orgRole?: string | undefined;
}

/** A service account as exported: recorded, never acted on. */
export interface ExportedServiceAccount {
  /** Its username. */
  readonly username: string;
  /** `deactivated`, or undefined for an active one. */
  readonly status: 'deactivated' | undefined;
  /** Its teams among the exported ones. */
  readonly teams: ExportedRoles;
}

/** What was read but is not in the file, and why it does not matter to a plan of it. */
export interface ExportLeftOut {
  /** Accounts the server shows without an address (sync never matches or deactivates them). */
  readonly accountsWithoutAddress: number;
  /** Member lines without an address nor a known account (sync never touches them). */
  readonly linesWithoutAddress: number;
  /** Teams users belong to that the server no longer has (gone between the two reads). */
  readonly teamsNotFound: readonly string[];
}

/** The server's state as a sync file (version 2), sorted: users by address, teams and service accounts by name. */
export interface SyncExport {
  /** The format version: {@link SYNC_FILE_VERSION}. */
  readonly version: typeof SYNC_FILE_VERSION;
  /** The scope of a partial export; null for the whole instance. */
  readonly scope: SyncScope | null;
  /** The teams, by name. */
  readonly teams: readonly string[];
  /** Accounts and invited addresses, by address (lower case). */
  readonly users: readonly ExportedUser[];
  /** Service accounts, by username. */
  readonly serviceAccounts: readonly ExportedServiceAccount[];
  /** What was left out, for a note. */
  readonly leftOut: ExportLeftOut;
}

/** An account or member line the sync file could not hold as the server has it. */
export interface ExportProblem {
  /** Who: `account user-7 (username "ann")`, `the invitation to ml of "x@y"`. */
  readonly subject: string;
  /** What is wrong. */
  readonly message: string;
}

/** The most problems a message lists; `problems` has them all. */
const LISTED = 20;

/**
 * The server's state holds something the sync file cannot say as it is (an
 * address or name its rules refuse, two accounts with one address): nothing
 * is written, and every such account is named.
 */
export class ExportError extends Error {
  /** The class's name, kept in bundles. */
  override readonly name = 'ExportError';

  constructor(
    /** Every problem found. */
    readonly problems: readonly ExportProblem[],
  ) {
    super(`the server's state cannot be written as a sync file: ${problems.length === 1 ? '1 account needs' : `${problems.length} accounts need`} attention`);
  }

  /** The problems as lines: the first 20, then how many more. */
  lines(): string[] {
    const lines = this.problems.slice(0, LISTED).map((p) => `${p.subject}: ${p.message}`);
    if (this.problems.length > LISTED) lines.push(`... and ${this.problems.length - LISTED} more`);
    return lines;
  }
}

/** Options of {@link exportState}. */
export interface ExportOptions {
  /**
   * What to export; null for everything. With `teams`, the teams named (their
   * members and invitations, each with these teams only) and no instance admin
   * flags; with `emailDomains`, the accounts and invitations of those domains.
   * The state must hold the teams to export: see {@link exportReadScope}.
   */
  readonly scope: SyncScope | null;
}

/** `account user-7 (ann, ann@acme.example)`: an account as problems name it (its names quoted: they are the server's). */
function accountLabel(user: CurrentUser): string {
  const names = [user.username, user.email].filter((n): n is string => n !== null).map((n) => JSON.stringify(n));
  return `account ${user.id}${names.length > 0 ? ` (${names.join(', ')})` : ''}`;
}

interface Line {
  readonly role: string;
  readonly pending: boolean;
}

/** An exported account or address being built. */
interface Entry {
  readonly email: string;
  readonly admin: boolean | undefined;
  readonly status: 'deactivated' | 'invited' | undefined;
  readonly teams: Map<string, Line>;
  orgRole?: string;
}

/** Orders strings by code unit, whatever the locale: two exports of one state are the same bytes. */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedRoles(teams: ReadonlyMap<string, Line>): ExportedRoles {
  const roles = [...teams].map(([team, line]) => [team, line.role] as const);
  return roles.length > 1 ? roles.sort(([a], [b]) => byCodeUnit(a, b)) : roles;
}

/** Records a line in an entry's teams; of two lines in one team, the joined member wins over an invitation (as the planner matches). */
function addLine(teams: Map<string, Line>, team: string, member: CurrentMember): void {
  const seen = teams.get(team);
  if (!seen || (seen.pending && !member.pending)) teams.set(team, { role: member.role, pending: member.pending });
}

/**
 * The teams to read for an export with `scope`, as a {@link ReadScope} of
 * readCurrentState: those named, or else every team of the accounts exported
 * (of every account but those outside the scope's domains).
 */
export function exportReadScope(scope: SyncScope | null, options: { deployment?: Deployment; organization?: string | undefined } = {}): ReadScope {
  const cloud = options.deployment === 'cloud';
  // The organization, for its members' roles: on W&B Server only where the key's user belongs to one (or one is named).
  const where: ReadScope = {
    teams: [...(scope?.teams ?? [])],
    ...(options.deployment !== undefined && { deployment: options.deployment }),
    organization: { name: options.organization, required: cloud || options.organization !== undefined },
  };
  if (scope?.teams) return where;
  // On the cloud the accounts are the organization's members, whose teams are the organization's.
  if (cloud) return { ...where, organizationTeams: true };
  return { ...where, teamsOf: (user) => (isServiceAccount(user) || user.email === null ? !scope?.emailDomains : addressInScope(scope, user.email)) };
}

/**
 * The state as a sync file that a plan against the same state (with or
 * without prune, inside its scope) finds nothing to change in:
 *
 * - every account with an address (in the scope), with its instance admin
 *   flag, `status: deactivated` when deactivated, and its teams and roles,
 *   pending invitations included (a pending invitation with the listed role
 *   satisfies a plan);
 * - every address invited without an account, as `status: invited`;
 * - service accounts (whole-instance export), by username, recorded;
 * - every team read (null teams, gone since the users were read, are noted).
 *
 * Throws {@link ExportError} naming each account whose address, username,
 * team name or role the sync file rules refuse, and addresses two accounts
 * share in different case: the reader would refuse the file, or a plan of it
 * would act on what it could not match.
 */
export function exportState(state: CurrentState, options: ExportOptions): SyncExport {
  const { scope } = options;
  const cloud = state.deployment === 'cloud';
  const problems: ExportProblem[] = [];
  // One pass over the users builds every lookup (a few maps, not the planner's StateIndex: 10,000 users cost milliseconds).
  const accountById = new Map<string, CurrentUser>();
  const accountByUsername = new Map<string, CurrentUser>();
  /** The account of each address (lower case), service accounts aside; null where two share it. */
  const accountByKey = new Map<string, CurrentUser | null>();
  const entries = new Map<string, Entry>();
  /** Accounts exported, by ID: where their member lines go. */
  const byId = new Map<string, Entry>();
  const services = new Map<string, { username: string; status: 'deactivated' | undefined; teams: Map<string, Line> }>();
  const serviceById = new Map<string, Map<string, Line>>();
  let accountsWithoutAddress = 0;
  let linesWithoutAddress = 0;

  for (const user of state.users) {
    accountById.set(user.id, user);
    if (user.username !== null) accountByUsername.set(user.username, user);
    if (isServiceAccount(user)) {
      if (scope?.emailDomains) continue;
      const problem = user.username === null ? 'a service account without a username' : usernameProblem(user.username);
      if (problem !== undefined || user.username === null) {
        problems.push({ subject: accountLabel(user), message: problem ?? 'no username' });
        continue;
      }
      const account = { username: user.username, status: user.deletedAt === null ? undefined : ('deactivated' as const), teams: new Map<string, Line>() };
      services.set(user.username, account);
      serviceById.set(user.id, account.teams);
      continue;
    }
    if (user.email === null) {
      accountsWithoutAddress++;
      continue;
    }
    if (!addressInScope(scope, user.email)) continue;
    const problem = emailProblem(user.email);
    if (problem !== undefined) {
      problems.push({ subject: accountLabel(user), message: `${problem}: the sync file rules refuse it` });
      continue;
    }
    const key = emailKey(user.email);
    const first = accountByKey.get(key);
    if (first !== undefined) {
      // Two accounts, one address: neither can be listed (the reader refuses an address twice), both are named.
      if (first !== null) {
        problems.push({
          subject: accountLabel(first),
          message: `${accountLabel(user)} has the same address in another case: a sync file lists an address once`,
        });
        accountByKey.set(key, null);
        entries.delete(key);
        byId.delete(first.id);
      } else problems.push({ subject: accountLabel(user), message: 'another account has the same address in another case: a sync file lists an address once' });
      continue;
    }
    accountByKey.set(key, user);
    const entry: Entry = {
      email: user.email,
      // On the cloud nobody's flag is the organization's to set: left out.
      admin: scope?.teams || user.admin === null || cloud ? undefined : user.admin,
      status: user.deletedAt === null ? undefined : 'deactivated',
      teams: new Map(),
    };
    entries.set(key, entry);
    byId.set(user.id, entry);
  }

  const teams: string[] = [];
  const teamsNotFound: string[] = [];
  for (const [name, team] of state.teams) {
    if (!teamInScope(scope, name)) continue;
    if (team === null) {
      teamsNotFound.push(name);
      continue;
    }
    const nameIssue = teamNameProblem(name);
    if (nameIssue !== undefined) {
      problems.push({ subject: `team ${JSON.stringify(name)}`, message: nameIssue });
      continue;
    }
    teams.push(name);
    for (const member of team.members) {
      const roleIssue = roleProblem(member.role);
      // The account behind the line, as the planner finds it: by ID once joined, else by username.
      const byAccount =
        (member.pending ? undefined : accountById.get(member.id)) ?? (member.username === null ? undefined : accountByUsername.get(member.username));
      if (member.accountType !== null ? isServiceAccount(member) : byAccount !== undefined && isServiceAccount(byAccount)) {
        const account = byAccount;
        const lines = account && serviceById.get(account.id);
        if (!account || !lines) continue;
        if (roleIssue !== undefined) problems.push({ subject: `${accountLabel(account)} in team ${name}`, message: roleIssue });
        else addLine(lines, name, member);
        continue;
      }
      const account = byAccount ?? (member.email === null ? undefined : (accountByKey.get(emailKey(member.email)) ?? undefined));
      if (account !== undefined) {
        const entry = byId.get(account.id);
        // An account left out (no address, outside the scope, refused above): its lines go with it.
        if (entry === undefined) continue;
        if (roleIssue !== undefined) problems.push({ subject: `${accountLabel(account)} in team ${name}`, message: roleIssue });
        else addLine(entry.teams, name, member);
        continue;
      }
      if (member.email === null) {
        linesWithoutAddress++;
        continue;
      }
      if (!addressInScope(scope, member.email)) continue;
      const subject = `the invitation to ${name} of ${JSON.stringify(member.email)}`;
      const problem = emailProblem(member.email) ?? roleIssue;
      if (problem !== undefined) {
        problems.push({ subject, message: problem });
        continue;
      }
      const key = emailKey(member.email);
      let entry = entries.get(key);
      if (entry === undefined) {
        entry = { email: member.email, admin: undefined, status: 'invited', teams: new Map() };
        entries.set(key, entry);
      }
      addLine(entry.teams, name, member);
    }
  }
  // Organization roles, and invitations to the organization: not in a file about some teams, which says nothing of the organization.
  const org = scope?.teams ? null : (state.organization ?? null);
  for (const member of org?.members ?? []) {
    const entry = byId.get(member.userId);
    if (entry === undefined) continue;
    const roleIssue = roleProblem(member.role);
    const account = accountById.get(member.userId);
    if (roleIssue !== undefined)
      problems.push({ subject: `${account ? accountLabel(account) : `account ${member.userId}`} in the organization`, message: roleIssue });
    else entry.orgRole = member.role;
  }
  for (const invitation of org?.invitations ?? []) {
    if (invitation.email === null || !addressInScope(scope, invitation.email)) continue;
    const key = emailKey(invitation.email);
    if (entries.has(key) || accountByKey.has(key)) continue;
    const problem = emailProblem(invitation.email);
    if (problem !== undefined) problems.push({ subject: `the invitation to the organization of ${JSON.stringify(invitation.email)}`, message: problem });
    else entries.set(key, { email: invitation.email, admin: undefined, status: 'invited', teams: new Map() });
  }
  if (problems.length > 0) throw new ExportError(problems);

  // Scoped to teams: only who has a line in them.
  const kept = [...entries.entries()].filter(([, entry]) => !scope?.teams || entry.teams.size > 0);
  kept.sort(([a], [b]) => byCodeUnit(a, b));
  return {
    version: SYNC_FILE_VERSION,
    scope,
    teams: teams.sort(byCodeUnit),
    users: kept.map(([, entry]) => ({
      email: entry.email,
      admin: entry.admin,
      status: entry.status,
      teams: sortedRoles(entry.teams),
      ...(entry.orgRole !== undefined && { orgRole: entry.orgRole }),
    })),
    serviceAccounts: [...services.values()]
      .filter((account) => !scope?.teams || account.teams.size > 0)
      .sort((a, b) => byCodeUnit(a.username, b.username))
      .map((account) => ({ username: account.username, status: account.status, teams: sortedRoles(account.teams) })),
    leftOut: { accountsWithoutAddress, linesWithoutAddress, teamsNotFound: teamsNotFound.sort(byCodeUnit) },
  };
}
