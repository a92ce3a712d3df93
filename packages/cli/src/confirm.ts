import { createInterface } from 'node:readline';
import type { Context } from './context.js';
import { usageError } from './exit-codes.js';
import type { Styled } from './terminal/styled.js';

/**
 * Asks before a change that is hard to take back. `--yes` answers for the
 * person; on a terminal the question goes to stderr and "y" or "yes" (any
 * case) on stdin confirms, anything else (Enter, EOF) declines; without a
 * terminal and without `--yes` there is nobody to ask, and the command is
 * refused as a usage error rather than run unconfirmed.
 */
export async function confirm(ctx: Context, question: Styled, options: { yes: boolean; command: string }): Promise<boolean> {
  if (options.yes) return true;
  if (!(ctx.io.stdin.isTTY && ctx.out.stderrIsTTY)) {
    throw usageError(
      `${options.command} asks for confirmation, and there is no terminal to ask on`,
      `Pass --yes to confirm: wandb-users ${options.command} ... --yes`,
    );
  }
  ctx.out.prompt(question);
  ctx.out.prompt(' [y/N] ');
  const answer = await readLine(ctx.io.stdin);
  return /^\s*y(es)?\s*$/i.test(answer ?? '');
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
