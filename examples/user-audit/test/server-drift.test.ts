import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeWandb, startFakeWandb, WANDB_SCHEMA_PATH } from '@wandb-ts/testing';

const PACKAGE = join(__dirname, '..');

/** The scheduled CI job's command: this package's operations against a live server (`npm run schema:check -- --against URL`). */
function checkAgainst(fake: FakeWandb): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'schema:check', '--', '--against', fake.baseUrl],
      { cwd: PACKAGE, env: { PATH: process.env.PATH, HOME: process.env.HOME, WANDB_API_KEY: fake.adminApiKey } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

let fake: FakeWandb | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

test('a server with the schema the operations were written for: no impact (exit 0)', async () => {
  fake = await startFakeWandb();
  const result = await checkAgainst(fake);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`Checked 2 operations in 2 files against ${fake.baseUrl}`);
});

test('a server without a field the operations select (an older W&B): exit 1, naming the field and the operations', async () => {
  const snapshot = readFileSync(WANDB_SCHEMA_PATH, 'utf8');
  // Entity.memberCount, which UserAudit and ProvisionUser select through fragment AuditedUser.
  const older = snapshot.replace('  limits: JSONString\n  memberCount: Int!\n  members: [Member!]!\n', '  limits: JSONString\n  members: [Member!]!\n');
  expect(older).not.toBe(snapshot);
  fake = await startFakeWandb({ schema: older });
  const result = await checkAgainst(fake);
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(/src\/graphql\/user-audit\.graphql:\d+:\d+ +Entity\.memberCount +\(in fragment AuditedUser\)/);
  expect(result.stdout).toMatch(/operations: ProvisionUser \(.*\), UserAudit \(.*\)/);
  expect(result.stdout).toContain("Field 'memberCount' was removed from object type 'Entity'");
});
