import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Each case copies the inputs of codegen into a scratch repository and breaks
// one thing (or nothing). One child process checks them all with the check
// script's own function, so GraphQL Code Generator's CLI loads once, not once
// per case; one case also runs the script itself, for its exit status.
const repo = join(__dirname, '..', '..');
const script = join(repo, 'tools', 'codegen-check.mjs');
const generated = 'packages/users/src/generated/graphql.ts';
const fragments = 'packages/users/src/graphql/fragments.graphql';

const scratches: string[] = [];
afterAll(() => {
  for (const dir of scratches) rmSync(dir, { recursive: true, force: true });
});

function scratchRepo(): string {
  const scratch = mkdtempSync(join(tmpdir(), 'codegen-check-'));
  scratches.push(scratch);
  for (const path of ['codegen.yml', 'schema/wandb.graphql', 'packages/users/src/graphql', 'packages/users/src/generated', 'tools/codegen-shapes.cjs']) {
    cpSync(join(repo, path), join(scratch, path), { recursive: true });
  }
  // Plugins and graphql must be the repository's single copy (graphql refuses two realms).
  symlinkSync(join(repo, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  return scratch;
}

/** Applies `change` to the body of `type User` only (other types have fields of the same names). */
function inUserType(change: (body: string) => string) {
  return (text: string) => {
    const start = text.indexOf('type User implements Node {');
    const end = text.indexOf('\n}', start);
    return text.slice(0, start) + change(text.slice(start, end)) + text.slice(end);
  };
}

function edit(scratch: string, path: string, change: (text: string) => string) {
  const file = join(scratch, path);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${path} changed nothing`);
  writeFileSync(file, after);
}

/** What each case does to its scratch repository. */
const CASES = {
  committed: () => undefined,
  handEdited: (s: string) => edit(s, generated, (text) => text.replace('export type GetViewerQuery =', 'export type GetViewerQuery = never |')),
  operationChanged: (s: string) => edit(s, fragments, (text) => text.replace(/^ {2}deletedAt$/m, '  deletedAt\n  createdAt')),
  schemaChanged: (s: string) =>
    edit(
      s,
      'schema/wandb.graphql',
      inUserType((body) => body.replace('  deletedAt: DateTime\n', '  deletedAt: DateTime!\n')),
    ),
  missing: (s: string) => rmSync(join(s, generated)),
  stray: (s: string) => writeFileSync(join(s, 'packages/users/src/generated/old.ts'), 'export {};\n'),
  invalidOperation: (s: string) => edit(s, fragments, (text) => text.replace(/^ {2}deletedAt$/m, '  deletedAtt')),
  fieldDropped: (s: string) =>
    edit(
      s,
      'schema/wandb.graphql',
      inUserType((body) => body.replace('  deletedAt: DateTime\n', '')),
    ),
  unparsable: (s: string) => edit(s, 'packages/users/src/graphql/users.graphql', (text) => `${text}\nquery Broken {\n`),
};
type Case = keyof typeof CASES;

const results = {} as Record<Case, { code: number; output: string }>;
const roots = {} as Record<Case, string>;
beforeAll(() => {
  for (const [name, prepare] of Object.entries(CASES) as [Case, (s: string) => void][]) {
    roots[name] = scratchRepo();
    prepare(roots[name]);
  }
  const driver = `const { checkGenerated } = await import(${JSON.stringify(script)});
const out = [];
for (const root of JSON.parse(process.argv[1])) out.push(await checkGenerated(root));
process.stdout.write(JSON.stringify(out));`;
  const names = Object.keys(CASES) as Case[];
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', driver, JSON.stringify(names.map((name) => roots[name]))], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  if (run.status !== 0) throw new Error(`the check driver failed: ${run.stderr}`);
  const checked = JSON.parse(run.stdout) as { ok: boolean; report: string[] }[];
  names.forEach((name, i) => {
    results[name] = { code: checked[i]!.ok ? 0 : 1, output: checked[i]!.report.join('\n') };
  });
}, 120_000);

test('passes on the committed generated code', () => {
  expect(results.committed.output).toContain('up to date');
  expect(results.committed.code).toBe(0);
});

test('fails, naming the file, when the generated code was edited by hand', () => {
  expect(results.handEdited.code).toBe(1);
  expect(results.handEdited.output).toContain(`${generated} (differs)`);
});

test('the script exits 1, saying what is stale on stderr', () => {
  const run = spawnSync(process.execPath, [script, '--root', roots.handEdited], { encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(`${generated} (differs)`);
  expect(run.stderr).toContain('run `npm run codegen`');
});

test('fails when an operation changed and codegen was not rerun', () => {
  expect(results.operationChanged.code).toBe(1);
  expect(results.operationChanged.output).toContain(`${generated} (differs)`);
});

test('fails when the schema changed under the generated code', () => {
  expect(results.schemaChanged.code).toBe(1);
  expect(results.schemaChanged.output).toContain(`${generated} (differs)`);
});

test('fails when the generated file is missing', () => {
  expect(results.missing.code).toBe(1);
  expect(results.missing.output).toContain(`${generated} (missing)`);
});

test('fails when a stray file sits among the generated ones', () => {
  expect(results.stray.code).toBe(1);
  expect(results.stray.output).toContain('packages/users/src/generated/old.ts (not produced by codegen.yml)');
});

test('fails, naming the field and the file, when an operation is invalid against the schema, once however many outputs use it', () => {
  expect(results.invalidOperation.code).toBe(1);
  expect(results.invalidOperation.output).toContain('Cannot query field "deletedAtt" on type "User"');
  expect(results.invalidOperation.output).toContain(`${fragments}:`);
  expect(results.invalidOperation.output.split('Cannot query field').length - 1).toBe(1);
});

test('fails when the schema dropped a field an operation uses', () => {
  expect(results.fieldDropped.code).toBe(1);
  expect(results.fieldDropped.output).toContain('Cannot query field "deletedAt" on type "User"');
});

test('fails, naming the file and line, on a document that does not parse', () => {
  expect(results.unparsable.code).toBe(1);
  expect(results.unparsable.output).toContain('operation files that do not parse');
  expect(results.unparsable.output).toMatch(/Syntax Error: .*\n\s*packages\/users\/src\/graphql\/users\.graphql:\d+:\d+/);
});
