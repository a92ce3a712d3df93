import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildASTSchema, print } from 'graphql';
import codegenLoaderDefault, { codegenLoader } from '../src/codegen-loader';
import { SchemaSourceError, SNAPSHOT_PATH, SNAPSHOT_SPECIFIER } from '../src';
import { REPO_ROOT, SNAPSHOT_SDL } from './helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codegen-loader-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('is the default export, as GraphQL Code Generator loads a custom loader', () => {
  expect(codegenLoaderDefault).toBe(codegenLoader);
});

test('resolves the package export of the snapshot from cwd and returns its parsed SDL', () => {
  const document = codegenLoader(SNAPSHOT_SPECIFIER, { cwd: REPO_ROOT });
  expect(document.loc?.source.name).toBe(SNAPSHOT_PATH);
  expect(buildASTSchema(document).getType('User')).toBeDefined();
  expect(document.loc?.source.body).toBe(SNAPSHOT_SDL);
});

test('resolves from the cwd it is given, wherever the package is installed, not from its own location', () => {
  // A project whose node_modules holds its own package exporting an SDL file.
  const pkg = join(dir, 'node_modules', '@acme', 'schema');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@acme/schema', exports: { './api.graphql': './api.graphql' } }));
  writeFileSync(join(pkg, 'api.graphql'), 'type Query { hello: String }\n');
  expect(print(codegenLoader('@acme/schema/api.graphql', { cwd: dir }))).toBe('type Query {\n  hello: String\n}');
  expect(() => codegenLoader('@acme/schema/api.graphql', { cwd: REPO_ROOT })).toThrow(SchemaSourceError);
});

test('a specifier that does not resolve says what, from where, and what to install', () => {
  expect(() => codegenLoader(SNAPSHOT_SPECIFIER, { cwd: dir })).toThrow(
    `${SNAPSHOT_SPECIFIER} cannot be resolved from ${dir} (MODULE_NOT_FOUND); install the package that exports it (npm install --save-dev @wandb-ts/schema)`,
  );
});

test('refuses a file that is not SDL, and SDL that does not parse, naming the file', () => {
  const pkg = join(dir, 'node_modules', 'bad');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'bad' }));
  writeFileSync(join(pkg, 'index.js'), 'module.exports = 1;\n');
  writeFileSync(join(pkg, 'broken.graphql'), 'type Query {\n');
  expect(() => codegenLoader('bad', { cwd: dir })).toThrow(/^bad resolves to .*index\.js, which is not an SDL file/);
  expect(() => codegenLoader('bad/broken.graphql', { cwd: dir })).toThrow(/broken\.graphql \(bad\/broken\.graphql\) does not parse: Syntax Error/);
});

test('defaults to the working directory', () => {
  const pkg = join(dir, 'node_modules', '@wandb-ts', 'schema');
  mkdirSync(join(dir, 'node_modules', '@wandb-ts'), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'packages', 'schema'), pkg, 'dir');
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    expect(codegenLoader(SNAPSHOT_SPECIFIER).loc?.source.body).toBe(SNAPSHOT_SDL);
  } finally {
    process.chdir(cwd);
  }
});
