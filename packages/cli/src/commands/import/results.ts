import { type Palette, type Styled, t } from '../../output/terminal/styled.js';

export type RowStatus = 'created' | 'exists' | 'duplicate' | 'invalid' | 'failed' | 'skipped';

/** What happened to one row of the file. */
export interface RowResult {
  line: number;
  email: string;
  /** The admin value as written in the file. */
  adminText: string;
  admin: boolean | null;
  status: RowStatus;
  /** The server's username, for created and existing users. */
  username?: string | null;
  /** For duplicates: the line of the row this one repeats. */
  duplicateOf?: number;
  /** For invalid, failed and skipped rows: why. */
  reason?: string;
  /** For failed rows: the SDK's error class. */
  errorName?: string;
}

/** Statuses that leave work to do: written to the failed file, and the import exits non-zero. */
export const NEEDS_ATTENTION: ReadonlySet<RowStatus> = new Set(['invalid', 'failed', 'skipped']);

export type Counts = Record<RowStatus, number>;

export function countResults(results: readonly RowResult[]): Counts {
  const counts: Counts = { created: 0, exists: 0, duplicate: 0, invalid: 0, failed: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

export function rowJson(r: RowResult) {
  return {
    type: 'row' as const,
    line: r.line,
    email: r.email,
    admin: r.admin,
    status: r.status,
    ...(r.username !== undefined && { username: r.username }),
    ...(r.duplicateOf !== undefined && { duplicateOf: r.duplicateOf }),
    ...(r.reason !== undefined && { reason: r.reason }),
    ...(r.errorName !== undefined && { error: r.errorName }),
  };
}

/** One line of text per row: status, email, and the detail that matters. */
export function rowText(r: RowResult, c: Palette): Styled {
  const paint: Record<RowStatus, (s: string) => Styled> = {
    created: c.green,
    exists: c.cyan,
    duplicate: c.dim,
    invalid: c.red,
    failed: c.red,
    skipped: c.yellow,
  };
  const detail =
    r.status === 'created' || r.status === 'exists'
      ? r.username
        ? ` (${r.username})`
        : ''
      : r.status === 'duplicate'
        ? ` (line ${r.line}, same as line ${r.duplicateOf})`
        : ` (line ${r.line}): ${r.reason ?? ''}`;
  return t`${paint[r.status](r.status.padEnd(9))} ${r.email || '(no email)'}${detail}`;
}

export function summaryText(counts: Counts, total: number, seconds: number): string {
  const parts = (Object.entries(counts) as [RowStatus, number][]).filter(([, n]) => n > 0).map(([status, n]) => `${n} ${status}`);
  return `${total} row${total === 1 ? '' : 's'} in ${seconds.toFixed(1)} s: ${parts.length > 0 ? parts.join(', ') : 'nothing to do'}`;
}
