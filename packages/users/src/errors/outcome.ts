import { AbortError, NetworkError } from './network-errors.js';
import { SchemaMismatchError } from './refusals.js';
import { RateLimitError, RedirectError, ServerError, UnexpectedResponseError } from './response-errors.js';
import type { WandbError } from './wandb-error.js';

// What a failure says about the request's outcome, for the retry rules and for
// the methods that resolve an unknown outcome from the server's state.

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

/**
 * The request may or may not have been applied: only a look at the server
 * state can tell. An answer at a 4xx status is never ambiguous, whatever its
 * body: the server (or a proxy before it) refused the request.
 */
export function isAmbiguous(error: unknown): boolean {
  if (error instanceof AbortError) return false;
  if (error instanceof UnexpectedResponseError && error.status !== undefined && error.status >= 400 && error.status < 500) return false;
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
