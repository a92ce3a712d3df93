import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, getOperationAST, print } from 'graphql';
import { GraphQLClient } from 'graphql-request';
import { classifyGraphQLErrors, classifyHttpFailure, toErrorInfo } from './classify.js';
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

const printed = new WeakMap<DocumentNode, { text: string; operation: string; isMutation: boolean }>();

function describe(document: DocumentNode) {
  let entry = printed.get(document);
  if (!entry) {
    const op = getOperationAST(document);
    entry = { text: print(document), operation: op?.name?.value ?? 'anonymous operation', isMutation: op?.operation === 'mutation' };
    printed.set(document, entry);
  }
  return entry;
}

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
 * Sends typed documents with graphql-request. Everything about the wire that
 * the SDK promises (auth, headers, timeouts, retries, typed errors for every
 * failure, no secret in any error) is decided here and in the `fetch` wrapper
 * below, so that graphql-request only ever sees a well-formed GraphQL response.
 */
export function createTransport(config: TransportConfig) {
  const authorization = `Basic ${Buffer.from(`api:${config.apiKey}`, 'utf8').toString('base64')}`;
  const known = [config.apiKey];
  const log = (message: string, fields: Record<string, unknown>) => config.logger?.debug(message, fields);

  /** One HTTP exchange, limited by `timeoutMs` and the caller's signal. */
  async function attempt<TData, TVariables extends Record<string, unknown>>(
    text: string,
    variables: TVariables,
    base: { operation: string; url: string },
    timeoutMs: number,
    callerSignal: AbortSignal | undefined,
  ): Promise<GraphQLResult<TData>> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    let status = 0;

    const failure = (error: unknown): WandbError => {
      if (error instanceof WandbError) return error;
      if (callerSignal?.aborted) return new AbortError('aborted by the caller', base);
      if (timeout.aborted) return new TimeoutError(`no response within ${timeoutMs} ms`, timeoutMs, base);
      const reason = networkReason(error);
      return new NetworkError(`request to ${config.url} failed: ${redactText(reason, known)}`, { ...base, code: /^E[A-Z_]+$/.test(reason) ? reason : undefined, cause: error });
    };

    const guardedFetch: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', authorization);
      headers.set('use-admin-privileges', 'true');
      headers.set('user-agent', USER_AGENT);
      let response: Response;
      let body: string;
      try {
        response = await config.fetch(input, { ...init, headers, signal });
        body = await response.text();
      } catch (error) {
        throw failure(error);
      }
      status = response.status;
      const contentType = response.headers.get('content-type') ?? undefined;
      let json: unknown;
      try {
        json = body === '' ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      const details = { ...base, status, contentType, bodySnippet: snippetOf(body, known) };
      if (!response.ok) throw classifyHttpFailure(response, isGraphQLBody(json) ? json : undefined, details, known);
      if (!isGraphQLBody(json)) {
        const what = body === '' ? 'an empty body' : `${contentType ?? 'no content type'}: ${JSON.stringify(details.bodySnippet)}`;
        throw new UnexpectedResponseError(`expected a GraphQL JSON response, got HTTP ${status} with ${what}`, details);
      }
      return new Response(body, { status: response.status, headers: { 'content-type': 'application/json' } });
    };

    try {
      const client = new GraphQLClient(config.url, { fetch: guardedFetch, errorPolicy: 'all', method: 'POST' });
      const result = await client.rawRequest<TData, TVariables>(text, variables);
      return { data: result.data, errors: (result.errors ?? []).map((e) => toErrorInfo(e, known)), status };
    } catch (error) {
      throw failure(error);
    }
  }

  async function execute<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    options: CallOptions = {},
  ): Promise<GraphQLResult<TData>> {
    const { text, operation, isMutation } = describe(document);
    checkCallOptions(options, operation);
    const base = { operation, url: config.url };
    const retry = resolveRetry(options.retry, config.retry, operation);
    const timeoutMs = options.timeoutMs ?? config.timeoutMs;
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
        const result = await attempt<TData, TVariables>(text, variables, base, limit, options.signal);
        log(`${operation} -> HTTP ${result.status}`, { operation, status: result.status, ms: Math.round(performance.now() - sentAt), attempt: attempts, errors: result.errors.length });
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
          log(`${operation} failed: ${error.name}`, fields);
          throw error;
        }
        log(`${operation} failed: ${error.name}; retry ${attempts} of ${retry.retries} in ${waitMs} ms`, { ...fields, waitMs });
        await sleep(waitMs, options.signal, base);
      }
    }
  }

  /** Like `execute`, but any GraphQL error becomes a typed exception (carrying partial `data`). */
  async function request<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    options: CallOptions = {},
  ): Promise<TData> {
    const result = await execute(document, variables, options);
    const operation = describe(document).operation;
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

export function operationNameOf(document: DocumentNode): string {
  return describe(document).operation;
}
