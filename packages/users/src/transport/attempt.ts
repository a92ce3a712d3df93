/**
 * One HTTP exchange of a call (a retry is another), as the part of the
 * transport that graphql-request calls back sees it: its fetch finds it by the
 * exchange's AbortSignal (every exchange has its own), and the error mapping
 * reads what the fetch recorded.
 */
export interface Attempt {
  /** The operation's name for messages (`anonymous operation` when it has none). */
  readonly operation: string;
  /** The GraphQL endpoint. */
  readonly url: string;
  /** The response, once its status and headers have arrived. */
  response: Response | undefined;
}
