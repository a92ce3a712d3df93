import { median, summary } from './stats.mjs';

/**
 * Runs two variants of the same work in many short alternating blocks
 * (A B, B A, A B...), so that drift in machine load hits both alike.
 * `run(variant, block)` does one block and returns its figure (a time, a
 * rate...) or an array of per-item figures (e.g. latencies of single calls).
 *
 * The ratio A/B is computed over everything (medians of all items, or of all
 * block figures) and, for its spread, within each of `segments` consecutive
 * slices of the run: min–max over the slices.
 */
export async function alternate({ blocks, variants: [a, b], run, segments = 10 }) {
  const perBlock = { [a]: [], [b]: [] };
  for (let block = 0; block < blocks; block++) {
    const order = block % 2 === 0 ? [a, b] : [b, a];
    for (const variant of order) perBlock[variant].push(await run(variant, block));
  }
  const itemized = Array.isArray(perBlock[a][0]);
  const flat = (list) => (itemized ? list.flat() : list);
  const ratioOf = (from, to) => median(flat(perBlock[a].slice(from, to))) / median(flat(perBlock[b].slice(from, to)));
  const slices = Math.max(1, Math.min(segments, blocks));
  const sliceRatios = Array.from({ length: slices }, (_, i) => ratioOf(Math.floor((i * blocks) / slices), Math.floor(((i + 1) * blocks) / slices)));
  return {
    [a]: summary(flat(perBlock[a])),
    [b]: summary(flat(perBlock[b])),
    ratio: { median: ratioOf(0, blocks), min: Math.min(...sliceRatios), max: Math.max(...sliceRatios), slices },
  };
}
