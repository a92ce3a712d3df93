import { median, summary } from './stats.mjs';

/**
 * Runs variants of the same work in many short blocks, rotating their order
 * (A B C, B C A, C A B...), so that drift in machine load hits all alike.
 * `run(variant, block)` does one block and returns its figure (a time, a
 * rate...) or an array of per-item figures (e.g. latencies of single calls).
 *
 * Returns each variant's summary, and `ratio(a, b)`: a/b computed over
 * everything (medians of all items, or of all block figures) with, for its
 * spread, the min–max of the same ratio within each of `segments` consecutive
 * slices of the run.
 */
export async function alternate({ blocks, variants, run, segments = 10 }) {
  const perBlock = Object.fromEntries(variants.map((v) => [v, []]));
  for (let block = 0; block < blocks; block++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(block + i) % variants.length];
      perBlock[variant].push(await run(variant, block));
    }
  }
  const itemized = Array.isArray(perBlock[variants[0]][0]);
  const flat = (list) => (itemized ? list.flat() : list);
  const slices = Math.max(1, Math.min(segments, blocks));
  const ratio = (a, b) => {
    const of = (from, to) => median(flat(perBlock[a].slice(from, to))) / median(flat(perBlock[b].slice(from, to)));
    const sliced = Array.from({ length: slices }, (_, i) => of(Math.floor((i * blocks) / slices), Math.floor(((i + 1) * blocks) / slices)));
    return { median: of(0, blocks), min: Math.min(...sliced), max: Math.max(...sliced), slices };
  };
  return { ...Object.fromEntries(variants.map((v) => [v, summary(flat(perBlock[v]))])), ratio };
}
