import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { parse } from 'yaml';
import { EXIT } from '../../src/index.js';
import { run } from '../../src/program.js';
import { baseEnv, BIN, memoryIo, tempDir } from '../helpers.js';
import { mutations } from './fake-company.js';

// docs/sync-gitops.md runs as written: its setup commands, and every step of
// its GitHub Actions workflow that runs wandb-users, each in bash as Actions
// runs a `run:` (`-eo pipefail`), with `wandb-users` on the PATH, against the
// fake W&B server. What only GitHub can do (checkout, artifacts, comments,
// finding a pull request's run) is done here by copying files, and those steps
// must not run wandb-users themselves. Nothing leaves 127.0.0.1.

const DOC = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'sync-gitops.md'), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Job {
  if: string;
  steps: Step[];
}

const workflowText = [...DOC.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]!).find((block) => /^jobs:/m.test(block));
const workflow = parse(workflowText ?? '') as { on: Record<string, unknown>; env: Record<string, string>; jobs: Record<string, Job> };
const setup = [...DOC.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((m) => m[1]!.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')));

/** Steps that only GitHub can run: an action, or a script of the GitHub CLI. */
const isGitHubs = (step: Step) => step.uses !== undefined || /(^|\n|\$\()\s*gh /.test(step.run ?? '');
/** The step that installs the CLI: here it is on the PATH already. */
const isInstall = (step: Step) => /^npm install --global @wandb-ts\/cli@/.test(step.run ?? '');

let fake: FakeWandb;
const root = tempDir();
const bin = join(root, 'bin');
const summary = join(root, 'step-summary.md');

beforeAll(async () => {
  fake = await startFakeWandb();
  for (const name of ['ann', 'bob', 'carl']) fake.addUser({ email: `${name}@acme.example`, username: name, apiKeys: [] });
  fake.addTeam({
    name: 'ml',
    members: [
      { username: 'ann', role: 'admin' },
      { username: 'bob', role: 'viewer' },
      { email: 'gone@acme.example', role: 'member', pending: true },
    ],
  });
  mkdirSync(bin);
  writeFileSync(join(bin, 'wandb-users'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(bin, 'wandb-users'), 0o755);
});
afterAll(() => fake.close());

/** A `${{ }}` value of the workflow's env, as GitHub would give it here. */
function resolve(value: string): string {
  return value.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
    if (name === 'secrets.WANDB_API_KEY') return fake.adminApiKey;
    if (name === 'vars.WANDB_BASE_URL') return fake.baseUrl;
    return `unused-here:${name}`;
  });
}

interface StepResult {
  step: string;
  code: number | null;
  stderr: string;
}

/** Runs a script as Actions runs a `run:` step: bash, -e and pipefail, in the job's workspace. */
function runScript(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd,
    env: { ...baseEnv(root), PATH: `${bin}:${process.env.PATH}`, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((done) => child.on('close', (code) => done({ code, stderr })));
}

/** Runs the wandb-users steps of a job in `cwd` until one fails, as Actions would; the others are GitHub's. */
async function runJob(name: string, cwd: string): Promise<StepResult[]> {
  const job = workflow.jobs[name]!;
  const results: StepResult[] = [];
  writeFileSync(summary, '');
  for (const step of job.steps) {
    if (isGitHubs(step) || isInstall(step)) continue;
    const env = Object.fromEntries(
      Object.entries({ ...workflow.env, ...step.env, GITHUB_STEP_SUMMARY: summary }).map(([key, value]) => [key, resolve(String(value))]),
    );
    const { code, stderr } = await runScript(step.run!, cwd, env);
    results.push({ step: step.name ?? step.run!, code, stderr });
    if (code !== 0) break;
  }
  return results;
}

/** A job's steps that all ran and passed. */
const passed = (results: StepResult[]) => results.map((r) => ({ step: r.step, code: r.code, stderr: r.code === 0 ? '' : r.stderr }));

/** A checkout of the repository: a directory holding people.yaml. */
function checkout(name: string, people: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'people.yaml'), people);
  return dir;
}

describe('the GitOps workflow of docs/sync-gitops.md', () => {
  it('has a plan job on pull requests, an apply job on pushes and a drift job on a schedule, whose scripts take context values through env only', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect(Object.keys(workflow.jobs)).toEqual(['plan', 'apply', 'drift']);
    expect(workflow.jobs.plan!.if).toBe("github.event_name == 'pull_request'");
    expect(workflow.jobs.apply!.if).toBe("github.event_name == 'push'");
    expect(workflow.jobs.drift!.if).toContain("github.event_name == 'schedule'");
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps) {
        // Context values reach scripts through env only (GitHub's advice against script injection).
        if (step.run !== undefined) expect(step.run).not.toContain('${{');
        // What the test cannot run must not hide a wandb-users command.
        if (isGitHubs(step)) expect(step.run ?? '').not.toContain('wandb-users');
      }
      expect(job.steps.filter((s) => s.run?.includes('wandb-users')).length).toBeGreaterThan(0);
    }
  });

  // The steps below share the server and the repository, in order: set up, a pull request, its merge, drift, a stale plan.
  const repo = join(root, 'repo');

  it('sets up from an export whose plan is empty', async () => {
    expect(setup).toEqual(['wandb-users sync export --out people.yaml', 'wandb-users sync plan people.yaml --prune']);
    mkdirSync(repo);
    for (const line of setup) {
      const { code, stderr } = await runScript(line, repo, { WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: fake.adminApiKey });
      expect({ line, code, stderr: code === 0 ? '' : stderr }).toEqual({ line, code: 0, stderr: '' });
    }
    expect(readFileSync(join(repo, 'people.yaml'), 'utf8')).toContain('  - email: gone@acme.example\n    status: invited\n    teams: { ml: member }\n');
  });

  it('plans a pull request: the summary for reviewers and the saved plan come from one plan, and nothing is sent', async () => {
    const people = readFileSync(join(repo, 'people.yaml'), 'utf8')
      .replace(
        '  - email: bob@acme.example\n    admin: false\n    teams: { ml: viewer }\n',
        '  - email: bob@acme.example\n    admin: false\n    teams: { ml: member }\n',
      )
      .replace('users:\n', 'users:\n  - email: new.hire@acme.example\n    teams: { ml: member }\n');
    const pr = checkout('pr-1', people);
    fake.clearRequests();
    const results = await runJob('plan', pr);
    expect(passed(results)).toEqual([{ step: 'Plan', code: 0, stderr: '' }]);
    const markdown = readFileSync(join(pr, 'summary.md'), 'utf8');
    expect(markdown).toContain('### wandb-users sync plan: 2 to add, 1 to change, 0 to remove\n');
    expect(markdown).toContain('+ create user new.hire@acme.example\n');
    expect(readFileSync(summary, 'utf8')).toBe(markdown);
    const saved = JSON.parse(readFileSync(join(pr, 'plan.json'), 'utf8'));
    expect(saved.actions.map((a: { kind: string }) => a.kind)).toEqual(['create-user', 'invite', 'change-role']);
    expect(mutations(fake.requests)).toEqual([]);
    writeFileSync(join(repo, 'people.yaml'), people);
  });

  it('applies the reviewed plan on merge, then finds W&B matching the merged file; the daily check finds no drift', async () => {
    // The merge: main holds the pull request's file; the artifact brings its plan.
    const main = checkout('main-1', readFileSync(join(repo, 'people.yaml'), 'utf8'));
    copyFileSync(join(root, 'pr-1', 'plan.json'), join(main, 'plan.json'));
    const results = await runJob('apply', main);
    expect(passed(results)).toEqual([
      { step: 'Apply the reviewed plan', code: 0, stderr: '' },
      { step: 'Check that W&B now matches people.yaml', code: 0, stderr: '' },
    ]);
    expect(readFileSync(summary, 'utf8')).toContain('### wandb-users sync plan: no changes\n');
    expect(fake.getUser('new.hire@acme.example')).toBeDefined();
    expect(fake.getTeam('ml')!.members.find((m) => m.username === 'bob')!.role).toBe('member');
    expect(passed(await runJob('drift', main))).toEqual([{ step: 'Compare W&B with people.yaml (exit 10 = drift)', code: 0, stderr: '' }]);
  });

  it('fails the daily check with exit 10 when W&B drifts from the file, and lists the difference', async () => {
    fake.addUser({ email: 'by.hand@acme.example', apiKeys: [] });
    const results = await runJob('drift', checkout('main-2', readFileSync(join(repo, 'people.yaml'), 'utf8')));
    expect(results.map((r) => r.code)).toEqual([EXIT.PENDING]);
    expect(readFileSync(summary, 'utf8')).toContain('- deactivate user by.hand@acme.example');
  });

  it('refuses a reviewed plan the server no longer fits (exit 6), sending nothing', async () => {
    const people = readFileSync(join(repo, 'people.yaml'), 'utf8')
      .replace('teams: { ml: member }\n  - email: carl', 'teams: { ml: admin }\n  - email: carl')
      .replace('users:\n', 'users:\n  - email: by.hand@acme.example\n');
    expect(people).toContain('  - email: bob@acme.example\n    admin: false\n    teams: { ml: admin }\n');
    const pr = checkout('pr-2', people);
    expect(passed(await runJob('plan', pr))).toEqual([{ step: 'Plan', code: 0, stderr: '' }]);
    // Before the merge, someone makes bob a viewer by hand: the plan expected a member.
    const { io } = memoryIo({ env: { WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: fake.adminApiKey } });
    expect(await run(['teams', 'set-role', 'ml', 'bob', 'viewer'], io)).toBe(EXIT.OK);
    const main = checkout('main-3', people);
    copyFileSync(join(pr, 'plan.json'), join(main, 'plan.json'));
    fake.clearRequests();
    const results = await runJob('apply', main);
    expect(results.map((r) => [r.step, r.code])).toEqual([['Apply the reviewed plan', EXIT.CONFLICT]]);
    expect(results[0]!.stderr).toContain('plan.json is stale: the server changed since it was made');
    expect(mutations(fake.requests)).toEqual([]);
    expect(existsSync(join(main, 'summary.md'))).toBe(false);
  });
});
