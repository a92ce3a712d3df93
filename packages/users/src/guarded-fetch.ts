import type { Attempt } from './attempt.js';
import { RedirectError, ResponseTooLargeError } from './errors.js';
import { excerpt } from './redact.js';

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

/**
 * `fetchImpl` with redirects refused and the response body bounded:
 *
 * - `fetchImpl` gets a plain `RequestInit`: method, headers, body, signal and
 *   `redirect: 'manual'`, not the options graphql-request passes on with them
 *   (`errorPolicy`, `jsonSerializer`). A 3xx then comes back here instead of
 *   being followed: it becomes a {@link RedirectError} naming where it pointed.
 * - A body is read to at most `limitBytes` bytes after decoding (gzip, br):
 *   a declared Content-Length over the limit fails before reading; a body
 *   without one, or compressed, is counted while it streams. An uncompressed
 *   body with a Content-Length within the limit is handed on untouched (undici
 *   does not deliver more than it declares), which keeps the common case free
 *   of a second stream.
 */
export function guardedFetch(fetchImpl: typeof fetch, limitBytes: number, attemptOf: (signal: AbortSignal | null | undefined) => Attempt | undefined): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, { method: init?.method, headers: init?.headers, body: init?.body, signal: init?.signal, redirect: 'manual' });
    const attempt = attemptOf(init?.signal);
    if (attempt) attempt.response = response;
    const { status, headers } = response;
    // A browser shows a redirect not followed as an opaque response with status 0.
    if (status === 0 ? response.type === 'opaqueredirect' : REDIRECTS.has(status)) {
      response.body?.cancel().catch(() => undefined);
      const raw = headers.get('location');
      const location = raw === null ? undefined : excerpt(raw, 200);
      throw new RedirectError(
        `the server answered with a redirect (HTTP ${status || 'redirect'})${location === undefined ? '' : ` to ${JSON.stringify(location)}`}. ` +
          'GraphQL requests are not sent on to another address; if the W&B server has moved, use its new address as the base URL.',
        { operation: attempt?.operation, url: attempt?.url, status: status || undefined, location },
      );
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
    const limited = limitBody(body, limitBytes, (read) => tooLarge(attempt, response, limitBytes, `over ${read} bytes${identity ? '' : ` once decoded (${encoding})`}`));
    return new Response(limited, { status, statusText: response.statusText, headers });
  };
}
