import type { Context } from '../context.js';
import { reportOf } from '../error-report.js';
import { CliError, EXIT, type ExitCode, exitCodeFor, usageError } from '../exit-codes.js';
import { readInput, SAVED_PLAN, SYNC_FILE } from '../input-file.js';
import { checkOutFile, writeOutFile } from '../out-file.js';
import { inertJson } from '../terminal/escape.js';
import { t } from '../terminal/styled.js';
import { type ActionResult, applyPlan, type ApplyResult } from '../sync/apply.js';
import { checkPlan, type StaleAction, teamsToRead } from '../sync/check.js';
import type { SyncClient } from '../sync/client.js';
import type { CurrentState } from '../sync/current.js';
import type { DesiredState } from '../sync/desired.js';
import { listProblems, SyncFileError } from '../sync/file-error.js';
import { plan as makePlan } from '../sync/plan.js';
import type { Plan } from '../sync/plan-types.js';
import { describeLookalike, type LookalikeWarning, lookalikeWarnings } from '../sync/lookalikes.js';
import { planDocument, readPlanDocument } from '../sync/plan-document.js';
import { actionLabel } from '../sync/safety.js';
import { readCurrentState, type ReadScope, readScopeFor } from '../sync/read-current.js';
import { formatOf, parseDesiredState, type SyncFileFormat } from '../sync/read-desired.js';
import { planMarkdown } from './markdown.js';
import { applyProgressBar, noApplyProgress } from './progress.js';
import { blockerText, countStatuses, printPlan, resultLine, resultSummary } from './render.js';

/** The flags that shape a plan. */
export interface PlanFlags {
  format?: SyncFileFormat;
  prune?: boolean;
  maxRemovals?: number;
  includeAdmins?: boolean;
  /** --max-input-mib: the largest file accepted (default: the kind's). */
  maxInputMib?: number;
}

/** The flags of `sync plan`. */
export interface PlanCommandFlags extends PlanFlags {
  /** Print the plan as Markdown. */
  markdown?: boolean;
  /** Also save the plan document here. */
  out?: string;
  /** Replace `out` if it exists. */
  overwrite?: boolean;
}

/** The flags of `sync apply`. */
export interface ApplyFlags extends PlanFlags {
  plan?: string;
  failFast?: boolean;
  concurrency: number;
}

const sourceName = (file: string) => (file === '-' ? 'standard input' : file);

/** A file's problems as a usage error: each on its own line, with its line number. */
function fileError(error: unknown): unknown {
  return error instanceof SyncFileError
    ? usageError(error.summary, 'Nothing was sent. Fix the file and run again.', listProblems(error.source, error.problems))
    : error;
}

/** Reads the server's state with the viewer checked first: a key without admin rights is one clear error. */
export async function readState(ctx: Context, client: SyncClient, scope: ReadScope): Promise<CurrentState> {
  const viewer = await client.viewer();
  if (viewer.admin === false)
    throw new CliError(`${viewer.username ?? viewer.email ?? viewer.id} is not an instance admin, and sync reads every user`, EXIT.PERMISSION);
  ctx.out.info(ctx.out.ce.dim('reading users and teams...'));
  return readCurrentState(client, { ...scope, viewer });
}

/** The plan of a file against the server now, and the names in it a person could misread. */
async function planFile(ctx: Context, file: string, flags: PlanFlags): Promise<{ plan: Plan; warnings: LookalikeWarning[] }> {
  const text = await readInput(ctx, file, SYNC_FILE, flags.maxInputMib);
  let desired: DesiredState;
  try {
    desired = parseDesiredState(text, sourceName(file), flags.format ?? formatOf(file));
  } catch (error) {
    throw fileError(error);
  }
  const client = ctx.syncClient();
  const state = await readState(ctx, client, readScopeFor(desired, flags));
  const plan = makePlan(desired, state, {
    server: ctx.credentials().baseUrl,
    prune: flags.prune === true,
    includeAdmins: flags.includeAdmins === true,
    ...(flags.maxRemovals !== undefined && { maxRemovals: flags.maxRemovals }),
  });
  return { plan, warnings: await lookalikeWarnings(plan.actions, state) };
}

/** A blocked plan as an error: usage (raise the limit) or conflict (the server's state is in the way). */
function blockedError(plan: Plan): CliError {
  const usage = plan.blocked.every((b) => b.reason === 'too-many-removals');
  const [first, ...rest] = plan.blocked.map(blockerText);
  return new CliError(`the plan is refused: ${first}${rest.map((r) => `; ${r}`).join('')}`, usage ? EXIT.USAGE : EXIT.CONFLICT, 'Nothing was sent.');
}

/**
 * `sync plan FILE`: prints the plan (text, Markdown, or with --json the plan
 * document), saves the document with --out (not a blocked plan: apply would
 * refuse it), and ends with 0 when nothing would change, 10 when something
 * would.
 */
export async function runSyncPlan(ctx: Context, file: string, flags: PlanCommandFlags): Promise<ExitCode> {
  if (flags.markdown && ctx.out.json)
    throw usageError('--markdown and --json are two ways to print the plan: choose one', 'To save the plan document as well, add --out plan.json.');
  if (flags.out !== undefined) checkOutFile(flags.out, flags.overwrite === true);
  const { plan, warnings } = await planFile(ctx, file, flags);
  if (ctx.out.json) ctx.out.document(planDocument(plan, warnings));
  else if (flags.markdown) ctx.out.block(planMarkdown(plan, warnings));
  else printPlan(ctx.out, plan, warnings);
  if (plan.blocked.length > 0) throw blockedError(plan);
  if (flags.out !== undefined) {
    // One value a line (strings hold no raw line end), each line inert as --json prints it.
    const text = JSON.stringify(planDocument(plan, warnings), null, 2).split('\n').map(inertJson).join('\n');
    writeOutFile(flags.out, `${text}\n`, { overwrite: flags.overwrite === true });
    ctx.out.info(t`saved the plan to ${flags.out}: \`wandb-users sync apply --plan ${flags.out}\` applies it once reviewed`);
  }
  return plan.actions.length > 0 ? EXIT.PENDING : EXIT.OK;
}

/**
 * A saved plan, read as a file anyone could have edited and checked against
 * the server now and the flags of this run. Every refusal of a plan that
 * could be read ends with 6 (conflict), before anything is sent: made for
 * another server, blocked when it was made, stale, or breaking a safety rule.
 */
async function savedPlan(ctx: Context, path: string, flags: ApplyFlags): Promise<{ plan: Plan; done: number[] }> {
  const name = sourceName(path);
  let plan: Plan;
  try {
    plan = readPlanDocument(await readInput(ctx, path, SAVED_PLAN, flags.maxInputMib), name);
  } catch (error) {
    throw fileError(error);
  }
  const server = ctx.credentials().baseUrl;
  if (plan.server !== server)
    throw new CliError(
      `${name} is a plan for ${plan.server}, not ${server}`,
      EXIT.CONFLICT,
      'Nothing was sent. Apply it with --base-url set to its server, or make a plan for this one.',
    );
  if (plan.blocked.length > 0)
    throw new CliError(
      `${name} is refused: it was blocked when it was made`,
      EXIT.CONFLICT,
      'Nothing was sent. Make a new plan with `wandb-users sync plan`.',
      {
        details: plan.blocked.map(blockerText),
      },
    );
  const state = await readState(ctx, ctx.syncClient(), teamsToRead(plan));
  const check = checkPlan(plan, state, {
    server,
    prune: flags.prune === true,
    includeAdmins: flags.includeAdmins === true,
    ...(flags.maxRemovals !== undefined && { maxRemovals: flags.maxRemovals }),
  });
  if (check.violations.length > 0) {
    throw new CliError(`${name} is refused: it breaks the safety rules with the flags given`, EXIT.CONFLICT, SAVED_PLAN_HINT, {
      details: [...check.violations.map((v) => v.message), ...check.stale.map(staleLine)],
    });
  }
  if (check.stale.length > 0) {
    throw new CliError(
      `${name} is stale: the server changed since it was made`,
      EXIT.CONFLICT,
      'Nothing was sent. Run `wandb-users sync plan` again and review the new plan.',
      { details: check.stale.map(staleLine) },
    );
  }
  if (check.done.length > 0)
    ctx.out.info(t`${check.done.length} of ${plan.actions.length} actions are done already (an earlier apply, or someone else): they are skipped`);
  // Worked out again: the plan's own `warnings` are not trusted, and it may not have been printed here.
  const warnings = await lookalikeWarnings(check.pending, state);
  if (!ctx.out.json) {
    const byId = new Map(plan.actions.map((a) => [a.id, a]));
    for (const warning of warnings) {
      const action = byId.get(warning.action);
      if (action) ctx.out.warn(t`${actionLabel(action)}: ${describeLookalike(warning)}`);
    }
  }
  return { plan, done: check.done.map((a) => a.id) };
}

const SAVED_PLAN_HINT =
  'Nothing was sent. A saved plan runs only under the flags that allow what it does (--prune, --include-admins, --max-removals), ' +
  'given again when it is applied; review it, or make a new one with `wandb-users sync plan`.';

const staleLine = (s: StaleAction) => `action ${s.action.id}: expected ${s.expected}; found ${s.found}`;

/** The process's exit status after an apply. */
function exitCodeOf(result: ApplyResult): ExitCode {
  if (result.stopped === 'aborted') return EXIT.INTERRUPTED;
  if (result.stopped === 'fatal') return exitCodeFor(result.error);
  const counts = countStatuses(result.results);
  return counts.failed + counts.blocked + counts['not-run'] > 0 ? EXIT.PARTIAL : EXIT.OK;
}

/**
 * `sync apply FILE` (plan, then apply) or `sync apply --plan PLAN.json` (a
 * saved plan, checked first). Prints each action as it settles and a summary;
 * ends with 0 when every action is done, 7 when some are not, 130 when
 * interrupted (Ctrl-C lets the actions in flight finish).
 */
export async function runSyncApply(ctx: Context, file: string | undefined, flags: ApplyFlags): Promise<ExitCode> {
  const { out } = ctx;
  let plan: Plan;
  let done: number[] = [];
  if (flags.plan !== undefined) {
    ({ plan, done } = await savedPlan(ctx, flags.plan, flags));
  } else {
    if (file === undefined) throw usageError('sync apply needs a file, or --plan with a saved plan');
    const planned = await planFile(ctx, file, flags);
    plan = planned.plan;
    if (out.json) out.document({ type: 'plan', plan: planDocument(plan, planned.warnings) });
    else if (!out.quiet || plan.blocked.length > 0) printPlan(out, plan, planned.warnings);
    if (plan.blocked.length > 0) throw blockedError(plan);
  }
  if (plan.actions.length === 0) {
    if (out.json) out.document({ type: 'summary', total: 0, ...countStatuses([]), interrupted: false, seconds: 0 });
    return EXIT.OK;
  }

  return execute(ctx, plan, done, flags);
}

/** Problem actions listed after a progress bar, in plan order; --json lists every action. */
const MAX_LISTED = 30;

/**
 * Applies `plan`, reporting each action as it settles: a line each (NDJSON
 * with --json), or on a terminal a progress bar and then the actions that
 * failed or were blocked; then a summary.
 */
async function execute(ctx: Context, plan: Plan, done: readonly number[], flags: ApplyFlags): Promise<ExitCode> {
  const { out } = ctx;
  const withBar = !out.json && !out.quiet && out.stdoutIsTTY && out.stderrIsTTY;
  const progress = withBar ? applyProgressBar(out, plan.actions.length) : noApplyProgress;
  const controller = new AbortController();
  const release = ctx.io.interrupts.handle(() => {
    controller.abort();
    progress.stop();
    out.info(out.ce.yellow('interrupted: finishing the actions in flight (Ctrl-C again to quit at once); run apply again to finish'));
  });
  if (!out.json && !out.quiet) out.line();
  const counts = countStatuses([]);
  const report = (result: ActionResult) => {
    counts[result.status]++;
    progress.tick(counts);
    if (out.json)
      out.document({
        type: 'action',
        id: result.action.id,
        kind: result.action.kind,
        status: result.status,
        ...(result.reason !== undefined && { reason: result.reason }),
        ...(result.errorName !== undefined && { error: result.errorName }),
        action: result.action,
      });
    else if (!withBar && (!out.quiet || isProblem(result))) out.line(resultLine(result, out.c));
  };
  const started = performance.now();
  let result: ApplyResult;
  try {
    result = await applyPlan(plan, ctx.syncClient(), {
      concurrency: flags.concurrency,
      failFast: flags.failFast === true,
      signal: controller.signal,
      onResult: report,
      done,
      reasonOf: (error) => reportOf(error).message,
    });
  } finally {
    release();
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  if (withBar) listFailures(ctx, result.results);
  if (out.json)
    out.document({ type: 'summary', total: result.results.length, ...counts, interrupted: result.stopped === 'aborted', seconds: Number(seconds.toFixed(3)) });
  else out.info(resultSummary(result.results, seconds));
  if (result.stopped === 'fatal') out.error(result.error);
  else if (counts.failed + counts.blocked + counts['not-run'] > 0)
    out.info(out.ce.yellow('Run the same apply again to finish: what is done is not done twice.'));
  return exitCodeOf(result);
}

/** A failed or blocked action: what a person must look at (not-run ones are counted in the summary). */
const isProblem = (result: ActionResult) => result.status === 'failed' || result.status === 'blocked';

/** After a progress bar: the failed and blocked actions with their reasons, up to a screenful. */
function listFailures(ctx: Context, results: readonly ActionResult[]): void {
  const { out } = ctx;
  const problems = results.filter(isProblem);
  for (const result of problems.slice(0, MAX_LISTED)) out.line(resultLine(result, out.c));
  if (problems.length > MAX_LISTED) out.line(out.c.dim(`... and ${problems.length - MAX_LISTED} more (--json reports every action)`));
}
