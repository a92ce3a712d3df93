import type { Command } from '@commander-js/extra-typings';
import type { Context } from './context.js';
import type { GlobalOptions, Program } from './options.js';

// What every command module needs from the program, kept apart from
// program.ts so that command modules do not import the module that imports them.

/** The context of the running command, built once by the program's `preAction` hook. */
export type ContextOf = () => Context;

/**
 * Adds a command, or a group of commands, to the program. A new group is a
 * module under commands/ exporting one of these, listed in program.ts.
 */
export type Register = (program: Program, context: ContextOf) => void;

/** A command group (`keys`, `users`...), to which its sub-commands are added. */
// biome-ignore lint/complexity/noBannedTypes: `{}` is how commander's extra-typings spells "no options of its own"; another type would not match the groups it makes.
export type Group = Command<[], {}, GlobalOptions>;

/** The "Examples:" block of a command's --help. */
export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}
