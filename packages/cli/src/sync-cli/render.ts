import type { Output } from '../output.js';
import { type Action, describeAction, type Sign, signOf, teamOf } from '../sync/actions.js';
import type { JournalStatus } from '../sync/journal.js';
import { describeLookalike, type LookalikeWarning } from '../sync/lookalikes.js';
import type { Blocker, HeldChange, Plan } from '../sync/plan-types.js';
import { summarize } from '../sync/plan-document.js';
import { describeScope } from '../sync/scope.js';
import { type Palette, type Styled, t } from '../terminal/styled.js';

// How sync shows a plan and its results on a terminal: like a diff, `+` green,
// `~` yellow, `-` red, grouped by what they are about (users, then each team).
// Every name in these lines comes from a file or the server: they go through
// `t` and the palette, which escape them.

function paint(c: Palette, sign: Sign): (text: string) => Styled {
  return sign === '+' ? c.green : sign === '~' ? c.yellow : c.red;
}

/** One action as a plan line: `  + create user ann@acme.example`. */
export function actionLine(action: Action, c: Palette): Styled {
  const sign = signOf(action);
  return t`  ${paint(c, sign)(sign)} ${describeAction(action)}`;
}

/** The actions grouped: users first, then each team in plan order. */
function groups(actions: readonly Action[]): [string, Action[]][] {
  const byGroup = new Map<string, Action[]>();
  for (const action of actions) {
    const team = teamOf(action);
    const key = team === undefined ? 'users' : `team ${team}`;
    byGroup.set(key, [...(byGroup.get(key) ?? []), action]);
  }
  return [...byGroup].sort(([a], [b]) => (a === 'users' ? -1 : b === 'users' ? 1 : 0));
}

const HELD: Record<HeldChange['reason'], (h: HeldChange) => string> = {
  'key-in-use': () => "the API key's own account",
  'last-team-admin': (h) => `the last admin of ${h.teams?.join(', ') ?? h.team ?? 'a team'} who has joined (make another member admin first)`,
  'instance-admin': () => 'an instance admin (--include-admins allows it)',
  'needs-prune': () => 'listed as deactivated; deactivations are removals, which need --prune',
  'outside-scope': () => "listed as deactivated, but the file's scope deactivates nobody (it is scoped to teams)",
  deactivated: () => 'listed as deactivated, or its account is deactivated (W&B does not invite a deactivated account)',
};

const HELD_CHANGE: Record<string, string> = {
  'deactivate-user': 'not deactivated',
  'remove-from-team': 'not removed',
  'change-role': 'keeps the admin role',
  'set-admin': 'stays instance admin',
  invite: 'not invited',
};

/** A change the safety rules held back, in words: `ops@acme.example not deactivated: an instance admin (...)`. */
export function heldText(held: HeldChange): string {
  const what = HELD_CHANGE[held.kind] ?? 'left alone';
  const where =
    held.team !== null && held.kind !== 'set-admin' && held.kind !== 'deactivate-user' ? ` ${held.kind === 'invite' ? 'to' : 'in'} ${held.team}` : '';
  return `${held.subject} ${what}${where}: ${HELD[held.reason](held)}`;
}

/** A change the safety rules held back, as a plan line. */
export function heldLine(held: HeldChange, c: Palette): Styled {
  return t`  ${c.yellow('!')} ${heldText(held)}`;
}

/** Why a plan is refused, in words, with what to do. */
export function blockerText(blocker: Blocker): string {
  switch (blocker.reason) {
    case 'too-many-removals':
      return `${blocker.removals} removals exceed the limit of ${blocker.limit}: check the file, then pass --max-removals ${blocker.removals} if they are meant`;
    case 'team-name-taken':
      return `team ${blocker.team} cannot be created: a user has that name (W&B teams and users share one namespace)`;
    case 'ambiguous-email':
      return `${blocker.userIds.length} accounts have the address ${blocker.email} (in different case): sync cannot tell which one the file means`;
    case 'safety-rule':
      return blocker.message;
  }
}

/** `these 3 changes`, `this change`: what a review asks about. */
export function changes(n: number): string {
  return n === 1 ? 'this change' : `these ${n} changes`;
}

/** The plan's summary line: Terraform's words. */
export function summaryLine(plan: Plan): string {
  const { add, change, remove } = summarize(plan.actions);
  const removals = plan.settings.prune ? ` (limit ${plan.removalLimit} removals)` : '';
  return `Plan: ${add} to add, ${change} to change, ${remove} to remove${removals}.`;
}

/** An action of a journal that undo leaves as it is: `  ! + create team ml: sync never deletes a team...`. */
export function notReversedLine(item: { action: Action; why: string }, c: Palette): Styled {
  return t`  ${c.yellow('!')} ${signOf(item.action)} ${describeAction(item.action)}: ${item.why}`;
}

/** A name a person could misread, under its action: `      ! \u0430nn@acme.example: mixed scripts: ...`. */
export function lookalikeLine(warning: LookalikeWarning, c: Palette): Styled {
  return t`      ${c.yellow('!')} ${describeLookalike(warning)}`;
}

/** Prints a plan as text on stdout, with the names a person could misread flagged under their actions. */
export function printPlan(out: Output, plan: Plan, warnings: readonly LookalikeWarning[] = []): void {
  const { c } = out;
  out.line(t`Plan for ${plan.source} on ${plan.server} (as ${plan.viewer.username ?? plan.viewer.id}):`);
  if (plan.scope) out.line(t`Scope of the file: ${describeScope(plan.scope)} (nothing outside it is touched).`);
  if (plan.actions.length === 0) {
    out.line(c.green(t`No changes: the server matches ${plan.source}.`));
  } else {
    const flagged = new Map<number, LookalikeWarning[]>();
    for (const w of warnings) flagged.set(w.action, [...(flagged.get(w.action) ?? []), w]);
    for (const [title, actions] of groups(plan.actions)) {
      out.line();
      out.line(c.bold(title));
      for (const action of actions) {
        out.line(actionLine(action, c));
        for (const warning of flagged.get(action.id) ?? []) out.line(lookalikeLine(warning, c));
      }
    }
  }
  if (plan.held.length > 0) {
    out.line();
    out.line(c.bold('held back by the safety rules'));
    for (const held of plan.held) out.line(heldLine(held, c));
  }
  if (plan.actions.length > 0) {
    out.line();
    out.line(summaryLine(plan));
  }
  if (warnings.length > 0) out.line(c.yellow(lookalikeSummary(warnings)));
}

/** The note after a plan with flagged names. */
export function lookalikeSummary(warnings: readonly LookalikeWarning[]): string {
  const n = new Set(warnings.map((w) => w.value)).size;
  return `! ${n === 1 ? '1 name holds' : `${n} names hold`} characters outside ASCII (shown escaped under ${n === 1 ? 'its action' : 'their actions'}): check that each is the one meant.`;
}

const STATUS_COLOUR: Record<JournalStatus, keyof Palette> = {
  done: 'green',
  'already-done': 'cyan',
  failed: 'red',
  blocked: 'red',
  'not-run': 'yellow',
  'in-flight': 'yellow',
};

/** What a report line shows of an action: how it ended, and why. */
export interface Reported {
  readonly action: Action;
  readonly status: JournalStatus;
  readonly reason?: string | undefined;
}

/** One settled action: `done          + create user ann@acme.example`. */
export function resultLine(result: Reported, c: Palette): Styled {
  const status = c[STATUS_COLOUR[result.status]](result.status.padEnd(13));
  const sign = signOf(result.action);
  const reason = result.reason === undefined ? '' : `: ${result.reason}`;
  return t`${status} ${paint(c, sign)(sign)} ${describeAction(result.action)}${reason}`;
}

/** How many actions ended in each way. */
export type StatusCounts = Record<JournalStatus, number>;

/** How many actions ended in each status. */
export function countStatuses(results: readonly Reported[]): StatusCounts {
  const counts: StatusCounts = { done: 0, 'already-done': 0, failed: 0, blocked: 0, 'not-run': 0, 'in-flight': 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

/** `7 actions in 1.2 s: 5 done, 1 already done, 1 failed`. */
export function resultSummary(counts: StatusCounts, seconds: number): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const parts = (Object.entries(counts) as [JournalStatus, number][]).filter(([, n]) => n > 0).map(([status, n]) => `${n} ${status.replace('-', ' ')}`);
  return `${total} action${total === 1 ? '' : 's'} in ${seconds.toFixed(1)} s: ${parts.length > 0 ? parts.join(', ') : 'nothing to do'}`;
}
