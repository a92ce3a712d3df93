// What the transport needs once it sends, as one module that transport.ts
// loads with import() on the first request: the client on graphql-request
// (with the parts of graphql-js it imports), the retry loop, and the mapping
// of GraphQL errors to typed errors. The SDK's start-up, and the first chunk
// of a browser bundle, carry none of it (docs/performance.md). One module, so
// that a bundle gets one lazy chunk for it.
export { classifyGraphQLErrors } from './classify.js';
export { createSend } from './graphql-client.js';
export { sendWithRetries } from './retry-loop.js';
