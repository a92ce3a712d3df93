import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Each case copies the inputs of codegen into a scratch repository, breaks one
// thing, and runs the real check script on it.
const repo = join(__dirname, '..', '..');
const script = join(repo, 'tools', 'codegen-check.mjs');
const generated = 'packages/users/src/generated/graphql.ts';
const fragments = 'packages/users/src/graphql/fragments.graphql';

let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'codegen-check-'));
  for (const path of ['codegen.yml', 'schema/wandb.graphql', 'packages/users/src/graphql', 'packages/users/src/generated', 'tools/codegen-shapes.cjs']) {
    cpSync(join(repo, path), join(scratch, path), { recursive: true });
  }
  // Plugins and graphql must be the repository's single copy (graphql refuses two realms).
  symlinkSync(join(repo, 'node_modules'), join(scratch, 'node_modules'), 'dir');
});

afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** Applies `change` to the body of `type User` only (other types have fields of the same names). */
function inUserType(change: (body: string) => string) {
  return (text: string) => {
    const start = text.indexOf('type User implements Node {');
    const end = text.indexOf('\n}', start);
    return text.slice(0, start) + change(text.slice(start, end)) + text.slice(end);
  };
}

function check() {
  const run = spawnSync(process.execPath, [script, '--root', scratch], { encoding: 'utf8' });
  return { code: run.status, output: run.stdout + run.stderr };
}

function edit(path: string, change: (text: string) => string) {
  const file = join(scratch, path);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
}

test('passes on the committed generated code', () => {
  const { code, output } = check();
  expect(output).toContain('up to date');
  expect(code).toBe(0);
});

test('fails, naming the file, when the generated code was edited by hand', () => {
  edit(generated, (text) => text.replace('export type GetViewerQuery =', 'export type GetViewerQuery = never |'));
  const { code, output } = check();
  expect(code).toBe(1);
  expect(output).toContain(`${generated} (differs)`);
});

test('fails when an operation changed and codegen was not rerun', () => {
  edit(fragments, (text) => text.replace(/^ {2}deletedAt$/m, '  deletedAt\n  createdAt'));
  const { code, output } = check();
  expect(code).toBe(1);
  expect(output).toContain(`${generated} (differs)`);
});

test('fails when the schema changed under the generated code', () => {
  edit(
    'schema/wandb.graphql',
    inUserType((body) => body.replace('  deletedAt: DateTime\n', '  deletedAt: DateTime!\n')),
  );
  const { code, output } = check();
  expect(code).toBe(1);
  expect(output).toContain(`${generated} (differs)`);
});

test('fails when the generated file is missing', () => {
  rmSync(join(scratch, generated));
  const { code, output } = check();
  expect(code).toBe(1);
  expect(output).toContain(`${generated} (missing)`);
});

test('fails when a stray file sits among the generated ones', () => {
  writeFileSync(join(scratch, 'packages/users/src/generated/old.ts'), 'export {};\n');
  const { code, output } = check();
  expect(code).toBe(1);
  expect(output).toContain('packages/users/src/generated/old.ts (not produced by codegen.yml)');
});

test('fails, naming the field and the file, when an operation is invalid against the schema', () => {
  edit(fragments, (text) => text.replace(/^ {2}deletedAt$/m, '  deletedAtt'));
  const { code, output } = check();
  expect(code).toBe(1);
  expect(output).toContain('Cannot query field "deletedAtt" on type "User"');
  expect(output).toContain(`${fragments}:`);
});

test('fails when the schema dropped a field an operation uses', () => {
  edit(
    'schema/wandb.graphql',
    inUserType((body) => body.replace('  deletedAt: DateTime\n', '')),
  );
  const { code, output } = check();
  expect(code).toBe(1);
  expect(output).toContain('Cannot query field "deletedAt" on type "User"');
});
