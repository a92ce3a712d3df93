import { type Action, describeExpectation, isOrgAction, type OrgAction } from './actions.js';
import { type CurrentMember, type CurrentState, isServiceAccount } from './current.js';
import { describeDeployment } from './deployment.js';
import type { Plan } from './plan-types.js';
import { type RuleSettings, type RuleViolation, ruleViolations } from './safety.js';
import { StateIndex } from './state-index.js';

/**
 * Where an action stands against a state: `pending` (what the planner saw
 * still holds, or a state the action itself passes through: it can run),
 * `done` (its goal holds: done by an earlier apply, or by someone else), or
 * `stale` (neither: the server changed in a way the plan did not foresee).
 */
export type ActionState = { state: 'pending' } | { state: 'done' } | { state: 'stale'; found: string };

const PENDING: ActionState = { state: 'pending' };
const DONE: ActionState = { state: 'done' };
const stale = (found: string): ActionState => ({ state: 'stale', found });

function describeMember(member: CurrentMember): string {
  return `${member.pending ? 'invited' : 'a member'} with role ${member.role}`;
}

/**
 * The state of one action against `index`. `createsTeam` says whether the
 * plan creates a team (then its absence is expected before the plan runs).
 * Pure, and used both to check a saved plan and, after a failed or refused
 * call, by apply to tell "already done" from a failure.
 */
export function actionState(action: Action, index: StateIndex, createsTeam: (name: string) => boolean = () => false): ActionState {
  switch (action.kind) {
    case 'create-user': {
      const users = index.usersWithEmail(action.email).filter((u) => !isServiceAccount(u));
      const [user, ...others] = users;
      if (user === undefined) return PENDING;
      if (others.length > 0) return stale(`${users.length} accounts have this address`);
      return user.admin === null || user.admin === action.admin
        ? DONE
        : stale(`the user exists${user.admin ? ' as an instance admin' : ''}, created by someone else`);
    }
    case 'reactivate-user':
    case 'set-admin':
    case 'deactivate-user': {
      const user = index.userById(action.user.id);
      if (!user) return stale('no user has this ID any more');
      if (action.kind === 'reactivate-user') return user.deletedAt !== null ? PENDING : DONE;
      if (action.kind === 'deactivate-user') {
        if (user.deletedAt !== null) return DONE;
        return user.admin === action.expect.admin || user.admin === null ? PENDING : stale(`the user is ${user.admin ? 'now' : 'no longer'} an instance admin`);
      }
      if (user.admin === action.admin) return DONE;
      return user.admin === action.expect.admin ? PENDING : stale('the server does not say whether the user is an instance admin');
    }
    case 'create-team': {
      const team = index.team(action.team);
      if (team === undefined) return stale('the team was not read');
      return team === null ? PENDING : DONE;
    }
    case 'org-invite':
    case 'org-set-role':
    case 'org-remove':
      return orgActionState(action, index);
    default: {
      const team = index.team(action.team);
      if (team === undefined) return stale('the team was not read');
      if (team === null) return createsTeam(action.team) && action.kind === 'invite' ? PENDING : stale(`no team is named ${action.team}`);
      switch (action.kind) {
        case 'invite':
        case 'reinvite': {
          const username = action.kind === 'invite' ? action.username : action.member.username;
          const member = index.memberOf(team, { email: action.email, username });
          // For a re-invitation: interrupted between withdrawing the invitation and sending it again.
          if (!member) return PENDING;
          if (member.role === action.role) return DONE;
          if (action.kind === 'reinvite' && member.pending && member.role === action.expect.role) return PENDING;
          return stale(describeMember(member));
        }
        case 'change-role': {
          const member = team.members.find((m) => !m.pending && m.id === action.member.id);
          if (!member) return stale('not a member any more');
          if (member.role === action.role) return DONE;
          return member.role === action.expect.role ? PENDING : stale(describeMember(member));
        }
        case 'remove-from-team': {
          const member = team.members.find((m) => m.id === action.member.id);
          if (!member) {
            // An invitation accepted since the plan: the line has a new ID, the person is still there.
            const joined = action.expect.pending ? index.memberOf(team, { email: action.member.email, username: action.member.username }) : undefined;
            return joined ? stale(`${describeMember(joined)} (the invitation was accepted)`) : DONE;
          }
          return member.role === action.expect.role && member.pending === action.expect.pending ? PENDING : stale(describeMember(member));
        }
      }
    }
  }
}

/** {@link actionState} of an organization action. */
function orgActionState(action: OrgAction, index: StateIndex): ActionState {
  if (index.organization === null) return stale('the organization was not read');
  const describe = (role: string) => `a member of the organization with role ${role}`;
  switch (action.kind) {
    case 'org-invite': {
      const account = action.username === null ? undefined : index.userByUsername(action.username);
      const member = index.orgMemberByEmail(action.email) ?? (account && index.orgMemberById(account.id));
      if (member) return member.role === action.role ? DONE : stale(describe(member.role));
      // An invitation's role is not listed (W&B sets it when inviting): one to this address is the one sent.
      return index.orgInvitationByEmail(action.email) ? DONE : PENDING;
    }
    case 'org-set-role': {
      const member = index.orgMemberById(action.member.id);
      if (!member) return stale('not a member of the organization any more');
      if (member.role === action.role) return DONE;
      return member.role === action.expect.role ? PENDING : stale(describe(member.role));
    }
    case 'org-remove': {
      if (action.expect.pending) {
        if (index.orgInvitationById(action.member.id)) return PENDING;
        // Accepted since the plan: the person is a member now, with a role the plan never saw.
        const joined = action.member.email === null ? undefined : index.orgMemberByEmail(action.member.email);
        return joined ? stale(`${describe(joined.role)} (the invitation was accepted)`) : DONE;
      }
      const member = index.orgMemberById(action.member.id);
      if (!member) return DONE;
      return member.role === action.expect.role ? PENDING : stale(describe(member.role));
    }
  }
}

/** An action a saved plan can no longer run: what the planner saw, what is there now. */
export interface StaleAction {
  /** The action. */
  readonly action: Action;
  /** What the planner saw, in words. */
  readonly expected: string;
  /** What is there now, in words. */
  readonly found: string;
}

/** A saved plan checked against the server's state now. */
export interface PlanCheck {
  /** Actions to run. */
  readonly pending: readonly Action[];
  /** Actions whose goal already holds: reported as already done, not sent. */
  readonly done: readonly Action[];
  /** Actions whose precondition no longer holds, nor their goal. */
  readonly stale: readonly StaleAction[];
  /**
   * Why the plan must not run as it is: made for another server, blocked when
   * it was made, or breaking a safety rule (see {@link ruleViolations}) with the
   * settings of this run on the state now.
   */
  readonly violations: readonly PlanViolation[];
}

/** A reason a saved plan is refused whole: a safety rule, or one about the plan itself. */
export type PlanViolation =
  | RuleViolation
  | {
      readonly rule: 'other-server' | 'other-deployment' | 'other-organization' | 'blocked';
      readonly actions: readonly number[];
      readonly message: string;
    };

/** Options of {@link checkPlan}: where it is applied, and the flags of the run that applies it. */
export interface CheckOptions extends RuleSettings {
  /** The server it is about to be applied to (its base URL); a plan made for another is refused. */
  readonly server?: string;
}

/** Whether a checked plan may be applied: nothing stale, no rule broken. */
export function isApplicable(check: PlanCheck): boolean {
  return check.stale.length === 0 && check.violations.length === 0;
}

/**
 * The teams whose state a check of `plan` needs: those its actions name, and
 * those of the accounts its user actions change (their deactivation may leave
 * a team without an admin, and a service account is recognised by its team).
 */
export function teamsToRead(plan: Plan): { teams: string[]; teamsOf: (user: { id: string }) => boolean; organizationTeams: boolean } {
  const teams = [...new Set(plan.actions.flatMap((a) => ('team' in a ? [a.team] : [])))];
  const changed = new Set(plan.actions.flatMap((a) => ('user' in a ? [a.user.id] : [])));
  // Out of the organization is out of every team of it: each is checked for the admin it keeps.
  const organizationTeams = plan.actions.some((a) => a.kind === 'org-remove' && !a.expect.pending);
  return { teams, teamsOf: (user) => changed.has(user.id), organizationTeams };
}

/**
 * Checks a saved plan against the server's state now (pure): which actions
 * are still to do, which are done already (an apply that was interrupted, or
 * someone else), which are stale, and whether it may run at all. The plan is
 * trusted for nothing but its actions: the safety rules are applied again to
 * every one of them with this run's `options` (what the plan records about
 * its settings and removal limit is not used), on the state now. A plan with
 * anything stale or any violation must not be applied: run `sync plan`
 * again. `state` must hold the teams of {@link teamsToRead}.
 */
export function checkPlan(plan: Plan, state: CurrentState, options: CheckOptions = {}): PlanCheck {
  const index = new StateIndex(state);
  const created = new Set(plan.actions.flatMap((a) => (a.kind === 'create-team' ? [a.team] : [])));
  const pending: Action[] = [];
  const done: Action[] = [];
  const staleActions: StaleAction[] = [];
  for (const action of plan.actions) {
    const result = actionState(action, index, (name) => created.has(name));
    if (result.state === 'pending') pending.push(action);
    else if (result.state === 'done') done.push(action);
    else staleActions.push({ action, expected: describeExpectation(action), found: result.found });
  }
  const violations: PlanViolation[] = [];
  if (options.server !== undefined && options.server !== plan.server)
    violations.push({ rule: 'other-server', actions: [], message: `the plan was made for ${plan.server}, not ${options.server}` });
  const made = plan.deployment ?? 'server';
  const now = state.deployment ?? 'server';
  if (made !== now)
    violations.push({
      rule: 'other-deployment',
      actions: [],
      message: `the plan was made for ${describeDeployment(made)}, and this run is for ${describeDeployment(now)} (--deployment ${made} applies it there)`,
    });
  const orgActions = plan.actions.filter(isOrgAction).map((a) => a.id);
  if (plan.organization && state.organization && plan.organization.id !== state.organization.id)
    violations.push({
      rule: 'other-organization',
      actions: orgActions,
      message: `the plan was made for organization ${plan.organization.name}, not ${state.organization.name}`,
    });
  else if (orgActions.length > 0 && !plan.organization)
    violations.push({ rule: 'other-organization', actions: orgActions, message: 'the plan changes an organization, and does not say which' });
  for (const blocker of plan.blocked) violations.push({ rule: 'blocked', actions: [], message: `the plan is blocked (${blocker.reason})` });
  // The scope is the plan's own: it came from the file, and is reviewed with the actions it bounds.
  violations.push(...ruleViolations(plan.actions, index, { ...options, scope: plan.scope ?? null }, pending));
  return { pending, done, stale: staleActions, violations };
}
