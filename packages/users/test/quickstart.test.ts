import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The README points at examples/quickstart.mjs; run it so it cannot rot. It
// uses the built packages, as a reader running it would.
test('examples/quickstart.mjs runs end to end against the embedded fake server', () => {
  const run = spawnSync(process.execPath, [join(__dirname, '..', 'examples', 'quickstart.mjs')], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH },
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^viewer: +<User admin@example\.com> \(admin: true, keys: 1\)$/m);
  expect(run.stdout).toMatch(/^again: +ConflictError: /m);
  expect(run.stdout).toMatch(/^ann\.generateApiKey\(\) as admin: null$/m);
  expect(run.stdout).toMatch(/^new key: +a 40-character secret/m);
  expect(run.stdout).toMatch(/^deleted \S+: true; keys now: \S+$/m);
});
