import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The size guard bundles the built @wandb-ts/users (turbo builds it first) for
// the browser and compares gzipped sizes with tools/size-budget.json. These
// run the real script: on the real budgets (the guard itself, in `npm test`),
// and on budgets it must refuse.
const repo = join(__dirname, '..', '..');
const script = join(repo, 'tools', 'size-guard.mjs');

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'size-guard-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function guard(budgets?: object) {
  const args = [script];
  if (budgets) {
    const file = join(scratch, 'budgets.json');
    writeFileSync(file, JSON.stringify(budgets));
    args.push('--budgets', file);
  }
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: repo });
  return { code: run.status, output: run.stdout + run.stderr };
}

test('the users bundles are within their budgets', () => {
  const { code, output } = guard();
  expect(output).toMatch(/ok {3}full client, everything it may load: \d+\.\d{2} kB gzipped/);
  expect(output).toContain('within budget');
  // graphql-request is the SDK's transport, so it is in the bundle; the budget includes it.
  expect(output).toContain('packages: @wandb-ts/users, graphql, graphql-request');
  expect(code).toBe(0);
});

test('fails, naming the bundle, when a bundle is past its budget', () => {
  const { code, output } = guard({ budgets: [{ name: 'full client', app: 'full', measure: 'total', limit: 1000 }] });
  expect(output).toMatch(/OVER full client: \d+\.\d{2} kB gzipped \(total; budget 1\.00 kB/);
  expect(output).toContain('grew past the budget');
  expect(code).toBe(1);
});

test('fails when the client grows by pulling graphql-js back into its runtime path', () => {
  const grown = "export * from '@wandb-ts/users';\nexport * from 'graphql';\n";
  const { code, output } = guard({ budgets: [{ name: 'full client + graphql', contents: grown, measure: 'total', limit: 27500 }] });
  expect(output).toContain('OVER full client + graphql');
  expect(code).toBe(1);
});

test('measures what loads at start apart from what loads later', () => {
  // The printer (graphql) loads only when an AST is sent: in the total, not in the initial chunk.
  const { output } = guard({
    budgets: [
      { name: 'initial', app: 'full', measure: 'initial', limit: 1e9 },
      { name: 'total', app: 'full', measure: 'total', limit: 1e9 },
    ],
  });
  const size = (name: string) => Number(new RegExp(`ok {3}${name}: (\\d+\\.\\d+) kB`).exec(output)?.[1]);
  expect(size('total') - size('initial')).toBeGreaterThan(2);
  expect(size('initial')).toBeGreaterThan(2);
});
