import { classifyGraphQLErrors, classifyHttpFailure, toErrorInfo } from './classify.js';
import { type DescribedDocument, describeDocument, type TypedDocument } from './documents.js';
import {
  AbortError,
  type GraphQLErrorInfo,
  NetworkError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
  WandbError,
  type WandbErrorDetails,
} from './errors.js';
import { redactText } from './redact.js';
import { backoffMs, type ResolvedRetry, type RetryOptions, resolveRetry, retryAfterOf, shouldRetry } from './retry.js';
import { VERSION } from './version.js';

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
  /** One debug line: a message, and fields such as operation, HTTP status and milliseconds taken. */
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
  /** The `data` of the response: null or undefined when the request failed as a whole. */
  data: TData | null | undefined;
  /** The GraphQL errors of the response, secrets masked; empty on success. */
  errors: GraphQLErrorInfo[];
  /** HTTP status of the response. */
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
// Made with the first response: touching the global Headers at module load
// makes Node load its fetch implementation (undici, ~60 ms) on import.
let jsonHeaders: Headers | undefined;

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

type GraphQLRequestModule = typeof import('./lazy-graphql-request.js');
let graphqlRequest: GraphQLRequestModule | undefined;
let loadingGraphqlRequest: Promise<GraphQLRequestModule> | undefined;

/**
 * graphql-request, loaded with the first request rather than with the SDK:
 * it imports graphql-js (about 130 modules, over 100 ms of CPU on a small
 * machine), which programs that construct an Api and never send (a CLI
 * printing its help, a test of argument checks) should not pay for, and which
 * browser bundlers then put in a chunk of its own (docs/performance.md).
 * A failed load is not remembered, so a later call tries again.
 */
function loadGraphqlRequest(): GraphQLRequestModule | Promise<GraphQLRequestModule> {
  if (graphqlRequest) return graphqlRequest;
  loadingGraphqlRequest ??= import('./lazy-graphql-request.js').then(
    (module) => (graphqlRequest = module),
    (error: unknown) => {
      loadingGraphqlRequest = undefined;
      throw error;
    },
  );
  return loadingGraphqlRequest;
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
 * Sends typed documents with graphql-request. Everything about the wire that
 * the SDK promises (auth, headers, timeouts, retries, typed errors for every
 * failure, no secret in any error) is decided here and in the `fetch` wrapper
 * given to graphql-request, so that it only ever sees a well-formed GraphQL
 * response. The SDK's own documents are codegen-printed strings, so nothing
 * is printed or parsed per call.
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

  /**
   * One HTTP exchange through graphql-request, limited by `timeoutMs` and the
   * caller's signal. graphql-request encodes the request and parses the answer;
   * the `fetch` it is given decides auth, headers and timeouts, and turns every
   * answer that is not GraphQL into a typed error before graphql-request sees it.
   */
  async function attempt<TData>(
    document: DescribedDocument,
    variables: Record<string, unknown>,
    base: { operation: string; url: string },
    timeoutMs: number,
    callerSignal: AbortSignal | undefined,
  ): Promise<GraphQLResult<TData>> {
    // Before the timer: the load is not part of the request, and a broken install is not a NetworkError.
    const loaded = loadGraphqlRequest();
    const { GraphQLClient } = loaded instanceof Promise ? await loaded : loaded;
    // A timer cleared as soon as the answer is read, not AbortSignal.timeout():
    // on Node 20 each of those keeps about 1 kB alive until it fires, which in
    // bulk work (thousands of calls, 30 s timeouts) is tens of MB of garbage.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException(`no response within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout.signal]) : timeout.signal;
    let status = 0;
    let parsed: { text: string; json: unknown } | undefined;

    const failure = (error: unknown): WandbError => {
      if (error instanceof WandbError) return error;
      if (callerSignal?.aborted) return new AbortError('aborted by the caller', base);
      if (timeout.signal.aborted) return new TimeoutError(`no response within ${timeoutMs} ms`, timeoutMs, base);
      const reason = networkReason(error);
      return new NetworkError(`request to ${config.url} failed: ${redactText(reason, known)}`, { ...base, code: /^E[A-Z_]+$/.test(reason) ? reason : undefined, cause: error });
    };

    const guardedFetch: typeof fetch = async (input, init) => {
      let response: Response;
      let text: string;
      try {
        // The body graphql-request built, plus the operation name it was told
        // not to parse the query for (excludeOperationName), from the document
        // description made once per document.
        response = await config.fetch(input, { ...init, body: withOperationName(init?.body, document), headers: { ...headers }, signal });
        text = await response.text();
      } catch (error) {
        throw failure(error);
      } finally {
        clearTimeout(timer);
      }
      status = response.status;
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
      parsed = { text, json };
      // What graphql-request reads of a response (ok, status, headers, text()),
      // without a second web-stream body: building and reading a new Response
      // per call was most of the SDK's own per-call time (docs/performance.md).
      return { ok: true, status, headers: (jsonHeaders ??= new Headers({ 'content-type': 'application/json' })), text: () => Promise.resolve(text) } as unknown as Response;
    };

    try {
      // excludeOperationName: the name is already known (describeDocument), so
      // graphql-request need not parse the query on every call to find it.
      // The body was parsed once above to check it is GraphQL; graphql-request gets that parse back.
      const jsonSerializer = { stringify: JSON.stringify, parse: (t: string) => (parsed?.text === t ? parsed.json : JSON.parse(t)) };
      const client = new GraphQLClient(config.url, { fetch: guardedFetch, errorPolicy: 'all', method: 'POST', excludeOperationName: true, jsonSerializer });
      const result = await client.rawRequest<TData>({ query: document.text, variables });
      const errors = result.errors ?? [];
      return { data: result.data, errors: errors.length === 0 ? [] : errors.map((e) => toErrorInfo(e, known)), status };
    } catch (error) {
      throw failure(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Adds `"operationName"` to a JSON request body that lacks it (W&B logs requests by it). */
  function withOperationName(body: BodyInit | null | undefined, document: DescribedDocument): BodyInit | null | undefined {
    if (typeof body !== 'string' || document.operationName === undefined || !body.endsWith('}')) return body;
    return `${body.slice(0, -1)},"operationName":${JSON.stringify(document.operationName)}}`;
  }

  /** Variables that JSON cannot carry (BigInt, cycles) are refused before anything is sent. */
  function checkVariables(variables: Record<string, unknown>, base: { operation: string; url: string }): void {
    try {
      JSON.stringify(variables);
    } catch (error) {
      throw new ValidationError(`variables cannot be sent as JSON: ${redactText((error as Error).message, known)}`, base);
    }
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
    const retry = resolveRetry(options.retry, config.retry, operation);
    const timeoutMs = options.timeoutMs ?? config.timeoutMs;
    checkVariables(variables, base);
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
        const result = await attempt<TData>(described, variables, base, limit, options.signal);
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
