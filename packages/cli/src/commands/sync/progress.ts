import type { Output } from '../../output/output.js';
import type { StatusCounts } from './render.js';
import { countBar } from '../../output/terminal/count-bar.js';

/** Receives the counts as each action settles. */
export interface ApplyProgress {
  tick(counts: Readonly<StatusCounts>): void;
  stop(): void;
}

/** The bar `sync apply` shows on a terminal instead of a line per action: counts only. */
export function applyProgressBar(out: Output, total: number): ApplyProgress {
  const payload = (counts: Readonly<StatusCounts>) => {
    const problems = counts.failed + counts.blocked;
    return { done: counts.done, already: counts['already-done'], problems: problems > 0 ? out.ce.red(`${problems} failed or blocked`).toString() : '0 failed' };
  };
  const bar = countBar(
    out,
    total,
    `applying {bar} {value}/{total} actions | ${out.ce.green('{done} done')}, {already} already done, {problems} | {duration_formatted}`,
    payload({ done: 0, 'already-done': 0, failed: 0, blocked: 0, 'not-run': 0, 'in-flight': 0 }),
  );
  return { tick: (counts) => bar.tick(payload(counts)), stop: () => bar.stop() };
}

export const noApplyProgress: ApplyProgress = { tick() {}, stop() {} };
