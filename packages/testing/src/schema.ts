import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertValidSchema, buildASTSchema, buildSchema, type DocumentNode, type GraphQLSchema, parse } from 'graphql';
import { findPackageDir } from './package-dir.cjs';

/** Path of the W&B schema snapshot this package serves (a build-time copy of the repository's `schema/wandb.graphql`). */
export const WANDB_SCHEMA_PATH = join(findPackageDir(), 'schema', 'wandb.graphql');

/** The same snapshot parsed at build time (scripts/copy-schema.mjs); test/schema.test.ts keeps it equal to the SDL's parse. */
const WANDB_SCHEMA_AST_PATH = join(findPackageDir(), 'schema', 'wandb.ast.json');

let cached: GraphQLSchema | undefined;

/** The parsed snapshot: from the build's JSON (a fraction of the parse time), else by parsing the SDL. */
function parsedSnapshot(): DocumentNode {
  try {
    return JSON.parse(readFileSync(WANDB_SCHEMA_AST_PATH, 'utf8')) as DocumentNode;
  } catch {
    return parse(readFileSync(WANDB_SCHEMA_PATH, 'utf8'), { noLocation: true });
  }
}

/**
 * The W&B schema, built once per process and shared by every server started in
 * it: building the 600-type schema is most of a cold start, so later servers
 * start in about a millisecond.
 *
 * Validation of the SDL is skipped here because test/schema.test.ts proves the
 * snapshot valid once, instead of every process paying for it on start.
 */
export function loadWandbSchema(): GraphQLSchema {
  cached ??= buildASTSchema(parsedSnapshot(), { assumeValid: true, assumeValidSDL: true });
  return cached;
}

/**
 * A schema to serve instead of the snapshot (e.g. the snapshot without a field,
 * as an older W&B server would have it), checked so a broken test schema fails
 * at start-up with graphql-js's message rather than on the first request.
 */
export function servedSchema(schema: string | GraphQLSchema): GraphQLSchema {
  const built = typeof schema === 'string' ? buildSchema(schema) : schema;
  assertValidSchema(built);
  return built;
}
