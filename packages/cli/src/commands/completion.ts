import { Argument } from '@commander-js/extra-typings';
import { examples, type Register } from '../command.js';
import { completionScript, SHELLS } from './completion/scripts.js';

/** `completion SHELL`: the shell completion script on stdout. */
export const registerCompletion: Register = (program, context) => {
  program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText(
      'after',
      `
The script completes commands, options, and the values of options with a
fixed set of choices (file names otherwise). It is written from this
version's commands: load it again after an upgrade. Pressing Tab runs no
wandb-users process and never reaches a server.
${examples([
  'eval "$(wandb-users completion bash)"     # in ~/.bashrc',
  'eval "$(wandb-users completion zsh)"      # in ~/.zshrc, after compinit',
  'wandb-users completion fish > ~/.config/fish/completions/wandb-users.fish',
])}`,
    )
    .action((shell) => {
      context().out.block(completionScript(program, shell));
    });
};
