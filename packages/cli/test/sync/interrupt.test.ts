import type { FakeWandb, InstalledFault } from '@wandb-ts/testing';
import { EXIT } from '../../src/index.js';
import { Cli, expectNoLeak, finish, start, waitFor } from '../helpers.js';
import { applied, company, PEOPLE, state } from './fake-company.js';

// An apply interrupted half-way, by Ctrl-C or by a crash (SIGKILL), is
// finished by running it again: the server ends as a clean run leaves it, and
// nothing is done twice. The process is a real `wandb-users` (the built
// binary); the fake W&B server runs in this process, so its request log shows
// exactly what reached it, when.

/** PEOPLE and sixteen new hires, each in two teams: enough actions to stop half-way through. */
const MANY = `${PEOPLE.replace('teams:\n  ml: {}\n', 'teams:\n  ml: {}\n  lab: {}\n')}${Array.from({ length: 16 }, (_, i) => `  - email: hire${i}@acme.example\n    teams: { ml: member, lab: viewer }\n`).join('')}`;

/** How the company looks after an uninterrupted `sync apply MANY --prune`. */
let clean: ReturnType<typeof state>;
beforeAll(async () => {
  const fake = await company();
  const cli = new Cli(fake);
  const { code } = await cli.run(['sync', 'apply', '--yes', cli.file('many.yaml', MANY), '--prune']);
  expect(code).toBe(EXIT.OK);
  clean = state(fake);
  await fake.close();
}, 60_000);

let fake: FakeWandb;
afterEach(() => fake.close());

/**
 * Starts `sync apply MANY --prune` with every user creation after the sixth
 * held up by the server for a while (then done), and resolves once six are
 * done: the process is then certainly in the middle of its apply.
 */
async function applyUntilHalfway(cli: Cli): Promise<{ child: ReturnType<typeof start>; fault: InstalledFault }> {
  const fault = fake.injectFault({ operation: 'CreateUserFromAdmin', skip: 6, times: Infinity, fault: { type: 'latency', ms: 1500 } });
  const child = start(['sync', 'apply', '--yes', cli.file('many.yaml', MANY), '--prune'], cli.env(), { cwd: cli.home });
  const created = () => applied(fake.requests).filter((m) => m.startsWith('CreateUserFromAdmin ')).length;
  await waitFor(() => created() >= 6 && fault.hits > 0, 30_000, 'six users created and a seventh held up');
  return { child, fault };
}

/** Applies MANY again, uninterrupted, and checks the end state and the request log. */
async function finishAndCompare(cli: Cli): Promise<void> {
  const { code, stderr } = await cli.run(['sync', 'apply', '--yes', cli.file('many.yaml', MANY), '--prune']);
  expect({ code, stderr: code === EXIT.OK ? '' : stderr }).toEqual({ code: EXIT.OK, stderr: '' });
  expect(state(fake)).toEqual(clean);
  expect((await cli.run(['sync', 'plan', cli.file('many.yaml', MANY), '--prune'])).code).toBe(EXIT.OK);
  // Over both runs, every change was made once: no user or team created twice, nobody invited twice.
  const made = applied(fake.requests);
  expect(made.length).toBeGreaterThan(40);
  expect(made.filter((m, i) => made.indexOf(m) !== i)).toEqual([]);
}

test('after a crash (SIGKILL) mid-apply, running apply again finishes the work, doing nothing twice', async () => {
  fake = await company();
  const cli = new Cli(fake);
  const { child, fault } = await applyUntilHalfway(cli);
  child.kill('SIGKILL');
  const killed = await finish(child);
  expect(killed.signal).toBe('SIGKILL');
  expectNoLeak(killed);
  // The requests the process left behind still reach the server and are carried out (the answers lost).
  await waitFor(() => fake.requests.filter((r) => r.fault?.startsWith('latency')).length === fault.hits, 30_000, 'the held-up requests to be answered');
  fake.clearFaults();
  expect(state(fake)).not.toEqual(clean);
  await finishAndCompare(cli);
}, 90_000);

test('after Ctrl-C (SIGINT) the actions in flight finish and the rest is reported as not run (exit 130); apply again finishes', async () => {
  fake = await company();
  const cli = new Cli(fake);
  const { child, fault } = await applyUntilHalfway(cli);
  child.kill('SIGINT');
  const interrupted = await finish(child);
  expectNoLeak(interrupted);
  expect(interrupted.code).toBe(EXIT.INTERRUPTED);
  expect(interrupted.stderr).toContain('interrupted: finishing the actions in flight');
  expect(interrupted.stderr).toMatch(/\d+ actions in [\d.]+ s: \d+ done, \d+ not run\n/);
  expect(interrupted.stdout).toMatch(/^not-run +\+ invite hire\d+@acme\.example to (ml|lab) as (member|viewer): apply was interrupted$/m);
  // It waited for every request it had sent: the server had answered them all when it exited.
  expect(fake.requests.filter((r) => r.fault?.startsWith('latency'))).toHaveLength(fault.hits);
  fake.clearFaults();
  expect(state(fake)).not.toEqual(clean);
  await finishAndCompare(cli);
}, 90_000);
