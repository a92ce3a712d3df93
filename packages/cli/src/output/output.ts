import { type ReportContext, reportOf } from './error-report.js';
import { redact } from './redact.js';
import { guardBlock, guardLine, inertJson } from './terminal/escape.js';
import { type Palette, type Printable, Styled } from './terminal/styled.js';

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  /** false with --no-color. */
  color: boolean;
  env: NodeJS.ProcessEnv;
}

type Stream = NodeJS.WriteStream;

/** What guardBlock would escape: controls (line feeds aside), format characters and separators. */
const UNSAFE_BUT_LINE_ENDS = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

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
 *
 * Every text line is one line: strings are escaped (terminal/escape.ts), and a
 * last guard escapes any control character but the CLI's own colours, so data
 * from a server or a file can never drive the terminal, whichever command
 * prints it. JSON is exact, with the characters a terminal would act on
 * written as `\u` escapes.
 */
export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  /** Colours for stdout text. */
  readonly c: Palette;
  /** Colours for stderr text. */
  readonly ce: Palette;
  readonly #stdout: Stream;
  readonly #stderr: Stream;

  constructor(stdout: Stream, stderr: Stream, options: OutputOptions) {
    this.#stdout = stdout;
    this.#stderr = stderr;
    this.json = options.json;
    this.quiet = options.quiet;
    this.c = Styled.palette(!options.json && colorEnabled(stdout, options.env, options.color));
    this.ce = Styled.palette(colorEnabled(stderr, options.env, options.color));
  }

  get stdoutIsTTY(): boolean {
    return this.#stdout.isTTY === true;
  }

  get stderrIsTTY(): boolean {
    return this.#stderr.isTTY === true;
  }

  /**
   * stderr, for the progress bars of `users import` and `sync apply` only
   * (terminal/count-bar.ts): they redraw themselves with cursor controls, and
   * show numbers and the CLI's own words.
   */
  progressStream(): Stream {
    return this.#stderr;
  }

  /** A line of a text result on stdout. */
  line(text: Printable = ''): void {
    this.#stdout.write(`${guardLine(Styled.of(text).toString())}\n`);
  }

  /**
   * A result of several lines on stdout, as it is (a file's text, a Markdown
   * summary): every control character but the line ends shown escaped, like
   * any line.
   */
  block(text: string): void {
    const whole = text.endsWith('\n') ? text : `${text}\n`;
    // A large file's text without one such character (the usual case) is written as it is: one scan, not one per line.
    this.#stdout.write(UNSAFE_BUT_LINE_ENDS.test(whole) ? guardBlock(whole) : whole);
  }

  /** One JSON document (or one NDJSON record) on stdout. */
  document(value: unknown): void {
    this.#stdout.write(`${inertJson(JSON.stringify(value))}\n`);
  }

  /** A note for the person at the terminal, on stderr; --quiet silences it. */
  info(text: Printable): void {
    if (!this.quiet) this.#note(text);
  }

  /**
   * A question on stderr: each of `lines` but the last ends its line, and the
   * answer is typed after the last (see confirm.ts). Shown even with --quiet.
   */
  prompt(...lines: Printable[]): void {
    this.#stderr.write(lines.map((line) => guardLine(Styled.of(line).toString())).join('\n'));
  }

  /** A warning on stderr; shown even with --quiet. */
  warn(text: Printable): void {
    this.#note(Styled.join([this.ce.yellow('warning:'), text], ' '));
  }

  /**
   * An error on stderr: text, or with --json an `{ "error": ... }` document.
   * Messages and hints are masked (a key typed where a name was expected is
   * not echoed) and escaped like any data. `context` makes hints precise
   * (where the refused key came from).
   */
  error(error: unknown, context: ReportContext = {}): void {
    const report = reportOf(error, context);
    const message = redact(report.message);
    const hint = report.hint === undefined ? undefined : redact(report.hint);
    const details = report.details?.map((detail) => redact(detail));
    if (this.json) {
      this.#stderr.write(
        `${inertJson(JSON.stringify({ error: { name: report.name, message, exitCode: report.exitCode, ...(hint !== undefined && { hint }), ...(details !== undefined && { details }) } }))}\n`,
      );
      return;
    }
    this.#note(Styled.join([this.ce.red('wandb-users: error:'), message], ' '));
    for (const detail of details ?? []) this.#note(Styled.join(['  ', detail]));
    if (hint !== undefined) this.#note(hint);
  }

  #note(text: Printable): void {
    this.#stderr.write(`${guardLine(Styled.of(text).toString())}\n`);
  }
}
