import type { Output } from '../../output/output.js';
import { countBar } from '../../output/terminal/count-bar.js';
import { type Counts, NEEDS_ATTENTION, type RowStatus } from './results.js';

/** Receives each finished row. */
export interface Progress {
  tick(status: RowStatus, counts: Counts): void;
  stop(): void;
}

/** A progress bar on stderr, for a person at a terminal. */
export function progressBar(out: Output, total: number): Progress {
  const payload = (counts: Counts) => {
    const problems = [...NEEDS_ATTENTION].reduce((n, s) => n + counts[s], 0);
    return { created: counts.created, exists: counts.exists, problems: problems > 0 ? out.ce.red(`${problems} to redo`).toString() : '0 to redo' };
  };
  const empty: Counts = { created: 0, exists: 0, duplicate: 0, invalid: 0, failed: 0, skipped: 0 };
  const bar = countBar(
    out,
    total,
    `importing {bar} {value}/{total} rows | ${out.ce.green('{created} created')}, {exists} existing, {problems} | {duration_formatted}`,
    payload(empty),
  );
  return {
    tick: (_status, counts) => bar.tick(payload(counts)),
    stop: () => bar.stop(),
  };
}

export const noProgress: Progress = { tick() {}, stop() {} };
