/**
 * Typed W&B user and API-key management: {@link Api} (authenticated with one
 * API key) and the {@link User}s it returns, with a typed error class for every
 * way a call can fail ({@link WandbError} and its subclasses). No API key or
 * generated secret ever appears in a message, a log line or `JSON.stringify`.
 *
 * The typed GraphQL documents behind these methods are in
 * `@wandb-ts/users/graphql`, for use with any GraphQL client.
 *
 * @module @wandb-ts/users
 */
export { Api } from './api.js';
export type { ApiOptions, UsersOptions } from './api.js';
export { User } from './user.js';
export type { CallOptions, GraphQLResult, Logger } from './transport.js';
export type { TypedDocument } from './documents.js';
export type { RetryOptions } from './retry.js';
export { USER_AGENT } from './transport.js';
export {
  AbortError,
  ApiKeyNotFoundError,
  AuthenticationError,
  ConflictError,
  GraphQLResponseError,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  SchemaMismatchError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
  WandbError,
} from './errors.js';
export type { GraphQLErrorInfo, WandbErrorDetails } from './errors.js';
export { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, resolveCredentials } from './config.js';
export type { CredentialOptions, Credentials } from './config.js';
export { VERSION } from './version.js';
