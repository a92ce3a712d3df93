import type { Action } from './actions.js';
import { actionState } from './check.js';
import type { SyncClient, SyncClientMember, SyncClientTeam, SyncClientUser } from './client.js';
import type { CurrentState } from './current.js';
import type { Plan } from './plan-types.js';
import { compactTeam, compactUser } from './read-current.js';
import { ReadyQueue } from './ready-queue.js';
import { StateIndex } from './state-index.js';

/**
 * What became of an action: `done` by this apply; `already-done` (its goal
 * held: an earlier, interrupted apply, or someone else); `failed` (with the
 * reason); `blocked` (an action it depends on did not succeed, so it was not
 * tried); `not-run` (apply stopped first: interrupted, --fail-fast, or an
 * error that every call would hit).
 */
export type ActionStatus = 'done' | 'already-done' | 'failed' | 'blocked' | 'not-run';

/** What became of one action. */
export interface ActionResult {
  /** The action. */
  readonly action: Action;
  /** What became of it. */
  readonly status: ActionStatus;
  /** Why, for every status but done and already-done. */
  readonly reason?: string;
  /** For failed actions: the error's class name (`PermissionError`...). */
  readonly errorName?: string;
}

/** Options of {@link applyPlan}. */
export interface ApplyOptions {
  /** Actions in flight at once, 1 or more. Default 4. */
  concurrency?: number;
  /** Start nothing new after the first failure. Default false: independent actions go on. */
  failFast?: boolean;
  /** Aborting starts nothing new; the actions in flight finish and are reported. */
  signal?: AbortSignal;
  /** Called as each action settles (for progress). */
  onResult?: (result: ActionResult) => void;
  /** IDs of actions known to be done already (a saved plan's check): reported as such, not sent. */
  done?: Iterable<number>;
  /**
   * Errors that every further call would hit too: apply stops rather than fail
   * each action. Default: an `AuthenticationError` (the key was refused).
   */
  isFatal?: (error: unknown) => boolean;
  /** How a failed action's `reason` words its error. Default: the error's message. */
  reasonOf?: (error: unknown) => string;
}

/** Why apply stopped before the end, if it did. */
export type StopReason = 'fail-fast' | 'aborted' | 'fatal';

/** What {@link applyPlan} did. */
export interface ApplyResult {
  /** One per action, in plan order. */
  readonly results: readonly ActionResult[];
  /** Why it stopped before the end; null when it ran to the end. */
  readonly stopped: StopReason | null;
  /** The error that stopped it, for `fatal`. */
  readonly error?: unknown;
}

/** A plan with blockers (too many removals, a taken team name...): apply refuses it whole. */
export class PlanBlockedError extends Error {
  /** The class's name, kept in bundles. */
  override readonly name = 'PlanBlockedError';

  constructor(
    /** The refused plan. */
    readonly plan: Plan,
  ) {
    super(`the plan is blocked: ${plan.blocked.map((b) => b.reason).join(', ')}`);
  }
}

/** A call the server answered with "no" whose goal does not hold either. */
class RefusedError extends Error {
  override readonly name = 'RefusedError';
}

const defaultIsFatal = (error: unknown) => error instanceof Error && error.name === 'AuthenticationError';
const defaultReasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const NO_VIEWER = { id: '', username: null, email: null, admin: null };

function stateOf(users: readonly SyncClientUser[], teams: ReadonlyMap<string, SyncClientTeam | null>): StateIndex {
  const state: CurrentState = {
    viewer: NO_VIEWER,
    users: users.map(compactUser),
    teams: new Map([...teams].map(([name, team]) => [name, team ? compactTeam(team) : null])),
  };
  return new StateIndex(state);
}

/** Runs actions against a client, with what one apply shares: each team loaded once. */
class Executor {
  readonly #teams = new Map<string, Promise<SyncClientTeam | null>>();

  constructor(
    private readonly client: SyncClient,
    private readonly reasonOf: (error: unknown) => string,
  ) {}

  /** The team as loaded by this apply (or created by it). */
  team(name: string): Promise<SyncClientTeam | null> {
    let team = this.#teams.get(name);
    if (!team) {
      team = this.client.team(name);
      this.#teams.set(name, team);
      // A failed load is not remembered: the next action tries again.
      team.catch(() => this.#teams.delete(name));
    }
    return team;
  }

  /** The team as the server has it now (and remembered from now on). */
  freshTeam(name: string): Promise<SyncClientTeam | null> {
    this.#teams.delete(name);
    return this.team(name);
  }

  async user(ref: { id: string; email: string | null; username: string | null }): Promise<SyncClientUser | undefined> {
    const query = ref.email ?? ref.username;
    if (query === null) throw new Error(`sync: cannot look up user ${ref.id} without an address or username`);
    for await (const page of this.client.userPages(query)) {
      const user = page.find((u) => u.id === ref.id);
      if (user) return user;
    }
    return undefined;
  }

  async usersWithEmail(email: string): Promise<SyncClientUser[]> {
    const found: SyncClientUser[] = [];
    const wanted = email.toLowerCase();
    for await (const page of this.client.userPages(email)) for (const user of page) if (user.email?.toLowerCase() === wanted) found.push(user);
    return found;
  }

  async member(team: string, id: string): Promise<{ team: SyncClientTeam; member: SyncClientMember | undefined }> {
    const loaded = await this.team(team);
    if (!loaded) throw new RefusedError(`no team is named ${team}`);
    const member = loaded.members.find((m) => m.id === id);
    if (member) return { team: loaded, member };
    const fresh = await this.freshTeam(team);
    if (!fresh) throw new RefusedError(`no team is named ${team}`);
    return { team: fresh, member: fresh.members.find((m) => m.id === id) };
  }

  /** Whether the action's goal holds on the server now. */
  async goalHolds(action: Action): Promise<boolean> {
    let index: StateIndex;
    switch (action.kind) {
      case 'create-user':
        index = stateOf(await this.usersWithEmail(action.email), new Map());
        break;
      case 'reactivate-user':
      case 'set-admin':
      case 'deactivate-user': {
        const user = await this.user(action.user);
        index = stateOf(user ? [user] : [], new Map());
        break;
      }
      default:
        index = stateOf([], new Map([[action.team, await this.freshTeam(action.team)]]));
    }
    return actionState(action, index).state === 'done';
  }

  /** `true` from the server is done; `false` is already done when the goal holds, else refused. */
  async settle(accepted: boolean, action: Action): Promise<'done' | 'already-done'> {
    if (accepted) return 'done';
    if (await this.goalHolds(action)) return 'already-done';
    throw new RefusedError('the server refused');
  }

  async run(action: Action): Promise<'done' | 'already-done'> {
    switch (action.kind) {
      case 'create-user':
        await this.client.createUser(action.email, { admin: action.admin });
        return 'done';
      case 'reactivate-user':
        return this.settle(await this.client.userCalls(action.user).reactivate(), action);
      case 'deactivate-user':
        return this.settle(await this.client.userCalls(action.user).deactivate(), action);
      case 'set-admin':
        return this.settle(await this.client.userCalls(action.user).setAdmin(action.admin), action);
      case 'create-team': {
        const created = this.client.createTeam(action.team, action.adminUsername === null ? {} : { adminUsername: action.adminUsername });
        this.#teams.set(action.team, created);
        created.catch(() => this.#teams.delete(action.team));
        await created;
        return 'done';
      }
      case 'invite': {
        const team = await this.team(action.team);
        if (!team) throw new RefusedError(`no team is named ${action.team}`);
        return this.settle(await team.invite(action.email, { role: action.role }), action);
      }
      case 'reinvite': {
        const { team, member } = await this.member(action.team, action.member.id);
        // W&B sets an invitation's role only when inviting: withdraw it, invite again.
        if (member && !(await member.delete()) && (await this.member(action.team, action.member.id)).member)
          throw new RefusedError('the server refused to withdraw the invitation');
        return this.settle(await team.invite(action.email, { role: action.role }), action);
      }
      case 'change-role': {
        const { member } = await this.member(action.team, action.member.id);
        if (!member) throw new RefusedError(`not a member of ${action.team} any more`);
        return member.role === action.role && !member.pending ? 'already-done' : this.settle(await member.setRole(action.role), action);
      }
      case 'remove-from-team': {
        const { member } = await this.member(action.team, action.member.id);
        if (!member) return 'already-done';
        return this.settle(await member.delete(), action);
      }
    }
  }

  /** Runs one action; a failure whose goal holds anyway (an answer lost, someone else) counts as already done. */
  async execute(action: Action, isFatal: (error: unknown) => boolean): Promise<{ result: ActionResult; fatal?: unknown }> {
    try {
      return { result: { action, status: await this.run(action) } };
    } catch (error) {
      if (isFatal(error)) return { result: this.failed(action, error), fatal: error };
      if (!(error instanceof RefusedError)) {
        try {
          if (await this.goalHolds(action)) return { result: { action, status: 'already-done' } };
        } catch {
          // Cannot tell: report the original failure.
        }
      }
      return { result: this.failed(action, error) };
    }
  }

  failed(action: Action, error: unknown): ActionResult {
    return { action, status: 'failed', reason: this.reasonOf(error), errorName: error instanceof Error ? error.name : 'Error' };
  }
}

/**
 * Executes a plan's actions against `client`, at most `concurrency` at a time,
 * each once its dependencies are done (users and teams before invitations,
 * promotions before the demotions and removals that rely on them), in plan
 * order otherwise.
 *
 * Idempotent and resumable: each action tolerates finding its goal done (a
 * refused or failed call is followed by a look at the server: if the goal
 * holds, the action is `already-done`), so applying again after a success, or
 * after an interruption, changes only what is left. To finish an interrupted
 * apply, plan again from the server's state and apply that; a saved plan is
 * checked first (check.ts) and its done actions passed as `done`.
 *
 * A failed action does not stop the others, except those that depend on it
 * (`blocked`); `failFast` stops starting new ones at the first failure.
 * Throws {@link PlanBlockedError} for a plan with blockers, before anything is sent.
 */
export async function applyPlan(plan: Plan, client: SyncClient, options: ApplyOptions = {}): Promise<ApplyResult> {
  if (plan.blocked.length > 0) throw new PlanBlockedError(plan);
  const concurrency = options.concurrency ?? 4;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError(`concurrency must be a whole number of at least 1, got ${concurrency}`);
  const isFatal = options.isFatal ?? defaultIsFatal;
  const executor = new Executor(client, options.reasonOf ?? defaultReasonOf);
  // The plan as a graph: each action, how many of its dependencies are not done yet, and what waits for it.
  interface Node {
    action: Action;
    waiting: number;
    dependents: Node[];
  }
  const nodes = new Map<number, Node>(plan.actions.map((action) => [action.id, { action, waiting: 0, dependents: [] }]));
  const results = new Map<number, ActionResult>();
  const ready = new ReadyQueue();
  let stopped: StopReason | null = null;
  let fatalError: unknown;

  const settle = (result: ActionResult) => {
    const { id } = result.action;
    if (results.has(id)) return;
    results.set(id, result);
    options.onResult?.(result);
    const ok = result.status === 'done' || result.status === 'already-done';
    for (const next of nodes.get(id)?.dependents ?? []) {
      if (results.has(next.action.id)) continue;
      if (!ok) {
        settle({
          action: next.action,
          status: 'blocked',
          reason: `depends on action ${id}, which ${result.status === 'failed' ? 'failed' : result.status === 'blocked' ? 'was blocked' : 'did not run'}`,
        });
        continue;
      }
      next.waiting--;
      if (next.waiting === 0) ready.push(next.action);
    }
  };

  for (const node of nodes.values()) {
    for (const id of node.action.dependsOn) {
      const dependency = nodes.get(id);
      if (dependency === undefined) continue;
      node.waiting++;
      dependency.dependents.push(node);
    }
  }
  for (const node of nodes.values()) if (node.waiting === 0) ready.push(node.action);
  const done = new Set(options.done ?? []);
  // Known done: settled first, without a call, releasing what depends on them.
  for (const id of [...done].sort((a, b) => a - b)) {
    const action = nodes.get(id)?.action;
    if (action) settle({ action, status: 'already-done' });
  }

  await new Promise<void>((resolve) => {
    let running = 0;
    const pump = () => {
      if (options.signal?.aborted) stopped ??= 'aborted';
      while (stopped === null && running < concurrency) {
        const action = ready.pop();
        if (action === undefined) break;
        if (results.has(action.id)) continue;
        running++;
        void executor.execute(action, isFatal).then(({ result, fatal }) => {
          running--;
          settle(result);
          if (fatal !== undefined) {
            stopped ??= 'fatal';
            fatalError ??= fatal;
          }
          if (result.status === 'failed' && options.failFast) stopped ??= 'fail-fast';
          pump();
        });
      }
      if (running === 0 && (stopped !== null || ready.size === 0)) resolve();
    };
    pump();
  });

  const why: Record<StopReason, string> = {
    aborted: 'apply was interrupted',
    'fail-fast': 'stopped after the first failure (--fail-fast)',
    fatal: 'stopped: every call would fail the same way',
  };
  const ordered = plan.actions.map(
    (action) => results.get(action.id) ?? { action, status: 'not-run' as const, reason: stopped ? why[stopped] : 'not started' },
  );
  for (const result of ordered) if (!results.has(result.action.id)) options.onResult?.(result);
  return { results: ordered, stopped, ...(fatalError !== undefined && { error: fatalError }) };
}
