import type { TypedDocument } from './documents.js';
import type { UserFragment } from '../generated/operations.js';
import type { CallOptions, GraphQLResult } from './transport.js';

/** Options of the methods that page through users. */
export interface UsersOptions extends CallOptions {
  /** How many users to ask for per request; the server may return fewer. Default 50. */
  pageSize?: number;
}

/**
 * What a model ({@link User}, and any model that wraps what the server
 * returned) needs from the {@link Api} that loaded it: send typed documents
 * with the Api's credentials and error handling, know whose key it is, page
 * through users, and name the endpoint in its own errors. `Api` implements it;
 * models depend on this, not on `Api`, so that they can be built on any
 * client that does the same (a test double, a client with other credentials).
 */
export interface ModelClient {
  /** The GraphQL endpoint, for models' own errors. */
  readonly graphqlUrl: string;
  /** Sends a typed document; GraphQL errors are thrown as typed errors (see `Api.request`). */
  request<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocument<TData, TVariables>,
    variables: TVariables,
    options?: CallOptions,
  ): Promise<TData>;
  /** Sends a typed document; GraphQL errors come back next to the data (see `Api.execute`). */
  execute<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocument<TData, TVariables>,
    variables: TVariables,
    options?: CallOptions,
  ): Promise<GraphQLResult<TData>>;
  /**
   * The ID of the user the key belongs to (the viewer), asked of the server
   * when first needed and then remembered; concurrent callers share one request.
   */
  viewerId(options?: CallOptions): Promise<string>;
  /** The attributes of every user whose username, email or name matches `query`, page by page. */
  searchUsers(query: string, options?: UsersOptions): AsyncGenerator<UserFragment, void, undefined>;
}
