import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { RowResult } from './results.js';

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
 * saying why, which an import ignores), atomically, so an interrupted write never leaves half a file.
 * With no rows, an existing file is emptied to its header rather than left
 * listing rows that are now done; no file is created for nothing.
 * Returns whether a file now holds rows.
 */
export function writeFailedFile(path: string, rows: readonly RowResult[]): boolean {
  if (rows.length === 0 && !existsSync(path)) return false;
  const text = stringify(
    [...rows].sort((a, b) => a.line - b.line).map((r) => [r.email, r.adminText, r.reason ?? r.status]),
    { header: true, columns: ['email', 'admin', 'error'], record_delimiter: 'unix' },
  );
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: 0o644 });
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
  return rows.length > 0;
}
