import type { Attempt } from './attempt.js';
import { isGraphQLErrorList, toErrorInfos } from '../errors/classify.js';
import { AbortError, NetworkError, TimeoutError } from '../errors/network-errors.js';
import { AuthenticationError, ConflictError, NotFoundError, PermissionError } from '../errors/refusals.js';
import { RateLimitError, ServerError, UnexpectedResponseError } from '../errors/response-errors.js';
import { WandbError, type WandbErrorDetails } from '../errors/wandb-error.js';
import { excerpt, redactedError } from '../errors/redact.js';

// The one place where what went wrong in an HTTP exchange becomes one of our
// typed errors: graphql-request's ClientError (an HTTP error status), the raw
// errors it throws for a 2xx body that is not a GraphQL result, fetch's own
// failures, aborts and timeouts. graphql-request's messages are never shown:
// ClientError's JSON-dumps the request and the response (variables, body), and
// its other errors quote the body. Ours are built here, from status, content
// type and a redacted, bounded snippet.

const SNIPPET_LENGTH = 200;
// graphql-request quotes a body that is not a JSON object after this marker
// (helpers: parseGraphQLExecutionResult); we take the body from there.
const QUOTED_BODY = '\nGot:\n';

/** What the transport knows about the exchange that failed, besides what the fetch recorded in `attempt`. */
export interface FailureContext {
  attempt: Attempt;
  /** The caller's signal: when it fired, the failure is an AbortError whatever else happened. */
  callerSignal: AbortSignal | undefined;
  /** The exchange's own timeout signal, and its limit. */
  timeoutSignal: AbortSignal;
  timeoutMs: number;
  /** Secrets to mask besides anything key-shaped (the API key, its header value). */
  known: readonly string[];
  /** graphql-request's ClientError class (loaded with it). */
  ClientError: abstract new (
    ...args: never[]
  ) => Error;
}

/**
 * A body that failed to parse as JSON, as the SDK's JSON hook for
 * graphql-request reports it: carries only a redacted snippet of the text.
 */
export class BodyNotJson extends Error {
  constructor(readonly snippet: string) {
    super('the response body is not JSON');
  }
}

/** A snippet of a body for a message: redacted before it is cut, whitespace collapsed. */
export function snippetOf(text: string, known: readonly string[]): string {
  return excerpt(text.replace(/\s+/g, ' ').trim(), SNIPPET_LENGTH, known);
}

/** Milliseconds to wait from a `Retry-After` header (seconds or an HTTP date). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** What a body said, for a message: its GraphQL errors, else its content type and snippet. */
function saidBy(details: { graphQLErrors: readonly { message: string }[]; contentType: string | undefined; bodySnippet: string }): string {
  if (details.graphQLErrors.length > 0) return details.graphQLErrors.map((e) => e.message).join('; ');
  return details.bodySnippet ? `${details.contentType ?? 'no content type'}: ${JSON.stringify(details.bodySnippet)}` : 'an empty body';
}

/**
 * The typed error for an HTTP error status that is not a GraphQL answer (a 4xx
 * with a GraphQL error list is one: graphql-client.ts reads it as at 200), from
 * what the response said: its GraphQL errors, or a snippet of its body. A 404
 * then means no GraphQL endpoint at that address.
 */
export function classifyHttpFailure(
  response: { status: number; headers: Headers },
  body: { errors?: unknown; data?: unknown } | undefined,
  base: WandbErrorDetails & { bodySnippet: string },
  known: readonly string[],
): WandbError {
  const { status } = response;
  const contentType = response.headers.get('content-type') ?? undefined;
  const graphQL = isGraphQLErrorList(body?.errors);
  const graphQLErrors = graphQL ? toErrorInfos(body?.errors as readonly unknown[], known) : [];
  const details = { ...base, status, contentType, graphQLErrors, ...(graphQL && body?.data != null && { data: body.data }) };
  const said = saidBy(details);
  const retryAfterMs = () => parseRetryAfter(response.headers.get('retry-after'));
  if (status === 401) return new AuthenticationError(`the server rejected the API key (HTTP 401): ${said}`, details);
  if (status === 429) return new RateLimitError(`rate limited (HTTP 429): ${said}`, { ...details, retryAfterMs: retryAfterMs() });
  if (status >= 500) return new ServerError(`server error (HTTP ${status}): ${said}`, { ...details, retryAfterMs: retryAfterMs() });
  if (status === 403) return new PermissionError(`forbidden (HTTP 403): ${said}`, details);
  if (status === 404) return new NotFoundError(`no GraphQL endpoint at ${base.url} (HTTP 404); check the base URL`, details);
  if (status === 409) return new ConflictError(`conflict (HTTP 409): ${said}`, details);
  return new UnexpectedResponseError(`unexpected HTTP ${status}: ${said}`, details);
}

/** The most specific reason in a fetch failure: undici wraps the socket error (`ECONNREFUSED`...) in causes. */
function networkReason(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = cause ?? errors?.[0];
  }
  return error instanceof Error ? error.message : String(error);
}

/** A 2xx answer that is not a GraphQL result: say what came instead. */
export function notGraphQL(response: { status: number; headers: Headers }, bodySnippet: string, base: WandbErrorDetails): UnexpectedResponseError {
  const contentType = response.headers.get('content-type') ?? undefined;
  const details = { ...base, status: response.status, contentType, bodySnippet };
  return new UnexpectedResponseError(`expected a GraphQL result, got HTTP ${response.status} with ${saidBy({ ...details, graphQLErrors: [] })}`, details);
}

/** Our typed error for whatever an exchange through graphql-request threw. */
export function toWandbError(error: unknown, context: FailureContext): WandbError {
  if (error instanceof WandbError) return error;
  const { attempt, known } = context;
  const base = { operation: attempt.operation, url: attempt.url };
  if (context.callerSignal?.aborted) return new AbortError('aborted by the caller', base);
  if (context.timeoutSignal.aborted) return new TimeoutError(`no response within ${context.timeoutMs} ms`, context.timeoutMs, base);
  if (error instanceof context.ClientError) {
    const { response: answer } = error as unknown as { response: { status: number; headers: Headers; body?: unknown; errors?: unknown } };
    const snippet = typeof answer.body === 'string' ? snippetOf(answer.body, known) : '';
    return classifyHttpFailure(answer, answer, { ...base, bodySnippet: snippet }, known);
  }
  const { response } = attempt;
  const networkFailure = (what: string) => {
    const reason = networkReason(error);
    const code = /^E[A-Z_]+$/.test(reason) ? reason : undefined;
    return new NetworkError(`${what}: ${excerpt(reason, SNIPPET_LENGTH, known)}`, {
      ...base,
      status: response?.status,
      code,
      cause: redactedError(error, known),
    });
  };
  // No answer at all: the connection failed (refused, reset, DNS), or the fetch itself threw.
  if (response === undefined) return networkFailure(`request to ${attempt.url} failed`);
  // An answer came, then reading or understanding its body failed.
  if (error instanceof BodyNotJson)
    return response.ok ? notGraphQL(response, error.snippet, base) : classifyHttpFailure(response, undefined, { ...base, bodySnippet: error.snippet }, known);
  // undici's "terminated": the connection dropped while the body was read. Whether the server acted is unknown.
  if (error instanceof TypeError) return networkFailure(`the connection to ${attempt.url} failed while reading the response`);
  // graphql-request refused the body (not a JSON object, `data` or `errors` of the wrong type), or
  // could not process it (a RangeError from JSON.stringify of a deeply nested body). Its message
  // names the part at fault; if a later version words it otherwise, the error stays typed and
  // only the detail is lost.
  const message = error instanceof Error ? error.message : '';
  const quoted = message.indexOf(QUOTED_BODY);
  const snippet = quoted === -1 ? '' : snippetOf(message.slice(quoted + QUOTED_BODY.length), known);
  if (!response.ok) return classifyHttpFailure(response, undefined, { ...base, bodySnippet: snippet }, known);
  if (quoted !== -1) return notGraphQL(response, snippet, base);
  const reason = /^Invalid execution result: (data|errors|extensions) is not/.exec(message);
  const what = reason
    ? `its "${reason[1]}" is not ${reason[1] === 'errors' ? 'a list' : 'an object'}`
    : `it could not be read (${error instanceof Error ? error.name : typeof error})`;
  return new UnexpectedResponseError(`the response is not a GraphQL result: ${what}`, {
    ...base,
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    path: reason?.[1],
  });
}
