import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The leak guard (test/setup/leak-guard.ts) protects every test file of this
// package; this proves it can fail, by running jest on a file that leaks.
const root = join(__dirname, '..');

function runLeaky(via: 'console' | 'stderr') {
  const jest = require.resolve('jest/bin/jest');
  return spawnSync(process.execPath, [jest, '--testMatch', '**/test/fixtures/leaky.fixture.ts', '--ci'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LEAK_VIA: via },
  });
}

test.each(['console', 'stderr'] as const)(
  'a test file that prints a secret via %s fails',
  (via) => {
    const run = runLeaky(via);
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toContain("secret(s) issued by the fake W&B server appeared in this file's output");
  },
  60_000,
);
