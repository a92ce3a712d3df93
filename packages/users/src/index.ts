export { Api } from './api.js';
export type { ApiOptions, UsersOptions } from './api.js';
export { User } from './user.js';
export type { CallOptions, GraphQLResult, Logger } from './transport.js';
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
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
  WandbError,
} from './errors.js';
export type { GraphQLErrorInfo, WandbErrorDetails } from './errors.js';
export { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS } from './config.js';
export { VERSION } from './version.js';
