/**
 * The typed GraphQL documents of `@wandb-ts/users`, for any GraphQL client
 * (graphql-request, urql, Apollo...) or {@link @wandb-ts/users!Api.request}.
 *
 * Everything here is generated from the operations in the package's
 * `src/graphql/*.graphql` and the W&B schema snapshot, so the names follow one
 * scheme, for each operation `X` and fragment `F`:
 *
 * - `XDocument`: the operation as a `TypedDocumentNode`, which carries its
 *   result and variables types to the client;
 * - `XQuery` / `XMutation`: the shape of its `data`;
 * - `XQueryVariables` / `XMutationVariables`: its variables;
 * - `FFragment` and `FFragmentDoc`: a fragment's shape and document.
 *
 * The operations are the `.graphql` files of the package's `src/graphql/`
 * (published with it), each documented where it is written: who may call it
 * on W&B, and what its answer holds.
 *
 * @module @wandb-ts/users/graphql
 */

export * from './generated/graphql.js';
