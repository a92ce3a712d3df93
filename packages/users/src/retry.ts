import {
  AbortError,
  NetworkError,
  RateLimitError,
  RedirectError,
  SchemaMismatchError,
  ServerError,
  UnexpectedResponseError,
  ValidationError,
  type WandbError,
} from './errors.js';

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

// Failures that prove the request never reached a server: safe to resend even
// a mutation. Anything else (a reset, a timeout, a 502) may have come after the
// server did the work.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** The server provably did nothing with the request. */
export function provablyNotApplied(error: WandbError): boolean {
  if (error instanceof RateLimitError) return true;
  if (error instanceof NetworkError && !(error instanceof AbortError)) return NOT_SENT.has(error.code ?? '');
  // 503 with Retry-After is a server saying "not now", before doing anything.
  return error instanceof ServerError && error.status === 503 && error.retryAfterMs !== undefined;
}

/** The request may or may not have been applied: only a look at the server state can tell. */
export function isAmbiguous(error: unknown): boolean {
  if (error instanceof AbortError) return false;
  if (error instanceof NetworkError || error instanceof UnexpectedResponseError) return !provablyNotApplied(error);
  return error instanceof ServerError && !provablyNotApplied(error);
}

/**
 * Failures that no retry and no look at the server's state can cure: the server
 * lacks a field the operation needs, or redirects GraphQL requests elsewhere.
 * Methods that fold failures into `null`/`false` throw these instead.
 */
export function cannotSucceed(error: WandbError): boolean {
  return error instanceof SchemaMismatchError || error instanceof RedirectError;
}

/** Whether to send again: queries are safe to repeat; mutations only when nothing happened. */
export function shouldRetry(error: WandbError, isMutation: boolean): boolean {
  if (error instanceof AbortError) return false;
  if (isMutation) return provablyNotApplied(error);
  if (error instanceof RateLimitError || error instanceof NetworkError) return true;
  return error instanceof ServerError && [502, 503, 504].includes(error.status ?? 0);
}

/** Full-jitter exponential backoff, never shorter than the server's Retry-After. */
export function backoffMs(retry: number, options: ResolvedRetry, retryAfterMs: number | undefined, random = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.max(retryAfterMs ?? 0, Math.floor(random() * ceiling));
}

export function retryAfterOf(error: WandbError): number | undefined {
  return error instanceof RateLimitError || error instanceof ServerError ? error.retryAfterMs : undefined;
}
