import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import type { FakeWandb, InstalledFault } from '@wandb-ts/testing';
import { EXIT } from '../../src/index.js';
import { readJournal } from '../../src/sync/index.js';
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

const journalOf = (stderr: string) => /Journal: (\S+\.jsonl)/.exec(stderr)![1]!;

/** Resolves when the child has written text matching `pattern` on stderr (what it wrote so far is collected by finish()). */
function stderrShows(child: ChildProcess, pattern: RegExp): Promise<void> {
  let seen = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (pattern.test(seen)) resolve();
    });
    child.once('close', () => reject(new Error(`the child ended before its stderr showed ${pattern}`)));
  });
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
  expect(interrupted.stderr).toMatch(/interrupted: starting nothing new, finishing the \d+ actions? in flight/);
  expect(interrupted.stderr).toMatch(/\d+ actions in [\d.]+ s: \d+ done, \d+ not run\n/);
  // Every action reported once, and the journal says the same.
  const reported = [...interrupted.stdout.matchAll(/^(done|not-run) +[+~-] /gm)].map((m) => m[1]);
  const journal = readJournal(readFileSync(journalOf(interrupted.stderr), 'utf8'), 'journal');
  expect(journal.entries.map((e) => e.status).sort()).toEqual(reported.sort());
  expect(journal.end).toMatchObject({ stopped: 'aborted' });
  expect(interrupted.stdout).toMatch(/^not-run +\+ invite hire\d+@acme\.example to (ml|lab) as (member|viewer): apply was interrupted$/m);
  // It waited for every request it had sent: the server had answered them all when it exited.
  expect(fake.requests.filter((r) => r.fault?.startsWith('latency'))).toHaveLength(fault.hits);
  fake.clearFaults();
  expect(state(fake)).not.toEqual(clean);
  await finishAndCompare(cli);
}, 90_000);

test('a second Ctrl-C quits at once: the actions still in flight are reported and journaled as in-flight, the rest as not-run', async () => {
  fake = await company();
  const cli = new Cli(fake);
  const { child, fault } = await applyUntilHalfway(cli);
  const output = finish(child);
  const first = stderrShows(child, /interrupted: starting nothing new/);
  child.kill('SIGINT');
  await first;
  child.kill('SIGINT');
  const quit = await output;
  expectNoLeak(quit);
  expect(quit.code).toBe(EXIT.INTERRUPTED);
  // The seventh creation is held up by the server: still in flight when the process quit.
  expect(quit.stdout).toMatch(/^in-flight +\+ create user hire\d+@acme\.example: quit before the answer: the outcome is unknown$/m);
  expect(quit.stdout).toMatch(/^not-run +\+ invite hire\d+@acme\.example to (ml|lab) as (member|viewer): apply quit at once \(a second Ctrl-C\)$/m);
  expect(quit.stderr).toMatch(/\d+ actions in [\d.]+ s: .*\d+ in flight\n/);
  const journal = readJournal(readFileSync(journalOf(quit.stderr), 'utf8'), 'journal');
  expect(journal.end).toMatchObject({ stopped: 'quit' });
  expect(journal.entries.filter((e) => e.status === 'in-flight').length).toBeGreaterThan(0);
  // The requests the process left behind still reach the server and are carried out (the answers lost).
  await waitFor(() => fake.requests.filter((r) => r.fault?.startsWith('latency')).length === fault.hits, 30_000, 'the held-up requests to be answered');
  fake.clearFaults();
  await finishAndCompare(cli);
}, 90_000);

test('Ctrl-C while the users and teams are read: says so, exits at once (130), nothing changed', async () => {
  fake = await company();
  const cli = new Cli(fake);
  // The first team read is held up by the server: the process is then certainly reading.
  const fault = fake.injectFault({ operation: 'GetTeamEntity', times: Infinity, fault: { type: 'latency', ms: 1500 } });
  const child = start(['sync', 'apply', cli.file('many.yaml', MANY), '--prune', '--yes'], cli.env(), { cwd: cli.home });
  const output = finish(child);
  await waitFor(() => fault.hits > 0, 30_000, 'a team read held up');
  child.kill('SIGINT');
  const interrupted = await output;
  expect(interrupted.code).toBe(EXIT.INTERRUPTED);
  expect(interrupted.stderr).toMatch(/interrupted while reading the server's users and teams \(\d+ users and 0 teams read\): nothing was changed\n$/);
  expect(applied(fake.requests)).toEqual([]);
  // The held-up read is answered (to nobody) before the server closes.
  await waitFor(() => fake.requests.filter((r) => r.fault?.startsWith('latency')).length === fault.hits, 30_000, 'the held-up read to be answered');
}, 60_000);
