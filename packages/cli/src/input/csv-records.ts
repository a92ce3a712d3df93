import { parse } from 'csv-parse/sync';
import { unmarkCell } from '../commands/import/spreadsheet.js';

// The one CSV reader of the CLI: `users import` and `sync` read their files
// through it, so both accept the same dialect (BOM, CRLF, quoting, blank lines)
// and drop the formula mark the failed-rows file adds (commands/import/spreadsheet.ts).

/** A record of a CSV file: its cells (trimmed, formula marks dropped) and the line it ends on. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * The records of a CSV text. Throws csv-parse's `CsvError` (with `lines`, the
 * line it stopped at) when the text is not CSV; callers word it.
 */
export function readCsvRecords(text: string): CsvRecord[] {
  const parsed = parse(text, {
    bom: true,
    trim: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    relax_column_count: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return parsed.map(({ record, info }) => ({ line: info.lines, cells: record.map(unmarkCell) }));
}

const TRUE = new Set(['true', 'yes', 'y', '1', 't']);
const FALSE = new Set(['false', 'no', 'n', '0', 'f']);

/** A yes/no cell: true, false, or undefined when it is empty or says neither. */
export function parseBooleanCell(text: string): boolean | undefined {
  const value = text.trim().toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  return undefined;
}
