import { type Document, LineCounter, parseDocument } from 'yaml';
import { SyncFileError } from './file-error.js';
import { Locator } from './locate.js';
import { reservedKeyProblems } from './reserved-keys.js';

/** A sync file or saved plan parsed: the document (for its lines), and its content as plain values. */
export interface ParsedFile {
  readonly doc: Document;
  readonly where: Locator;
  readonly value: unknown;
}

/**
 * Parses a sync file or a saved plan (YAML, or JSON, which YAML 1.2 reads as
 * it is: one parser and the same line numbers for both) as carefully as
 * untrusted input deserves: syntax errors and duplicate keys refused with
 * their lines, reserved names as keys refused before the document becomes
 * objects (see reserved-keys.ts), and aliases expanded to a bound, so a
 * "billion laughs" file is a refusal, not an exhausted process. Throws
 * {@link SyncFileError}; `syntax` names the format in its messages.
 */
export function parseYamlFile(text: string, source: string, syntax: string): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  const where = new Locator(doc, lines);
  if (doc.errors.length > 0) {
    throw new SyncFileError(
      source,
      doc.errors.map((error) => ({ line: where.lineAtOffset(error.pos[0]), field: null, message: `not valid ${syntax}: ${firstLine(error.message)}` })),
    );
  }
  const reserved = reservedKeyProblems(doc, where);
  if (reserved.length > 0) throw new SyncFileError(source, reserved);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new SyncFileError(source, [{ line: null, field: null, message: `cannot be read: ${firstLine((error as Error).message)}` }]);
  }
  return { doc, where, value };
}

function firstLine(message: string): string {
  return (message.split('\n', 1)[0] ?? '').trim();
}
