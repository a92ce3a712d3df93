import {
  type Action,
  type ChangeRoleAction,
  describeAction,
  isOrgAction,
  isRemoval,
  type MemberRef,
  type RemoveFromTeamAction,
  signOf,
  type UserRef,
} from './actions.js';
import { type CurrentMember, type CurrentState, type CurrentUser, isServiceAccount } from './current.js';
import { describeDeployment } from './deployment.js';
import { emailKey, type SyncScope } from './desired.js';
import { ADMIN_ROLE, emailProblem, roleProblem, teamNameProblem } from './rules.js';
import { addressInScope, describeScope, mayDeactivate, teamInScope } from './scope.js';
import { type SeatShortage, seatChange, seatShortages, seatWords } from './seats.js';
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
 *   a partial file, or (for a file scoped to teams) deactivates an account or
 *   removes someone from the organization.
 * - `deployment`: something the kind of W&B read does not offer (deployment.ts):
 *   creating, deactivating or reactivating an account, or the instance admin
 *   flag, on W&B's cloud; an organization change where no organization was read.
 * - `last-org-admin`: leaves the organization without an admin whose account is active.
 * - `seats`: needs more seats of a kind than the organization has left,
 *   counting those the plan frees.
 */
export type RuleName =
  | 'name'
  | 'subject'
  | 'prune'
  | 'include-admins'
  | 'service-account'
  | 'key-in-use'
  | 'last-team-admin'
  | 'removal-limit'
  | 'scope'
  | 'deployment'
  | 'last-org-admin'
  | 'seats';

/** Every {@link RuleName}, for readers of saved plans. */
export const RULE_NAMES: readonly RuleName[] = [
  'name',
  'subject',
  'prune',
  'include-admins',
  'service-account',
  'key-in-use',
  'last-team-admin',
  'removal-limit',
  'scope',
  'deployment',
  'last-org-admin',
  'seats',
];

/** A rule broken, by which actions, in words that name them. */
export interface RuleViolation {
  /** The rule. */
  readonly rule: RuleName;
  /** The IDs of the actions that break it (all removals for the removal limit). */
  readonly actions: readonly number[];
  /** What is wrong, naming the actions and what would allow them, if anything. */
  readonly message: string;
  /** For `seats`: the numbers. */
  readonly seats?: SeatShortage;
}

/** The removal limit without `maxRemovals`: 10, or 5% of the accounts, whichever is larger. */
export function defaultRemovalLimit(accounts: number): number {
  return Math.max(10, Math.floor(accounts * 0.05));
}

/**
 * Active accounts, service accounts aside: what the default removal limit is
 * 5% of. On W&B's cloud the accounts read are the organization's members, so
 * the limit counts them.
 */
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
  if (action.kind === 'create-user' || action.kind === 'invite' || action.kind === 'reinvite' || action.kind === 'org-invite')
    problems.push(emailProblem(action.email));
  if (action.kind === 'invite' || action.kind === 'reinvite' || action.kind === 'change-role' || action.kind === 'org-invite' || action.kind === 'org-set-role')
    problems.push(roleProblem(action.role));
  return problems.filter((p): p is string => p !== undefined);
}

/** The organization's line an organization action acts on (a member by user ID, or an invitation by its ID), as the state shows it. */
function orgLineOf(action: Action, index: StateIndex): { email: string | null; username: string | null; role: string | null } | undefined {
  if (action.kind === 'org-set-role' || (action.kind === 'org-remove' && !action.expect.pending)) {
    const member = index.orgMemberById(action.member.id);
    return member && { email: index.emailOfOrgMember(member), username: member.username, role: member.role };
  }
  if (action.kind === 'org-remove') {
    const invitation = index.orgInvitationById(action.member.id);
    return invitation && { email: invitation.email, username: null, role: null };
  }
  return undefined;
}

/** What W&B's cloud gives an organization's key no way to do, by action kind. */
const NOT_ON_CLOUD: Partial<Record<Action['kind'], string>> = {
  'create-user': 'create accounts (people are invited to the organization instead)',
  'deactivate-user': 'deactivate accounts (people are removed from the organization instead)',
  'reactivate-user': 'reactivate accounts (people are invited to the organization again instead)',
  'set-admin': 'set the instance admin flag',
};

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
    case 'org-invite':
      address = action.email;
      break;
    case 'org-set-role':
    case 'org-remove':
      address = orgLineOf(action, index)?.email ?? action.member.email;
      if (action.kind === 'org-remove' && !mayDeactivate(scope, address))
        return scope.teams ? 'a file scoped to teams removes nobody from the organization' : `${address ?? 'an address'} is ${outside}`;
      break;
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
  const cannot = index.state.deployment === 'cloud' ? NOT_ON_CLOUD[action.kind] : undefined;
  if (cannot !== undefined) broke('deployment', `${describeDeployment('cloud')} lets no organization's key ${cannot}`);
  if (isOrgAction(action) && index.organization === null) broke('deployment', 'acts on the organization, and no organization was read');

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
    case 'org-set-role':
    case 'org-remove': {
      const pending = action.kind === 'org-remove' && action.expect.pending;
      const line = orgLineOf(action, index);
      const mismatch = line && subjectMismatch(action.member, line);
      if (mismatch) broke('subject', mismatch);
      const account = pending ? undefined : index.userById(action.member.id);
      if (account && isServiceAccount(account)) broke('service-account', 'a service account, which sync never changes');
      const wasAdmin = line?.role === ADMIN_ROLE || action.expect.role === ADMIN_ROLE;
      const isViewer = !pending && (action.member.id === viewer.id || (line?.email != null && viewer.email !== null && line.email === emailKey(viewer.email)));
      if (action.kind === 'org-remove' && isViewer) broke('key-in-use', "would remove the API key's own account from the organization");
      if (action.kind === 'org-set-role' && isViewer && wasAdmin && action.role !== ADMIN_ROLE)
        broke('key-in-use', "would take the organization's admin role from the API key's own account");
      if (action.kind === 'org-remove' && !pending && wasAdmin && settings.includeAdmins !== true)
        broke('include-admins', 'removes an admin of the organization: that needs --include-admins');
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
    // Out of the organization is out of its teams: W&B takes the member out of every one.
    if (action.kind === 'org-remove' && !action.expect.pending) deactivated.set(action.member.id, action);
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
 * Whether the pending actions would leave the organization without an admin
 * who can act (the `admin` role, an active account), where it has one now:
 * demotions, removals from it and deactivations, promotions counted.
 */
function orphanedOrganization(pending: readonly Action[], index: StateIndex): RuleViolation[] {
  const org = index.organization;
  if (!org) return [];
  const admins = new Set(org.members.filter((m) => index.isActingOrgAdmin(m)).map((m) => m.userId));
  if (admins.size === 0) return [];
  const losing: Action[] = [];
  for (const action of pending) if (action.kind === 'org-set-role' && action.role === ADMIN_ROLE) admins.add(action.member.id);
  for (const action of pending) {
    const id =
      action.kind === 'org-set-role' && action.role !== ADMIN_ROLE
        ? action.member.id
        : action.kind === 'org-remove' && !action.expect.pending
          ? action.member.id
          : action.kind === 'deactivate-user'
            ? action.user.id
            : undefined;
    if (id !== undefined && admins.delete(id)) losing.push(action);
  }
  if (admins.size > 0) return [];
  return [
    {
      rule: 'last-org-admin',
      actions: losing.map((a) => a.id),
      message: `organization ${org.name} would be left without an admin, by ${losing.map(actionLabel).join(', ')}: make another member admin first`,
    },
  ];
}

/** Seats of a kind the pending actions need and the organization lacks, counting what they free. */
function seatViolations(pending: readonly Action[], index: StateIndex): RuleViolation[] {
  const org = index.organization;
  if (!org) return [];
  return seatShortages(pending, org).map((shortage) => ({
    rule: 'seats' as const,
    actions: pending.filter((a) => seatChange(a).takes === shortage.seat).map((a) => a.id),
    message: describeShortage(org.name, shortage),
    seats: shortage,
  }));
}

/** `organization Acme lacks 2 full seats: ...`: a shortage in words, with what to do. */
export function describeShortage(organization: string, shortage: SeatShortage): string {
  const { seat, needed, freed, available, total, missing } = shortage;
  const frees = freed > 0 ? ` and frees ${freed}` : '';
  return (
    `organization ${organization} lacks ${seatWords(seat, missing)}: the plan takes ${needed}${frees}, and ${available} of ${total} are left. ` +
    `Free seats (remove members, withdraw invitations${seat === 'full' ? ', make members viewers' : ''}), get more, or invite fewer`
  );
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
  found.push(...orphanedTeams(pending, index), ...orphanedOrganization(pending, index), ...seatViolations(pending, index));
  const removals = pending.filter(isRemoval);
  const accounts = activeAccounts(index.state);
  const limit = removalLimit(settings, accounts);
  if (removals.length > limit) {
    const counted = index.state.deployment === 'cloud' ? 'members of the organization' : 'active accounts';
    const why = settings.maxRemovals == null ? `10, or 5% of the ${accounts} ${counted}` : '--max-removals';
    found.push({
      rule: 'removal-limit',
      actions: removals.map((a) => a.id),
      message: `${removals.length} removals exceed the limit of ${limit} (${why}): check the plan, then pass --max-removals ${removals.length} if they are meant`,
    });
  }
  return found;
}
