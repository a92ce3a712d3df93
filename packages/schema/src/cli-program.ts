import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { type GraphQLSchema, isIntrospectionType, isSpecifiedScalarType } from 'graphql';
import { runCheck } from './check-command.js';
import { type CliContext, createContext } from './cli-context.js';
import { isExpected, messageOf } from './cli-messages.js';
import { diffSchemas } from './diff.js';
import { ExitCode, UsageError } from './errors.js';
import { formatCheck } from './format-check.js';
import { diffReport, formatDiffHuman, formatDiffJson } from './format-diff.js';
import { annotation } from './github.js';
import { loadSchemaFile } from './load.js';
import { normalizeSchema } from './normalize.js';
import { introspectSchema } from './pull.js';
import { SNAPSHOT_LABEL } from './snapshot.js';
import { loadSchema } from './source.js';
import { VERSION } from './version.js';
import { writeAtomically } from './write-atomically.js';

/** Where the CLI reads and writes: the process's streams and environment, or a test's. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Where WANDB_API_KEY, NETRC and friends are read from. */
  env: NodeJS.ProcessEnv;
}

/** The largest --max-input-mib (4 GiB): beyond it graphql-js would not cope anyway. */
const MAX_INPUT_MIB = 4096;

function mebibytes(value: string): number {
  const n = Number(value);
  if (!(value.trim() !== '' && Number.isInteger(n) && n >= 1 && n <= MAX_INPUT_MIB))
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_INPUT_MIB}.`);
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!(value.trim() !== '' && Number.isFinite(n) && n > 0)) throw new InvalidArgumentError('expected a positive number of seconds.');
  return n;
}

/** `--json` is short for `--format json`; with another explicit format it is a contradiction. */
function outputFormat<F extends string>(flags: { format: F; json?: true | undefined }): F | 'json' {
  if (flags.json && flags.format !== 'human' && flags.format !== 'json')
    throw new UsageError(`--json means --format json; it cannot be combined with --format ${flags.format}`);
  return flags.json ? 'json' : flags.format;
}

// Declared once, added to each command that prints a report.
const jsonOption = () => new Option('--json', 'short for --format json');

const CHECK_HELP = `
Probe mode (--probe, and automatically when the server refuses introspection):
each operation is sent to the server with variable values it must refuse. A
GraphQL server validates a document before it coerces variables and executes
nothing when either fails, so its answer says whether the document is valid
against its schema (drift is reported at file:line) without running anything.
Mutations that could run (no variable a server must refuse) are not sent and
are reported as not probed. Queries go first; before the first mutation, a
harmless one (only __typename) must be refused at variable coercion too. An
answer that is neither a validation nor a variable error (data, an execution
error, anything else, or no answer to a mutation) stops the probe: nothing
more is sent to a server that may run what it is sent (exit 2). A query left
without an answer (HTTP 5xx, a timeout) is inconclusive (exit 2), never
compatible.

Examples:
  wandb-schema check --against https://wandb.example.com
  wandb-schema check --against https://wandb.example.com --probe --format github
  wandb-schema check --documents 'src/**/*.graphql' --against schema/wandb.graphql`;

/**
 * The `wandb-schema` program. Options shared by every command (how to reach a
 * server) are the program's, and a `preAction` hook turns them into the
 * context the commands use.
 */
export function buildProgram(io: CliIo, setExit: (code: ExitCode) => void): Command {
  let context: CliContext | undefined;
  const contextOf = (): CliContext => {
    if (!context) throw new Error('wandb-schema: a command ran before its context was built');
    return context;
  };

  const program = new Command('wandb-schema')
    .description('Pull, diff and check the W&B GraphQL schema, so schema drift shows up in CI instead of production.')
    .version(VERSION)
    .addOption(new Option('--timeout <seconds>', 'time limit of each request to a server (default: 30)').env('WANDB_HTTP_TIMEOUT').argParser(seconds))
    .addOption(new Option('--allow-insecure-http', 'allow plain http to hosts other than localhost (the API key then crosses the network unencrypted)'))
    .addOption(new Option('--max-input-mib <n>', 'the largest schema or document file read, in MiB (default: 64)').argParser(mebibytes))
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  program.hook('preAction', () => {
    context = createContext(program.opts(), io.env, io.stderr);
  });

  program
    .command('pull')
    .description('fetch a schema by introspection (or import a file) and write it normalized: sorted, stable SDL')
    .option('--endpoint <url>', 'W&B server to introspect: base URL (https://api.wandb.ai) or its /graphql endpoint')
    .addOption(new Option('--from <file>', 'import a schema file (SDL or introspection JSON) instead').conflicts('endpoint'))
    .option('--out <file>', 'write the SDL here (default: standard output)')
    .action(async (flags) => {
      const { remote, note } = contextOf();
      let schema: GraphQLSchema;
      if (flags.from !== undefined) schema = loadSchemaFile(flags.from, remote);
      else if (flags.endpoint !== undefined) schema = await introspectSchema({ ...remote, endpoint: flags.endpoint });
      else throw new UsageError('pull needs --endpoint URL or --from FILE');
      const sdl = normalizeSchema(schema);
      if (flags.out === undefined) {
        io.stdout(sdl);
      } else {
        writeAtomically(flags.out, sdl);
        const types = Object.values(schema.getTypeMap()).filter((type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type)).length;
        note(`wrote ${flags.out} (${types} types) from ${flags.from ?? flags.endpoint}`);
      }
      setExit(ExitCode.Ok);
    });

  program
    .command('diff')
    .description('classify every change from OLD to NEW as breaking, dangerous or safe (exit 1 when any is breaking)')
    .argument('<old>', 'schema file (SDL or introspection JSON) or server URL')
    .argument('<new>', 'schema file (SDL or introspection JSON) or server URL')
    .addOption(new Option('--format <format>', 'output format').choices(['human', 'json'] as const).default('human' as const))
    .addOption(jsonOption())
    .action(async (oldSpec, newSpec, flags) => {
      const format = outputFormat(flags);
      const { remote } = contextOf();
      const [oldSchema, newSchema] = await Promise.all([loadSchema(oldSpec, remote), loadSchema(newSpec, remote)]);
      const report = diffReport(oldSpec, newSpec, await diffSchemas(oldSchema, newSchema));
      io.stdout(format === 'json' ? formatDiffJson(report) : formatDiffHuman(report));
      setExit(report.summary.breaking > 0 ? ExitCode.Impact : ExitCode.Ok);
    });

  program
    .command('check')
    .description(
      'validate operation documents against a schema and relate every breaking change to the operations it breaks ' +
        '(exit 0: no impact, 1: the documents break, 2: usage or I/O error, or a probe answer that is inconclusive)',
    )
    .option('--against <file|url>', `schema to check against: a file or a W&B server URL (default: ${SNAPSHOT_LABEL})`)
    .option('--baseline <file|url>', `schema the documents were written for; changes are measured from it (default: ${SNAPSHOT_LABEL})`)
    .option('--documents <glob...>', 'operation documents (.graphql); default: the operations of the installed @wandb-ts/users')
    .option('--probe', 'check against the server --against names by probing each operation, without introspection (see below)')
    .addOption(new Option('--format <format>', 'output format').choices(['human', 'json', 'github'] as const).default('human' as const))
    .addOption(jsonOption())
    .addHelpText('after', CHECK_HELP)
    .action(async (flags) => {
      const format = outputFormat(flags);
      try {
        const report = await runCheck(flags, contextOf());
        io.stdout(formatCheck(report, format));
        setExit(report.exitCode);
      } catch (error) {
        // In a workflow, a check that could not run must show up as an annotation too.
        if (format === 'github' && isExpected(error)) io.stdout(`${annotation('error', messageOf(error), { title: 'wandb-schema check could not run' })}\n`);
        throw error;
      }
    });

  return program;
}
