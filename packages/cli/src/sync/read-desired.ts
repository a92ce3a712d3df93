import type { DesiredState } from './desired.js';
import { parseSyncCsv } from './parse-csv.js';
import { parseSyncDocument } from './parse-document.js';

/** The forms a sync file can take. JSON is read as YAML, of which it is a subset. */
export type SyncFileFormat = 'yaml' | 'json' | 'csv';

/** The form a file name suggests: `.csv` is CSV, anything else YAML (JSON included). */
export function formatOf(fileName: string): SyncFileFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return 'yaml';
}

/**
 * A sync file's desired state, validated: YAML or JSON (one schema), or CSV.
 * Throws `SyncFileError` with every problem and its line before anything
 * could be sent.
 */
export function parseDesiredState(text: string, source: string, format: SyncFileFormat): DesiredState {
  return format === 'csv' ? parseSyncCsv(text, source) : parseSyncDocument(text, source);
}
