import type { Context } from '../context.js';

/** Prints a new secret: on stdout only, once, with a warning when stdout is a screen. */
export function printSecret(ctx: Context, secret: string, document: Record<string, unknown>): void {
  if (ctx.out.json) ctx.out.document({ ...document, secret });
  else ctx.out.line(secret);
  if (ctx.out.stdoutIsTTY) {
    ctx.out.warn("the secret is on your screen and may stay in the terminal's scrollback; redirect stdout to a file or a secret store to avoid that.");
  }
}
