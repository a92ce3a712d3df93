#!/usr/bin/env node
import { CommanderError } from '@commander-js/extra-typings';
import { buildProgram, type CliIo } from './cli-program.js';
import { isExpected, messageOf } from './cli-messages.js';
import { ExitCode } from './errors.js';
import { guardOutput, printable } from './printable.js';

export type { CliIo } from './cli-program.js';

/**
 * Runs the CLI on `args` (without `node` and the script) and resolves to the
 * exit code. Everything it writes passes {@link guardOutput}: server text is
 * escaped where it is put into a message or report, and nothing that slipped
 * through could drive the terminal.
 */
export async function main(args: readonly string[], given: CliIo): Promise<number> {
  const io: CliIo = { ...given, stdout: (text) => given.stdout(guardOutput(text)), stderr: (text) => given.stderr(guardOutput(text)) };
  let exitCode: ExitCode = ExitCode.Ok;
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
      io.stderr(`wandb-schema: ${messageOf(error)}\n`);
      return ExitCode.Failure;
    }
    // The message may quote a server on one line; the stack's frames are this code's.
    const message = printable(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    const frames = error instanceof Error ? (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)) : [];
    io.stderr(`wandb-schema: unexpected error (please report it): ${[message, ...frames].join('\n')}\n`);
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
