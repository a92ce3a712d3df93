import type { Context } from '../../context.js';
import { reportOf } from '../../output/error-report.js';
import { EXIT, type ExitCode, exitCodeFor, usageError } from '../../exit-codes.js';
import { redact } from '../../output/redact.js';
import { t } from '../../output/terminal/styled.js';
import type { Action } from '../../sync/actions.js';
import { type ActionResult, applyPlan, type ApplyResult } from '../../sync/apply.js';
import { inFlightEntry, JOURNAL_VERSION, journalEntry, type JournalHeader } from '../../sync/journal.js';
import type { Plan } from '../../sync/plan-types.js';
import { defaultJournalDir, JournalFile } from './journal-file.js';
import { applyProgressBar, noApplyProgress } from './progress.js';
import { countStatuses, type Reported, resultLine, resultSummary } from './render.js';

/** How `sync apply` and `sync undo` run a plan. */
export interface ExecuteOptions {
  /** What runs it, for the journal and the messages. */
  readonly command: JournalHeader['command'];
  readonly concurrency: number;
  readonly failFast: boolean;
  /** Actions known to be done already (a saved plan's check): reported, not sent. */
  readonly done: readonly number[];
  /** --journal-dir, or undefined for the default folder. */
  readonly journalDir: string | undefined;
}

/** Problem actions listed after a progress bar, in plan order; --json lists every action. */
const MAX_LISTED = 30;

/** The folder journals are written to: --journal-dir, else the default; refused (exit 2) when neither can be told. */
function journalFolder(ctx: Context, flag: string | undefined): string {
  const dir = flag ?? defaultJournalDir(ctx.io.env);
  if (dir === undefined)
    throw usageError('cannot tell where to write the journal: neither XDG_STATE_HOME nor HOME is set to a full path', 'Pass --journal-dir DIR.');
  return dir;
}

/**
 * Runs `plan` (after its review): writes a journal of every action with the
 * state before it, and reports each action as it settles (a line each,
 * NDJSON with --json, or on a terminal a progress bar and then the actions
 * that failed or were blocked), then a summary naming the journal.
 *
 * Ctrl-C starts nothing new: the actions in flight finish and are reported,
 * the rest reported as not run, and the journal ends. A second Ctrl-C quits
 * at once, after writing down what is known: the actions in flight as
 * `in-flight` (their outcome unknown), the rest as not run, in the report and
 * the journal.
 */
export async function execute(ctx: Context, plan: Plan, options: ExecuteOptions): Promise<ExitCode> {
  const { out } = ctx;
  const journal = JournalFile.create(journalFolder(ctx, options.journalDir), {
    type: 'journal',
    version: JOURNAL_VERSION,
    command: options.command,
    server: plan.server,
    source: plan.source,
    viewer: plan.viewer,
    startedAt: new Date().toISOString(),
    ...(plan.deployment === 'cloud' && { deployment: plan.deployment }),
    ...(plan.organization && { organization: { id: plan.organization.id, name: plan.organization.name } }),
  });
  const withBar = !out.json && !out.quiet && out.stdoutIsTTY && out.stderrIsTTY;
  const progress = withBar ? applyProgressBar(out, plan.actions.length) : noApplyProgress;
  const controller = new AbortController();
  const inFlight = new Map<number, Action>();
  const settled = new Set<number>();
  const counts = countStatuses([]);
  const started = performance.now();
  /** Set when the process quits at once: nothing more is reported or written. */
  let quitting = false;

  const report = (result: Reported & { errorName?: string | undefined }) => {
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
  const summarize = (interrupted: boolean) => {
    const seconds = (performance.now() - started) / 1000;
    if (out.json)
      out.document({ type: 'summary', total: plan.actions.length, ...counts, interrupted, seconds: Number(seconds.toFixed(3)), journal: journal.path });
    else {
      out.info(resultSummary(counts, seconds));
      out.info(t`Journal: ${journal.path}`);
      out.info(t`To reverse this ${options.command}: wandb-users sync undo ${journal.path}`);
    }
  };
  /** A second Ctrl-C: what is known, written down at once (synchronously: the process exits right after). */
  const quit = () => {
    quitting = true;
    progress.stop();
    const reason = `${options.command} quit at once (a second Ctrl-C)`;
    for (const action of plan.actions) {
      if (settled.has(action.id)) continue;
      const entry = inFlight.has(action.id) ? inFlightEntry(action) : journalEntry({ action, status: 'not-run', reason });
      journal.write(entry);
      report({ action, status: entry.status, reason: entry.reason });
    }
    journal.close({ type: 'end', endedAt: new Date().toISOString(), stopped: 'quit' });
    summarize(true);
    if (counts['in-flight'] > 0) out.info(out.ce.yellow('The actions in flight were sent, and may have been done: plan again to see what the server has now.'));
  };

  const release = ctx.io.interrupts.handle({
    first: () => {
      controller.abort();
      progress.stop();
      const n = inFlight.size;
      out.info(
        out.ce.yellow(
          `interrupted: starting nothing new, finishing the ${n} action${n === 1 ? '' : 's'} in flight (Ctrl-C again to quit at once); run ${options.command === 'undo' ? 'undo' : 'apply'} again to finish`,
        ),
      );
    },
    last: quit,
  });
  if (!out.json && !out.quiet) out.line();
  let result: ApplyResult;
  try {
    result = await applyPlan(plan, ctx.syncClient(), {
      concurrency: options.concurrency,
      failFast: options.failFast,
      signal: controller.signal,
      onStart: (action) => inFlight.set(action.id, action),
      onResult: (settledResult) => {
        if (quitting) return;
        inFlight.delete(settledResult.action.id);
        settled.add(settledResult.action.id);
        journal.write(journalEntry(settledResult));
        report(settledResult);
      },
      done: options.done,
      // The server's words, with anything shaped like a key masked: they go to the journal as they are shown.
      reasonOf: (error) => redact(reportOf(error).message),
    });
  } finally {
    release();
    progress.stop();
  }
  if (quitting) return EXIT.INTERRUPTED;
  journal.close({ type: 'end', endedAt: new Date().toISOString(), stopped: result.stopped });
  if (withBar) listFailures(ctx, result.results);
  summarize(result.stopped === 'aborted');
  if (result.stopped === 'fatal') out.error(result.error);
  else if (counts.failed + counts.blocked + counts['not-run'] > 0)
    out.info(out.ce.yellow(`Run the same ${options.command} again to finish: what is done is not done twice.`));
  return exitCodeOf(result);
}

/** A plan without actions: nothing is sent and no journal written; with --json, a summary saying so. */
export function nothingToDo(ctx: Context): ExitCode {
  if (ctx.out.json) ctx.out.document({ type: 'summary', total: 0, ...countStatuses([]), interrupted: false, seconds: 0, journal: null });
  return EXIT.OK;
}

/** The process's exit status after an apply. */
function exitCodeOf(result: ApplyResult): ExitCode {
  if (result.stopped === 'aborted') return EXIT.INTERRUPTED;
  if (result.stopped === 'fatal') return exitCodeFor(result.error);
  const counts = countStatuses(result.results);
  return counts.failed + counts.blocked + counts['not-run'] > 0 ? EXIT.PARTIAL : EXIT.OK;
}

/** A failed or blocked action: what a person must look at (not-run ones are counted in the summary). */
const isProblem = (result: Reported) => result.status === 'failed' || result.status === 'blocked';

/** After a progress bar: the failed and blocked actions with their reasons, up to a screenful. */
function listFailures(ctx: Context, results: readonly ActionResult[]): void {
  const { out } = ctx;
  const problems = results.filter(isProblem);
  for (const result of problems.slice(0, MAX_LISTED)) out.line(resultLine(result, out.c));
  if (problems.length > MAX_LISTED) out.line(out.c.dim(`... and ${problems.length - MAX_LISTED} more (--json reports every action)`));
}
