import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers';

// The README's runnable example must keep running and saying what the README says.
test('examples/drift.mjs: the check exits 1 on User.deletedAt, and the SDK throws SchemaMismatchError', async () => {
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [join(__dirname, '..', 'examples', 'drift.mjs')], { cwd: REPO_ROOT }, (error, out) =>
      resolve({ code: error ? Number(error.code) : 0, stdout: out }),
    );
  });
  expect(code).toBe(0);
  expect(stdout).toMatch(/fragments\.graphql:\d+:3 {2}User\.deletedAt/);
  expect(stdout).toContain('(exit 1)');
  expect(stdout).toMatch(/^SchemaMismatchError: GetViewer: the server at http:\/\/127\.0\.0\.1:\d+\/graphql has no field User\.deletedAt/m);
});
