import type { GraphQLErrorInfo, WandbError, WandbErrorDetails } from './errors.js';

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
