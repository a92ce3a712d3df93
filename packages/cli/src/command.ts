import type { Context } from './context.js';

// What every command module needs from the program, kept apart from
// program.ts so that command modules do not import the module that imports them.

/** What a command's action does with its context; returns the exit status (default 0). */
export type Handler = (ctx: Context, args: string[], options: Record<string, unknown>) => Promise<number | void>;

/** Turns a handler into a commander action, building the context from the global options. */
export type Act = (handler: Handler) => (...args: unknown[]) => Promise<void>;

/** The "Examples:" block of a command's --help. */
export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}
