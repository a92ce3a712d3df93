// `@wandb-ts/users/graphql`: the typed documents and their result/variables
// types, for use with any GraphQL client (graphql-request, urql, Apollo...).
export * from './generated/graphql.js';
