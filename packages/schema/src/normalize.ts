import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';

/**
 * The schema as SDL in a canonical form: types, fields, arguments and enum
 * values sorted by name, extensions merged into their types, one trailing
 * newline. The same schema always prints the same text, whatever order or
 * format (SDL or introspection) it arrived in, so snapshot diffs show only
 * real changes.
 */
export function normalizeSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
