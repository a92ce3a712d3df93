import { WandbError, type WandbErrorDetails } from './wandb-error.js';

// What the server answered instead of doing the request: the credentials, the
// rights, the thing named, the state, or the document itself was refused.
// A refusal is an answer, so it is never retried.

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

/** The server answered with GraphQL errors that fit none of the other classes. */
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
