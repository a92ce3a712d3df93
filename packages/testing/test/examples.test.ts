import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The README embeds examples/teams.mjs; run it so it cannot rot. It uses the
// built package, as a reader running it would.
test('examples/teams.mjs seeds a team, uses a service account and accepts an invitation', () => {
  const run = spawnSync(process.execPath, [join(__dirname, '..', 'examples', 'teams.mjs')], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH },
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toBe(
    [
      "the service account's key authenticates as nightly-eval (SERVICE)",
      'ann: admin, USER',
      'bob: labeler, USER',
      'nightly-eval: member, SERVICE',
      'hire: viewer, USER',
      '',
    ].join('\n'),
  );
});
