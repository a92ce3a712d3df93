import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';

// The README examples (the blocks marked `<!-- example: ... -->` in this
// package's README and the root one; tools/readme-examples.mjs checks the
// blocks equal these files). Each runs as a reader would run it, with the
// built packages, configured only through the environment as the README says,
// against a fresh fake W&B server.

let fake: FakeWandb;
beforeEach(async () => {
  fake = await startFakeWandb({ users: [{ email: 'ann@example.com', username: 'ann' }] });
});
afterEach(() => fake.close());

/** Runs an example in its own process (asynchronously: the fake answers from this one) and returns its output lines. */
async function run(example: string): Promise<string[]> {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(__dirname, '..', 'examples', example)], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: '/nonexistent', WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: fake.adminApiKey },
  });
  expect(stderr).toBe('');
  return stdout.trimEnd().split('\n');
}

test('first-steps.mjs (the root README)', async () => {
  expect(await run('first-steps.mjs')).toEqual([`<User admin@example.com> [ '${fake.getUser('admin')!.apiKeys[0]!.name}' ] []`, 'new key made']);
  expect(fake.getUser('admin')!.apiKeys).toHaveLength(2);
});

test('usage.mjs (the package README)', async () => {
  const [first, ...rest] = await run('usage.mjs');
  expect(first).toMatch(/^<User admin@example\.com> \[ '[^']+' \] \[\]$/);
  expect(rest).toEqual(['a new 40-character key', 'deleted: true', '<User ann@example.com> 2']);
  expect(fake.getUser('admin')!.apiKeys).toHaveLength(1);
  expect(fake.getUser('new.hire@example.com')?.admin).toBe(false);
  // Run again: the user exists now.
  expect((await run('usage.mjs')).at(-1)).toBe('already there');
});

test.each(['graphql-request.mjs', 'graphql-request.cjs'])('%s: the typed documents with plain graphql-request and wandbHeaders()', async (example) => {
  const output = await run(example);
  expect(output[0]).toBe('viewer: admin');
  if (example.endsWith('.mjs')) expect(output[1]).toBe('users: admin, ann');
  expect(fake.requests.every((r) => r.firstParty && r.identity === 'admin')).toBe(true);
});
