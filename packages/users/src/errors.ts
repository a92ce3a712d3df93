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
   * The underlying error (such as the socket error under a {@link NetworkError}), exposed as the
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

/**
 * Bad input or options: found before any request was sent (`attempts` 0,
 * `argument` names the culprit), or refused by the server as invalid (its
 * GraphQL error code `BAD_USER_INPUT`, e.g. a team role the instance does not
 * know; `argument` undefined, `graphQLErrors` say what the server said).
 */
export class ValidationError extends WandbError {
  /**
   * The option, parameter or environment variable at fault, by the name the SDK gives it
   * (`baseUrl`, `apiKey`, `timeoutMs`, `email`, `WANDB_BASE_URL`, `NETRC`...), so that a tool can
   * name it in its own terms (a CLI flag); undefined when no single one is at fault.
   */
  readonly argument: string | undefined;

  constructor(message: string, details: WandbErrorDetails & { argument?: string | undefined } = {}) {
    super(message, details);
    this.argument = details.argument;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), argument: this.argument };
  }
}

/** No API key, or the server did not accept it (HTTP 401, or W&B's "relogin required"). */
export class AuthenticationError extends WandbError {}

/** The credentials are valid but may not do this (e.g. an admin-only operation as a non-admin). */
export class PermissionError extends WandbError {}

/** What the request names does not exist. */
export class NotFoundError extends WandbError {}

/** `user.deleteApiKey(name)` with a name that is not among `user.apiKeys`. */
export class ApiKeyNotFoundError extends NotFoundError {
  constructor(
    message: string,
    /** Listing names that do exist, to help pick the right one. */
    readonly available: readonly string[],
  ) {
    super(message);
  }
}

/** The request clashes with existing state (e.g. a user with that email already exists). */
export class ConflictError extends WandbError {}

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

/** No response: the connection failed, was reset, or DNS failed. */
export class NetworkError extends WandbError {
  /** The system error code when there is one (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`...). */
  readonly code: string | undefined;
  constructor(message: string, details: WandbErrorDetails & { code?: string | undefined } = {}) {
    super(message, details);
    this.code = details.code;
  }
}

/** No response within the time limit (`timeoutMs`). */
export class TimeoutError extends NetworkError {
  constructor(
    message: string,
    /** The time limit that ran out, in milliseconds. */
    readonly timeoutMs: number,
    details: WandbErrorDetails = {},
  ) {
    super(message, { ...details, code: 'ETIMEDOUT' });
  }
}

/** The caller's `AbortSignal` fired. */
export class AbortError extends NetworkError {}

/** The server answered with GraphQL errors that fit none of the classes above. */
export class GraphQLResponseError extends WandbError {}

/**
 * The server's GraphQL schema lacks a field the operation selects (it answered
 * `Cannot query field "x" on type "Y"`): it runs an older or newer W&B than the
 * schema this SDK was generated from. Retrying cannot help; `wandb-schema
 * check --against <url>` (package `@wandb-ts/schema`) lists every operation the
 * difference breaks.
 */
export class SchemaMismatchError extends GraphQLResponseError {
  /** The first missing field, as `Type.field` (e.g. `User.deletedAt`). */
  readonly field: string;
  /** Every missing field the server named, as `Type.field`. */
  readonly fields: readonly string[];

  constructor(message: string, details: WandbErrorDetails & { fields: readonly [string, ...string[]] }) {
    super(message, details);
    this.fields = details.fields;
    this.field = details.fields[0];
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), fields: this.fields };
  }
}

// What a failure says about the request's outcome, for the retry rules and for
// the methods that resolve an unknown outcome from the server's state. Here,
// next to the classes, rather than in retry.ts: the team and lifecycle code,
// loaded on first use, needs them too, and a module that only the start-up
// code and that lazy code share becomes a chunk of its own in apps' bundles
// (docs/performance.md, bundle).

// Failures that prove the request never reached a server: safe to resend even
// a mutation. Anything else (a reset, a timeout, a 502) may have come after the
// server did the work.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** The server provably did nothing with the request. */
export function provablyNotApplied(error: WandbError): boolean {
  if (error instanceof RateLimitError) return true;
  if (error instanceof NetworkError && !(error instanceof AbortError)) return NOT_SENT.has(error.code ?? '');
  // 503 with Retry-After is a server saying "not now", before doing anything.
  return error instanceof ServerError && error.status === 503 && error.retryAfterMs !== undefined;
}

/**
 * The request may or may not have been applied: only a look at the server
 * state can tell. An answer at a 4xx status is never ambiguous, whatever its
 * body: the server (or a proxy before it) refused the request.
 */
export function isAmbiguous(error: unknown): boolean {
  if (error instanceof AbortError) return false;
  if (error instanceof UnexpectedResponseError && error.status !== undefined && error.status >= 400 && error.status < 500) return false;
  if (error instanceof NetworkError || error instanceof UnexpectedResponseError) return !provablyNotApplied(error);
  return error instanceof ServerError && !provablyNotApplied(error);
}

/**
 * Failures that no retry and no look at the server's state can cure: the server
 * lacks a field the operation needs, or redirects GraphQL requests elsewhere.
 * Methods that fold failures into `null`/`false` throw these instead.
 */
export function cannotSucceed(error: WandbError): boolean {
  return error instanceof SchemaMismatchError || error instanceof RedirectError;
}

/**
 * The kind of seat an organization role takes on W&B: `full` for `admin` and
 * `member`, `viewOnly` for `viewer`. W&B's API sets the seat through the role
 * only (its organization mutations take a role and no seat).
 */
export type SeatType = 'full' | 'viewOnly';

// Refusals of the organization changes that a caller must tell apart from a
// plain `false` (organization-ops.ts). Here, with the other classes, rather
// than in files of their own: a module that the start-up code and the
// organization code share becomes a chunk of its own in apps' bundles, which
// grows what they load at start (tools/size-budget.json).

/**
 * W&B refused to add, invite or change the role of someone because the
 * organization has no seat of the kind the role needs left: every full seat,
 * or every view-only seat (viewers take those), is taken by a member or held
 * by a pending invitation. The numbers are the organization's as read right
 * after the refusal. Free a seat (remove someone, withdraw an invitation, make
 * someone a viewer) or buy more; sending again cannot help.
 */
export class SeatLimitError extends ConflictError {
  /** The organization's name. */
  readonly organization: string;
  /** The kind of seat that is missing. */
  readonly seatType: SeatType;
  /** Seats of that kind the organization has. */
  readonly total: number;
  /** Seats of that kind taken, by members and pending invitations. */
  readonly used: number;

  constructor(message: string, details: WandbErrorDetails & { organization: string; seatType: SeatType; total: number; used: number }) {
    super(message, details);
    this.organization = details.organization;
    this.seatType = details.seatType;
    this.total = details.total;
    this.used = details.used;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), organization: this.organization, seatType: this.seatType, total: this.total, used: this.used };
  }
}

/**
 * The change would leave the organization without an admin: removing its last
 * admin, or giving them another role. W&B asks for at least one admin at all
 * times, and warns that automated deprovisioning can remove the last one, so
 * the SDK refuses before sending when the organization's members show it, and
 * says so when W&B refuses it. Make another member admin first.
 */
export class LastOrganizationAdminError extends ConflictError {
  /** The organization's name. */
  readonly organization: string;
  /** The username of its last admin. */
  readonly username: string;

  constructor(message: string, details: WandbErrorDetails & { organization: string; username: string }) {
    super(message, details);
    this.organization = details.organization;
    this.username = details.username;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), organization: this.organization, username: this.username };
  }
}

/**
 * `api.organization()` was given no name, and the key's user belongs to more
 * than one organization: which one is meant cannot be guessed. `organizations`
 * lists their names; pass one of them.
 */
export class OrganizationChoiceError extends ValidationError {
  /** The names of the organizations the key's user belongs to. */
  readonly organizations: readonly string[];

  constructor(message: string, details: WandbErrorDetails & { organizations: readonly string[] }) {
    super(message, { ...details, argument: 'name' });
    this.organizations = details.organizations;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), organizations: this.organizations };
  }
}
