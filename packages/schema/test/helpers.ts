import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ASTNode,
  buildASTSchema,
  type GraphQLSchema,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  Kind,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  parse,
  parseType,
  print,
  visit,
} from 'graphql';
import { main } from '../src/cli';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const SNAPSHOT_FILE = join(REPO_ROOT, 'schema', 'wandb.graphql');
export const SNAPSHOT_SDL = readFileSync(SNAPSHOT_FILE, 'utf8');
export const CLI = join(__dirname, '..', 'dist', 'cjs', 'cli.js');
export const SDK_DOCUMENTS = join(REPO_ROOT, 'packages', 'users', 'src', 'graphql');

/**
 * How many operations the SDK's documents hold and in how many files, as
 * `wandb-schema check` reports what it checked: read from the files, so that an
 * operation added to the SDK does not change what these tests mean.
 */
export function sdkDocumentCounts(): { operations: number; files: number } {
  const files = readdirSync(SDK_DOCUMENTS).filter((name) => name.endsWith('.graphql'));
  const operations = files
    .flatMap((name) => parse(readFileSync(join(SDK_DOCUMENTS, name), 'utf8')).definitions)
    .filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return { operations: operations.length, files: files.length };
}

// Schema pairs are the snapshot with one real edit, made on the AST so an
// edit that does not apply fails loudly instead of silently changing nothing.

type Edit = (document: DocumentNode) => DocumentNode;

function editFields(typeName: string, change: (fields: readonly FieldDefinitionNode[]) => readonly FieldDefinitionNode[]): Edit {
  return (document) => {
    let applied = false;
    const onType = (node: ObjectTypeDefinitionNode | ObjectTypeExtensionNode) => {
      if (node.name.value !== typeName || !node.fields) return undefined;
      const fields = change(node.fields);
      applied ||= fields !== node.fields;
      return { ...node, fields };
    };
    const out = visit(document, { ObjectTypeDefinition: onType, ObjectTypeExtension: onType });
    if (!applied) throw new Error(`edit did not apply to type ${typeName}`);
    return out;
  };
}

function editField(typeName: string, fieldName: string, change: (field: FieldDefinitionNode) => FieldDefinitionNode): Edit {
  return editFields(typeName, (fields) => {
    if (!fields.some((f) => f.name.value === fieldName)) return fields;
    return fields.map((f) => (f.name.value === fieldName ? change(f) : f));
  });
}

export const removeField = (typeName: string, fieldName: string): Edit =>
  editFields(typeName, (fields) => (fields.some((f) => f.name.value === fieldName) ? fields.filter((f) => f.name.value !== fieldName) : fields));

export const setFieldType = (typeName: string, fieldName: string, type: string): Edit =>
  editField(typeName, fieldName, (field) => ({ ...field, type: parseType(type) }));

/** `argument` in SDL, e.g. `flavor: String!`. */
export const addArgument = (typeName: string, fieldName: string, argument: string): Edit =>
  editField(typeName, fieldName, (field) => ({ ...field, arguments: [...(field.arguments ?? []), inputValue(argument)] }));

export const setArgumentType = (typeName: string, fieldName: string, argumentName: string, type: string): Edit =>
  editField(typeName, fieldName, (field) => {
    if (!field.arguments?.some((a) => a.name.value === argumentName)) throw new Error(`${typeName}.${fieldName} has no argument ${argumentName}`);
    return { ...field, arguments: field.arguments.map((a) => (a.name.value === argumentName ? { ...a, type: parseType(type) } : a)) };
  });

export const deprecateField = (typeName: string, fieldName: string, reason: string): Edit =>
  editField(typeName, fieldName, (field) => ({
    ...field,
    directives: [...(field.directives ?? []), directive(`@deprecated(reason: ${JSON.stringify(reason)})`)],
  }));

export const addEnumValue =
  (enumName: string, value: string): Edit =>
  (document) => {
    let applied = false;
    const out = visit(document, {
      EnumTypeDefinition(node) {
        if (node.name.value !== enumName) return undefined;
        applied = true;
        return { ...node, values: [...(node.values ?? []), { kind: Kind.ENUM_VALUE_DEFINITION, name: { kind: Kind.NAME, value } }] };
      },
    });
    if (!applied) throw new Error(`no enum ${enumName}`);
    return out;
  };

/** Renames an object or input type and every reference to it, as a server that renamed it would present it. */
export const renameType =
  (from: string, to: string): Edit =>
  (document) => {
    let applied = false;
    const rename = (node: ASTNode & { name: { value: string } }) => {
      if (node.name.value !== from) return undefined;
      applied = true;
      return { ...node, name: { ...node.name, value: to } };
    };
    const out = visit(document, { ObjectTypeDefinition: rename, ObjectTypeExtension: rename, InputObjectTypeDefinition: rename, NamedType: rename });
    if (!applied) throw new Error(`no type ${from}`);
    return out;
  };

function directive(sdl: string): ConstDirectiveNode {
  const document = parse(`type T { f: Int ${sdl} }`);
  return (document.definitions[0] as ObjectTypeDefinitionNode).fields![0]!.directives![0]!;
}

function inputValue(sdl: string): InputValueDefinitionNode {
  const document = parse(`type T { f(${sdl}): Int }`);
  const type = document.definitions[0] as ObjectTypeDefinitionNode;
  return type.fields![0]!.arguments![0]!;
}

let snapshotDocument: DocumentNode | undefined;

function editedSnapshot(edits: readonly Edit[]): DocumentNode {
  // Edits return new nodes (graphql's visit never mutates), so the parsed snapshot can be shared.
  snapshotDocument ??= parse(SNAPSHOT_SDL, { noLocation: true });
  return edits.reduce((document, edit) => edit(document), snapshotDocument);
}

/** The snapshot with the edits applied, as SDL. */
export function snapshotWith(...edits: Edit[]): string {
  return print(editedSnapshot(edits));
}

/** The snapshot with the edits applied, built (the edits keep it valid; skipping SDL validation keeps tests quick). */
export function snapshotSchemaWith(...edits: Edit[]): GraphQLSchema {
  return buildASTSchema(editedSnapshot(edits), { assumeValidSDL: true });
}

const tempDirs: string[] = [];
// Registered for every test file that imports these helpers.
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wandb-schema-test-'));
  tempDirs.push(dir);
  return dir;
}

/** Writes `text` to `name` in a fresh temporary directory and returns the path. */
export function tempFile(name: string, text: string, dir = tempDir()): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The directory in-process runs work in, how many are running there, and the directory to go back to. */
const inProcess = { cwd: '', runs: 0, back: '' };

/**
 * Runs `wandb-schema` (`main` of src/cli.ts, what the bin runs) in this
 * process, in `cwd`; undefined when another in-process run works in another
 * directory. NETRC, unless given, names the .netrc of the run's HOME, as a
 * child process with that HOME would look for it (this process's own home
 * must never be read).
 */
async function runHere(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult | undefined> {
  if (inProcess.runs > 0 && inProcess.cwd !== cwd) return undefined;
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (text: string) => {
      stdout += text;
    },
    stderr: (text: string) => {
      stderr += text;
    },
    env: { NETRC: join(env.HOME!, '.netrc'), ...env },
  };
  if (inProcess.runs++ === 0) {
    inProcess.back = process.cwd();
    process.chdir(cwd);
    inProcess.cwd = cwd;
  }
  try {
    const code = await main(args, io);
    return { code, stdout, stderr };
  } finally {
    if (--inProcess.runs === 0) process.chdir(inProcess.back);
  }
}

/**
 * Runs `wandb-schema`. The environment is empty apart from PATH and what the
 * test passes, and HOME points to an empty directory, so no real ~/.netrc or
 * WANDB_API_KEY can leak in. It runs in this process (a child process costs
 * about a second of CPU to load the schema tooling again); `subprocess: true`
 * runs the built bin in a child process instead.
 */
export async function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; subprocess?: boolean } = {}): Promise<CliResult> {
  const env = { PATH: process.env.PATH, HOME: tempDir(), ...options.env };
  const cwd = options.cwd ?? REPO_ROOT;
  const here = options.subprocess ? undefined : await runHere(args, cwd, env);
  if (here) return here;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Runs `wandb-schema` in this process (faster than {@link runCli}; for tests
 * that need no process boundary), with `env` as its whole environment and
 * `cwd` as the working directory while it runs.
 */
export async function runInProcess(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const previous = process.cwd();
  if (options.cwd) process.chdir(options.cwd);
  try {
    const code = await main(args, {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      env: options.env ?? {},
    });
    return { code, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}

/** 1-based number of the first line of `file` that contains `text` (after the first line containing `after`, if given). */
export function lineOf(file: string, text: string, after?: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = after === undefined ? 0 : lines.findIndex((line) => line.includes(after));
  const index = start < 0 ? -1 : lines.findIndex((line, i) => i >= start && line.includes(text));
  if (index < 0) throw new Error(`${text} not in ${file}`);
  return index + 1;
}
