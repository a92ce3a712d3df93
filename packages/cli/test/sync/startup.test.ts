import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The sync engine brings zod and yaml: only a sync command may load them, so
// every other command starts as fast as before. Checked on the built package.
const DIST = join(__dirname, '..', '..', 'dist');

function loaded(script: string): string[] {
  const out = execFileSync(process.execPath, ['-e', `${script}; console.log(JSON.stringify(Object.keys(require.cache)))`], { encoding: 'utf8' });
  return (JSON.parse(out) as string[]).filter((path) => /node_modules[\\/](zod|yaml)[\\/]/.test(path));
}

test('loading the CLI (its program and every command) loads neither zod nor yaml', () => {
  expect(loaded(`require(${JSON.stringify(join(DIST, 'cjs', 'index.js'))})`)).toEqual([]);
});

test('@wandb-ts/cli/sync loads them (the check above can fail)', () => {
  expect(loaded(`require(${JSON.stringify(join(DIST, 'cjs', 'sync', 'index.js'))})`).length).toBeGreaterThan(0);
});
