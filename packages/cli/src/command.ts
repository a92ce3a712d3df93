import type { Command, OptionValues } from '@commander-js/extra-typings';
import type { Context } from './context.js';
import { closeNames, didYouMean } from './suggest.js';
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

/**
 * Makes `command` (created with `{ isDefault: true }`) its group's default
 * without letting it swallow a mistyped sub-command: commander hands a group's
 * unknown words to its default command as arguments, so `teams delet x` would
 * read as `teams list delet x` ("too many arguments for 'list'"). Here they
 * are refused as an unknown command of the group, with "did you mean".
 */
export function asGroupDefault<C extends Command<[], OptionValues, OptionValues>>(command: C): C {
  command.allowExcessArguments(true).hook('preAction', (_hooked, actionCommand) => {
    const group = actionCommand.parent;
    const [unexpected] = actionCommand.args;
    if (group === null || unexpected === undefined) return;
    if (group.args[0] === actionCommand.name()) {
      actionCommand.error(`error: too many arguments for '${actionCommand.name()}': ${JSON.stringify(unexpected)} is not expected`, {
        code: 'commander.excessArguments',
      });
    }
    const near = closeNames(
      unexpected,
      group.commands.map((c) => c.name()),
    );
    const hint = didYouMean(near.map((name) => `${group.name()} ${name}`));
    group.error(`error: unknown command '${group.name()} ${unexpected}'${hint === undefined ? '' : `. ${hint}`}`, { code: 'commander.unknownCommand' });
  });
  return command;
}
