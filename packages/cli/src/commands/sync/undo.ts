import { ensureConfirmable } from '../../confirm.js';
import type { Context } from '../../context.js';
import { CliError, EXIT, type ExitCode } from '../../exit-codes.js';
import { JOURNAL } from '../../input/input-file.js';
import { t } from '../../output/terminal/styled.js';
import { readJournal } from '../../sync/journal.js';
import { lookalikeWarnings } from '../../sync/lookalikes.js';
import { planDocument } from '../../sync/plan-document.js';
import { planUndo, undoScope } from '../../sync/undo.js';
import { describeDeployment } from '../../sync/deployment.js';
import { type DeploymentFlags, deploymentFor } from './deployment.js';
import { execute, nothingToDo } from './execute.js';
import { changes, notReversedLine, printPlan } from './render.js';
import { blockedError, readState, readSyncInput, reviewed } from './run.js';

/** The flags of `sync undo`. */
export interface UndoFlags extends DeploymentFlags {
  yes?: boolean;
  includeAdmins?: boolean;
  maxRemovals?: number;
  maxInputMib?: number;
  concurrency: number;
  failFast?: boolean;
  journalDir?: string;
}

/**
 * `sync undo JOURNAL`: reads the journal of an apply as the untrusted file it
 * is, plans the reverse of what that apply did against the server now
 * (sync/undo.ts), shows it with what it does not reverse, asks, and applies it
 * under the same rules as `sync apply`, writing a journal of its own (so an
 * undo can be undone).
 */
export async function runSyncUndo(ctx: Context, path: string, flags: UndoFlags): Promise<ExitCode> {
  const { out } = ctx;
  const confirmation = { yes: flags.yes === true, command: 'sync undo' };
  ensureConfirmable(ctx, confirmation);
  const { name, value: journal } = await readSyncInput(ctx, path, JOURNAL, flags.maxInputMib, readJournal);
  const server = ctx.credentials().baseUrl;
  if (journal.header.server !== server)
    throw new CliError(
      `${name} is the journal of an apply on ${journal.header.server}, not ${server}`,
      EXIT.CONFLICT,
      'Nothing was sent. Undo it with --base-url set to its server.',
    );

  const deployment = deploymentFor(ctx, flags);
  const applied = journal.header.deployment ?? 'server';
  if (applied !== deployment)
    throw new CliError(
      `${name} is the journal of an apply on ${describeDeployment(applied)}, and this run is for ${describeDeployment(deployment)}`,
      EXIT.CONFLICT,
      `Nothing was sent. Undo it with --deployment ${applied}.`,
    );
  const scope = undoScope(journal);
  const state = await readState(ctx, ctx.syncClient(), {
    ...scope,
    deployment,
    ...((scope.organization || deployment === 'cloud') && { organization: { name: flags.org ?? journal.header.organization?.name, required: true } }),
  });
  const { organization } = journal.header;
  if (organization && state.organization && organization.id !== state.organization.id)
    throw new CliError(
      `${name} is the journal of an apply in organization ${organization.name}, not ${state.organization.name}`,
      EXIT.CONFLICT,
      'Nothing was sent. Undo it with --org set to its organization.',
    );
  const { plan, notReversed } = planUndo(journal, state, {
    source: name,
    includeAdmins: flags.includeAdmins === true,
    ...(flags.maxRemovals !== undefined && { maxRemovals: flags.maxRemovals }),
  });
  const warnings = await lookalikeWarnings(plan.actions, state);
  const asking = !confirmation.yes && plan.actions.length > 0 && plan.blocked.length === 0;
  if (out.json) {
    out.document({ type: 'plan', plan: planDocument(plan, warnings), notReversed: notReversed.map(({ action, why }) => ({ id: action.id, why, action })) });
  } else {
    if (plan.actions.length > 0 || plan.blocked.length > 0) printPlan(out, plan, warnings);
    else out.line(t`Nothing to undo: what ${name} records as done is not there to reverse now.`);
    if (notReversed.length > 0) {
      out.line();
      out.line(out.c.bold('not reversed'));
      for (const item of notReversed) out.line(notReversedLine(item, out.c));
    }
  }
  if (plan.blocked.length > 0) throw blockedError(plan);
  if (plan.actions.length === 0) return nothingToDo(ctx);
  if (asking && !(await reviewed(ctx, t`Undo: apply ${changes(plan.actions.length)} to ${plan.server}?`, confirmation, 'undone'))) return EXIT.OK;
  return execute(ctx, plan, { command: 'undo', concurrency: flags.concurrency, failFast: flags.failFast === true, done: [], journalDir: flags.journalDir });
}
