import { ValidationError } from '../errors/validation-error.js';

// The retry options and their defaults, checked when an Api is made and per
// call; the rules and the loop that apply them (retry-loop.ts) load with the
// first request.

/** How failed requests are retried. Pass `retry: false` (or `retries: 0`) to turn retrying off. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** Ceiling of the first backoff; it doubles with each retry (full jitter: the wait is random below the ceiling). Default 250 ms. */
  baseDelayMs?: number;
  /** Longest single wait. A `Retry-After` longer than this ends the retrying. Default 10 000 ms. */
  maxDelayMs?: number;
  /** Budget for all attempts and waits of one call; each attempt's timeout is cut to what remains. Default 60 000 ms. */
  deadlineMs?: number;
}

export type ResolvedRetry = Required<RetryOptions>;

export const DEFAULT_RETRY: ResolvedRetry = { retries: 3, baseDelayMs: 250, maxDelayMs: 10_000, deadlineMs: 60_000 };
export const NO_RETRY: ResolvedRetry = { ...DEFAULT_RETRY, retries: 0 };

const LABELS: Record<string, string> = {
  retries: 'the number of retries',
  baseDelayMs: 'the first backoff ceiling in milliseconds',
  maxDelayMs: 'the longest wait between retries in milliseconds',
  deadlineMs: 'the time budget of all attempts in milliseconds',
};

/** The policy for a call: `option` over `fallback`; a bad value is a ValidationError (nothing is sent). */
export function resolveRetry(option: RetryOptions | false | undefined, fallback: ResolvedRetry, operation?: string): ResolvedRetry {
  if (option === false) return { ...fallback, retries: 0 };
  if (option === undefined) return fallback;
  const merged = { ...fallback, ...Object.fromEntries(Object.entries(option).filter(([, v]) => v !== undefined)) };
  for (const [name, value] of Object.entries(merged)) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0) || (name === 'retries' && !Number.isInteger(value))) {
      const kind = name === 'retries' ? 'integer' : 'number';
      throw new ValidationError(`${LABELS[name] ?? name} must be a non-negative ${kind}, got ${String(value)}`, { operation, argument: `retry.${name}` });
    }
  }
  return merged as ResolvedRetry;
}
