import { classifyGraphQLErrors, classifyHttpFailure, toErrorInfo } from './classify';
import { type DescribedDocument, describeDocument, type TypedDocument } from './documents';
import {
  AbortError,
  type GraphQLErrorInfo,
  NetworkError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
  WandbError,
  type WandbErrorDetails,
} from './errors';
import { redactText } from './redact';
import { backoffMs, type ResolvedRetry, type RetryOptions, resolveRetry, retryAfterOf, shouldRetry } from './retry';
import { VERSION } from './version';

/** Per-call options accepted by every method that sends a request. */
export interface CallOptions {
  /** Overrides the Api's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Aborts the call; it then rejects with `AbortError`. */
  signal?: AbortSignal;
  /** Overrides the Api's retry policy for this call; `false` sends once. */
  retry?: RetryOptions | false;
}

/** Receives the SDK's debug lines. Nothing passed to it contains a secret. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
}

export interface TransportConfig {
  /** The GraphQL endpoint. */
  url: string;
  apiKey: string;
  timeoutMs: number;
  fetch: typeof globalThis.fetch;
  logger: Logger | undefined;
  retry: ResolvedRetry;
}

/** A response that is GraphQL: data, errors, or both. */
export interface GraphQLResult<TData> {
  data: TData | null | undefined;
  errors: GraphQLErrorInfo[];
  status: number;
}

/**
 * W&B's backend serves admin operations and first-party fields (User.apiKeys)
 * only to clients that ask for admin privileges and identify as W&B's own SDK;
 * anything else gets "relogin required". So we send both, and name ourselves
 * after the required prefix.
 */
export const USER_AGENT = `W&B Public Client (@wandb-ts/users ${VERSION})`;

const SNIPPET_LENGTH = 200;

function snippetOf(text: string, known: readonly string[]): string {
  const cut = text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH)}…` : text;
  return redactText(cut, known).replace(/\s+/g, ' ').trim();
}

function isGraphQLBody(value: unknown): value is { data?: unknown; errors?: unknown[] } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const body = value as Record<string, unknown>;
  return ('data' in body || 'errors' in body) && (body.errors === undefined || Array.isArray(body.errors));
}

/** The most specific reason in a fetch failure: undici wraps the socket error (`ECONNREFUSED`...) in causes. */
function networkReason(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof code === 'string' && code.startsWith('E')) return code;
    current = cause ?? errors?.[0];
  }
  return error instanceof Error ? error.message : String(error);
}

function checkCallOptions(options: CallOptions, operation: string): void {
  if (options.timeoutMs !== undefined && !(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)) {
    throw new ValidationError(`timeoutMs must be a positive number of milliseconds, got ${String(options.timeoutMs)}`, { operation });
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new ValidationError('signal must be an AbortSignal', { operation });
  }
}

export type Transport = ReturnType<typeof createTransport>;

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
 * Sends typed documents as GraphQL-over-HTTP POSTs with the configured `fetch`.
 * Everything about the wire that the SDK promises (auth, headers, timeouts,
 * retries, typed errors for every failure, no secret in any error) is decided
 * here. The request is a single `fetch` and one JSON parse of the answer: no
 * GraphQL client library sits in between (docs/performance.md has the figures).
 */
export function createTransport(config: TransportConfig) {
  // btoa, not Buffer: the key was checked to be printable ASCII, and this also runs in browsers.
  const headers: Record<string, string> = {
    accept: 'application/graphql-response+json, application/json',
    'content-type': 'application/json',
    authorization: `Basic ${btoa(`api:${config.apiKey}`)}`,
    'use-admin-privileges': 'true',
    'user-agent': USER_AGENT,
  };
  const known = [config.apiKey];
  // Called as log?.(...): without a logger, the message and fields are not even built.
  const log = config.logger && ((message: string, fields: Record<string, unknown>) => config.logger?.debug(message, fields));

  /** One HTTP exchange, limited by `timeoutMs` and the caller's signal. */
  async function attempt<TData>(
    body: string,
    base: { operation: string; url: string },
    timeoutMs: number,
    callerSignal: AbortSignal | undefined,
  ): Promise<GraphQLResult<TData>> {
    // A timer cleared as soon as the answer is read, not AbortSignal.timeout():
    // on Node 20 each of those keeps about 1 kB alive until it fires, which in
    // bulk work (thousands of calls, 30 s timeouts) is tens of MB of garbage.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException(`no response within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout.signal]) : timeout.signal;

    const failure = (error: unknown): WandbError => {
      if (error instanceof WandbError) return error;
      if (callerSignal?.aborted) return new AbortError('aborted by the caller', base);
      if (timeout.signal.aborted) return new TimeoutError(`no response within ${timeoutMs} ms`, timeoutMs, base);
      const reason = networkReason(error);
      return new NetworkError(`request to ${config.url} failed: ${redactText(reason, known)}`, { ...base, code: /^E[A-Z_]+$/.test(reason) ? reason : undefined, cause: error });
    };

    let response: Response;
    let text: string;
    try {
      response = await config.fetch(config.url, { method: 'POST', headers: { ...headers }, body, signal });
      text = await response.text();
    } catch (error) {
      throw failure(error);
    } finally {
      clearTimeout(timer);
    }
    const { status } = response;
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok || !isGraphQLBody(json)) {
      const contentType = response.headers.get('content-type') ?? undefined;
      const details = { ...base, status, contentType, bodySnippet: snippetOf(text, known) };
      if (!response.ok) throw classifyHttpFailure(response, isGraphQLBody(json) ? json : undefined, details, known);
      const what = text === '' ? 'an empty body' : `${contentType ?? 'no content type'}: ${JSON.stringify(details.bodySnippet)}`;
      throw new UnexpectedResponseError(`expected a GraphQL JSON response, got HTTP ${status} with ${what}`, details);
    }
    const errors = json.errors ?? [];
    return { data: json.data as TData | null | undefined, errors: errors.length === 0 ? [] : errors.map((e) => toErrorInfo(e, known)), status };
  }

  /**
   * The POST body `{"query", "variables", "operationName"}`, serialised once
   * for every attempt, around the document's text escaped once per document
   * (escaping the ~1 kB text on every call was a measurable part of the SDK's
   * own per-call time).
   * Variables that JSON cannot carry are refused before sending.
   */
  function bodyOf(document: DescribedDocument, variables: Record<string, unknown>, base: { operation: string; url: string }): string {
    let json: string | undefined;
    try {
      json = JSON.stringify(variables);
    } catch (error) {
      throw new ValidationError(`variables cannot be sent as JSON: ${redactText((error as Error).message, known)}`, base);
    }
    const name = document.operationName === undefined ? '' : `,"operationName":${JSON.stringify(document.operationName)}`;
    return `{"query":${document.textJson}${json === undefined ? '' : `,"variables":${json}`}${name}}`;
  }

  async function execute<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocument<TData, TVariables>,
    variables: TVariables,
    options: CallOptions = {},
  ): Promise<GraphQLResult<TData>> {
    const pending = describeDocument(document);
    const described = pending instanceof Promise ? await pending : pending;
    const { operation, isMutation } = described;
    checkCallOptions(options, operation);
    const base = { operation, url: config.url };
    let retry: ResolvedRetry;
    try {
      retry = resolveRetry(options.retry, config.retry);
    } catch (error) {
      throw new ValidationError((error as Error).message, base);
    }
    const timeoutMs = options.timeoutMs ?? config.timeoutMs;
    const body = bodyOf(described, variables, base);
    const started = performance.now();
    const deadline = started + retry.deadlineMs;
    for (let attempts = 1; ; attempts++) {
      if (options.signal?.aborted) {
        const aborted = new AbortError('aborted before sending', base);
        aborted.attempts = attempts - 1;
        throw aborted;
      }
      const sentAt = performance.now();
      try {
        const limit = Math.max(1, Math.ceil(Math.min(timeoutMs, deadline - sentAt)));
        const result = await attempt<TData>(body, base, limit, options.signal);
        log?.(`${operation} -> HTTP ${result.status}`, { operation, status: result.status, ms: Math.round(performance.now() - sentAt), attempt: attempts, errors: result.errors.length });
        return result;
      } catch (thrown) {
        if (!(thrown instanceof WandbError)) throw thrown;
        const error = thrown;
        error.attempts = attempts;
        const fields = { operation, status: error.status, ms: Math.round(performance.now() - sentAt), attempt: attempts, error: error.name };
        const retryAfterMs = retryAfterOf(error);
        const waitMs = backoffMs(attempts - 1, retry, retryAfterMs);
        const canRetry =
          attempts <= retry.retries &&
          shouldRetry(error, isMutation) &&
          (retryAfterMs ?? 0) <= retry.maxDelayMs &&
          performance.now() + waitMs < deadline;
        if (!canRetry) {
          log?.(`${operation} failed: ${error.name}`, fields);
          throw error;
        }
        log?.(`${operation} failed: ${error.name}; retry ${attempts} of ${retry.retries} in ${waitMs} ms`, { ...fields, waitMs });
        await sleep(waitMs, options.signal, base);
      }
    }
  }

  /** Like `execute`, but any GraphQL error becomes a typed exception (carrying partial `data`). */
  async function request<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocument<TData, TVariables>,
    variables: TVariables,
    options: CallOptions = {},
  ): Promise<TData> {
    const result = await execute(document, variables, options);
    const described = describeDocument(document);
    const { operation } = described instanceof Promise ? await described : described;
    if (result.errors.length > 0) {
      throw classifyGraphQLErrors(result.errors, { operation, url: config.url, status: result.status, data: result.data });
    }
    if (result.data == null) {
      throw new UnexpectedResponseError('the response had neither data nor errors', { operation, url: config.url, status: result.status, bodySnippet: '' });
    }
    return result.data;
  }

  return { execute, request, url: config.url };
}
