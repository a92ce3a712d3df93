/**
 * A schema loader for GraphQL Code Generator that reads the W&B schema
 * snapshot of `@wandb-ts/schema` (or any SDL file a package exports) through
 * Node's module resolution, so a `codegen.yml` names the snapshot by its
 * package export instead of a `node_modules` path.
 *
 * Why a loader: codegen reads a `schema:` pointer as a path relative to the
 * working directory, so a package specifier fails there, and YAML has no
 * `require.resolve`. Codegen resolves a custom loader as a module from the
 * working directory, which works in YAML and TypeScript configs alike.
 *
 * @module @wandb-ts/schema/codegen-loader
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type DocumentNode, parse, Source } from 'graphql';
import { SchemaSourceError } from './errors.js';

/** What GraphQL Code Generator passes a schema loader that this loader reads. */
export interface CodegenLoaderOptions {
  /** The directory the pointer is resolved from. Default: `process.cwd()` (codegen passes its own `cwd`). */
  cwd?: string;
}

const SDL_FILE = /\.(graphqls?|gql)$/;

/**
 * A schema loader for GraphQL Code Generator: resolves `pointer`, a package
 * specifier of an SDL file such as `@wandb-ts/schema/wandb.graphql`, the way
 * Node resolves modules from `options.cwd` (through the package's `exports`,
 * wherever npm installed it), and returns the parsed SDL.
 *
 * In codegen.yml:
 *
 * ```yaml
 * schema:
 *   - '@wandb-ts/schema/wandb.graphql':
 *       loader: '@wandb-ts/schema/codegen-loader'
 * ```
 *
 * Throws `SchemaSourceError` when the pointer does not resolve, is not a
 * `.graphql`/`.graphqls`/`.gql` file, cannot be read, or does not parse;
 * codegen reports the message as the reason the schema failed to load.
 */
export function codegenLoader(pointer: string, options: CodegenLoaderOptions = {}): DocumentNode {
  const cwd = options.cwd ?? process.cwd();
  let path: string;
  try {
    path = createRequire(join(cwd, 'package.json')).resolve(pointer);
  } catch (error) {
    throw new SchemaSourceError(
      `${pointer} cannot be resolved from ${cwd} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ` +
        'install the package that exports it (npm install --save-dev @wandb-ts/schema) or run codegen from your package directory',
      pointer,
      { cause: error },
    );
  }
  if (!SDL_FILE.test(path)) throw new SchemaSourceError(`${pointer} resolves to ${path}, which is not an SDL file (.graphql, .graphqls or .gql)`, pointer);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SchemaSourceError(`cannot read ${path} (${pointer}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, pointer, {
      cause: error,
    });
  }
  try {
    return parse(new Source(text, path));
  } catch (error) {
    throw new SchemaSourceError(`${path} (${pointer}) does not parse: ${(error as Error).message}`, pointer, { cause: error });
  }
}

// Codegen takes a loader module's default export (or the module itself, if a function).
export default codegenLoader;
