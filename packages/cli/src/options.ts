import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { MAX_INPUT_MIB } from './input/bounded-text.js';

// The options of `wandb-users`, each declared once. Global options live on the
// program (commander accepts them before or after the command); an option
// several commands share is made here and added where it applies.

/** --timeout: a positive number of seconds. */
export function seconds(value: string): number {
  const n = Number(value);
  if (!(value.trim() !== '' && Number.isFinite(n) && n > 0)) throw new InvalidArgumentError('expected a positive number of seconds.');
  return n;
}

/** A parser for a whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number, what = `a whole number from ${min} to ${max}`): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!(value.trim() !== '' && Number.isInteger(n) && n >= min && n <= max)) throw new InvalidArgumentError(`expected ${what}.`);
    return n;
  };
}

/**
 * The program with the options every command accepts. Where the SDK reads an
 * environment variable (WANDB_BASE_URL, WANDB_API_KEY, NETRC), the CLI leaves
 * it to the SDK, which applies one order of precedence (see KEY_SOURCES), and
 * says so in the option's description. (commander's Option.env would read
 * `process.env`, not the environment `run(args, io)` is given.)
 */
export function programWithGlobalOptions() {
  return new Command('wandb-users')
    .addOption(new Option('--base-url <url>', 'W&B server (default: WANDB_BASE_URL, else https://api.wandb.ai)'))
    .addOption(new Option('--api-key-file <path>', 'read the API key from this file (wins over WANDB_API_KEY and ~/.netrc)'))
    .addOption(new Option('--timeout <seconds>', 'time limit of each request, in seconds (default: 30)').argParser(seconds))
    .addOption(new Option('--json', 'machine-readable output: one JSON document per command, NDJSON for streams'))
    .addOption(new Option('-q, --quiet', 'print only results and errors: no notes, progress or summaries'))
    .addOption(new Option('--no-color', 'no colours (also: NO_COLOR=1)'))
    .addOption(new Option('--allow-insecure-http', 'allow plain http to a host other than localhost (the key crosses the network unencrypted)'));
}

/** The `wandb-users` program, typed with its global options. */
export type Program = ReturnType<typeof programWithGlobalOptions>;

/** The parsed global options. */
export type GlobalOptions = ReturnType<Program['opts']>;

/**
 * Where the API key comes from, first match wins: what `--help` and the README
 * both say (a test keeps the README equal to this).
 */
export const KEY_SOURCES =
  "--api-key-file FILE, else WANDB_API_KEY, else the ~/.netrc entry for the server's host (what `wandb login` writes; NETRC names another file)";

/** --user, for the commands that can act on another user than the key's own. */
export function userOption(what: string) {
  return new Option('--user <username|email>', `${what} (another user: instance admins only)`);
}

/** --description, for the commands that make a key. */
export function descriptionOption(what: string) {
  return new Option('--description <text>', what);
}

/** --max-input-mib, for the commands that read a file or standard input; `defaults` says each default. */
export function maxInputOption(defaults: string) {
  return new Option('--max-input-mib <n>', `the largest input accepted, in MiB (default: ${defaults})`).argParser(wholeNumber(1, MAX_INPUT_MIB));
}

/** -y, --yes, for the commands that ask before they delete, deactivate or remove (confirm.ts). */
export function yesOption() {
  return new Option('-y, --yes', 'do not ask for confirmation (needed without a terminal, and with --json)');
}
