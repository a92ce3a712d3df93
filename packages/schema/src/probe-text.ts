import type { Source } from 'graphql';

/** A character of a document file: the file's graphql-js `Source` and an offset into its text. */
export interface SourcePosition {
  source: Source;
  offset: number;
}

interface Piece {
  /** Where the piece starts in the probe text. */
  start: number;
  length: number;
  /** Where it was copied from; undefined for text the probe added. */
  origin: SourcePosition | undefined;
}

/**
 * The text of a probe request, assembled from slices of the document files
 * and a few additions of the probe's own, remembering where each slice came
 * from: a server's error location (line and column in what it was sent)
 * leads back to the file, line and column that the user wrote.
 */
export class ProbeText {
  #text = '';
  readonly #pieces: Piece[] = [];

  /** The text to send. */
  get text(): string {
    return this.#text;
  }

  /** Appends the text of `source` from `offset` to `end`, remembering where it came from. */
  copy(source: Source, offset: number, end: number): this {
    return this.#append(source.body.slice(offset, end), { source, offset });
  }

  /** Appends text of the probe's own (it leads back to no file). */
  add(text: string): this {
    return this.#append(text, undefined);
  }

  #append(text: string, origin: SourcePosition | undefined): this {
    if (text.length > 0) {
      this.#pieces.push({ start: this.#text.length, length: text.length, origin });
      this.#text += text;
    }
    return this;
  }

  /**
   * Where the character at a 1-based `line` and `column` of the probe text
   * came from: a position in a document file, `'probe'` for the probe's own
   * additions, undefined when the place is outside the text.
   */
  locate(line: number, column: number): SourcePosition | 'probe' | undefined {
    const offset = this.#offsetOf(line, column);
    if (offset === undefined) return undefined;
    const piece = this.#pieces.find((p) => offset >= p.start && offset < p.start + p.length);
    if (!piece) return undefined;
    return piece.origin ? { source: piece.origin.source, offset: piece.origin.offset + (offset - piece.start) } : 'probe';
  }

  // Lines end at \n, \r\n or \r, as in the GraphQL grammar; columns count from 1
  // and stay within their line (its end of line included).
  #offsetOf(line: number, column: number): number | undefined {
    if (!Number.isInteger(line) || !Number.isInteger(column) || line < 1 || column < 1) return undefined;
    const terminator = /\r\n|\r|\n/g;
    let start = 0;
    for (let current = 1; current < line; current++) {
      terminator.lastIndex = start;
      const match = terminator.exec(this.#text);
      if (!match) return undefined;
      start = match.index + match[0].length;
    }
    terminator.lastIndex = start;
    const end = terminator.exec(this.#text)?.index ?? this.#text.length;
    const offset = start + column - 1;
    return offset <= end && offset < this.#text.length ? offset : undefined;
  }
}
