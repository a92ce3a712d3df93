import { WandbError, type WandbErrorDetails } from './wandb-error.js';

// An answer at the HTTP level that is not GraphQL's: a status the server
// chose (429, 5xx, a redirect), or a body the SDK cannot use.

/** HTTP 429. `retryAfterMs` is the server's `Retry-After`, when it sent one. */
export class RateLimitError extends WandbError {
  /**
   * How long the server asked to wait before retrying (its `Retry-After`), in milliseconds;
   * undefined when it did not say.
   */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, details: WandbErrorDetails & { retryAfterMs?: number | undefined } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** The server failed (HTTP 5xx). `retryAfterMs` is its `Retry-After` (usually with 503), when it sent one. */
export class ServerError extends WandbError {
  /**
   * How long the server asked to wait before retrying (its `Retry-After`, seconds or an
   * HTTP date), in milliseconds; undefined when it did not say. Automatic retries wait at
   * least this long, and a 503 that sets it counts as not applied, so even a mutation is retried.
   */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, details: WandbErrorDetails & { retryAfterMs?: number | undefined } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * A response the SDK cannot use: not GraphQL (an HTML page from a proxy, truncated JSON, an empty
 * body), or GraphQL whose `data` does not have the shape the operation selects (a list that is not
 * a list, a missing field, a number where a string belongs: `path` says where).
 */
export class UnexpectedResponseError extends WandbError {
  /** The response's `Content-Type`. */
  readonly contentType: string | undefined;
  /** The first characters of the body, secrets masked; empty when the body was not kept. */
  readonly bodySnippet: string;
  /**
   * Where in the response the answer departs from what the operation selects, as
   * `users.edges[3].node.email`; undefined when the response is not GraphQL at all.
   */
  readonly path: string | undefined;
  constructor(message: string, details: WandbErrorDetails & { contentType?: string | undefined; bodySnippet?: string; path?: string | undefined } = {}) {
    super(message, details);
    this.contentType = details.contentType;
    this.bodySnippet = details.bodySnippet ?? '';
    this.path = details.path;
  }

  override toJSON(): Record<string, unknown> {
    return this.path === undefined ? super.toJSON() : { ...super.toJSON(), path: this.path };
  }
}

/**
 * The response was larger than the Api's limit (`maxResponseBytes`, counted on the decoded body):
 * reading stopped there and the rest was never downloaded. Not retried: the same request would
 * get the same answer.
 */
export class ResponseTooLargeError extends UnexpectedResponseError {
  /** The limit that was exceeded, in bytes. */
  readonly limitBytes: number;
  constructor(message: string, details: WandbErrorDetails & { contentType?: string | undefined; limitBytes: number }) {
    super(message, details);
    this.limitBytes = details.limitBytes;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), limitBytes: this.limitBytes };
  }
}

/**
 * The server answered a GraphQL request with an HTTP redirect. Redirects are never followed: a
 * POST sent on to another address would carry the query, its variables and the admin header
 * there (and a 301/302/303 would turn it into a GET without a body). If the W&B server has
 * moved, use its new address as the base URL. Not retried.
 */
export class RedirectError extends WandbError {
  /** Where the redirect pointed (its `Location`, secrets masked, at most 200 characters); undefined when the runtime does not show it (browsers). */
  readonly location: string | undefined;
  constructor(message: string, details: WandbErrorDetails & { location?: string | undefined } = {}) {
    super(message, details);
    this.location = details.location;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), location: this.location };
  }
}
