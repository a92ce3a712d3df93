import type { GraphQLSchema } from 'graphql';
import { loadSchemaFile, type SchemaFileOptions } from './load.js';
import { type IntrospectOptions, introspectSchema } from './pull.js';

/**
 * How {@link loadSchema} reads: a server given by URL ({@link IntrospectOptions}
 * without the endpoint: the URL is the endpoint), or a file ({@link SchemaFileOptions}).
 */
export type RemoteOptions = Omit<IntrospectOptions, 'endpoint'> & SchemaFileOptions;

/** Whether a schema argument names a server rather than a file. */
export function isUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec.trim());
}

/** A schema from a file (SDL or introspection JSON) or, for an http(s) URL, from the server by introspection. */
export function loadSchema(spec: string, remote: RemoteOptions = {}): Promise<GraphQLSchema> {
  if (!isUrl(spec)) return Promise.resolve().then(() => loadSchemaFile(spec, remote));
  const { maxFileBytes: _files, ...server } = remote;
  return introspectSchema({ ...server, endpoint: spec });
}
