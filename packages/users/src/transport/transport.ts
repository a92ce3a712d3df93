import { describeDocument, type TypedDocument } from './documents.js';
import { classifyGraphQLErrors } from '../errors/classify.js';
import { ValidationError } from '../errors/validation-error.js';
import type { GraphQLResult, Send } from './graphql-client.js';
import { encodedCredentials, wandbHeaders } from './headers.js';
import { redactText } from '../errors/redact.js';
import { loadClient } from './load-client.js';
import { type ResolvedRetry, type RetryOptions, resolveRetry } from './retry.js';
import { sendWithRetries } from './retry-loop.js';
import { checkTimeout } from '../validation/validate.js';

export type { GraphQLResult } from './graphql-client.js';

/** Per-call options accepted by every method that sends a request. */
export interface CallOptions {
  /** Overrides the Api's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Aborts the call; it then rejects with `AbortError`. */
  signal?: AbortSignal;
  /** Overrides the Api's retry policy for this call; `false` sends once. */
  retry?: RetryOptions | false;
}

/**
 * Per-call options of the methods that change something and answer `true`/`false`
 * or a value/`null` (`team.invite`, `member.delete`, `member.setRole`,
 * `user.deactivate`, `reactivate`, `setAdmin`, `user.generateApiKey`,
 * `deleteApiKey`, `team.createServiceAccount`).
 */
export interface ChangeOptions extends CallOptions {
  /**
   * Throw the server's refusal (`PermissionError`, `NotFoundError`,
   * `ConflictError` or `GraphQLResponseError`, with the server's message, its
   * `graphQLErrors` and `status`) instead of answering `false` or `null`, for a
   * caller that must say why in W&B's own words rather than guess. So are the
   * other failures that settle the outcome which `generateApiKey` and
   * `deleteApiKey` answer with `null`/`false` by default (bad input,
   * authentication, a failure that proves nothing was sent). `false` or `null`
   * then mean only that the server gave no reason, or that the outcome is
   * unknown. Default false, as W&B's Python SDK answers.
   */
  throwOnRefusal?: boolean;
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
  /** The most (decoded) bytes a response body may have. */
  maxResponseBytes: number;
}

function checkCallOptions(options: CallOptions, operation: string): void {
  if (options.timeoutMs !== undefined) checkTimeout(options.timeoutMs, 'timeoutMs', operation);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new ValidationError('the abort signal must be an AbortSignal', { operation, argument: 'signal' });
  }
}

export type Transport = ReturnType<typeof createTransport>;

/**
 * Sends typed documents: the call's checks and retry options here; the
 * attempts, the deadline and the debug log in retry-loop.ts; each HTTP
 * exchange through graphql-request (graphql-client.ts), which
 * answers with checked data or a typed error. The SDK's own documents are
 * codegen-printed strings, so nothing is printed or parsed per call.
 */
export function createTransport(config: TransportConfig) {
  const headers = wandbHeaders(config.apiKey);
  // The key, and the header that carries it (a proxy's error page may echo request headers).
  const known = [config.apiKey, encodedCredentials(config.apiKey)];
  // Called as log?.(...): without a logger, the message and fields are not even built.
  const log = config.logger && ((message: string, fields: Record<string, unknown>) => config.logger?.debug(message, fields));
  // Made with the first request, when graphql-request is loaded; one per Api.
  let send: Send | undefined;

  async function sender(): Promise<Send> {
    if (send) return send;
    const loaded = loadClient();
    const client = loaded instanceof Promise ? await loaded : loaded;
    send ??= client.createSend({ url: config.url, headers, fetch: config.fetch, maxResponseBytes: config.maxResponseBytes, known, log });
    return send;
  }

  /** Variables that JSON cannot carry (BigInt, cycles) are refused before anything is sent. */
  function checkVariables(variables: Record<string, unknown>, base: { operation: string; url: string }): void {
    try {
      JSON.stringify(variables);
    } catch (error) {
      throw new ValidationError(`the variables cannot be sent as JSON: ${redactText((error as Error).message, known)}`, { ...base, argument: 'variables' });
    }
  }

  async function execute<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocument<TData, TVariables>,
    variables: TVariables,
    options: CallOptions = {},
  ): Promise<GraphQLResult<TData>> {
    const pending = describeDocument(document);
    const described = pending instanceof Promise ? await pending : pending;
    const { operation } = described;
    checkCallOptions(options, operation);
    const base = { operation, url: config.url };
    const retry = resolveRetry(options.retry, config.retry, operation);
    const timeoutMs = options.timeoutMs ?? config.timeoutMs;
    checkVariables(variables, base);
    // Before any timer: loading graphql-request is not part of a request, and a broken install is not a NetworkError.
    return sendWithRetries<TData>(send ?? (await sender()), { document, described, variables, signal: options.signal, timeoutMs, retry, url: config.url, log });
  }

  /** Like `execute`, but any GraphQL error becomes a typed exception (carrying partial `data`). */
  async function request<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocument<TData, TVariables>,
    variables: TVariables,
    options: CallOptions = {},
  ): Promise<TData> {
    const result = await execute(document, variables, options);
    if (result.errors.length > 0) {
      const described = describeDocument(document);
      const { operation } = described instanceof Promise ? await described : described;
      throw classifyGraphQLErrors(result.errors, { operation, url: config.url, status: result.status, data: result.data, attempts: result.attempts });
    }
    // Without errors there is data: graphql-client.ts refuses answers with neither.
    return result.data as TData;
  }

  return { execute, request, url: config.url };
}
