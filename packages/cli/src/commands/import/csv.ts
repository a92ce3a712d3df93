import { CsvError } from 'csv-parse/sync';
import { type CsvRecord, parseBooleanCell, readCsvRecords } from '../../input/csv-records.js';
import { usageError } from '../../exit-codes.js';

/** A row of the import file, as planned before anything is sent. */
export type PlannedRow =
  | { kind: 'create'; line: number; email: string; admin: boolean; adminText: string }
  | { kind: 'duplicate'; line: number; email: string; admin: boolean; adminText: string; firstLine: number }
  | { kind: 'invalid'; line: number; email: string; adminText: string; reason: string };

function parseAdmin(text: string): boolean | undefined {
  // An empty cell means "not an admin" in an import file.
  return text.trim() === '' ? false : parseBooleanCell(text);
}

function records(text: string, source: string): CsvRecord[] {
  try {
    return readCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvError) throw usageError(`${source} is not valid CSV: ${error.message}`);
    throw error;
  }
}

/**
 * Reads an import file into a plan: which rows to create, which repeat an
 * earlier row, which are invalid. Problems with the file as a whole (not CSV,
 * no "email" column) are usage errors, raised before anything is sent.
 *
 * Emails are checked by the SDK when the row is created (it refuses a bad one
 * without sending it); here a row only needs a non-empty email and a readable
 * admin value. An email that appears twice with different admin values is
 * ambiguous, so neither row is created.
 */
export function planImport(text: string, source: string): PlannedRow[] {
  const all = records(text, source);
  const header = all.shift();
  const columns = header?.cells.map((c) => c.trim().toLowerCase()) ?? [];
  const emailAt = columns.indexOf('email');
  const adminAt = columns.indexOf('admin');
  if (emailAt < 0) {
    const looksHeaderless = header?.cells.some((c) => c.includes('@')) === true;
    throw usageError(
      header ? `${source} has no "email" column (header: ${header.cells.map((c) => JSON.stringify(c)).join(', ')})` : `${source} is empty`,
      looksHeaderless || !header ? 'The first line must be a header, e.g. "email,admin".' : 'Name the column "email"; "admin" is optional.',
    );
  }

  const plan: PlannedRow[] = all.map(({ line, cells }): PlannedRow => {
    const email = cells[emailAt] ?? '';
    const adminText = adminAt < 0 ? '' : (cells[adminAt] ?? '');
    const admin = parseAdmin(adminText);
    if (email === '') return { kind: 'invalid', line, email, adminText, reason: 'no email' };
    if (admin === undefined)
      return { kind: 'invalid', line, email, adminText, reason: `admin must be true or false (or yes/no, 1/0), got ${JSON.stringify(adminText)}` };
    return { kind: 'create', line, email, admin, adminText };
  });

  // Later rows with the same email (any case) repeat the first; with another admin value, all of them are in doubt.
  const groups = new Map<string, { index: number; row: Extract<PlannedRow, { kind: 'create' }> }[]>();
  plan.forEach((row, index) => {
    if (row.kind !== 'create') return;
    const key = row.email.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), { index, row }]);
  });
  for (const group of groups.values()) {
    const first = group[0]?.row;
    if (first === undefined) continue;
    const conflicting = group.some(({ row }) => row.admin !== first.admin);
    const lines = group.map(({ row }) => row.line).join(', ');
    group.forEach(({ index, row }, n) => {
      if (conflicting) {
        plan[index] = {
          kind: 'invalid',
          line: row.line,
          email: row.email,
          adminText: row.adminText,
          reason: `on lines ${lines} with different admin values; keep one`,
        };
      } else if (n > 0) {
        plan[index] = { ...row, kind: 'duplicate', firstLine: first.line };
      }
    });
  }
  return plan;
}
