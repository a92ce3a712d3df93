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
export type { ApiOptions, ServerInfo, ServerVersion, UsersOptions } from './api.js';
export type { ModelClient } from './transport/model-client.js';
export { User } from './users/user.js';
export type { AccountType, UserCreator, UserOptions } from './users/user.js';
export { Team } from './teams/team.js';
export type { CreateTeamOptions, InviteOptions, NewServiceAccount, TeamCreator } from './teams/team.js';
export { Member } from './teams/member.js';
// The organization classes as types only: Organizations come from
// `api.organization()`, never from a constructor, and a class exported as a
// value stays in every app's bundle that imports the package (its
// `util.inspect` method's computed key counts as a side effect).
export type {
  Organization,
  OrganizationInviteOptions,
  OrganizationMemberRef,
  OrganizationSeats,
  SeatCount,
  SeatType,
} from './organizations/organization.js';
export type { OrganizationMember } from './organizations/member.js';
export type { OrganizationInvitation } from './organizations/invitation.js';
export type { CallOptions, ChangeOptions, GraphQLResult, Logger } from './transport/transport.js';
export type { TypedDocument } from './transport/documents.js';
export type { RetryOptions } from './transport/retry.js';
export { USER_AGENT, wandbHeaders } from './transport/headers.js';
export { AbortError, NetworkError, TimeoutError } from './errors/network-errors.js';
export { LastOrganizationAdminError, OrganizationChoiceError, SeatLimitError } from './errors/organization-errors.js';
export {
  ApiKeyNotFoundError,
  AuthenticationError,
  ConflictError,
  GraphQLResponseError,
  NotFoundError,
  PermissionError,
  SchemaMismatchError,
} from './errors/refusals.js';
export { RateLimitError, RedirectError, ResponseTooLargeError, ServerError, UnexpectedResponseError } from './errors/response-errors.js';
export { ValidationError } from './errors/validation-error.js';
export { WandbError } from './errors/wandb-error.js';
export type { GraphQLErrorInfo, WandbErrorDetails } from './errors/wandb-error.js';
export { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, resolveCredentials } from './credentials/config.js';
export type { CredentialOptions, Credentials, Environment } from './credentials/config.js';
export { DEFAULT_MAX_CREDENTIALS_FILE_BYTES, readCredentialsFile } from './credentials/file.js';
export type { ReadCredentialsFileOptions } from './credentials/file.js';
export { isKeyShaped, REDACTED, redactText } from './errors/redact.js';
export { VERSION } from './version.js';
