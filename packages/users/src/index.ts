/**
 * Typed W&B user, API-key, team and organization management: {@link Api}
 * (authenticated with one API key) and the {@link User}s, {@link Team}s,
 * {@link Member}s and {@link Organization}s it returns, with a typed error class for every way a call can fail
 * ({@link WandbError} and its subclasses). No API key or generated secret ever
 * appears in a message, a log line or `JSON.stringify`.
 *
 * The typed GraphQL documents behind these methods are in
 * `@wandb-ts/users/graphql`, for use with any GraphQL client;
 * {@link wandbHeaders} gives the headers such a client must send.
 *
 * @module @wandb-ts/users
 */
export { Api, DEFAULT_MAX_RESPONSE_BYTES } from './api.js';
export type { ApiOptions, UsersOptions } from './api.js';
export type { ModelClient } from './model-client.js';
export { User } from './user.js';
export type { AccountType, UserCreator, UserOptions } from './user.js';
export { Team } from './team.js';
export type { CreateTeamOptions, InviteOptions, NewServiceAccount, TeamCreator } from './team.js';
export { Member } from './member.js';
// The organization classes as types only: a class exported from here stays in
// every app's start-up bundle (its `util.inspect` method's computed key counts
// as a side effect), and these load with the first `api.organization()` call.
export type {
  Organization,
  OrganizationInviteOptions,
  OrganizationMemberRef,
  OrganizationSeats,
  SeatCount,
  SeatType,
} from './organization.js';
export type { OrganizationMember } from './organization-member.js';
export type { OrganizationInvitation } from './organization-invitation.js';
export type { CallOptions, ChangeOptions, GraphQLResult, Logger } from './transport.js';
export type { TypedDocument } from './documents.js';
export type { RetryOptions } from './retry.js';
export { USER_AGENT, wandbHeaders } from './headers.js';
export {
  AbortError,
  ApiKeyNotFoundError,
  AuthenticationError,
  ConflictError,
  GraphQLResponseError,
  LastOrganizationAdminError,
  NetworkError,
  NotFoundError,
  OrganizationChoiceError,
  PermissionError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  SchemaMismatchError,
  SeatLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
  WandbError,
} from './errors.js';
export type { GraphQLErrorInfo, WandbErrorDetails } from './errors.js';
export { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, resolveCredentials } from './config.js';
export type { CredentialOptions, Credentials, Environment } from './config.js';
export { DEFAULT_MAX_CREDENTIALS_FILE_BYTES, readCredentialsFile } from './credentials-file.js';
export type { ReadCredentialsFileOptions } from './credentials-file.js';
export { isKeyShaped, REDACTED, redactText } from './redact.js';
export { VERSION } from './version.js';
