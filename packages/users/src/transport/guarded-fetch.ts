import type { Attempt } from './attempt.js';
import { RedirectError, ResponseTooLargeError } from '../errors/response-errors.js';
import { excerpt } from '../errors/redact.js';

// The `fetch` the SDK gives graphql-request: the caller's fetch (or the
// global one) plus the transport rules that only a fetch can enforce. It does
// not read, parse or classify answers; graphql-request does that, and
// request-error.ts maps what it throws.

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function tooLarge(attempt: Attempt | undefined, response: Response, limitBytes: number, said: string): ResponseTooLargeError {
  return new ResponseTooLargeError(`the response is larger than the limit of ${limitBytes} bytes (${said}); it was not read further`, {
    operation: attempt?.operation,
    url: attempt?.url,
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    limitBytes,
  });
}

/**
 * The body, passed through until more than `limitBytes` (decoded) bytes have
 * come; then the download is cancelled and the stream fails with `error`.
 */
function limitBody(body: ReadableStream<Uint8Array>, limitBytes: number, error: (read: number) => Error): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let read = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await reader.read();
      if (chunk.done) return controller.close();
      read += chunk.value.byteLength;
      if (read <= limitBytes) return controller.enqueue(chunk.value);
      const failure = error(read);
      controller.error(failure);
      await reader.cancel(failure).catch(() => undefined);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** The error for a redirect that was not followed, naming where it pointed when `response` (the redirect) is known. */
function refused(attempt: Attempt | undefined, response: Response | undefined): RedirectError {
  const raw = response?.headers.get('location');
  const location = raw == null ? undefined : excerpt(raw, 200);
  const status = response?.status || undefined;
  return new RedirectError(
    `the server answered with a redirect (HTTP ${status ?? 'redirect'})${location === undefined ? '' : ` to ${JSON.stringify(location)}`}. ` +
      'GraphQL requests are not sent on to another address; if the W&B server has moved, use its new address as the base URL.',
    { operation: attempt?.operation, url: attempt?.url, status, location },
  );
}

/**
 * Whether `fetchImpl` is Node's own fetch (undici). Asked for `redirect:
 * 'error'` with no window, it sends the request as it is; in any other mode it
 * first copies the request and tees its body, to be able to follow a redirect,
 * which measured some 8% of a call and 15% of bulk client CPU against the fake
 * W&B server (docs/performance.md). It then fails a redirect with a TypeError
 * whose cause is `unexpected redirect`, without its status or Location.
 */
function isNodeFetch(fetchImpl: typeof fetch): boolean {
  const versions = (globalThis as { process?: { versions?: Record<string, unknown> } }).process?.versions;
  return fetchImpl === globalThis.fetch && typeof versions?.undici === 'string';
}

/** undici's failure for a refused redirect. By name, not instanceof: it may come from another realm (a vm context, jest). */
function isUnexpectedRedirect(error: unknown): boolean {
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { message?: unknown } };
  return name === 'TypeError' && cause?.message === 'unexpected redirect';
}

/**
 * `fetchImpl` with redirects refused and the response body bounded:
 *
 * - `fetchImpl` gets a plain `RequestInit`: method, headers, body, signal and
 *   `redirect: 'manual'`, not the options graphql-request passes on with them
 *   (`errorPolicy`, `jsonSerializer`). A 3xx then comes back here instead of
 *   being followed: it becomes a {@link RedirectError} naming where it pointed.
 *   Node's own fetch gets `redirect: 'error'` and `window: null` instead
 *   (see isNodeFetch), and refuses the redirect itself; where it pointed is
 *   then learnt from a request that carries nothing: a HEAD to the same
 *   address, without credentials or body, not followed.
 * - A body is read to at most `limitBytes` bytes after decoding (gzip, br):
 *   a declared Content-Length over the limit fails before reading; a body
 *   without one, or compressed, is counted while it streams. An uncompressed
 *   body with a Content-Length within the limit is handed on untouched (undici
 *   does not deliver more than it declares), which keeps the common case free
 *   of a second stream.
 */
export function guardedFetch(
  fetchImpl: typeof fetch,
  limitBytes: number,
  attemptOf: (signal: AbortSignal | null | undefined) => Attempt | undefined,
): typeof fetch {
  const redirect: RequestInit = isNodeFetch(fetchImpl) ? { redirect: 'error', window: null } : { redirect: 'manual' };
  return async (input, init) => {
    const signal = init?.signal;
    let response: Response;
    try {
      response = await fetchImpl(input, { method: init?.method, headers: init?.headers, body: init?.body, signal, ...redirect });
    } catch (error) {
      if (!isUnexpectedRedirect(error)) throw error;
      const probe = await fetchImpl(input, { method: 'HEAD', redirect: 'manual', signal }).catch(() => undefined);
      throw refused(attemptOf(signal), probe && REDIRECTS.has(probe.status) ? probe : undefined);
    }
    const attempt = attemptOf(signal);
    if (attempt) attempt.response = response;
    const { status, headers } = response;
    // A browser shows a redirect not followed as an opaque response with status 0.
    if (status === 0 ? response.type === 'opaqueredirect' : REDIRECTS.has(status)) {
      response.body?.cancel().catch(() => undefined);
      throw refused(attempt, response);
    }
    const declared = headers.get('content-length');
    const encoding = headers.get('content-encoding');
    const identity = encoding === null || encoding.trim().toLowerCase() === 'identity';
    // The common case: as sent, and no longer than the limit.
    if (identity && declared !== null && Number(declared) <= limitBytes) return response;
    const body = response.body;
    if (body === null) return response;
    if (identity && Number(declared) > limitBytes) {
      body.cancel().catch(() => undefined);
      throw tooLarge(attempt, response, limitBytes, `Content-Length: ${declared}`);
    }
    const limited = limitBody(body, limitBytes, (read) =>
      tooLarge(attempt, response, limitBytes, `over ${read} bytes${identity ? '' : ` once decoded (${encoding})`}`),
    );
    return new Response(limited, { status, statusText: response.statusText, headers });
  };
}
