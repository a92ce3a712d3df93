import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = join(__dirname, '..');
const OPERATIONS = join('src', 'graphql', 'user-audit.graphql');

interface Run {
  code: number;
  output: string;
}

/** `npm run <script>` of the package copy in `dir`: the same command lines the package's CI runs. */
function npmRun(dir: string, script: string): Promise<Run> {
  return new Promise((resolve) => {
    // CI=true: codegen prints plain lines instead of redrawing a spinner. Without
    // jest's NODE_ENV=test, which makes codegen print nothing at all, errors included.
    const { NODE_ENV: _jest, ...env } = process.env;
    execFile('npm', ['run', '--silent', script], { cwd: dir, env: { ...env, CI: 'true', NO_COLOR: '1' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

let dir: string;
beforeAll(() => {
  // A copy of the package outside the repository, reaching its dependencies
  // (@wandb-ts/schema's snapshot and loader, codegen, wandb-schema) through a node_modules link.
  dir = mkdtempSync(join(tmpdir(), 'user-audit-drift-'));
  for (const entry of ['package.json', 'codegen.yml', 'src']) cpSync(join(PACKAGE, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(PACKAGE, '..', '..', 'node_modules'), join(dir, 'node_modules'), 'dir');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('codegen:check fails on generated code that regenerating would change, naming the file', async () => {
  const file = join(dir, 'src', 'generated', 'graphql.ts');
  const committed = readFileSync(file, 'utf8');
  writeFileSync(file, committed.replace('export type UserAuditQuery = {', 'export type UserAuditQuery = { edited: true,'));
  try {
    const check = await npmRun(dir, 'codegen:check');
    expect(check.code).toBe(1);
    expect(check.output).toMatch(/stale files were detected:\s+- src\/generated\/graphql\.ts/);
  } finally {
    writeFileSync(file, committed);
  }
});

// Organization.featureFlags exists on W&B servers newer than the snapshot
// (schema/README.md: the snapshot is of about April 2023), so an operation
// written against such a server selects a field the snapshot lacks.
test('an operation selecting a field the snapshot lacks fails both codegen and wandb-schema check, which name the field', async () => {
  const file = join(dir, OPERATIONS);
  const original = readFileSync(file, 'utf8');
  const drifted = original.replace('  createdAt\n', '  createdAt\n  organizations {\n    featureFlags\n  }\n');
  expect(drifted).not.toBe(original);
  writeFileSync(file, drifted);
  const generated = readFileSync(join(dir, 'src', 'generated', 'graphql.ts'), 'utf8');

  const codegen = await npmRun(dir, 'codegen');
  expect(codegen.code).not.toBe(0);
  expect(codegen.output).toContain('Cannot query field "featureFlags" on type "Organization".');
  // Nothing half-written: the committed code stays as it was.
  expect(readFileSync(join(dir, 'src', 'generated', 'graphql.ts'), 'utf8')).toBe(generated);

  const check = await npmRun(dir, 'schema:check');
  expect(check.code).toBe(1);
  expect(check.output).toMatch(/src\/graphql\/user-audit\.graphql:\d+:\d+ +Organization\.featureFlags +\(in fragment AuditedUser\)/);
  expect(check.output).toContain('Cannot query field "featureFlags" on type "Organization".');
});
