import { existsSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { writeWhole } from '../../output/out-file.js';
import { escapeControls } from '../../output/terminal/escape.js';
import type { RowResult } from './results.js';
import { neutraliseCell } from './spreadsheet.js';

/**
 * The default place for the rows that need attention: next to the input,
 * `x.csv` -> `x.failed.csv` (and `x.failed.csv` -> itself, so fixing and
 * re-running the failed file keeps one file up to date); `import.failed.csv`
 * in the working directory for standard input.
 */
export function defaultFailedFile(input: string): string {
  if (input === '-') return 'import.failed.csv';
  const name = basename(input);
  if (name.endsWith('.failed.csv')) return input;
  return join(dirname(input), `${name.replace(/\.csv$/i, '')}.failed.csv`);
}

/**
 * Writes the rows as an importable CSV (email, admin, and an "error" column
 * saying why, which an import ignores), atomically: written to a temporary
 * file, then renamed over `path`, so an interrupted write never leaves half a
 * file (and a symlink at `path` is replaced, not followed). Formula-leading
 * cells are marked as text (spreadsheet.ts), and control characters in the
 * reasons escaped. With no rows, an existing file is
 * emptied to its header rather than left listing rows that are now done; no
 * file is created for nothing. Returns whether a file now holds rows.
 */
export function writeFailedFile(path: string, rows: readonly RowResult[]): boolean {
  if (rows.length === 0 && !existsSync(path)) return false;
  const text = stringify(
    // The reason is free text, often the server's: shown escaped, as on the terminal (`cat` prints the file).
    // Email and admin are the input's own cells, kept as they were so the file can be imported again.
    [...rows].sort((a, b) => a.line - b.line).map((r) => [r.email, r.adminText, escapeControls(r.reason ?? r.status)].map(neutraliseCell)),
    { header: true, columns: ['email', 'admin', 'error'], record_delimiter: 'unix' },
  );
  writeWhole(path, text, 0o644, (temporary) => renameSync(temporary, path));
  return rows.length > 0;
}
