#!/usr/bin/env node
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { WandbError } from '@wandb-ts/users';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isIntrospectionType, isSpecifiedScalarType } from 'graphql';
import { checkDocuments } from './check.js';
import { diffSchemas } from './diff.js';
import { type DocumentsLocation, loadDocuments, sdkDocuments } from './documents.js';
import { ExitCode, SchemaToolError, UsageError } from './errors.js';
import { type CheckFormat, formatCheck } from './format-check.js';
import { diffReport, formatDiffHuman, formatDiffJson } from './format-diff.js';
import { annotation } from './github.js';
import { loadSchemaFile } from './load.js';
import { normalizeSchema } from './normalize.js';
import { introspectSchema } from './pull.js';
import { SNAPSHOT_LABEL, SNAPSHOT_PATH } from './snapshot.js';
import { loadSchema, type RemoteOptions } from './source.js';
import { VERSION } from './version.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Where WANDB_API_KEY, NETRC and friends are read from. */
  env: NodeJS.ProcessEnv;
}

interface RemoteFlags {
  timeout?: number;
  allowInsecureHttp?: boolean;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number of milliseconds');
  return n;
}

function remoteOptions(flags: RemoteFlags, env: NodeJS.ProcessEnv): RemoteOptions {
  return { env, ...(flags.timeout !== undefined && { timeoutMs: flags.timeout }), allowInsecureHttp: flags.allowInsecureHttp === true };
}

function withRemoteOptions(command: Command): Command {
  return command
    .option('--timeout <ms>', 'time limit of a request to a server, in milliseconds (default 30000)', positiveInteger)
    .option('--allow-insecure-http', 'allow plain http to hosts other than localhost (the API key then crosses the network unencrypted)');
}

/** Writes next to the target and renames, so a failed pull never leaves a half-written snapshot. */
function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new SchemaToolError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
}

function outputFormat(flags: { format: string; json?: boolean }): string {
  if (flags.json && flags.format !== 'human' && flags.format !== 'json') throw new UsageError(`--json means --format json; it cannot be combined with --format ${flags.format}`);
  return flags.json ? 'json' : flags.format;
}

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('wandb-schema')
    .description('Pull, diff and check the W&B GraphQL schema, so schema drift shows up in CI instead of production.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  withRemoteOptions(
    program
      .command('pull')
      .description('fetch a schema by introspection (or import a file) and write it normalized: sorted, stable SDL')
      .option('--endpoint <url>', 'W&B server to introspect: base URL (https://api.wandb.ai) or its /graphql endpoint')
      .addOption(new Option('--from <file>', 'import a schema file (SDL or introspection JSON) instead').conflicts('endpoint'))
      .option('--out <file>', 'write the SDL here (default: standard output)'),
  ).action(async (flags: { endpoint?: string; from?: string; out?: string } & RemoteFlags) => {
    if (flags.endpoint === undefined && flags.from === undefined) throw new UsageError('pull needs --endpoint URL or --from FILE');
    const schema = flags.from !== undefined ? loadSchemaFile(flags.from) : await introspectSchema({ ...remoteOptions(flags, io.env), endpoint: flags.endpoint! });
    const sdl = normalizeSchema(schema);
    if (flags.out === undefined) {
      io.stdout(sdl);
    } else {
      writeAtomically(flags.out, sdl);
      const types = Object.values(schema.getTypeMap()).filter((type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type)).length;
      io.stderr(`wandb-schema: wrote ${flags.out} (${types} types) from ${flags.from ?? flags.endpoint}\n`);
    }
    setExit(ExitCode.Ok);
  });

  withRemoteOptions(
    program
      .command('diff')
      .description('classify every change from OLD to NEW as breaking, dangerous or safe (exit 1 when any is breaking)')
      .argument('<old>', 'schema file (SDL or introspection JSON) or server URL')
      .argument('<new>', 'schema file (SDL or introspection JSON) or server URL')
      .addOption(new Option('--format <format>', 'output format').choices(['human', 'json']).default('human'))
      .option('--json', 'short for --format json'),
  ).action(async (oldSpec: string, newSpec: string, flags: { format: string; json?: boolean } & RemoteFlags) => {
    const format = outputFormat(flags);
    const remote = remoteOptions(flags, io.env);
    const [oldSchema, newSchema] = await Promise.all([loadSchema(oldSpec, remote), loadSchema(newSpec, remote)]);
    const report = diffReport(oldSpec, newSpec, await diffSchemas(oldSchema, newSchema));
    io.stdout(format === 'json' ? formatDiffJson(report) : formatDiffHuman(report));
    setExit(report.summary.breaking > 0 ? ExitCode.Impact : ExitCode.Ok);
  });

  withRemoteOptions(
    program
      .command('check')
      .description(
        'validate operation documents against a schema and relate every breaking change to the operations it breaks ' +
          '(exit 0: no impact, 1: the documents break, 2: usage or I/O error)',
      )
      .option('--against <file|url>', `schema to check against: a file or a W&B server URL (default: ${SNAPSHOT_LABEL})`)
      .option('--baseline <file|url>', `schema the documents were written for; changes are measured from it (default: ${SNAPSHOT_LABEL})`)
      .option('--documents <glob...>', "operation documents (.graphql); default: the operations of the installed @wandb-ts/users")
      .addOption(new Option('--format <format>', 'output format').choices(['human', 'json', 'github']).default('human'))
      .option('--json', 'short for --format json'),
  ).action(async (flags: { against?: string; baseline?: string; documents?: string[]; format: string; json?: boolean } & RemoteFlags) => {
    const format = outputFormat(flags) as CheckFormat;
    try {
      const remote = remoteOptions(flags, io.env);
      const location: DocumentsLocation = flags.documents ? { patterns: flags.documents, cwd: process.cwd() } : sdkDocuments();
      const baselineSpec = flags.baseline ?? SNAPSHOT_PATH;
      const targetSpec = flags.against ?? SNAPSHOT_PATH;
      // The same file or server for both (the defaults): read or ask once.
      const baselineSchema = loadSchema(baselineSpec, remote);
      const [documents, baseline, target] = await Promise.all([
        loadDocuments(location),
        baselineSchema,
        targetSpec === baselineSpec ? baselineSchema : loadSchema(targetSpec, remote),
      ]);
      const report = await checkDocuments({
        documents,
        baseline,
        target,
        baselineName: flags.baseline ?? SNAPSHOT_LABEL,
        targetName: flags.against ?? SNAPSHOT_LABEL,
      });
      io.stdout(formatCheck(report, format));
      setExit(report.exitCode);
    } catch (error) {
      // In a workflow, a check that could not run must show up as an annotation too.
      if (format === 'github' && isExpected(error)) io.stdout(`${annotation('error', error.message, { title: 'wandb-schema check could not run' })}\n`);
      throw error;
    }
  });

  return program;
}

function isExpected(error: unknown): error is Error {
  return error instanceof SchemaToolError || error instanceof WandbError;
}

/** Runs the CLI on `args` (without `node` and the script) and resolves to the exit code. */
export async function main(args: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message; --help and --version exit 0, everything else is a usage error.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Failure;
    }
    if (isExpected(error)) {
      io.stderr(`wandb-schema: ${error.message}\n`);
      return ExitCode.Failure;
    }
    io.stderr(`wandb-schema: unexpected error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.Failure;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
}
