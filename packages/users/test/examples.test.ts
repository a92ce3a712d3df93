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
async function run(example: string, apiKey = fake.adminApiKey): Promise<string[]> {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(__dirname, '..', 'examples', example)], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: '/nonexistent', WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: apiKey },
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

test('teams.mjs (the package README): a team set up, a service account, an invitation withdrawn, an account deactivated and reactivated', async () => {
  const output = await run('teams.mjs');
  const ann = fake.getUser('ann')!;
  expect(output).toEqual([
    'invited: true',
    `<Member ${ann.name} (USER)> admin joined`,
    '<Member new.hire@example.com (unknown)> viewer pending',
    expect.stringMatching(/^nightly-eval: a new (4\d|[5-9]\d|\d{3})-character key$/),
    'bot is a viewer: true',
    'withdrawn: true',
    'deactivated: true true',
    'reactivated: true',
  ]);
  const team = fake.getTeam('vision')!;
  expect(team.members.map((m) => [m.username, m.role, m.accountType])).toEqual([
    ['ann', 'admin', 'USER'],
    ['nightly-eval', 'viewer', 'SERVICE'],
  ]);
  expect(fake.getUser('ann')!.deletedAt).toBeNull();
  // Run again: the team exists, the invitation is made anew, and a second account is made on purpose.
  expect((await run('teams.mjs'))[0]).toBe('invited: true');
  expect(fake.listTeams().filter((t) => t.name === 'vision')).toHaveLength(1);
});

test('organizations.mjs (the package README): seats, an invitation, a role changed, the last admin kept', async () => {
  fake.addOrganization({
    name: 'Acme',
    seats: 3,
    viewOnlySeats: 2,
    members: [
      { username: 'admin', role: 'admin' },
      { username: 'ann', role: 'viewer' },
    ],
  });
  const output = await run('organizations.mjs');
  expect(output).toEqual([
    'Acme: 2 members; full seats 1/3, view-only 1/2',
    'invited: true',
    'ann is a member: true',
    '<OrganizationMember admin (admin)> full',
    '<OrganizationMember ann (member)> full',
    'pending: new.hire@example.com',
    'withdrawn: true',
    'kept the last admin: admin',
  ]);
  expect(fake.getOrganization('Acme')).toMatchObject({
    pendingInvites: [],
    members: [
      { username: 'admin', role: 'admin' },
      { username: 'ann', role: 'member' },
    ],
  });
  // Run again: the same, since the invitation was withdrawn and ann is a member already.
  expect((await run('organizations.mjs'))[0]).toBe('Acme: 2 members; full seats 2/3, view-only 0/2');
  // With no view-only seat left, the invitation is refused with the numbers.
  const tia = fake.addUser({ email: 'tia@example.com', username: 'tia' });
  fake.addOrganization({ name: 'Tight', viewOnlySeats: 0, members: [{ username: 'tia', role: 'admin' }] });
  expect((await run('organizations.mjs', tia.apiKey)).slice(0, 3)).toEqual([
    'Tight: 1 members; full seats 1/10, view-only 0/0',
    'no view-only seat left: 0 of 0 in use',
    'ann is a member: false',
  ]);
});
