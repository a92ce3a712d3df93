import { createInterface } from 'node:readline';
import type { Context } from './context.js';
import { usageError } from './exit-codes.js';
import { Styled } from './output/terminal/styled.js';

// The confirmation rule, once for every command that deletes, deactivates or
// removes (the README's "Confirmation" section says it in words): on a
// terminal the command asks; `--yes` answers for the person; without a
// terminal, or with --json (a script reads it, not a person), it does not ask
// and is refused as a usage error rather than run unconfirmed. A command that
// acts on one target asks `[y/N]`; `sync apply` and `sync undo`, which may
// change many things at once, show their plan and take only the word `yes`.

/** How a command is confirmed. */
export interface Confirmation {
  /** `--yes` was given: the person answered in advance. */
  readonly yes: boolean;
  /** The command, for messages: `teams remove`. */
  readonly command: string;
  /** Another way to run it unasked, for the hint: "or apply a reviewed plan: --plan plan.json". */
  readonly otherwise?: string;
}

/**
 * Refuses (a usage error, exit 2) a command that would have to ask and cannot:
 * no terminal to ask on, or --json. Called before anything is read or sent,
 * so that a script without `--yes` learns it at once.
 */
export function ensureConfirmable(ctx: Context, confirmation: Confirmation): void {
  if (confirmation.yes) return;
  const why = ctx.out.json ? 'and --json never asks' : canAsk(ctx) ? undefined : 'and there is no terminal to ask on';
  if (why === undefined) return;
  throw usageError(
    `${confirmation.command} asks for confirmation, ${why}`,
    `Pass --yes to confirm: ${ctx.commandLine('--yes')}${confirmation.otherwise === undefined ? '' : `, ${confirmation.otherwise}`}.`,
  );
}

/** Asks `question [y/N]` (after {@link ensureConfirmable}): "y" or "yes" in any case confirms; anything else, Enter or EOF declines. */
export async function confirm(ctx: Context, question: Styled, confirmation: Confirmation): Promise<boolean> {
  if (confirmation.yes) return true;
  ensureConfirmable(ctx, confirmation);
  ctx.out.prompt(Styled.join([question, ' [y/N] ']));
  return /^\s*y(es)?\s*$/i.test((await readLine(ctx.io.stdin)) ?? '');
}

/** Asks for the word `yes` after a plan was shown: nothing else confirms (not `y`, not Enter). */
export async function confirmPlan(ctx: Context, question: Styled, confirmation: Confirmation): Promise<boolean> {
  if (confirmation.yes) return true;
  ensureConfirmable(ctx, confirmation);
  ctx.out.prompt(question, '  Only the word yes goes on; anything else cancels.', '  Enter a value: ');
  return ((await readLine(ctx.io.stdin)) ?? '').trim() === 'yes';
}

/** Whether a person can be asked: stdin to type on, stderr to show the question on, both terminals. */
function canAsk(ctx: Context): boolean {
  return ctx.io.stdin.isTTY === true && ctx.out.stderrIsTTY;
}

/** One line of `input`, or undefined at its end; the stream is left open for others. */
function readLine(input: NodeJS.ReadStream): Promise<string | undefined> {
  return new Promise((resolve) => {
    const lines = createInterface({ input, terminal: false });
    let answered = false;
    lines.once('line', (line) => {
      answered = true;
      resolve(line);
      lines.close();
    });
    lines.once('close', () => {
      if (!answered) resolve(undefined);
    });
  });
}
