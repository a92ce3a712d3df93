// The attempts of one call: each HTTP exchange (graphql-client.ts) and, after
// a failure, whether and when to send again. The options it applies are
// resolved and checked before (retry.ts, transport.ts).
import type { DescribedDocument } from './documents.js';
import { AbortError, NetworkError } from '../errors/network-errors.js';
import { provablyNotApplied } from '../errors/outcome.js';
import { RateLimitError, ServerError } from '../errors/response-errors.js';
import { WandbError, type WandbErrorDetails } from '../errors/wandb-error.js';
import type { GraphQLResult, Send } from './graphql-client.js';
import type { ResolvedRetry } from './retry.js';

/** One call as the transport has checked it: what to send, and the policy for sending again. */
export interface Call {
  /** The typed document as the caller passed it. */
  document: object;
  /** Its text, name and kind (documents.ts). */
  described: DescribedDocument;
  variables: Record<string, unknown>;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
  /** Time limit of each exchange; the last ones are cut to what remains of the deadline. */
  timeoutMs: number;
  retry: ResolvedRetry;
  /** The GraphQL endpoint, for errors. */
  url: string;
  /** Receives a debug line per exchange; undefined when nobody listens. */
  log: ((message: string, fields: Record<string, unknown>) => void) | undefined;
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

function sleep(ms: number, signal: AbortSignal | undefined, details: WandbErrorDetails): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError('aborted by the caller while waiting to retry', details));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Sends `call` through `send` until an exchange answers (data, GraphQL errors
 * or both) or a failure must not or cannot be retried: the retry count, the
 * deadline, the caller's signal and the rules above decide. The error thrown
 * carries the number of exchanges sent (`attempts`).
 */
export async function sendWithRetries<TData>(send: Send, call: Call): Promise<GraphQLResult<TData>> {
  const { described, retry, timeoutMs, log } = call;
  const { operation, isMutation } = described;
  const base = { operation, url: call.url };
  const started = performance.now();
  const deadline = started + retry.deadlineMs;
  for (let attempts = 1; ; attempts++) {
    if (call.signal?.aborted) {
      const aborted = new AbortError('aborted before sending', base);
      aborted.attempts = attempts - 1;
      throw aborted;
    }
    const sentAt = performance.now();
    try {
      const limit = Math.max(1, Math.ceil(Math.min(timeoutMs, deadline - sentAt)));
      const result = await send<TData>({
        document: call.document,
        text: described.text,
        variables: call.variables,
        operation,
        operationName: described.operationName,
        timeoutMs: limit,
        signal: call.signal,
      });
      log?.(`${operation} -> HTTP ${result.status}`, {
        operation,
        status: result.status,
        ms: Math.round(performance.now() - sentAt),
        attempt: attempts,
        errors: result.errors.length,
      });
      return { data: result.data, errors: result.errors, status: result.status, attempts };
    } catch (thrown) {
      if (!(thrown instanceof WandbError)) throw thrown;
      const error = thrown;
      error.attempts = attempts;
      const fields = { operation, status: error.status, ms: Math.round(performance.now() - sentAt), attempt: attempts, error: error.name };
      const retryAfterMs = retryAfterOf(error);
      const waitMs = backoffMs(attempts - 1, retry, retryAfterMs);
      const canRetry =
        attempts <= retry.retries && shouldRetry(error, isMutation) && (retryAfterMs ?? 0) <= retry.maxDelayMs && performance.now() + waitMs < deadline;
      if (!canRetry) {
        log?.(`${operation} failed: ${error.name}`, fields);
        throw error;
      }
      log?.(`${operation} failed: ${error.name}; retry ${attempts} of ${retry.retries} in ${waitMs} ms`, { ...fields, waitMs });
      await sleep(waitMs, call.signal, base);
    }
  }
}
