import type { GraphQLErrorInfo, WandbError, WandbErrorDetails } from './errors.js';
import type { GraphQLResult } from './graphql-client.js';

/**
 * `classifyGraphQLErrors` (classify.ts) for the code loaded on first use
 * (team-lazy.ts), taken from the module the transport loads with the first
 * request (transport-lazy.ts), which is loaded already once an answer has
 * come. Imported directly, classify.ts would be shared by the two lazy
 * modules and become a chunk of its own in bundles, compressed alone
 * (docs/performance.md, bundle).
 */
export async function classifyErrors(errors: readonly GraphQLErrorInfo[], details: WandbErrorDetails): Promise<WandbError> {
  const { classifyGraphQLErrors } = await import('./transport-lazy.js');
  return classifyGraphQLErrors(errors, details);
}

/**
 * The typed error for the GraphQL errors of an answer of `operation` (which
 * has some): the error the same errors would be thrown as at a 4xx status,
 * with the answer's status, partial data and request count.
 */
export function errorOfResult(result: GraphQLResult<unknown>, operation: string, url: string): Promise<WandbError> {
  return classifyErrors(result.errors, { operation, url, status: result.status, data: result.data, attempts: result.attempts });
}
