import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The default limit of a schema or document file: 64 MiB (W&B's whole schema is about 0.1 MB as SDL, a few MB as introspection JSON). */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Why a file was not read as text. */
export class TextFileError extends Error {
  constructor(
    message: string,
    /** `ENOENT`, `EISDIR`... for a file that could not be read; `too-large` or `not-text` for one that was refused. */
    readonly code: string,
  ) {
    super(message);
  }
}

const CHUNK = 64 * 1024;

/**
 * The UTF-8 text of the file at `path`, read to at most `maxBytes`: a regular
 * file larger than that is refused from its size, a device or a pipe
 * (`/dev/zero`) once that much was read; binary data (a NUL byte) and bytes
 * that are not UTF-8 are refused as soon as they are read. Throws
 * {@link TextFileError}.
 */
export function readTextFile(path: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new TextFileError(code === 'ENOENT' ? 'no such file' : code, code);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new TextFileError('it is a directory', 'EISDIR');
    const tooLarge = () => new TextFileError(`it is larger than ${maxBytes / 1024 / 1024} MiB, the limit for a schema or document file`, 'too-large');
    if (stat.isFile() && stat.size > maxBytes) throw tooLarge();
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const buffer = Buffer.alloc(CHUNK);
    const parts: string[] = [];
    let total = 0;
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, buffer, 0, CHUNK, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
        throw new TextFileError(code, code);
      }
      if (read === 0) break;
      const bytes = buffer.subarray(0, read);
      const nul = bytes.indexOf(0);
      if (nul >= 0) throw new TextFileError(`it is not text: a NUL byte at byte ${total + nul}`, 'not-text');
      total += read;
      if (total > maxBytes) throw tooLarge();
      try {
        parts.push(decoder.decode(bytes, { stream: true }));
      } catch {
        throw new TextFileError('it is not UTF-8 text', 'not-text');
      }
    }
    try {
      parts.push(decoder.decode());
    } catch {
      throw new TextFileError('it is not UTF-8 text', 'not-text');
    }
    return parts.join('');
  } finally {
    closeSync(fd);
  }
}
