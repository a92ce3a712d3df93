import { type Action, describeExpectation, isRemoval } from './actions.js';
import { type CurrentMember, type CurrentState, isServiceAccount } from './current.js';
import type { Plan } from './plan-types.js';
import { ADMIN_ROLE } from './rules.js';
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
  /** Safety rules the plan would break on today's state, and plan-wide refusals. */
  readonly violations: readonly string[];
}

/** Whether a checked plan may be applied: nothing stale, no rule broken. */
export function isApplicable(check: PlanCheck): boolean {
  return check.stale.length === 0 && check.violations.length === 0;
}

/** The teams whose state a check of `plan` needs: those its actions name, and those of its deactivations. */
export function teamsToRead(plan: Plan): { teams: string[]; teamsOf: (user: { id: string }) => boolean } {
  const teams = [...new Set(plan.actions.flatMap((a) => ('team' in a ? [a.team] : [])))];
  const deactivated = new Set(plan.actions.flatMap((a) => (a.kind === 'deactivate-user' ? [a.user.id] : [])));
  return { teams, teamsOf: (user) => deactivated.has(user.id) };
}

/** The safety rules again, on today's state: the key's user, and every team keeping a joined admin. */
function violationsOf(plan: Plan, pending: readonly Action[], index: StateIndex, server: string | undefined): string[] {
  const violations: string[] = [];
  if (server !== undefined && server !== plan.server) violations.push(`the plan was made for ${plan.server}, not ${server}`);
  for (const blocker of plan.blocked) violations.push(`the plan is blocked (${blocker.reason})`);
  const viewer = index.state.viewer;
  for (const action of pending) {
    const target =
      action.kind === 'deactivate-user' || (action.kind === 'set-admin' && !action.admin)
        ? action.user.id
        : action.kind === 'remove-from-team'
          ? action.member.id
          : undefined;
    if (target === viewer.id)
      violations.push(
        `${describeExpectation(action)}: the plan would ${action.kind === 'set-admin' ? 'take instance admin from' : 'remove'} the API key's own user`,
      );
  }
  // Joined admins per team once the pending actions are done.
  const admins = new Map<string, Set<string>>();
  for (const [name, team] of index.state.teams)
    if (team) admins.set(name, new Set(team.members.filter((m) => !m.pending && m.role === ADMIN_ROLE).map((m) => m.id)));
  const before = new Map([...admins].map(([name, set]) => [name, set.size]));
  for (const action of pending) {
    if (action.kind === 'change-role') {
      if (action.role === ADMIN_ROLE) admins.get(action.team)?.add(action.member.id);
      else admins.get(action.team)?.delete(action.member.id);
    } else if (action.kind === 'remove-from-team') {
      admins.get(action.team)?.delete(action.member.id);
    }
  }
  const deactivated = new Set(pending.flatMap((a) => (a.kind === 'deactivate-user' ? [a.user.id] : [])));
  for (const [name, set] of admins) {
    const left = [...set].filter((id) => !deactivated.has(id));
    if ((before.get(name) ?? 0) > 0 && left.length === 0) violations.push(`team ${name} would be left without an admin who has joined`);
  }
  return violations;
}

/**
 * Checks a saved plan against the server's state now (pure): which actions
 * are still to do, which are done already (an apply that was interrupted, or
 * someone else), which are stale, and whether the safety rules still hold.
 * A plan with anything stale or any violation must not be applied: run
 * `sync plan` again. `state` must hold the teams of {@link teamsToRead}.
 *
 * @param server the server it is about to be applied to (its base URL)
 */
export function checkPlan(plan: Plan, state: CurrentState, server?: string): PlanCheck {
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
  const removals = pending.filter(isRemoval).length;
  const violations = violationsOf(plan, pending, index, server);
  if (removals > plan.removalLimit) violations.push(`${removals} removals exceed the plan's limit of ${plan.removalLimit}`);
  return { pending, done, stale: staleActions, violations };
}
