import { createColors } from 'picocolors';
import { WandbError } from '@wandb-ts/users';
import { CliError, exitCodeFor, hintFor } from './exit-codes.js';

const KEY_SHAPED = /[A-Za-z0-9_-]{40,}/g;

export type Colors = ReturnType<typeof createColors>;

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  /** false with --no-color. */
  color: boolean;
  env: NodeJS.ProcessEnv;
}

type Stream = NodeJS.WriteStream;

/**
 * Colours only for a terminal, never with NO_COLOR set (https://no-color.org)
 * or --no-color, or on a dumb terminal; FORCE_COLOR forces them (e.g. in CI logs).
 */
export function colorEnabled(stream: Stream, env: NodeJS.ProcessEnv, flag: boolean): boolean {
  if (!flag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * Where everything the CLI prints goes. Results (what a script consumes) go to
 * stdout: text, or with --json one JSON document (NDJSON for streams). Notes,
 * progress, warnings and errors go to stderr, so stdout stays parseable.
 */
export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  /** Colours for stdout text. */
  readonly c: Colors;
  /** Colours for stderr text. */
  readonly ce: Colors;

  constructor(
    readonly stdout: Stream,
    readonly stderr: Stream,
    options: OutputOptions,
  ) {
    this.json = options.json;
    this.quiet = options.quiet;
    this.c = createColors(!options.json && colorEnabled(stdout, options.env, options.color));
    this.ce = createColors(colorEnabled(stderr, options.env, options.color));
  }

  get stdoutIsTTY(): boolean {
    return this.stdout.isTTY === true;
  }

  get stderrIsTTY(): boolean {
    return this.stderr.isTTY === true;
  }

  /** A line of a text result on stdout. */
  line(text = ''): void {
    this.stdout.write(`${text}\n`);
  }

  /** One JSON document (or one NDJSON record) on stdout. */
  document(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** A note for the person at the terminal, on stderr; --quiet silences it. */
  info(text: string): void {
    if (!this.quiet) this.stderr.write(`${text}\n`);
  }

  /** A warning on stderr; shown even with --quiet. */
  warn(text: string): void {
    this.stderr.write(`${this.ce.yellow('warning:')} ${text}\n`);
  }

  /** An error on stderr: text, or with --json an `{ "error": ... }` document. */
  error(error: unknown): void {
    const exitCode = exitCodeFor(error);
    const hint = hintFor(error);
    const raw = error instanceof Error ? error.message : String(error);
    // The SDK's errors are already masked; anything else (a bug) is masked here, in case it quotes a key.
    const message = error instanceof WandbError || error instanceof CliError ? raw : raw.replace(KEY_SHAPED, '[REDACTED]');
    if (this.json) {
      const name = error instanceof CliError ? 'CliError' : error instanceof Error ? error.name : 'Error';
      this.stderr.write(`${JSON.stringify({ error: { name, message, exitCode, ...(hint && { hint }) } })}\n`);
      return;
    }
    this.stderr.write(`${this.ce.red('wandb-users: error:')} ${message}\n`);
    if (hint) this.stderr.write(`${hint}\n`);
  }
}
