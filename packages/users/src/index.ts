export { Api } from './api';
export type { ApiOptions, UsersOptions } from './api';
export { User } from './user';
export type { CallOptions, GraphQLResult, Logger } from './transport';
export type { TypedDocument } from './documents';
export type { RetryOptions } from './retry';
export { USER_AGENT } from './transport';
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
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
  WandbError,
} from './errors';
export type { GraphQLErrorInfo, WandbErrorDetails } from './errors';
export { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS } from './config';
export { VERSION } from './version';
