// Input files and standard input are read as UTF-8 text, a chunk at a time,
// with a limit on their size: `/dev/zero`, a pipe that never ends or a file
// padded with gigabytes is stopped at the limit (the stream is destroyed,
// nothing more is read), and binary data is refused at the first chunk that
// shows it, not after it has all been read.

/** A mebibyte: what --max-input-mib counts in. */
export const MIB = 1024 * 1024;

/** The largest --max-input-mib accepted (4 GiB): beyond it the parsers would not cope anyway. */
export const MAX_INPUT_MIB = 4096;

/** Why an input was refused as text. */
export type TextProblem =
  /** More than `limit` bytes. */
  | { readonly kind: 'too-large'; readonly limit: number }
  /** A NUL byte at `offset`: binary data (an archive, a spreadsheet, `/dev/zero`), not text. */
  | { readonly kind: 'binary'; readonly offset: number }
  /** A UTF-16 byte order mark: a "Unicode text" export, to be saved as UTF-8. */
  | { readonly kind: 'utf16' }
  /** Bytes that are not UTF-8, in the chunk starting at `offset`. */
  | { readonly kind: 'not-utf8'; readonly offset: number };

/** An input refused by {@link readBoundedText}. */
export class TextInputError extends Error {
  /** The class's name, kept in bundles. */
  override readonly name = 'TextInputError';

  constructor(readonly problem: TextProblem) {
    super(`input refused: ${problem.kind}`);
  }
}

/** A chunk as streams give them: bytes, or text when the stream has an encoding set. */
export type Chunk = Uint8Array | string;

/** The chunks of a stream that can be stopped early (a Node stream: `destroy`). */
export interface ChunkSource extends AsyncIterable<Chunk> {
  destroy?(): void;
}

const isUtf16Bom = (bytes: Uint8Array) => bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));

/**
 * The text of `source`, read a chunk at a time, decoded as UTF-8 (a BOM is
 * dropped). Throws {@link TextInputError} as soon as the input has more than
 * `maxBytes` bytes, a NUL byte, a UTF-16 byte order mark or bytes that are not
 * UTF-8; the source is then destroyed, so nothing more is read from it.
 */
export async function readBoundedText(source: ChunkSource, maxBytes: number): Promise<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parts: string[] = [];
  let offset = 0;
  try {
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (offset === 0 && isUtf16Bom(bytes)) throw new TextInputError({ kind: 'utf16' });
      const nul = bytes.indexOf(0);
      if (nul >= 0) throw new TextInputError({ kind: 'binary', offset: offset + nul });
      if (offset + bytes.length > maxBytes) throw new TextInputError({ kind: 'too-large', limit: maxBytes });
      try {
        parts.push(decoder.decode(bytes, { stream: true }));
      } catch {
        throw new TextInputError({ kind: 'not-utf8', offset });
      }
      offset += bytes.length;
    }
    try {
      parts.push(decoder.decode());
    } catch {
      throw new TextInputError({ kind: 'not-utf8', offset });
    }
  } catch (error) {
    // Leaving the loop early closes an async iterator, but a source's own failure does not: stop it either way.
    source.destroy?.();
    throw error;
  }
  return parts.join('');
}
