import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { Action } from './actions.js';
import type { ActionResult, ActionStatus, StopReason } from './apply.js';
import { type Deployment, DEPLOYMENTS } from './deployment.js';
import { type FileProblem, SyncFileError } from './file-error.js';
import { fieldName, type PathSegment } from './locate.js';
import { actionSchema } from './plan-document.js';

// A journal: what one apply (or undo) did, action by action, with the state
// each action changed as it was before (what `sync undo` restores). JSON
// Lines, written as the actions settle, so that an apply stopped at any point
// leaves a journal of what it did up to there: a header line, a line per
// action, and an end line when the apply ended by itself or was interrupted.
// It holds addresses, usernames, IDs, team names and roles; never a secret
// (sync never creates, reads or deletes a key).

/** The shape version of journals; a reader refuses any other. */
export const JOURNAL_VERSION = 1;

/** What an action found before it ran: its plan's precondition, which apply checked (`expect`); one per kind of action. */
export type BeforeState = Action['expect'];

/** The first line: which apply, where, by whom. */
export interface JournalHeader {
  /** The line's kind. */
  readonly type: 'journal';
  /** The shape version: {@link JOURNAL_VERSION}. */
  readonly version: typeof JOURNAL_VERSION;
  /** What wrote it: `sync apply` or `sync undo`. */
  readonly command: 'apply' | 'undo';
  /** The server's base URL; undo refuses another server. */
  readonly server: string;
  /** The file, saved plan or journal the actions came from. */
  readonly source: string;
  /** The user of the API key. */
  readonly viewer: { readonly id: string; readonly username: string | null };
  /** When the apply started (ISO 8601). */
  readonly startedAt: string;
  /** The kind of W&B applied to (deployment.ts); absent: W&B Server. Undo refuses another. */
  readonly deployment?: Deployment;
  /** The organization its organization actions changed; undo refuses another. */
  readonly organization?: { readonly id: string; readonly name: string };
}

/**
 * How an action ended, as in {@link ActionStatus}, or `in-flight`: sent, and
 * the process quit before the answer (a second Ctrl-C), so that only the
 * server's state can tell whether it was done.
 */
export type JournalStatus = ActionStatus | 'in-flight';

/** A line per action, as it settles. */
export interface JournalEntry {
  /** The line's kind. */
  readonly type: 'action';
  /** When it settled (ISO 8601). */
  readonly at: string;
  /** How it ended. */
  readonly status: JournalStatus;
  /** The action, as the plan had it. */
  readonly action: Action;
  /** The state it changed, as it was before. */
  readonly before: BeforeState;
  /** For a user created: the account the server made. */
  readonly account?: { readonly id: string; readonly username: string | null };
  /** Why, for a status other than done or already done. */
  readonly reason?: string;
  /** For a failure: the error's class name. */
  readonly error?: string;
}

/** The last line: how the apply ended (absent when the process was killed). */
export interface JournalEnd {
  /** The line's kind. */
  readonly type: 'end';
  /** When the apply ended (ISO 8601). */
  readonly endedAt: string;
  /** Why it stopped before the end (as apply says), `quit` for a second Ctrl-C, or null when it ran to the end. */
  readonly stopped: StopReason | 'quit' | null;
}

/** A journal read back. */
export interface Journal {
  /** Its first line. */
  readonly header: JournalHeader;
  /** A line per action, in the order they settled. */
  readonly entries: readonly JournalEntry[];
  /** Null when the process ended without writing it (killed). */
  readonly end: JournalEnd | null;
}

/** The line of an action that settled. */
export function journalEntry(result: ActionResult, at: Date = new Date()): JournalEntry {
  return {
    type: 'action',
    at: at.toISOString(),
    status: result.status,
    action: result.action,
    before: result.action.expect,
    ...(result.account !== undefined && { account: { id: result.account.id, username: result.account.username } }),
    ...(result.reason !== undefined && { reason: result.reason }),
    ...(result.errorName !== undefined && { error: result.errorName }),
  };
}

/** The line of an action sent whose answer never came (the process quit). */
export function inFlightEntry(action: Action, at: Date = new Date()): JournalEntry {
  return { type: 'action', at: at.toISOString(), status: 'in-flight', action, before: action.expect, reason: 'quit before the answer: the outcome is unknown' };
}

const text = z.string();
const header = z.strictObject({
  type: z.literal('journal'),
  version: z.literal(JOURNAL_VERSION, { error: `this wandb-users reads journals of version ${JOURNAL_VERSION}` }),
  command: z.enum(['apply', 'undo']),
  server: text,
  source: text,
  viewer: z.strictObject({ id: text, username: text.nullable() }),
  startedAt: text,
  deployment: z.enum(DEPLOYMENTS as [Deployment, ...Deployment[]]).optional(),
  organization: z.strictObject({ id: text, name: text }).optional(),
});
const entry = z
  .strictObject({
    type: z.literal('action'),
    at: text,
    status: z.enum(['done', 'already-done', 'failed', 'blocked', 'not-run', 'in-flight']),
    action: actionSchema,
    before: z.unknown(),
    account: z.strictObject({ id: text, username: text.nullable() }).optional(),
    reason: text.optional(),
    error: text.optional(),
  })
  // `before` is the action's precondition: checked against the action's own schema for it.
  .superRefine((value, ctx) => {
    if (!isDeepStrictEqual(value.before, value.action.expect))
      ctx.addIssue({ code: 'custom', path: ['before'], message: 'is not the state its action expects' });
  });
const end = z.strictObject({ type: z.literal('end'), endedAt: text, stopped: z.enum(['aborted', 'fail-fast', 'fatal', 'quit']).nullable() });

/**
 * Reads a journal as the untrusted file it is (anyone could have edited it):
 * each line JSON of the shape above, the header first, an action ID at most
 * once, the end line last. Throws {@link SyncFileError} naming each problem's
 * line and field. What the actions would do when undone is checked later,
 * against the server and the safety rules, as for a saved plan.
 */
export function readJournal(content: string, source: string): Journal {
  const problems: FileProblem[] = [];
  const problem = (line: number, path: readonly PathSegment[], message: string) =>
    problems.push({ line, field: path.length > 0 ? fieldName([...path]) : null, message });
  let head: JournalHeader | undefined;
  const entries: JournalEntry[] = [];
  const seen = new Set<number>();
  let ending: JournalEnd | null = null;
  const lines = content.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problem(line, [], 'not a line of JSON');
      return;
    }
    if (ending !== null) {
      problem(line, [], 'comes after the end line');
      return;
    }
    const type = (value as { type?: unknown } | null)?.type;
    const schema = type === 'journal' ? header : type === 'action' ? entry : type === 'end' ? end : undefined;
    if (schema === undefined) {
      problem(line, ['type'], 'expected "journal", "action" or "end"');
      return;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const message = issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message;
        problem(line, issue.path as PathSegment[], message);
      }
      return;
    }
    if (type === 'journal') {
      if (head !== undefined || entries.length > 0) problem(line, [], 'a second header, or a header after actions');
      else head = parsed.data as JournalHeader;
    } else if (head === undefined) {
      problem(line, [], 'before the header line');
    } else if (type === 'action') {
      const read = parsed.data as JournalEntry;
      if (seen.has(read.action.id)) problem(line, ['action', 'id'], `action ${read.action.id} is in the journal twice`);
      seen.add(read.action.id);
      entries.push(read);
    } else {
      ending = parsed.data as JournalEnd;
    }
  });
  if (head === undefined && problems.length === 0) problems.push({ line: null, field: null, message: 'no header line: not a journal of wandb-users sync' });
  if (problems.length > 0 || head === undefined) throw new SyncFileError(source, problems);
  return { header: head, entries, end: ending };
}
