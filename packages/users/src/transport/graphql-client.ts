// The SDK's use of graphql-request: one GraphQLClient per Api, configured once
// through its documented options (headers, fetch, errorPolicy, jsonSerializer),
// each exchange sent with its own AbortSignal. Loaded with the first request
// (load-client.ts), with graphql-request and the parts of graphql-js it imports.
import { ClientError, GraphQLClient } from 'graphql-request';
import type { Attempt } from './attempt.js';
import { isGraphQLRefusal, toErrorInfos } from '../errors/classify.js';
import { UnexpectedResponseError } from '../errors/response-errors.js';
import type { GraphQLErrorInfo } from '../errors/wandb-error.js';
import { TypedDocumentString } from '../generated/operations.js';
import { shapes } from '../generated/shapes.js';
import { guardedFetch } from './guarded-fetch.js';
import { BodyNotJson, notGraphQL, snippetOf, toWandbError } from './request-error.js';
import { checkShape } from './shape.js';

// graphql-js's printer, for ASTs passed to `api.request` (documents.ts): from
// the package's main entry, as graphql-request imports it, so that Node loads
// one copy of graphql-js and bundlers keep only the printer of it.
export { print } from 'graphql';

/** A response that is GraphQL: data, errors, or both. */
export interface GraphQLResult<TData> {
  /** The `data` of the response: null or undefined when the request failed as a whole. */
  data: TData | null | undefined;
  /** The GraphQL errors of the response, secrets masked; empty on success. */
  errors: GraphQLErrorInfo[];
  /** HTTP status of the response. */
  status: number;
  /** How many requests the call sent to get this answer: 1, or more after retries. */
  attempts: number;
}

/** What one HTTP exchange answers: a GraphQL result, before the retry loop counts it. */
export type ExchangeResult<TData> = Omit<GraphQLResult<TData>, 'attempts'>;

/** What the client is made with, once per Api. */
export interface ClientConfig {
  /** The GraphQL endpoint. */
  url: string;
  /** Sent with every request (auth, user agent, admin privileges). */
  headers: Record<string, string>;
  /** The caller's fetch, or the global one. */
  fetch: typeof fetch;
  /** The most (decoded) bytes a response body may have. */
  maxResponseBytes: number;
  /** Secrets to mask in anything shown, besides key-shaped text. */
  known: readonly string[];
  /** Receives a debug line per request sent; undefined when nobody listens. */
  log: ((message: string, fields: Record<string, unknown>) => void) | undefined;
}

/** One HTTP exchange to make. */
export interface Exchange {
  /** The typed document as the caller passed it: the SDK's own have a shape to check. */
  document: object;
  /** The query text to send. */
  text: string;
  variables: Record<string, unknown>;
  operation: string;
  operationName: string | undefined;
  /** Time limit of this exchange. */
  timeoutMs: number;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
}

export type Send = <TData>(exchange: Exchange) => Promise<ExchangeResult<TData>>;

const NO_PATHS: readonly (readonly (string | number)[])[] = [];

/** What an error about `answer` says about its exchange: built only for errors, as reading a header is not free. */
function detailsOf(exchange: Exchange, url: string, answer: { status: number; headers: Headers }) {
  return { operation: exchange.operation, url, status: answer.status, contentType: answer.headers.get('content-type') ?? undefined };
}

/**
 * A `send` for one Api: one HTTP exchange with its time limit, answered with
 * `data` checked against the operation's shape and GraphQL errors redacted, or
 * failed with one of the SDK's typed errors (request-error.ts).
 */
export function createSend(config: ClientConfig): Send {
  const { known } = config;
  // What each exchange in flight knows about itself, by its signal (one per exchange); removed
  // when the exchange ends. A Map, not a WeakMap: a short-lived weak key per call costs the
  // garbage collector more than the delete does.
  const attempts = new Map<AbortSignal, Attempt>();
  const attemptOf = (signal: AbortSignal | null | undefined) => (signal ? attempts.get(signal) : undefined);

  // The operation name of each query text in flight, for the JSON hook below, which gets the
  // body and not the exchange. A text always has the same name (documents.ts reads it from the
  // document), so exchanges of one text share an entry, counted, and removed with the last of them.
  const names = new Map<string, { name: string; exchanges: number }>();

  const client = new GraphQLClient(config.url, {
    headers: config.headers,
    // Redirects refused and bodies bounded; the caller's fetch gets a plain RequestInit (guarded-fetch.ts).
    fetch: guardedFetch(config.fetch, config.maxResponseBytes, attemptOf),
    // GraphQL errors are answers, not failures: they come back next to the data, and the SDK classifies them.
    errorPolicy: 'all',
    // The operation name is known (documents.ts): graphql-request would otherwise parse every
    // query with graphql-js to find it, which costs more than a call may add (docs/performance.md).
    excludeOperationName: true,
    // graphql-request's JSON hook, both ways.
    jsonSerializer: {
      // The request body it built: with excludeOperationName, without the `operationName`
      // that W&B logs requests by, which is added here. Not a request middleware: with one,
      // graphql-request copies each request for it, awaits it and parses the URL again,
      // which measured more than half of what the SDK adds to a call (docs/performance.md).
      stringify(body: unknown) {
        const query = (body as { query?: unknown } | null)?.query;
        const entry = typeof query === 'string' ? names.get(query) : undefined;
        return JSON.stringify(entry ? { ...(body as object), operationName: entry.name } : body);
      },
      // The answer: a body that is not JSON fails with a redacted snippet of it, instead of a
      // SyntaxError quoting the body.
      parse(text: string) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new BodyNotJson(snippetOf(text, known));
        }
      },
    },
  });

  return async <TData>(exchange: Exchange): Promise<ExchangeResult<TData>> => {
    // A timer cleared as soon as the answer is read, not AbortSignal.timeout(): on Node 20 each of
    // those keeps about 1 kB alive until it fires, tens of MB in bulk work (docs/performance.md).
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException(`no response within ${exchange.timeoutMs} ms`, 'TimeoutError')), exchange.timeoutMs);
    const signal = exchange.signal ? AbortSignal.any([exchange.signal, timeout.signal]) : timeout.signal;
    const attempt: Attempt = { operation: exchange.operation, url: config.url, response: undefined };
    attempts.set(signal, attempt);
    const { text, operationName } = exchange;
    if (operationName !== undefined) {
      const entry = names.get(text);
      if (entry) entry.exchanges++;
      else names.set(text, { name: operationName, exchanges: 1 });
    }
    // The request as it leaves (the outcome is logged by the retry loop, with the attempt number).
    config.log?.(`${exchange.operation}: POST ${config.url}`, { operation: exchange.operation });
    let answer: Awaited<ReturnType<typeof client.rawRequest<TData>>>;
    try {
      answer = await client.rawRequest<TData>({ query: text, variables: exchange.variables, signal });
    } catch (error) {
      // A GraphQL error list at a 4xx is the server's answer, as at 200: W&B answers its refusals so.
      const response = error instanceof ClientError ? (error.response as unknown as typeof answer) : undefined;
      if (!response || !isGraphQLRefusal(response.status, response.errors)) {
        throw toWandbError(error, { attempt, callerSignal: exchange.signal, timeoutSignal: timeout.signal, timeoutMs: exchange.timeoutMs, known, ClientError });
      }
      answer = response;
    } finally {
      clearTimeout(timer);
      attempts.delete(signal);
      const entry = operationName === undefined ? undefined : names.get(text);
      if (entry && --entry.exchanges === 0) names.delete(text);
    }
    const { status, body, data } = answer;
    const errors: unknown = answer.errors;
    if (errors !== undefined && !Array.isArray(errors))
      throw new UnexpectedResponseError('the response is not a GraphQL result: its "errors" is not a list', {
        ...detailsOf(exchange, config.url, answer),
        path: 'errors',
      });
    const graphQLErrors = errors === undefined || errors.length === 0 ? [] : toErrorInfos(errors, known);
    if (data == null) {
      // A GraphQL result has data, errors, or both.
      if (graphQLErrors.length === 0) throw notGraphQL(answer, snippetOf(body, known), detailsOf(exchange, config.url, answer));
      return { data, errors: graphQLErrors, status };
    }
    // The SDK's own documents (operations.ts) are the instances of its TypedDocumentString; a
    // caller's documents, even of the same name, are not, and come back as the server sent them.
    const shape = exchange.document instanceof TypedDocumentString && exchange.operationName !== undefined ? shapes.get(exchange.operationName) : undefined;
    const mismatch = shape && checkShape(data, shape, graphQLErrors.length === 0 ? NO_PATHS : graphQLErrors.flatMap((e) => (e.path ? [e.path] : [])));
    if (mismatch) {
      throw new UnexpectedResponseError(`the response does not have the shape the operation selects: ${mismatch.path} is ${mismatch.problem}`, {
        ...detailsOf(exchange, config.url, answer),
        path: mismatch.path,
        graphQLErrors,
      });
    }
    return { data, errors: graphQLErrors, status };
  };
}
