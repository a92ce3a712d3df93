import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './helpers';

const EXAMPLES = join(__dirname, '..', 'examples');
const CLI_PACKAGE = require.resolve('@graphql-codegen/cli/package.json');
const CODEGEN = join(dirname(CLI_PACKAGE), (JSON.parse(readFileSync(CLI_PACKAGE, 'utf8')) as { bin: Record<string, string> }).bin['graphql-codegen']!);
const OPERATION =
  'query Created {\n  viewer {\n    createdAt\n    teams {\n      edges {\n        node {\n          memberCount\n        }\n      }\n    }\n  }\n}\n';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs graphql-codegen with `config` in a fresh project that has @wandb-ts/schema installed; resolves to the exit code and the generated file. */
async function generate(configName: string, config: string): Promise<{ code: number; output: string; generated: string | undefined }> {
  const dir = mkdtempSync(join(tmpdir(), 'schema-codegen-config-'));
  dirs.push(dir);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'created.graphql'), OPERATION);
  writeFileSync(join(dir, configName), config);
  // Not jest's NODE_ENV=test, with which codegen prints nothing, errors included.
  const { NODE_ENV: _jest, ...env } = process.env;
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(process.execPath, [CODEGEN, '--config', configName], { cwd: dir, env: { ...env, CI: 'true' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, output: `${stdout}${stderr}` }),
    );
  });
  let generated: string | undefined;
  try {
    generated = readFileSync(join(dir, 'src', 'generated', 'graphql.ts'), 'utf8');
  } catch {
    generated = undefined;
  }
  return { code, output, generated };
}

const example = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');

// The four runs are independent: start them together (each is a cold start of codegen's CLI).
const runs = {
  yaml: generate('codegen.yml', example('codegen.yml')),
  ts: generate('codegen.ts', example('codegen.ts')),
  requireResolve: generate(
    'codegen.ts',
    example('codegen.ts').replace(/ {2}schema: \[.*\],\n/, "  schema: require.resolve('@wandb-ts/schema/wandb.graphql'),\n"),
  ),
  bareSpecifier: generate('codegen.yml', example('codegen.yml').replace(/^schema:\n(?: {2,}.*\n)+/m, "schema: '@wandb-ts/schema/wandb.graphql'\n")),
};

test('examples/codegen.yml generates typed documents from the snapshot through the package export', async () => {
  const { code, output, generated } = await runs.yaml;
  expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
  expect(generated).toContain('export const CreatedDocument');
  expect(generated).toMatch(
    /export type CreatedQuery = \{ viewer: \{ createdAt: unknown, teams: \{ edges: Array<\{ node: \{ memberCount: number \} \| null \}> \} \| null \} \| null \};/,
  );
});

test('examples/codegen.ts, and a codegen.ts with require.resolve of the export, generate the same file', async () => {
  const yaml = await runs.yaml;
  for (const run of [await runs.ts, await runs.requireResolve]) {
    expect(run.code).toBe(0);
    expect(run.generated).toBe(yaml.generated);
  }
  expect(example('codegen.ts')).toContain("schema: [{ '@wandb-ts/schema/wandb.graphql': { loader: '@wandb-ts/schema/codegen-loader' } }],\n");
});

// Why the loader exists: codegen reads a plain `schema:` string as a path from
// the working directory. If a codegen release starts resolving packages, this
// fails, and the README can offer the shorter form.
test('without the loader, a codegen.yml cannot name the snapshot by its package export', async () => {
  const { code, output, generated } = await runs.bareSpecifier;
  expect(code).toBe(1);
  expect(output).toContain('Failed to load schema from @wandb-ts/schema/wandb.graphql');
  expect(generated).toBeUndefined();
});
