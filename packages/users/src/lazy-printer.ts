// graphql-js's printer, loaded with import() by documents.ts when an AST is
// first sent. From the package's main entry, as graphql-request imports it, so
// Node loads one copy of graphql-js and bundlers share one chunk; named here so
// that bundlers keep only the printer of it.
export { print } from 'graphql';
