import { createColors } from 'picocolors';
import { escapeControls } from './escape.js';

/** What the CLI prints: data (a string or number, escaped when printed) or {@link Styled} text. */
export type Printable = string | number | Styled;

const SGR = /\u001b\[[0-9;]*m/g;

/**
 * Text ready for the terminal. The only ways to make one escape every string
 * that goes in (see terminal/escape.ts) and add nothing but the CLI's own
 * colours and spaces: a command cannot print data raw by mistake, because the
 * printing methods of `Output` take only strings (which they escape) or this.
 */
export class Styled {
  readonly #text: string;

  private constructor(text: string) {
    this.#text = text;
  }

  /** `value` as terminal text: a string is escaped, a Styled stays as it is. */
  static of(value: Printable): Styled {
    if (value instanceof Styled) return value;
    return new Styled(escapeControls(String(value)));
  }

  /** Parts joined with `separator` (a literal of the CLI, escaped like the parts). */
  static join(parts: readonly Printable[], separator = ''): Styled {
    return new Styled(parts.map((part) => Styled.of(part).#text).join(escapeControls(separator)));
  }

  /** The colour functions for one stream, on or off. */
  static palette(enabled: boolean): Palette {
    const colors = createColors(enabled);
    const style = (paint: (text: string) => string) => (value: Printable) => new Styled(paint(Styled.of(value).#text));
    return {
      bold: style(colors.bold),
      dim: style(colors.dim),
      red: style(colors.red),
      green: style(colors.green),
      yellow: style(colors.yellow),
      cyan: style(colors.cyan),
    };
  }

  /** Columns it takes on the screen, counting escapes as shown and colours as nothing. */
  get width(): number {
    return this.#text.replace(SGR, '').length;
  }

  /** Padded with spaces to `width` columns. */
  padEnd(width: number): Styled {
    return new Styled(this.#text + ' '.repeat(Math.max(0, width - this.width)));
  }

  /** Without trailing spaces. */
  trimEnd(): Styled {
    return new Styled(this.#text.replace(/ +$/, ''));
  }

  /** The terminal text. */
  toString(): string {
    return this.#text;
  }
}

/** Colour functions: each escapes what it is given, then colours it (or not, when colours are off). */
export interface Palette {
  bold(value: Printable): Styled;
  dim(value: Printable): Styled;
  red(value: Printable): Styled;
  green(value: Printable): Styled;
  yellow(value: Printable): Styled;
  cyan(value: Printable): Styled;
}

/**
 * A tagged template for a line of output: the literal parts are the CLI's own
 * words, every interpolated string is escaped.
 *
 * ```ts
 * out.line(t`deleted ${name} (${user.username})`);
 * ```
 */
export function t(literals: TemplateStringsArray, ...values: Printable[]): Styled {
  const parts: Printable[] = [];
  literals.forEach((literal, i) => {
    parts.push(literal);
    const value = values[i];
    if (value !== undefined) parts.push(value);
  });
  return Styled.join(parts);
}

/** Columns padded to the widest cell (escaped width), for short tables; the last column is not padded. */
export function table(rows: readonly (readonly Printable[])[]): Styled[] {
  const cells = rows.map((row) => row.map(Styled.of));
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((row) => row[i]?.width ?? 0))) ?? [];
  return cells.map((row) =>
    Styled.join(
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))),
      '  ',
    ).trimEnd(),
  );
}
