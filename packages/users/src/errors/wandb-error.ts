import { redactDeep, redactedError } from './redact.js';

/** A GraphQL error as the server sent it, with secrets masked. */
export interface GraphQLErrorInfo {
  /** The server's message, with anything shaped like an API key masked. */
  message: string;
  /** Where in the response the error arose (field names and list indices), when the server said. */
  path?: readonly (string | number)[];
  /** `extensions.code`, when the server sent one. */
  code?: string;
}

/**
 * What an error knows about the request that failed. Every field is optional: errors raised before
 * a request have none of them.
 */
export interface WandbErrorDetails {
  /** Name of the GraphQL operation that failed (e.g. `GetViewer`); absent for errors raised before any request. */
  operation?: string;
  /** The GraphQL endpoint, without credentials. */
  url?: string;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** The GraphQL errors of the response, when there were any. */
  graphQLErrors?: readonly GraphQLErrorInfo[];
  /** Partial `data` that came with the errors (secrets masked), so nothing the server said is dropped. */
  data?: unknown;
  /** How many requests the call sent (retries included); default 0, for errors raised before sending. */
  attempts?: number;
  /**
   * The underlying error (such as the socket error under a `NetworkError`), exposed as the
   * standard `Error.cause`: a redacted copy (name, message, stack and system-error fields such as
   * `code`, with secrets masked, and the same for its own causes), never the original object.
   */
  cause?: unknown;
}

/**
 * Base class of every error this package throws. Messages never contain API
 * keys or generated secrets; `toJSON()` keeps it that way in structured logs.
 */
export class WandbError extends Error {
  /**
   * Name of the GraphQL operation that failed (e.g. `GetViewer`); undefined for errors raised
   * before any request.
   */
  readonly operation: string | undefined;
  /** The GraphQL endpoint the request went to, without credentials. */
  readonly url: string | undefined;
  /** HTTP status of the response; undefined when no response arrived. */
  readonly status: number | undefined;
  /** The GraphQL errors of the response, secrets masked; empty when there were none. */
  readonly graphQLErrors: readonly GraphQLErrorInfo[];
  /** Partial `data` that came with the errors, secrets masked; undefined when there was none. */
  readonly data: unknown;
  /** How many requests the call sent before giving up (retries included); 0 when it failed before sending. */
  attempts: number;

  constructor(message: string, details: WandbErrorDetails = {}) {
    super(details.operation ? `${details.operation}: ${message}` : message, details.cause === undefined ? undefined : { cause: redactedError(details.cause) });
    this.name = new.target.name;
    this.operation = details.operation;
    this.url = details.url;
    this.status = details.status;
    this.graphQLErrors = details.graphQLErrors ?? [];
    this.data = details.data === undefined ? undefined : redactDeep(details.data);
    this.attempts = details.attempts ?? 0;
  }

  /**
   * A plain object for structured logs: name, message, operation, url, status and GraphQL errors
   * (never `data`).
   */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      operation: this.operation,
      url: this.url,
      status: this.status,
      attempts: this.attempts,
      graphQLErrors: this.graphQLErrors,
    };
  }
}
