/** Thrown by the store when a request would break an invariant; the resolvers turn it into a GraphQL error. */
export class StoreError extends Error {
  constructor(
    readonly code: 'CONFLICT' | 'NOT_FOUND' | 'BAD_USER_INPUT',
    message: string,
  ) {
    super(message);
  }
}
