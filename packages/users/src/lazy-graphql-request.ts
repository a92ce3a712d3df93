// The one place the SDK imports graphql-request. transport.ts loads this module
// with import() on the first request; naming the export here, not taking the
// whole namespace, lets bundlers drop the rest of graphql-request and of the
// graphql-js it imports from that lazily loaded chunk.
export { GraphQLClient } from 'graphql-request';
