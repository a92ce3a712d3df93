import { type Action, type ChangeRoleAction, describeAction, isRemoval, type MemberRef, type RemoveFromTeamAction, signOf, type UserRef } from './actions.js';
import { type CurrentMember, type CurrentState, type CurrentUser, isServiceAccount } from './current.js';
import { emailKey, type SyncScope } from './desired.js';
import { ADMIN_ROLE, emailProblem, roleProblem, teamNameProblem } from './rules.js';
import { addressInScope, describeScope, mayDeactivate, teamInScope } from './scope.js';
import type { StateIndex } from './state-index.js';

// The safety rules, once, for every plan: `plan()` checks what it planned
// against them and `checkPlan()` checks a saved plan against them again, on the
// server's state at apply time and the flags given then. A saved plan is a file
// anyone could have edited: nothing it says about itself (its settings, its
// removal limit, the names it shows) is trusted; only its actions are, once
// they pass these rules.

/** The flags the rules depend on: those of the run that plans or applies. */
export interface RuleSettings {
  /** Removals (from teams, deactivations) are allowed: `--prune`. Default false. */
  readonly prune?: boolean | undefined;
  /** Deactivating instance admins is allowed: `--include-admins`. Default false. */
  readonly includeAdmins?: boolean | undefined;
  /** The most removals allowed: `--max-removals`. Default {@link defaultRemovalLimit} of the active accounts now. */
  readonly maxRemovals?: number | null | undefined;
  /**
   * The scope of a partial file (scope.ts): the file's when planning, the one
   * a saved plan records when it is applied. Null or undefined: no limit.
   */
  readonly scope?: SyncScope | null | undefined;
}

/**
 * Which rule an action breaks:
 *
 * - `name`: an address, team name or role the sync-file rules refuse.
 * - `subject`: the address or username the action shows is not that of the
 *   account or member line its ID points to (a plan edited to show one person
 *   and act on another).
 * - `prune`: a removal, without `--prune`.
 * - `include-admins`: deactivates an instance admin, without `--include-admins`.
 * - `service-account`: touches a service account, which sync never changes.
 * - `key-in-use`: deactivates, removes from a team or takes instance admin from the API key's own account.
 * - `last-team-admin`: leaves a team without an admin who has joined.
 * - `removal-limit`: more removals than the limit.
 * - `scope`: touches a team, an account or a member line outside the scope of
 *   a partial file, or (for a file scoped to teams) deactivates an account.
 */
export type RuleName = 'name' | 'subject' | 'prune' | 'include-admins' | 'service-account' | 'key-in-use' | 'last-team-admin' | 'removal-limit' | 'scope';

/** A rule broken, by which actions, in words that name them. */
export interface RuleViolation {
  /** The rule. */
  readonly rule: RuleName;
  /** The IDs of the actions that break it (all removals for the removal limit). */
  readonly actions: readonly number[];
  /** What is wrong, naming the actions and what would allow them, if anything. */
  readonly message: string;
}

/** The removal limit without `maxRemovals`: 10, or 5% of the accounts, whichever is larger. */
export function defaultRemovalLimit(accounts: number): number {
  return Math.max(10, Math.floor(accounts * 0.05));
}

/** Active accounts, service accounts aside: what the default removal limit is 5% of. */
export function activeAccounts(state: CurrentState): number {
  let accounts = 0;
  for (const user of state.users) if (user.deletedAt === null && !isServiceAccount(user)) accounts++;
  return accounts;
}

/** The most removals allowed: `maxRemovals`, else the default for `accounts`. */
export function removalLimit(settings: RuleSettings, accounts: number): number {
  return settings.maxRemovals ?? defaultRemovalLimit(accounts);
}

/** `action 7 (- deactivate user ops@acme.example)`: how a violation names an action. */
export function actionLabel(action: Action): string {
  return `action ${action.id} (${signOf(action)} ${describeAction(action)})`;
}

/** Whether a member line is the API key's account: joined, or an invitation to their account or address. */
export function isViewerMember(member: CurrentMember, index: StateIndex): boolean {
  const { viewer } = index.state;
  if (!member.pending && member.id === viewer.id) return true;
  if (member.username !== null && member.username === viewer.username) return true;
  const email = index.emailOfMember(member);
  return email !== null && viewer.email !== null && email === emailKey(viewer.email);
}

/**
 * Whether a member line is a service account's: by the line's account type,
 * or, where the server did not say it, its account's (looked up only then:
 * the lookup builds the index's maps of every user).
 */
export function isServiceMember(member: CurrentMember, index: StateIndex): boolean {
  if (member.accountType !== null) return isServiceAccount(member);
  const account = index.userOfMember(member);
  return account !== undefined && isServiceAccount(account);
}

/** A team's member lines by ID, for one check: built on first use per team, dropped with the check (the state outlives it). */
function memberLines(index: StateIndex): (team: string, ref: MemberRef) => CurrentMember | undefined {
  const byTeam = new Map<string, Map<string, CurrentMember>>();
  return (team, ref) => {
    let byId = byTeam.get(team);
    if (!byId) {
      byId = new Map((index.team(team)?.members ?? []).map((m) => [m.id, m]));
      byTeam.set(team, byId);
    }
    return byId.get(ref.id);
  };
}

/** How a reference and what the server shows under its ID differ, if they do (case aside; what the server withholds is not compared). */
function subjectMismatch(ref: UserRef | MemberRef, shown: { email: string | null; username: string | null }): string | undefined {
  if (ref.email !== null && shown.email !== null && emailKey(ref.email) !== emailKey(shown.email))
    return `it shows ${ref.email}, but its ID is that of ${shown.email}`;
  if (ref.username !== null && shown.username !== null && ref.username !== shown.username)
    return `it shows the username ${ref.username}, but its ID is that of ${shown.username}`;
  return undefined;
}

/** The names an action would send that the sync-file rules refuse. */
function nameProblems(action: Action): string[] {
  const problems: (string | undefined)[] = [];
  if ('team' in action) problems.push(teamNameProblem(action.team));
  if (action.kind === 'create-user' || action.kind === 'invite' || action.kind === 'reinvite') problems.push(emailProblem(action.email));
  if (action.kind === 'invite' || action.kind === 'reinvite' || action.kind === 'change-role') problems.push(roleProblem(action.role));
  return problems.filter((p): p is string => p !== undefined);
}

/**
 * Why an action reaches outside a partial file's scope, if it does: its team,
 * or the address of the account or member line it acts on (the server's, where
 * the state shows one; else the one the action shows). A file scoped to teams
 * deactivates nobody.
 */
function scopeProblem(
  action: Action,
  index: StateIndex,
  scope: SyncScope,
  lineOf: (team: string, ref: MemberRef) => CurrentMember | undefined,
): string | undefined {
  const outside = `outside the file's scope (${describeScope(scope)})`;
  if ('team' in action && !teamInScope(scope, action.team)) return `team ${action.team} is ${outside}`;
  let address: string | null;
  switch (action.kind) {
    case 'create-user':
    case 'invite':
      address = action.email;
      break;
    case 'reinvite':
    case 'change-role':
    case 'remove-from-team': {
      const line = lineOf(action.team, action.member);
      address = (line && index.emailOfMember(line)) ?? action.member.email;
      if (action.kind === 'reinvite' && !addressInScope(scope, action.email)) return `${action.email} is ${outside}`;
      break;
    }
    case 'create-team':
      return undefined;
    default:
      address = index.userById(action.user.id)?.email ?? action.user.email;
      if (action.kind === 'deactivate-user' && !mayDeactivate(scope, address))
        return scope.teams ? 'a file scoped to teams deactivates no account' : `${address ?? 'an account without an address'} is ${outside}`;
  }
  return addressInScope(scope, address) ? undefined : `${address ?? 'an account without an address'} is ${outside}`;
}

/** The rules each action breaks on its own. */
function actionViolations(
  action: Action,
  index: StateIndex,
  settings: RuleSettings,
  lineOf: (team: string, ref: MemberRef) => CurrentMember | undefined,
): RuleViolation[] {
  const found: RuleViolation[] = [];
  const broke = (rule: RuleName, why: string) => found.push({ rule, actions: [action.id], message: `${actionLabel(action)}: ${why}` });
  for (const problem of nameProblems(action)) broke('name', problem);
  const outside = settings.scope ? scopeProblem(action, index, settings.scope, lineOf) : undefined;
  if (outside !== undefined) broke('scope', outside);
  const { viewer } = index.state;

  if (isRemoval(action) && settings.prune !== true) broke('prune', 'a removal: removals need --prune');

  switch (action.kind) {
    case 'reactivate-user':
    case 'set-admin':
    case 'deactivate-user': {
      const user: CurrentUser | undefined = index.userById(action.user.id);
      const mismatch = user && subjectMismatch(action.user, user);
      if (mismatch) broke('subject', mismatch);
      if (user && isServiceAccount(user)) broke('service-account', 'a service account, which sync never changes');
      if (action.kind === 'deactivate-user' && (user?.admin === true || action.expect.admin === true) && settings.includeAdmins !== true)
        broke('include-admins', 'deactivates an instance admin: that needs --include-admins');
      if (action.user.id === viewer.id && action.kind === 'deactivate-user') broke('key-in-use', "would deactivate the API key's own account");
      if (action.user.id === viewer.id && action.kind === 'set-admin' && !action.admin)
        broke('key-in-use', "would take instance admin from the API key's own account");
      break;
    }
    case 'change-role':
    case 'reinvite':
    case 'remove-from-team': {
      const line = lineOf(action.team, action.member);
      const mismatch = line && subjectMismatch(action.member, { email: index.emailOfMember(line), username: line.username });
      if (mismatch) broke('subject', mismatch);
      if (line && isServiceMember(line, index)) broke('service-account', 'a service account, which sync never changes');
      const pending = action.kind === 'remove-from-team' ? action.expect.pending : action.kind === 'reinvite';
      const asPlanned: CurrentMember = { ...action.member, role: action.expect.role, pending, accountType: null };
      if (action.kind === 'remove-from-team' && (isViewerMember(asPlanned, index) || (line !== undefined && isViewerMember(line, index))))
        broke('key-in-use', "would remove the API key's own account from the team");
      break;
    }
    case 'create-team': {
      if (action.adminUsername === null) break;
      const admin = index.userByUsername(action.adminUsername);
      if (admin && isServiceAccount(admin)) broke('service-account', 'would make a service account the admin of a new team');
      break;
    }
    default:
      break;
  }
  return found;
}

/** Teams whose joined admins the pending actions would all take away (demoted, removed or deactivated). */
function orphanedTeams(pending: readonly Action[], index: StateIndex): RuleViolation[] {
  const found: RuleViolation[] = [];
  const deactivated = new Map<string, Action>();
  const reactivated = new Set<string>();
  const byTeam = new Map<string, (ChangeRoleAction | RemoveFromTeamAction)[]>();
  for (const action of pending) {
    if (action.kind === 'deactivate-user') deactivated.set(action.user.id, action);
    if (action.kind === 'reactivate-user') reactivated.add(action.user.id);
    if (action.kind !== 'change-role' && action.kind !== 'remove-from-team') continue;
    const list = byTeam.get(action.team);
    if (list) list.push(action);
    else byTeam.set(action.team, [action]);
  }
  if (deactivated.size === 0 && byTeam.size === 0) return found;
  for (const [name, team] of index.state.teams) {
    if (!team) continue;
    // Admins who act for the team once the actions are done: active now, or reactivated by them.
    const admins = new Set(
      team.members.filter((m) => index.isActingAdmin(m) || (!m.pending && m.role === ADMIN_ROLE && reactivated.has(m.id))).map((m) => m.id),
    );
    if (admins.size === 0) continue;
    const losing: Action[] = [];
    for (const action of byTeam.get(name) ?? []) {
      if (action.kind === 'change-role' && action.role === ADMIN_ROLE) admins.add(action.member.id);
      else if (admins.delete(action.member.id)) losing.push(action);
    }
    for (const id of [...admins]) {
      const deactivation = deactivated.get(id);
      if (deactivation === undefined) continue;
      admins.delete(id);
      losing.push(deactivation);
    }
    if (admins.size === 0)
      found.push({
        rule: 'last-team-admin',
        actions: losing.map((a) => a.id),
        message: `team ${name} would be left without an admin who has joined, by ${losing.map(actionLabel).join(', ')}`,
      });
  }
  return found;
}

/**
 * The safety rules `actions` break on `index`'s state with `settings`: every
 * action on its own (names, who it is about, the flags it needs), then what
 * the `pending` ones would do together (a team left without a joined admin,
 * more removals than the limit). Empty for a plan that may run.
 *
 * @param pending the actions that would be sent (a saved plan's, once those
 * found done are set aside); default: all of `actions`
 */
export function ruleViolations(actions: readonly Action[], index: StateIndex, settings: RuleSettings, pending: readonly Action[] = actions): RuleViolation[] {
  const lineOf = memberLines(index);
  const found = actions.flatMap((action) => actionViolations(action, index, settings, lineOf));
  found.push(...orphanedTeams(pending, index));
  const removals = pending.filter(isRemoval);
  const accounts = activeAccounts(index.state);
  const limit = removalLimit(settings, accounts);
  if (removals.length > limit) {
    const why = settings.maxRemovals == null ? `10, or 5% of the ${accounts} active accounts` : '--max-removals';
    found.push({
      rule: 'removal-limit',
      actions: removals.map((a) => a.id),
      message: `${removals.length} removals exceed the limit of ${limit} (${why}): check the plan, then pass --max-removals ${removals.length} if they are meant`,
    });
  }
  return found;
}
