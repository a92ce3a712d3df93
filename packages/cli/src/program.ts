import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { type Act, examples } from './command.js';
import { Context, type GlobalOptions, type Io } from './context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { Output } from './output.js';
import { registerDemo } from './commands/demo.js';
import { registerKeys } from './commands/keys.js';
import { registerServe } from './commands/serve.js';
import { registerTeams } from './commands/teams.js';
import { registerUsers } from './commands/users.js';
import { registerWhoami } from './commands/whoami.js';
import { VERSION } from './version.js';

function seconds(value: string): number {
  const n = Number(value);
  if (!(value.trim() !== '' && Number.isFinite(n) && n > 0)) throw new InvalidArgumentError('expected a positive number of seconds.');
  return n;
}

const ROOT_HELP = `
API key: WANDB_API_KEY, else the ~/.netrc entry for the server's host (what
\`wandb login\` writes; NETRC names another file), else --api-key-file. There is
no --api-key flag: command lines end up in shell history and \`ps\`.
Server: --base-url, else WANDB_BASE_URL, else https://api.wandb.ai.

Output: results on stdout (text, or with --json one JSON document, NDJSON for
streams); notes, progress and errors on stderr. Colours only on a terminal,
never with NO_COLOR set.

Exit status:
  0 done            1 unexpected error   2 usage / bad input   3 authentication
  4 permission      5 not found          6 already exists      7 partial failure
  8 server or network failure            130 interrupted
${examples([
  'wandb-users demo                      # a guided session against a built-in fake W&B server',
  'wandb-users whoami',
  'wandb-users users import new-hires.csv --concurrency 8',
  'wandb-users --json users search @example.com | jq -r .email',
  'wandb-users keys rotate --description "ci runner"',
])}`;

/**
 * Builds the `wandb-users` program. Parsing is commander's; each command
 * group lives in its own module under commands/.
 */
export function buildProgram(io: Io, onContext: (ctx: Context) => void): Command {
  const program = new Command('wandb-users');
  program
    .description('Manage Weights & Biases users and API keys: look up, bulk-create, rotate keys.')
    .version(VERSION, '-V, --version')
    .addOption(new Option('--base-url <url>', 'W&B server (default: WANDB_BASE_URL, else https://api.wandb.ai)'))
    .addOption(new Option('--api-key-file <path>', 'read the API key from this file (default: WANDB_API_KEY, else ~/.netrc)'))
    .addOption(new Option('--timeout <seconds>', 'time limit of each request (default: 30)').argParser(seconds))
    .option('--json', 'machine-readable output: one JSON document per command, NDJSON for streams')
    .option('-q, --quiet', 'print only results and errors: no notes, progress or summaries')
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .option('--allow-insecure-http', 'allow plain http to a host other than localhost (the key crosses the network unencrypted)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', ROOT_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });

  const act: Act = (handler) =>
    async function (this: Command, ...all: unknown[]) {
      const command = all[all.length - 1] as Command;
      const ctx = new Context(command.optsWithGlobals<GlobalOptions>(), io);
      onContext(ctx);
      const code = await handler(ctx, command.processedArgs as string[], command.opts());
      if (typeof code === 'number' && code !== EXIT.OK) throw new CommanderError(code, 'wandb-users.exit', '');
    };

  registerWhoami(program, act);
  registerUsers(program, act);
  registerKeys(program, act);
  registerTeams(program, act);
  registerDemo(program, act);
  registerServe(program, act);
  // Every command (sub-commands too) reports usage errors the same way.
  const configure = (command: Command) => {
    command.exitOverride().showHelpAfterError('(add --help for usage)').configureOutput(program.configureOutput());
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}

/**
 * Runs `wandb-users` with these arguments (without `node` and the script name)
 * against `io`, and resolves to the exit status (see {@link EXIT}).
 */
export async function run(args: readonly string[], io: Io): Promise<number> {
  let ctx: Context | undefined;
  const program = buildProgram(io, (c) => {
    ctx = c;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'wandb-users.exit') return error.exitCode;
      // --help, --version and `help` end with 0; everything else commander refuses is a usage error.
      if (error.exitCode === 0) return EXIT.OK;
      if (error.code === 'commander.unknownOption' && /--api-key\b(?!-)/.test(error.message)) {
        io.stderr.write('There is no --api-key flag: set WANDB_API_KEY, use ~/.netrc, or pass --api-key-file FILE.\n');
      }
      return EXIT.USAGE;
    }
    const out = ctx?.out ?? new Output(io.stdout, io.stderr, { json: args.includes('--json'), quiet: false, color: true, env: io.env });
    out.error(error);
    if (exitCodeFor(error) === EXIT.FAILURE && error instanceof Error && io.env.DEBUG) io.stderr.write(`${error.stack}\n`);
    return exitCodeFor(error);
  }
}
