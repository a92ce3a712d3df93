import type { Action } from './actions.js';
import { type ActionResult, Executor } from './executor.js';
import type { SyncClient } from './client.js';
import type { Plan } from './plan-types.js';
import { walkGraph } from './schedule.js';

export type { ActionResult, ActionStatus } from './executor.js';

/** Options of {@link applyPlan}. */
export interface ApplyOptions {
  /** Actions in flight at once, 1 or more. Default 4. */
  concurrency?: number;
  /** Start nothing new after the first failure. Default false: independent actions go on. */
  failFast?: boolean;
  /** Aborting starts nothing new; the actions in flight finish and are reported. */
  signal?: AbortSignal;
  /** Called as each action is sent (for a journal: what is in flight). */
  onStart?: (action: Action) => void;
  /** Called as each action settles (for progress, and a journal). */
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

const defaultIsFatal = (error: unknown) => error instanceof Error && error.name === 'AuthenticationError';
const defaultReasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const WHY_STOPPED: Record<StopReason, string> = {
  aborted: 'apply was interrupted',
  'fail-fast': 'stopped after the first failure (--fail-fast)',
  fatal: 'stopped: every call would fail the same way',
};

const isSuccess = (result: ActionResult) => result.status === 'done' || result.status === 'already-done';

/**
 * Executes a plan's actions against `client`, at most `concurrency` at a time,
 * each once its dependencies are done (users and teams before invitations,
 * promotions before the demotions and removals that rely on them), in plan
 * order otherwise: the plan walked by the generic scheduler (schedule.ts),
 * each action run by the W&B executor (executor.ts).
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
  const executor = new Executor(client, options.reasonOf ?? defaultReasonOf, plan.organization);
  let fatalError: unknown;
  const known = new Map<number, ActionResult>();
  const byId = new Map(plan.actions.map((action) => [action.id, action]));
  for (const id of options.done ?? []) {
    const action = byId.get(id);
    if (action) known.set(id, { action, status: 'already-done' });
  }

  const { results, stopped } = await walkGraph<Action, ActionResult, StopReason>({
    nodes: plan.actions,
    concurrency,
    known,
    signal: options.signal,
    aborted: 'aborted',
    run: async (action) => {
      const { result, fatal } = await executor.execute(action, isFatal);
      if (fatal !== undefined) fatalError ??= fatal;
      return result;
    },
    succeeded: isSuccess,
    blocked: (action, dependency, result) => ({
      action,
      status: 'blocked',
      reason: `depends on action ${dependency.id}, which ${result.status === 'failed' ? 'failed' : result.status === 'blocked' ? 'was blocked' : 'did not run'}`,
    }),
    stopAfter: (result) => (fatalError !== undefined ? 'fatal' : result.status === 'failed' && options.failFast ? 'fail-fast' : undefined),
    ...(options.onStart && { onStart: options.onStart }),
    ...(options.onResult && { onResult: (_action: Action, result: ActionResult) => options.onResult?.(result) }),
  });

  const ordered = plan.actions.map(
    (action) => results.get(action.id) ?? { action, status: 'not-run' as const, reason: stopped ? WHY_STOPPED[stopped] : 'not started' },
  );
  for (const result of ordered) if (!results.has(result.action.id)) options.onResult?.(result);
  return { results: ordered, stopped, ...(fatalError !== undefined && { error: fatalError }) };
}
