import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// tools/codegen.mjs runs codegen.yml through @graphql-codegen/core instead of
// the CLI (a third of the time). These prove it generates what the CLI does,
// and refuses configuration it does not implement.
const repo = join(__dirname, '..', '..');
const generated = [
  'packages/users/src/generated/graphql.ts',
  'packages/users/src/generated/operations.ts',
  'packages/users/src/generated/lazy-operations.ts',
  'packages/users/src/generated/shapes.ts',
];

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'codegen-'));
  for (const path of ['codegen.yml', 'schema/wandb.graphql', 'packages/users/src/graphql', 'tools/codegen-shapes.cjs', 'tools/codegen-documents.cjs']) {
    cpSync(join(repo, path), join(scratch, path), { recursive: true });
  }
  // Plugins and graphql must be the repository's single copy (graphql refuses two realms).
  symlinkSync(join(repo, 'node_modules'), join(scratch, 'node_modules'), 'dir');
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const run = (args: string[]) => {
  const result = spawnSync(process.execPath, args, { cwd: scratch, encoding: 'utf8' });
  return { code: result.status, output: result.stdout + result.stderr };
};
const read = (path: string) => readFileSync(join(scratch, path), 'utf8');

test('generates byte for byte what the graphql-codegen CLI generates from codegen.yml', () => {
  const cli = run([join(repo, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', 'codegen.yml', '--silent']);
  expect(cli.code).toBe(0);
  const byCli = generated.map(read);
  rmSync(join(scratch, 'packages/users/src/generated'), { recursive: true });

  const ours = run([join(repo, 'tools/codegen.mjs')]);
  expect(ours.output).toContain('codegen: 4 file(s) generated, written:');
  expect(ours.code).toBe(0);
  expect(generated.map(read)).toEqual(byCli);
  // And the committed files are what both produce.
  expect(byCli).toEqual(generated.map((path) => readFileSync(join(repo, path), 'utf8')));
}, 120_000);

test('leaves unchanged files alone', () => {
  expect(run([join(repo, 'tools/codegen.mjs')]).code).toBe(0);
  const again = run([join(repo, 'tools/codegen.mjs')]);
  expect(again.output).toContain('all unchanged');
  expect(again.code).toBe(0);
});

test('refuses codegen.yml keys it does not implement, rather than ignoring them', () => {
  writeFileSync(join(scratch, 'codegen.yml'), `${read('codegen.yml')}hooks:\n  afterAllFileWrite: prettier --write\n`);
  const { code, output } = run([join(repo, 'tools/codegen.mjs')]);
  expect(output).toContain('codegen.yml uses hooks, which tools/codegen.mjs does not implement');
  expect(code).toBe(1);
});

test('fails, naming the file and line, on a document that does not parse', () => {
  const file = 'packages/users/src/graphql/users.graphql';
  writeFileSync(join(scratch, file), `${read(file)}\nquery Broken {\n`);
  const { code, output } = run([join(repo, 'tools/codegen.mjs')]);
  expect(output).toMatch(new RegExp(`${file}:\\d+:\\d+`));
  expect(code).toBe(1);
});
