import type { GraphQLSchema } from 'graphql';
import { loadSchemaFile } from './load.js';
import { type IntrospectOptions, introspectSchema } from './pull.js';

/** How {@link loadSchema} talks to a server when given a URL: {@link IntrospectOptions} without the endpoint (the URL is the endpoint). */
export type RemoteOptions = Omit<IntrospectOptions, 'endpoint'>;

/** Whether a schema argument names a server rather than a file. */
export function isUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec.trim());
}

/** A schema from a file (SDL or introspection JSON) or, for an http(s) URL, from the server by introspection. */
export function loadSchema(spec: string, remote: RemoteOptions = {}): Promise<GraphQLSchema> {
  return isUrl(spec) ? introspectSchema({ ...remote, endpoint: spec }) : Promise.resolve().then(() => loadSchemaFile(spec));
}
