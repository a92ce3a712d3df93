import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FakeWandb } from '@wandb-ts/testing';
import { startSeededFake } from '../src/seed-entry';

// The code examples of the README (blocks marked `<!-- example: ... -->`;
// tools/readme-examples.mjs checks that the blocks equal these files), each run
// as a reader would run it: in its own process, with the built packages,
// configured only through the environment, against the seeded fake server.

let fake: FakeWandb;
beforeEach(async () => {
  ({ fake } = await startSeededFake());
});
afterEach(() => fake.close());

/** Runs an example of examples/ and returns its output lines. */
async function run(example: string): Promise<string[]> {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(__dirname, '..', 'examples', example)], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: '/nonexistent', WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: fake.adminApiKey },
  });
  expect(stderr).toBe('');
  return stdout
    .trimEnd()
    .split('\n')
    .filter((line) => line !== '');
}

/** The members of a team as `username-or-email role (pending)`. */
function members(team: string): string[] {
  return fake.getTeam(team)!.members.map((m) => `${m.username ?? m.email} ${m.role}${m.pending ? ' (pending)' : ''}`);
}

test('sync.mjs: people.yaml made true through @wandb-ts/cli/sync, and nothing left to do when run again', async () => {
  expect(fake.getTeam('simulation')).toBeUndefined();
  const first = await run('sync.mjs');
  expect(first.slice(0, -1).sort()).toEqual([
    'done "create team simulation with kmensah as its admin"',
    'done "create user hana.kim@acme.example"',
    'done "create user ines.costa@acme.example"',
    'done "invite hana.kim@acme.example to simulation as member"',
    'done "invite ines.costa@acme.example to simulation as viewer"',
    'done "invite jun.tanaka@acme.example to simulation as member"',
    'done "set instance admin of jun.tanaka@acme.example"',
  ]);
  expect(first.at(-1)).toBe('7 action(s)');
  expect(members('simulation')).toEqual(['kmensah admin', 'jtanaka member (pending)', 'hana-kim member (pending)', 'ines-costa viewer (pending)']);
  expect(fake.getUser('jtanaka')!.admin).toBe(true);

  fake.clearRequests();
  expect(await run('sync.mjs')).toEqual(['0 action(s)']);
  expect(fake.requests.filter((r) => r.operationName !== null && !/^(GetViewer|SearchUsers|GetTeamEntity)$/.test(r.operationName))).toEqual([]);
});
