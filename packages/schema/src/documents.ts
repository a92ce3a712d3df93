import { relative, sep } from 'node:path';
import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  parse,
  Source,
  visit,
} from 'graphql';
import { DEFAULT_MAX_FILE_BYTES, readTextFile, TextFileError } from './read-text.js';
import { glob } from 'tinyglobby';
import { DocumentsError } from './errors.js';
import { usersPackageDir } from './package-paths.cjs';

/** An operation or a fragment: the definitions a document to check may contain (graphql-js AST nodes). */
export type ExecutableDefinition = OperationDefinitionNode | FragmentDefinitionNode;

/** The operation documents to check, merged into one document whose nodes remember their file and line. */
export interface DocumentSet {
  /** Paths as shown in reports (relative to the working directory, `/`-separated). */
  files: string[];
  /** Every operation and fragment of all the files, files in path order, each in file order. */
  definitions: ExecutableDefinition[];
  /** The same definitions as one document, ready for graphql-js `validate`. */
  document: DocumentNode;
}

/** Where {@link loadDocuments} looks for `.graphql` operation documents. */
export interface DocumentsLocation {
  /** Glob patterns (or plain paths), relative to `cwd` unless absolute. `node_modules` is skipped unless a pattern names it. */
  patterns: string[];
  /** The directory the patterns are relative to (the reported paths are relative to `process.cwd()`, not to this). */
  cwd: string;
}

/**
 * This SDK's own operations: the `.graphql` files that `@wandb-ts/users`
 * publishes in `src/graphql/`, wherever that package is installed (in this
 * repository, packages/users). They always match the generated code the
 * installed SDK sends, so no copy can go stale.
 */
export function sdkDocuments(): DocumentsLocation {
  return { cwd: usersPackageDir(), patterns: ['src/graphql/**/*.graphql'] };
}

function displayPath(path: string): string {
  return relative(process.cwd(), path).split(sep).join('/');
}

function where(node: { loc?: { source: Source; startToken: { line: number } } | undefined }): string {
  return node.loc ? `${node.loc.source.name}:${node.loc.startToken.line}` : 'unknown location';
}

/** `Name`, or `<anonymous query at file:line>`. */
export function definitionName(definition: ExecutableDefinition): string {
  return definition.name?.value ?? `<anonymous ${(definition as OperationDefinitionNode).operation} at ${where(definition)}>`;
}

function isBlank(text: string): boolean {
  return text.split(/\r?\n/).every((line) => /^\s*(#.*)?$/.test(line));
}

function parseFile(path: string, shown: string, maxFileBytes: number): DefinitionNode[] {
  let text: string;
  try {
    text = readTextFile(path, maxFileBytes);
  } catch (error) {
    if (!(error instanceof TextFileError)) throw error;
    const hint = error.code === 'too-large' ? ' (raise it with --max-input-mib N, or the maxFileBytes option)' : '';
    throw new DocumentsError(`cannot read ${shown}: ${error.message}${hint}`, { cause: error });
  }
  // A file of comments only (or nothing) defines nothing; that is not an error.
  if (isBlank(text)) return [];
  try {
    return [...parse(new Source(text, shown)).definitions];
  } catch (error) {
    const at = error instanceof GraphQLError && error.locations?.[0] ? `${shown}:${error.locations[0].line}:${error.locations[0].column}` : shown;
    throw new DocumentsError(`${at}: ${(error as Error).message}`, { cause: error });
  }
}

// Problems of the document set itself, whatever the schema: reported as
// unusable input (exit 2) rather than as schema drift.
function checkStructure(definitions: readonly DefinitionNode[]): ExecutableDefinition[] {
  const executable: ExecutableDefinition[] = [];
  const seen = new Map<string, DefinitionNode>();
  for (const definition of definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION) {
      throw new DocumentsError(
        `${where(definition)}: a schema definition (${definition.kind}) among the operation documents; ` +
          'point --documents at operations and fragments only (a schema file goes to --against or --baseline)',
      );
    }
    const name = definition.name?.value;
    if (name !== undefined) {
      const key = `${definition.kind}:${name}`;
      const first = seen.get(key);
      if (first) {
        const what = definition.kind === Kind.FRAGMENT_DEFINITION ? 'fragment' : 'operation';
        throw new DocumentsError(`${where(definition)}: the ${what} name ${name} is already used at ${where(first)}`);
      }
      seen.set(key, definition);
    }
    executable.push(definition);
  }
  const fragments = new Set(executable.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => d.name.value));
  for (const definition of executable) {
    visit(definition, {
      FragmentSpread(spread) {
        if (!fragments.has(spread.name.value)) {
          throw new DocumentsError(`${where(spread)}: the fragment ${spread.name.value} is used but defined in none of the documents`);
        }
      },
    });
  }
  return executable;
}

/** Options of {@link loadDocuments}. */
export interface DocumentsOptions {
  /** The largest file read, in bytes. Default 64 MiB (`DEFAULT_MAX_FILE_BYTES`); `--max-input-mib` in the CLI. */
  maxFileBytes?: number;
}

/**
 * Reads and parses every file the patterns match, each as UTF-8 text to a
 * size limit. Throws `DocumentsError` when nothing matches, a file cannot be
 * read (too large, binary, not UTF-8) or does not parse, or the set is
 * inconsistent (schema definitions, duplicate names, undefined fragments).
 */
export async function loadDocuments(location: DocumentsLocation, options: DocumentsOptions = {}): Promise<DocumentSet> {
  const ignore = location.patterns.some((p) => p.includes('node_modules')) ? [] : ['**/node_modules/**'];
  const paths = (await glob(location.patterns, { cwd: location.cwd, absolute: true, onlyFiles: true, ignore })).sort();
  if (paths.length === 0) {
    throw new DocumentsError(
      `no operation documents match ${location.patterns.map((p) => JSON.stringify(p)).join(', ')} (in ${displayPath(location.cwd) || '.'})`,
    );
  }
  const files = paths.map(displayPath);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const definitions = checkStructure(paths.flatMap((path, i) => parseFile(path, files[i] ?? path, maxFileBytes)));
  if (!definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION)) {
    throw new DocumentsError(`the documents (${files.join(', ')}) define no operation`);
  }
  return { files, definitions, document: { kind: Kind.DOCUMENT, definitions } };
}
