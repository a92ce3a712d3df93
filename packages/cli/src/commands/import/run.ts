import { type Api, AuthenticationError, ConflictError, PermissionError, ValidationError, WandbError } from '@wandb-ts/users';
import type { Context } from '../../context.js';
import { reportOf } from '../../output/error-report.js';
import { CliError, EXIT, type ExitCode, exitCodeFor } from '../../exit-codes.js';
import { who } from '../../output/format.js';
import { IMPORT_CSV, readInput } from '../../input/input-file.js';
import { t } from '../../output/terminal/styled.js';
import { WorkPool } from '../../work-pool.js';
import { type PlannedRow, planImport } from './csv.js';
import { defaultFailedFile, writeFailedFile } from './failed-file.js';
import { noProgress, type Progress, progressBar } from './progress.js';
import { countResults, NEEDS_ATTENTION, type RowResult, rowJson, rowText, summaryText } from './results.js';

/** Problem rows listed after a progress bar; the failed file has them all. */
const MAX_LISTED = 30;

export interface ImportOptions {
  concurrency: number;
  failedFile: string | undefined;
  /** --max-input-mib: the largest CSV accepted (default: IMPORT_CSV's). */
  maxInputMib?: number | undefined;
}

/** A row's reason: the error's message in the CLI's words (without the operation it came from). */
function reasonOf(error: WandbError): string {
  return reportOf(error).message;
}

/** An error that makes every further row fail the same way: stop, rather than fail each. */
class StopImport extends Error {
  constructor(
    readonly error: WandbError,
    readonly result: RowResult,
  ) {
    super(error.message);
  }
}

async function existingUser(api: Api, email: string) {
  return (await api.exactUser(email)) ?? undefined;
}

/**
 * One row: create the user; a user who is already there counts as done
 * ("exists"), which is what makes an import safe to run again, also after a
 * crash or a timeout that left the server's answer unknown.
 */
async function importRow(api: Api, row: PlannedRow): Promise<RowResult> {
  const base = { line: row.line, email: row.email, adminText: row.adminText };
  if (row.kind === 'invalid') return { ...base, admin: null, status: 'invalid', reason: row.reason };
  if (row.kind === 'duplicate') return { ...base, admin: row.admin, status: 'duplicate', duplicateOf: row.firstLine };
  const planned = { ...base, admin: row.admin };
  try {
    const user = await api.createUser(row.email, { admin: row.admin });
    return { ...planned, status: 'created', username: user.username };
  } catch (error) {
    if (!(error instanceof WandbError)) throw error;
    const failed: RowResult = { ...planned, status: 'failed', reason: reasonOf(error), errorName: error.name };
    if (error instanceof ValidationError) return { ...planned, status: 'invalid', reason: reasonOf(error) };
    if (error instanceof AuthenticationError || error instanceof PermissionError) throw new StopImport(error, failed);
    if (!(error instanceof ConflictError)) return failed;
    // A conflict is usually "that email exists"; check, so that nothing else passes for it.
    try {
      const user = await existingUser(api, row.email);
      return user ? { ...planned, status: 'exists', username: user.username } : failed;
    } catch (lookupError) {
      if (lookupError instanceof WandbError) return { ...failed, reason: `${reasonOf(error)}; could not check: ${reasonOf(lookupError)}` };
      throw lookupError;
    }
  }
}

export async function runImport(ctx: Context, file: string, options: ImportOptions): Promise<ExitCode> {
  const { out } = ctx;
  const plan = planImport(await readInput(ctx, file, IMPORT_CSV, options.maxInputMib), file === '-' ? 'standard input' : file);
  const failedFile = options.failedFile ?? defaultFailedFile(file);
  const api = ctx.api();
  if (plan.some((row) => row.kind === 'create')) {
    // One request first: a wrong key, server or role shows as one clear error, not a failure per row.
    const viewer = await api.viewer();
    if (viewer.admin === false) throw new CliError(`${who(viewer)} is not an instance admin, and only admins can create users`, EXIT.PERMISSION);
  }

  const started = performance.now();
  const results: (RowResult | undefined)[] = new Array(plan.length);
  const attention: RowResult[] = [];
  const withBar = !out.json && !out.quiet && out.stdoutIsTTY && out.stderrIsTTY && plan.length > 0;
  const progress: Progress = withBar ? progressBar(out, plan.length) : noProgress;
  let stop: { code: ExitCode; error?: WandbError } | undefined;

  const counts = countResults([]);
  const report = (result: RowResult) => {
    counts[result.status]++;
    const needsAttention = NEEDS_ATTENTION.has(result.status);
    if (needsAttention) attention.push(result);
    if (out.json) out.document(rowJson(result));
    else if (!withBar && (!out.quiet || needsAttention)) out.line(rowText(result, out.c));
    progress.tick(result.status, counts);
  };

  const pool = new WorkPool(options.concurrency);
  const release = ctx.io.interrupts.handle({
    first: () => {
      stop ??= { code: EXIT.INTERRUPTED };
      pool.clear();
      progress.stop();
      out.info(out.ce.yellow('interrupted: finishing the requests in flight, then writing the rows left (Ctrl-C again to quit at once)'));
    },
  });
  const step = async (index: number, row: PlannedRow) => {
    if (stop !== undefined) return;
    let result: RowResult;
    try {
      result = await importRow(api, row);
    } catch (error) {
      if (!(error instanceof StopImport)) throw error;
      stop ??= { code: exitCodeFor(error.error), error: error.error };
      pool.clear();
      result = error.result;
    }
    results[index] = result;
    report(result);
  };
  try {
    for (const [index, row] of plan.entries()) {
      // Rows are added as there is room, not all at once: a file of 100,000 rows is not 100,000 tasks in memory.
      await pool.whenRoom();
      if (stop !== undefined) break;
      pool.add(() => step(index, row));
    }
    await pool.idle();
  } finally {
    release();
    progress.stop();
  }

  // Rows never started are listed in the failed file and counted, not printed one by one.
  const why = stop?.code === EXIT.INTERRUPTED ? 'not attempted: the import was interrupted' : `not attempted: stopped after ${stop?.error?.name ?? 'an error'}`;
  plan.forEach((row, index) => {
    if (results[index]) return;
    const skipped: RowResult = {
      line: row.line,
      email: row.email,
      adminText: row.adminText,
      admin: row.kind === 'invalid' ? null : row.admin,
      status: 'skipped',
      reason: why,
    };
    results[index] = skipped;
    counts.skipped++;
    attention.push(skipped);
    if (out.json) out.document(rowJson(skipped));
  });
  if (withBar) listProblems(ctx, attention);

  let wrote = false;
  try {
    wrote = writeFailedFile(failedFile, attention);
  } catch (error) {
    out.warn(
      t`could not write ${failedFile} (${(error as NodeJS.ErrnoException).code ?? String(error)}): the rows that need attention are only in the output above`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  if (out.json) {
    out.document({
      type: 'summary',
      total: plan.length,
      ...counts,
      failedFile: wrote ? failedFile : null,
      interrupted: stop?.code === EXIT.INTERRUPTED,
      seconds: Number(seconds.toFixed(3)),
    });
  } else {
    out.info(summaryText(counts, plan.length, seconds));
    if (wrote) {
      const n = attention.length;
      out.info(out.ce.yellow(t`${n} row${n === 1 ? '' : 's'} to redo written to ${failedFile}; once fixed, run: wandb-users users import ${failedFile}`));
    }
  }
  if (stop?.error) out.error(stop.error);
  return stop?.code ?? (attention.length > 0 ? EXIT.PARTIAL : EXIT.OK);
}

/** After a progress bar: the invalid and failed rows, in file order, up to a screenful. */
function listProblems(ctx: Context, attention: readonly RowResult[]): void {
  const shown = attention.filter((r) => r.status !== 'skipped').sort((a, b) => a.line - b.line);
  for (const result of shown.slice(0, MAX_LISTED)) ctx.out.line(rowText(result, ctx.out.c));
  if (shown.length > MAX_LISTED) ctx.out.line(ctx.out.c.dim(`... and ${shown.length - MAX_LISTED} more in the failed file`));
}
