import { type Confirmation, confirmPlan, ensureConfirmable } from '../../confirm.js';
import type { Context } from '../../context.js';
import { CliError, EXIT, type ExitCode, usageError } from '../../exit-codes.js';
import { type InputKind, readInput, SAVED_PLAN, SYNC_FILE } from '../../input/input-file.js';
import { checkOutFile, writeOutFile } from '../../output/out-file.js';
import { inertJson } from '../../output/terminal/escape.js';
import { type Styled, t } from '../../output/terminal/styled.js';
import { checkPlan, type StaleAction, teamsToRead } from '../../sync/check.js';
import type { SyncClient } from '../../sync/client.js';
import type { CurrentState } from '../../sync/current.js';
import type { DesiredState } from '../../sync/desired.js';
import { listProblems, SyncFileError } from '../../sync/file-error.js';
import { plan as makePlan } from '../../sync/plan.js';
import type { Plan } from '../../sync/plan-types.js';
import { describeLookalike, type LookalikeWarning, lookalikeWarnings } from '../../sync/lookalikes.js';
import { planDocument, readPlanDocument } from '../../sync/plan-document.js';
import { actionLabel } from '../../sync/safety.js';
import { readCurrentState, type ReadScope, readScopeFor } from '../../sync/read-current.js';
import { formatOf, parseDesiredState, type SyncFileFormat } from '../../sync/read-desired.js';
import { checkCloudRights, type DeploymentFlags, deploymentFor, notInstanceAdminHint, organizationError } from './deployment.js';
import { execute, nothingToDo } from './execute.js';
import { planMarkdown } from './markdown.js';
import { blockerText, changes, printPlan } from './render.js';

/** The flags that shape a plan. */
export interface PlanFlags extends DeploymentFlags {
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
  /** --yes: apply without asking (a saved plan is never asked about: it was reviewed). */
  yes?: boolean;
  /** --journal-dir: where the journal goes (default: see journal-file.ts). */
  journalDir?: string;
}

const sourceName = (file: string) => (file === '-' ? 'standard input' : file);

/** A file's problems as a usage error: each on its own line, with its line number. */
export function fileError(error: unknown): unknown {
  return error instanceof SyncFileError
    ? usageError(error.summary, 'Nothing was sent. Fix the file and run again.', listProblems(error.source, error.problems))
    : error;
}

/**
 * A saved plan or a journal (`-`: standard input), read to its kind's size
 * limit and parsed by `read`; a file that cannot be read or parsed is a usage
 * error listing its problems.
 */
export async function readSyncInput<T>(
  ctx: Context,
  path: string,
  kind: InputKind,
  maxMib: number | undefined,
  read: (text: string, name: string) => T,
): Promise<{ name: string; value: T }> {
  const name = sourceName(path);
  try {
    return { name, value: read(await readInput(ctx, path, kind, maxMib), name) };
  } catch (error) {
    throw fileError(error);
  }
}

/**
 * Reads the server's state with the viewer checked first: a key without admin
 * rights is one clear error. Ctrl-C while reading ends the command at once,
 * saying how far the read got: nothing was changed.
 */
export async function readState(ctx: Context, client: SyncClient, scope: ReadScope): Promise<CurrentState> {
  let users = 0;
  let teams = 0;
  const release = ctx.io.interrupts.handle({
    last: () => {
      const read = `${users} user${users === 1 ? '' : 's'} and ${teams} team${teams === 1 ? '' : 's'} read`;
      ctx.out.info(ctx.out.ce.yellow(`interrupted while reading the server's users and teams (${read}): nothing was changed`));
    },
  });
  // The client, counting what it reads for that message.
  const counting: SyncClient = {
    ...client,
    userPages: (query) =>
      (async function* () {
        for await (const page of client.userPages(query)) {
          users += page.length;
          yield page;
        }
      })(),
    team: async (name) => {
      const team = await client.team(name);
      teams++;
      return team;
    },
  };
  try {
    const viewer = await client.viewer();
    if (viewer.admin === false && scope.deployment !== 'cloud')
      throw new CliError(
        `${viewer.username ?? viewer.email ?? viewer.id} is not an instance admin, and sync on W&B Server reads every user`,
        EXIT.PERMISSION,
        notInstanceAdminHint(ctx),
      );
    ctx.out.info(ctx.out.ce.dim('reading users and teams...'));
    let state: CurrentState;
    try {
      state = await readCurrentState(counting, { ...scope, viewer });
    } catch (error) {
      throw organizationError(error);
    }
    checkCloudRights(state);
    return state;
  } finally {
    release();
  }
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
  const deployment = deploymentFor(ctx, flags);
  const state = await readState(ctx, client, readScopeFor(desired, { prune: flags.prune === true, deployment, organization: flags.org }));
  const plan = makePlan(desired, state, {
    server: ctx.credentials().baseUrl,
    prune: flags.prune === true,
    includeAdmins: flags.includeAdmins === true,
    ...(flags.maxRemovals !== undefined && { maxRemovals: flags.maxRemovals }),
  });
  return { plan, warnings: await lookalikeWarnings(plan.actions, state) };
}

/**
 * The plan's review: the word `yes` goes on. Declined, or Ctrl-C at the
 * question, nothing is sent; `what` is the verb: "Not applied: nothing was changed."
 */
export async function reviewed(ctx: Context, question: Styled, confirmation: Confirmation, what: string): Promise<boolean> {
  const declined = () => ctx.out.info(`Not ${what}: nothing was changed.`);
  // Ctrl-C at the question: the typed ^C ends the question's line.
  const release = ctx.io.interrupts.handle({
    last: () => {
      ctx.out.prompt('', '');
      declined();
    },
  });
  try {
    if (await confirmPlan(ctx, question, confirmation)) return true;
  } finally {
    release();
  }
  declined();
  return false;
}

/** A blocked plan as an error: usage (raise the limit) or conflict (the server's state is in the way). */
export function blockedError(plan: Plan): CliError {
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
  const { name, value: plan } = await readSyncInput(ctx, path, SAVED_PLAN, flags.maxInputMib, readPlanDocument);
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
  const deployment = deploymentFor(ctx, flags);
  const { organizationTeams, ...toRead } = teamsToRead(plan);
  // The organization the plan names, or --org: which one it is, its ID decides (checkPlan).
  const organization = flags.org ?? plan.organization?.name;
  const state = await readState(ctx, ctx.syncClient(), {
    ...toRead,
    deployment,
    ...((plan.organization || deployment === 'cloud') && { organization: { name: organization, required: true } }),
    ...(organizationTeams && { organizationTeams }),
  });
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

/**
 * `sync apply FILE` (plan, review, then apply) or `sync apply --plan
 * PLAN.json` (a saved plan, checked first, not asked about). Prints each
 * action as it settles and a summary naming the journal (execute.ts); ends
 * with 0 when every action is done (or the review declined), 7 when some are
 * not, 130 when interrupted.
 */
export async function runSyncApply(ctx: Context, file: string | undefined, flags: ApplyFlags): Promise<ExitCode> {
  const { out } = ctx;
  let plan: Plan;
  let done: number[] = [];
  if (flags.plan !== undefined) {
    ({ plan, done } = await savedPlan(ctx, flags.plan, flags));
  } else {
    if (file === undefined) throw usageError('sync apply needs a file, or --plan with a saved plan');
    const confirmation = { yes: flags.yes === true, command: 'sync apply', otherwise: 'or apply a plan reviewed before: --plan plan.json' };
    ensureConfirmable(ctx, confirmation);
    const planned = await planFile(ctx, file, flags);
    plan = planned.plan;
    // The plan is the question: shown whenever it is asked about, --quiet or not.
    const asking = !confirmation.yes && plan.actions.length > 0;
    if (out.json) out.document({ type: 'plan', plan: planDocument(plan, planned.warnings) });
    else if (!out.quiet || asking || plan.blocked.length > 0) printPlan(out, plan, planned.warnings);
    if (plan.blocked.length > 0) throw blockedError(plan);
    if (asking && !(await reviewed(ctx, t`Apply ${changes(plan.actions.length)} to ${plan.server}?`, confirmation, 'applied'))) return EXIT.OK;
  }
  if (plan.actions.length === 0) {
    // A file's plan said so when it was printed; a saved plan is not printed.
    if (flags.plan !== undefined)
      ctx.out.info(t`Nothing to do: the saved plan ${flags.plan} has no action (the server matched its file when it was made). Nothing was sent.`);
    return nothingToDo(ctx);
  }

  return execute(ctx, plan, {
    command: 'apply',
    concurrency: flags.concurrency,
    failFast: flags.failFast === true,
    done,
    journalDir: flags.journalDir,
  });
}
