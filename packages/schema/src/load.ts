import { buildASTSchema, buildClientSchema, GraphQLError, type GraphQLSchema, type IntrospectionQuery, parse, Source, validateSchema } from 'graphql';
// Not re-exported by the graphql package root, but public in graphql 16: the SDL
// checks buildASTSchema runs, returning located errors instead of one joined message.
import { validateSDL } from 'graphql/validation/validate.js';
import { SchemaSourceError } from './errors.js';
import { DEFAULT_MAX_FILE_BYTES, readTextFile, TextFileError } from './read-text.js';

const MAX_LISTED_ERRORS = 5;

function located(error: unknown, fallbackSource: string): string {
  if (error instanceof GraphQLError) {
    const where = error.locations?.[0];
    const file = error.source?.name ?? fallbackSource;
    return where ? `${file}:${where.line}:${where.column}: ${error.message}` : `${file}: ${error.message}`;
  }
  return `${fallbackSource}: ${error instanceof Error ? error.message : String(error)}`;
}

function refuse(errors: readonly GraphQLError[], source: string): never {
  const shown = errors.slice(0, MAX_LISTED_ERRORS).map((e) => located(e, source));
  if (errors.length > MAX_LISTED_ERRORS) shown.push(`... and ${errors.length - MAX_LISTED_ERRORS} more`);
  throw new SchemaSourceError(`${source} is not a valid GraphQL schema:`, source, { details: shown });
}

function checkValid(schema: GraphQLSchema, source: string): GraphQLSchema {
  const errors = validateSchema(schema);
  if (errors.length > 0) refuse(errors, source);
  return schema;
}

function fromIntrospection(text: string, source: string): GraphQLSchema {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SchemaSourceError(`${source} looks like JSON but does not parse: ${(error as Error).message}`, source, { cause: error });
  }
  // Accept both a raw introspection result and the `{ data: ... }` envelope a server answers with.
  const envelope = json as { data?: unknown; __schema?: unknown } | null;
  const result = (envelope && typeof envelope === 'object' && 'data' in envelope ? envelope.data : envelope) as { __schema?: unknown } | null;
  if (!result || typeof result !== 'object' || !result.__schema || typeof result.__schema !== 'object') {
    throw new SchemaSourceError(`${source} is JSON but not an introspection result (expected "__schema" or "data.__schema")`, source);
  }
  try {
    return checkValid(buildClientSchema(result as IntrospectionQuery), source);
  } catch (error) {
    if (error instanceof SchemaSourceError) throw error;
    throw new SchemaSourceError(`${source} is not a usable introspection result: ${(error as Error).message}`, source, { cause: error });
  }
}

function fromSdl(text: string, source: string): GraphQLSchema {
  try {
    const document = parse(new Source(text, source));
    const errors = validateSDL(document);
    if (errors.length > 0) refuse(errors, source);
    return checkValid(buildASTSchema(document, { assumeValidSDL: true }), source);
  } catch (error) {
    if (error instanceof SchemaSourceError) throw error;
    throw new SchemaSourceError(`${source} is not a valid GraphQL schema: ${located(error, source)}`, source, { cause: error });
  }
}

/**
 * A schema from text: SDL, or an introspection result as JSON (raw or inside
 * `{ "data": ... }`). `source` names the text in error messages.
 */
export function schemaFromText(text: string, source: string): GraphQLSchema {
  if (text.trim() === '') throw new SchemaSourceError(`${source} is empty; expected GraphQL SDL or an introspection result (JSON)`, source);
  return text.trimStart().startsWith('{') ? fromIntrospection(text, source) : fromSdl(text, source);
}

/** Options of {@link loadSchemaFile}. */
export interface SchemaFileOptions {
  /** The largest file read, in bytes. Default 64 MiB (`DEFAULT_MAX_FILE_BYTES`); `--max-input-mib` in the CLI. */
  maxFileBytes?: number;
}

/**
 * A schema from a file of SDL or introspection JSON, validated. The file is
 * read as UTF-8 text to a size limit: `/dev/zero`, a binary file or a file
 * larger than the limit is refused with `SchemaSourceError` before it fills memory.
 */
export function loadSchemaFile(path: string, options: SchemaFileOptions = {}): GraphQLSchema {
  let text: string;
  try {
    text = readTextFile(path, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  } catch (error) {
    if (!(error instanceof TextFileError)) throw error;
    const hint = error.code === 'too-large' ? ' (raise it with --max-input-mib N, or the maxFileBytes option)' : '';
    throw new SchemaSourceError(`cannot read the schema file ${path}: ${error.message}${hint}`, path, { cause: error });
  }
  return schemaFromText(text, path);
}
