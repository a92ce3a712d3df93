import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { parse as parseYaml } from 'yaml';
import { CLI, removeField, snapshotWith, tempDir, tempFile } from './helpers';

// The GitHub Actions job the README gives downstream teams must keep working:
// its command lines (not GitHub) are run here, in a stand-in for a downstream
// repository, against the fake W&B server with introspection off.

const PACKAGE = join(__dirname, '..');
const WORKFLOW_FILE = 'examples/github-workflow.yml';
const WORKFLOW = readFileSync(join(PACKAGE, WORKFLOW_FILE), 'utf8');

interface Step {
  run?: string;
  if?: string;
}
interface Workflow {
  jobs: Record<string, { env?: Record<string, string | number>; steps: Step[] }>;
}

test('the README embeds the workflow file exactly', () => {
  const readme = readFileSync(join(PACKAGE, 'README.md'), 'utf8');
  const marker = `<!-- example: ${WORKFLOW_FILE} -->\n\`\`\`yaml\n`;
  const start = readme.indexOf(marker);
  expect(start).toBeGreaterThan(-1);
  const body = readme.slice(start + marker.length);
  expect(body.slice(0, body.indexOf('```\n'))).toBe(WORKFLOW);
});

/** The job's environment, with the repository variables and secrets a test gives for `${{ vars.X }}` and `${{ secrets.X }}`. */
function jobEnv(env: Record<string, string | number>, given: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => {
      const reference = /^\$\{\{\s*(?:vars|secrets)\.(\w+)\s*\}\}$/.exec(String(value));
      return [name, reference ? (given[reference[1]!] ?? '') : String(value)];
    }),
  );
}

/** A downstream repository: its own operations, and `wandb-schema` installed as npm would link the bin. */
function downstreamRepository(): string {
  const repo = tempDir();
  mkdirSync(join(repo, 'src'));
  tempFile('queries.graphql', '# Our own operation\nquery Me {\n  viewer {\n    username\n  }\n}\n', join(repo, 'src'));
  writeFileSync(join(repo, 'package.json'), '{ "name": "downstream", "private": true }\n');
  mkdirSync(join(repo, 'node_modules', '.bin'), { recursive: true });
  const bin = join(repo, 'node_modules', '.bin', 'wandb-schema');
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(bin, 0o755);
  return repo;
}

function run(line: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  // GitHub runs `run:` with bash -e.
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-e', '-c', line],
      { cwd, env: { PATH: process.env.PATH, HOME: tempDir(), CI: 'true', GITHUB_ACTIONS: 'true', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe("the workflow's command lines, run against the fake", () => {
  const job = Object.values((parseYaml(WORKFLOW) as Workflow).jobs)[0]!;
  // `npm ci` is the downstream repository's own install; the stand-in repository is installed already.
  const lines = job.steps.flatMap((s) => (s.run === undefined || s.run.trim() === 'npm ci' ? [] : [s.run.trim()]));
  let current: FakeWandb;
  let drifted: FakeWandb;
  beforeAll(async () => {
    [current, drifted] = await Promise.all([
      startFakeWandb({ introspection: false }),
      startFakeWandb({ introspection: false, schema: snapshotWith(removeField('User', 'username')) }),
    ]);
  });
  afterAll(() => Promise.all([current.close(), drifted.close()]));

  test('the job has the steps the README describes', () => {
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.startsWith('npx --no-install wandb-schema check ') && l.endsWith('--format github'))).toBe(true);
  });

  test('a server matching the SDK: every line passes, probing because introspection is refused', async () => {
    const repo = downstreamRepository();
    const env = jobEnv(job.env ?? {}, { WANDB_BASE_URL: current.baseUrl, WANDB_API_KEY: current.adminApiKey });
    for (const line of lines) {
      const result = await run(line, repo, env);
      expect({ line, code: result.code }).toEqual({ line, code: 0 });
      expect(result.stdout).toMatch(/no impact: (all \d+ operations are|the one operation is) valid against /);
      expect(`${result.stdout}${result.stderr}`).not.toContain(current.adminApiKey);
    }
  });

  test('a server without a field the operations select: the server lines fail with annotations on the lines that break', async () => {
    const repo = downstreamRepository();
    const env = jobEnv(job.env ?? {}, { WANDB_BASE_URL: drifted.baseUrl, WANDB_API_KEY: drifted.adminApiKey });
    const [offline, sdk, ours] = await Promise.all(lines.map((line) => run(line, repo, env)));
    expect(offline?.code).toBe(0);
    expect(sdk?.code).toBe(1);
    expect(sdk?.stdout).toMatch(/^::error file=[^,]*fragments\.graphql,line=\d+,col=3,title=wandb-schema%3A breaking User\.username::/m);
    expect(ours?.code).toBe(1);
    expect(ours?.stdout).toMatch(
      /^::error file=src\/queries\.graphql,line=4,col=5,title=wandb-schema%3A breaking User\.username::Cannot query field "username" on type "User"/m,
    );
  });
});
