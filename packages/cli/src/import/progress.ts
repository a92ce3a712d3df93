import { Presets, SingleBar } from 'cli-progress';
import type { Output } from '../output.js';
import { type Counts, NEEDS_ATTENTION, type RowStatus } from './results.js';

/** Receives each finished row. */
export interface Progress {
  tick(status: RowStatus, counts: Counts): void;
  stop(): void;
}

/** A progress bar on stderr, for a person at a terminal. */
export function progressBar(out: Output, total: number): Progress {
  const bar = new SingleBar(
    {
      stream: out.progressStream(),
      format: `importing {bar} {value}/{total} rows | ${out.ce.green('{created} created')}, {exists} existing, {problems} | {duration_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
      // Redraw at most 10 times a second however fast rows finish.
      fps: 10,
    },
    Presets.shades_classic,
  );
  const payload = (counts: Counts) => {
    const problems = [...NEEDS_ATTENTION].reduce((n, s) => n + counts[s], 0);
    return { created: counts.created, exists: counts.exists, problems: problems > 0 ? out.ce.red(`${problems} to redo`).toString() : '0 to redo' };
  };
  const empty: Counts = { created: 0, exists: 0, duplicate: 0, invalid: 0, failed: 0, skipped: 0 };
  bar.start(total, 0, payload(empty));
  let running = true;
  return {
    tick(_status, counts) {
      if (running) bar.increment(1, payload(counts));
    },
    // Idempotent: an interrupt stops the bar before the last rows finish.
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

export const noProgress: Progress = { tick() {}, stop() {} };
