// Small statistics for benchmarks: medians and ranges, never means of noisy samples.

export function sorted(values) {
  return [...values].sort((a, b) => a - b);
}

export function median(values) {
  const s = sorted(values);
  if (s.length === 0) return Number.NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The p-th percentile (0..100), nearest rank. */
export function percentile(values, p) {
  const s = sorted(values);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function range(values) {
  const s = sorted(values);
  return { min: s[0], max: s[s.length - 1] };
}

/** Median, min and max of `values`. */
export function summary(values) {
  return { median: median(values), ...range(values), n: values.length };
}
