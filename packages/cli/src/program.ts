import { CommanderError } from '@commander-js/extra-typings';
import type { Register } from './command.js';
import { examples } from './command.js';
import { Context, type Io, type Services } from './context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { KEY_SOURCES, type Program, programWithGlobalOptions } from './options.js';
import { Output } from './output/output.js';
import { redactArguments } from './output/redact.js';
import { guardBlock } from './output/terminal/escape.js';
import { registerCompletion } from './commands/completion.js';
import { registerDemo } from './commands/demo.js';
import { registerKeys } from './commands/keys.js';
import { registerOrganizations } from './commands/organizations.js';
import { registerServe } from './commands/serve.js';
import { registerServer } from './commands/server.js';
import { registerSync } from './commands/sync.js';
import { registerTeams } from './commands/teams.js';
import { registerUsers } from './commands/users.js';
import { registerWhoami } from './commands/whoami.js';
import { connectSyncClient } from './commands/sync/connect.js';
import { VERSION } from './version.js';

/** The command groups, in the order --help lists them. */
const COMMANDS: readonly Register[] = [
  registerWhoami,
  registerServer,
  registerUsers,
  registerKeys,
  registerTeams,
  registerOrganizations,
  registerSync,
  registerDemo,
  registerServe,
  registerCompletion,
];

/** What the commands reach the server through, outside the SDK's Api, and how the demo runs its steps. */
const SERVICES: Services = { syncClient: connectSyncClient, run: (args, io) => run(args, io) };

/** The exit statuses, as --help lists them (a test checks that every one is there, as in the README). */
const EXIT_HELP = `Exit status:
  0 done            1 unexpected error   2 usage / bad input   3 authentication
  4 permission      5 not found          6 already exists      7 partial failure
  8 server or network failure            9 environment (port in use, package missing)
  10 changes pending (sync plan)         130 interrupted`;

/** `text` broken into lines of at most `width` columns, at spaces. */
function wrap(text: string, width = 80): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

const ROOT_HELP = `
${wrap(`API key: ${KEY_SOURCES}. There is no --api-key flag: command lines end up in shell history and \`ps\`.`)}
Server: --base-url, else WANDB_BASE_URL, else https://api.wandb.ai.

Output: results on stdout (text, or with --json one JSON document, NDJSON for
streams); notes, progress and errors on stderr. Colours only on a terminal,
never with NO_COLOR set. Control characters in names and messages are shown
escaped (\\x1b, \\u202e); --json keeps them exact.

${EXIT_HELP}
${examples([
  'wandb-users demo                      # a guided session against a built-in fake W&B server',
  'wandb-users whoami',
  'wandb-users users import new-hires.csv --concurrency 8',
  'wandb-users --json users search @example.com | jq -r .email',
  'wandb-users keys rotate --description "ci runner"',
  'wandb-users teams invite perception new.hire@acme.example --role viewer',
  'wandb-users org invite new.hire@acme.example --role viewer   # W&B cloud: into the organization',
  'wandb-users sync plan people.yaml              # exit 10 when the server does not match the file',
  'eval "$(wandb-users completion bash)"          # Tab completion (also zsh, fish)',
])}`;

/**
 * Builds the `wandb-users` program. Parsing is commander's; each command
 * group lives in its own module under commands/. The context is built once,
 * in a `preAction` hook, from the typed global options.
 */
export function buildProgram(io: Io, args: readonly string[], services: Services = SERVICES): { program: Program; context: () => Context | undefined } {
  let context: Context | undefined;
  // Everything commander prints goes through the same guard as our own output,
  // and never echoes a key typed on the command line.
  const write = (stream: NodeJS.WriteStream) => (text: string) => stream.write(guardBlock(redactArguments(text, args)));
  const json = args.slice(0, args.includes('--') ? args.indexOf('--') : undefined).includes('--json');
  const program = programWithGlobalOptions()
    .description(
      'Manage Weights & Biases users, API keys, teams and organizations: look up, bulk-create, deactivate, rotate keys, set up teams, invite into the organization.',
    )
    .version(VERSION, '-V, --version')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', ROOT_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: write(io.stdout),
      writeErr: write(io.stderr),
      // Usage errors carry the prefix of every other error in human output; under --json they stay commander's plain text (the README says so).
      outputError: (text, print) => print(json ? text : `wandb-users: ${text}`),
    });
  // Once per invocation, whichever (sub-)command runs: hooks of the program apply to all of them.
  program.hook('preAction', () => {
    context = new Context(program.opts(), io, services, args);
  });
  const current = () => {
    if (!context) throw new Error('wandb-users: a command ran before its context was built');
    return context;
  };
  // Sub-commands inherit the settings above (exitOverride, output, help after errors) as they are created.
  for (const register of COMMANDS) register(program, current);
  return { program, context: () => context };
}

/**
 * Runs `wandb-users` with these arguments (without `node` and the script name)
 * against `io`, and resolves to the exit status (see {@link EXIT}).
 */
export function run(args: readonly string[], io: Io): Promise<number> {
  return runWith(args, io, SERVICES);
}

/** {@link run} with other {@link Services}: how tests give `sync` an in-memory server. */
export async function runWith(args: readonly string[], io: Io, services: Services): Promise<number> {
  const { program, context } = buildProgram(io, args, services);
  try {
    await program.parseAsync(args, { from: 'user' });
    return context()?.exitCode ?? EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help, --version and `help` end with 0; everything else commander refuses is a usage error.
      if (error.exitCode === 0) return EXIT.OK;
      if (error.code === 'commander.unknownOption' && /--api-?key\b(?!-)/i.test(error.message)) {
        io.stderr.write('There is no --api-key flag: set WANDB_API_KEY, use ~/.netrc, or pass --api-key-file FILE.\n');
      }
      return EXIT.USAGE;
    }
    const out = context()?.out ?? new Output(io.stdout, io.stderr, { json: args.includes('--json'), quiet: false, color: true, env: io.env });
    out.error(error, { keySource: context()?.resolvedKeySource() });
    const exitCode = exitCodeFor(error);
    if (exitCode === EXIT.FAILURE && error instanceof Error && io.env.DEBUG) io.stderr.write(guardBlock(redactArguments(`${error.stack}\n`, args)));
    return exitCode;
  }
}
