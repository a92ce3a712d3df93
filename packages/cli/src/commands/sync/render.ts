import type { Output } from '../../output/output.js';
import { type Action, describeAction, isOrgAction, type Sign, signOf, teamOf } from '../../sync/actions.js';
import { SEAT_KINDS, seatBalance, seatWords } from '../../sync/seats.js';
import type { JournalStatus } from '../../sync/journal.js';
import { describeLookalike, type LookalikeWarning } from '../../sync/lookalikes.js';
import type { Blocker, HeldChange, Plan } from '../../sync/plan-types.js';
import { summarize } from '../../sync/plan-document.js';
import { describeScope } from '../../sync/scope.js';
import { type Palette, type Styled, t } from '../../output/terminal/styled.js';

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

/** The group an action is shown in: `users`, `organization NAME`, or `team NAME`. */
export function groupOf(action: Action, plan: Pick<Plan, 'organization'>): string {
  if (isOrgAction(action)) return `organization ${plan.organization?.name ?? ''}`.trimEnd();
  const team = teamOf(action);
  return team === undefined ? 'users' : `team ${team}`;
}

/** The actions grouped: users first, then the organization, then each team in plan order. */
function groups(plan: Plan): [string, Action[]][] {
  const byGroup = new Map<string, Action[]>();
  for (const action of plan.actions) {
    const key = groupOf(action, plan);
    byGroup.set(key, [...(byGroup.get(key) ?? []), action]);
  }
  const rank = (key: string) => (key === 'users' ? 0 : key.startsWith('organization') ? 1 : 2);
  return [...byGroup].sort(([a], [b]) => rank(a) - rank(b));
}

const HELD: Record<HeldChange['reason'], (h: HeldChange) => string> = {
  'key-in-use': () => "the API key's own account",
  'last-team-admin': (h) => `the last admin of ${h.teams?.join(', ') ?? h.team ?? 'a team'} who has joined (make another member admin first)`,
  'instance-admin': () => 'an instance admin (--include-admins allows it)',
  'needs-prune': (h) =>
    h.kind === 'org-remove'
      ? 'listed as deactivated; removals from the organization need --prune'
      : 'listed as deactivated; deactivations are removals, which need --prune',
  'outside-scope': (h) =>
    h.kind === 'org-remove'
      ? "listed as deactivated, but the file's scope removes nobody from the organization (it is scoped to teams)"
      : "listed as deactivated, but the file's scope deactivates nobody (it is scoped to teams)",
  deactivated: () => 'listed as deactivated, or its account is deactivated (W&B does not invite a deactivated account)',
  'last-org-admin': () => 'the last admin of the organization (make another member admin first)',
  'org-admin': () => 'an admin of the organization (--include-admins allows it)',
  cloud: (h) =>
    h.kind === 'set-admin'
      ? "W&B's cloud has no instance admin flag an organization's key may set (orgRole gives organization roles)"
      : "W&B's cloud lets no organization's key reactivate an account (remove it from the organization and invite it again)",
};

const HELD_CHANGE: Record<string, string> = {
  'deactivate-user': 'not deactivated',
  'remove-from-team': 'not removed',
  'change-role': 'keeps the admin role',
  'set-admin': 'instance admin flag left as it is',
  'reactivate-user': 'not reactivated',
  invite: 'not invited',
  'org-invite': 'not added to the organization',
  'org-set-role': "keeps the organization's admin role",
  'org-remove': 'not removed from the organization',
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
    case 'seats': {
      const { seat, needed, freed, available, total, missing } = blocker;
      const frees = freed > 0 ? `, frees ${freed}` : '';
      return `${seatWords(seat, missing)} missing: the plan's invitations and role changes take ${needed}${frees}, and the organization has ${available} of ${total} left; free seats (remove members, withdraw invitations${seat === 'full' ? ', make members viewers' : ''}) or get more`;
    }
    case 'no-organization':
      return 'the file gives organization roles (orgRole), and no organization was read to give them in';
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
  const org = organizationLine(plan);
  if (org !== undefined) out.line(org);
  if (plan.actions.length === 0) {
    out.line(c.green(t`No changes: the server matches ${plan.source}.`));
  } else {
    const flagged = new Map<number, LookalikeWarning[]>();
    for (const w of warnings) flagged.set(w.action, [...(flagged.get(w.action) ?? []), w]);
    for (const [title, actions] of groups(plan)) {
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

/**
 * What the plan says of its organization, when it read one: on W&B's cloud,
 * that people are invited to it and --prune removes them from it; the seats,
 * as they are and as the plan leaves them.
 */
export function organizationLine(plan: Plan): string | undefined {
  const { organization } = plan;
  if (!organization) return undefined;
  const balance = seatBalance(plan.actions);
  // A withdrawn invitation frees a seat of a kind W&B does not list: the figures after are then at most.
  const atMost = plan.actions.some((a) => a.kind === 'org-remove' && a.expect.pending) ? 'at most ' : '';
  const seats = SEAT_KINDS.map((kind) => {
    const { total, used } = organization.seats[kind];
    const after = used + balance[kind].needed - balance[kind].freed;
    return `${kind === 'full' ? 'full' : 'view-only'} ${used} of ${total} in use${after === used && atMost === '' ? '' : `, ${atMost}${after} after`}`;
  }).join('; ');
  const how = plan.deployment === 'cloud' ? " on W&B's cloud: people are invited to it, and --prune removes them from it" : '';
  return `Organization ${organization.name}${how}. Seats: ${seats}.`;
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
