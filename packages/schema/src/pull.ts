import { buildClientSchema, getIntrospectionQuery, type GraphQLSchema, type IntrospectionQuery, parse } from 'graphql';
import { IntrospectionDisabledError, SchemaSourceError } from './errors.js';
import { serverMessage } from './printable.js';
import { remoteApi, type ServerOptions } from './remote-api.js';

/** Which W&B server {@link introspectSchema} asks, and how (the same settings as `@wandb-ts/users`' `Api`). */
export type IntrospectOptions = ServerOptions;

// The default query (no optional introspection features) is the one older self-hosted servers answer.
const INTROSPECTION = parse(getIntrospectionQuery());

// What servers say when introspection is off: graphql-js's NoSchemaIntrospectionCustomRule
// ("GraphQL introspection has been disabled"), Apollo ("introspection is not allowed"),
// gqlgen ("introspection disabled"). All name introspection or the __schema field.
const REFUSED = /introspection|__schema/i;

/** The first error, printable on one line, and how many more: a refusal repeats itself for every introspection field. */
function summarize(errors: readonly { message: string }[]): string {
  const [first, ...rest] = errors;
  return `${first ? serverMessage(first.message) : 'no message'}${rest.length > 0 ? ` (and ${rest.length} more errors)` : ''}`;
}

/**
 * The schema of a W&B server, by introspection, sent through `@wandb-ts/users`
 * (same authentication, headers, timeouts and secret-free errors as the SDK).
 * Throws `IntrospectionDisabledError` when the server refuses, and the SDK's
 * typed errors (`AuthenticationError`, `NetworkError`...) otherwise.
 */
export async function introspectSchema(options: IntrospectOptions): Promise<GraphQLSchema> {
  const api = remoteApi(options);
  // Servers refuse introspection at validation, with HTTP 400 (W&B) or 200: the SDK returns their errors either way.
  const { data, errors } = await api.execute<IntrospectionQuery, Record<string, never>>(INTROSPECTION, {});
  const refusals = errors.filter((e) => REFUSED.test(e.message));
  if (refusals.length > 0 || !data?.__schema) {
    throw new IntrospectionDisabledError(api.graphqlUrl, errors.length > 0 ? summarize(refusals.length > 0 ? refusals : errors) : 'no __schema in the answer');
  }
  try {
    return buildClientSchema(data);
  } catch (error) {
    // graphql-js quotes the names it refuses, as the server sent them: a "type name" may hold anything.
    throw new SchemaSourceError(
      `${api.graphqlUrl} answered introspection with something that is not a schema: ${serverMessage((error as Error).message)}`,
      api.graphqlUrl,
      { cause: error },
    );
  }
}
