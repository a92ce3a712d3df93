import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** Options every benchmark takes: `--quick` (smaller runs, for a smoke test) and `--json FILE` (for bench/run.mjs). */
export function benchOptions(extra = {}) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, json: { type: 'string' }, ...extra } });
  return values;
}

/**
 * One figure of a benchmark: `median` with its `min`–`max`, the `baseline`
 * median measured in the same run, their `ratio` (median of paired ratios when
 * the runs alternated), and the `target` with whether it `met` it.
 */
export function row({ measure, unit, median, min, max, baseline, ratio, target, met, note }) {
  return { measure, unit, median, min, max, baseline, ratio, target, met, note };
}

export function fmt(value, unit) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  const digits = unit === 'kB' ? 2 : Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toFixed(digits);
  return unit ? `${text} ${unit}` : text;
}

export function fmtRow(r) {
  return {
    measure: r.measure,
    median: fmt(r.median, r.unit),
    range: r.min === undefined ? '—' : `${fmt(r.min)}–${fmt(r.max, r.unit)}`,
    baseline: r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.median, r.baseline.unit ?? r.unit)}` : '—',
    ratio: r.ratio ? `${r.ratio.median.toFixed(3)}${r.ratio.min !== undefined ? ` (${r.ratio.min.toFixed(2)}–${r.ratio.max.toFixed(2)})` : ''}` : '—',
    target: r.target ?? '—',
    met: r.met === undefined || r.met === null ? '—' : r.met ? 'yes' : '**no**',
  };
}

/** Prints the benchmark's figures and, with `--json`, writes them for bench/run.mjs. */
export function emit(options, result) {
  console.log(`\n${result.title}`);
  console.table(result.rows.map(fmtRow));
  for (const note of result.notes ?? []) console.log(`  ${note}`);
  if (options.json) writeFileSync(options.json, JSON.stringify(result, null, 2));
}
