import { readFileSync } from 'node:fs';
import { EXIT, Interrupts } from '../../src/index.js';
import { runWith } from '../../src/program.js';
import { readJournal } from '../../src/sync/index.js';
import { memoryIo } from '../helpers.js';
import { SERVER, scratchFiles, stateHome } from './helpers.js';
import { MemoryWandb } from './memory-wandb.js';

// Ctrl-C at chosen points of a `sync apply`, in this process: the signal is
// `Interrupts.fire`, what the bin's SIGINT listener calls, sent when the
// in-memory W&B sees a chosen call start (never after a sleep). Each point is
// tried at several concurrencies. The real signals, to the real process, are
// in interrupt.test.ts.

const file = scratchFiles();
/** 10 new users, each invited to ml: 20 actions, each one call that changes something. */
const HIRES = file(
  'hires.yaml',
  `teams: { ml: {} }\nusers:\n${Array.from({ length: 10 }, (_, i) => `  - { email: hire${i}@acme.example, teams: { ml: member } }`).join('\n')}\n`,
);
const TOTAL = 20;

/** The process's end, in this process: recorded, and thrown so that the code that signalled stops there. */
class Exited extends Error {}

function company() {
  const wandb = new MemoryWandb();
  wandb.addTeam('ml', [{ user: wandb.users[0]!, role: 'admin' }]);
  return wandb;
}

const isMutation = (call: string) => /^(createUser|invite) /.test(call);

/**
 * Runs `sync apply HIRES --yes` and sends a signal (`signals` of them, back
 * to back) when the call for which `when(call, mutationsSoFar)` holds starts.
 */
async function applyInterrupted(concurrency: number, when: (call: string, mutations: number) => boolean, signals = 1) {
  const wandb = company();
  const { io, stdout, stderr } = memoryIo({ env: { WANDB_BASE_URL: SERVER, WANDB_API_KEY: 'k'.repeat(40), XDG_STATE_HOME: stateHome() } });
  const exits: number[] = [];
  io.interrupts = new Interrupts((code) => {
    exits.push(code);
    throw new Exited(`exit ${code}`);
  });
  let mutations = 0;
  let sent = false;
  wandb.fault = (call) => {
    if (isMutation(call)) mutations++;
    if (!sent && when(call, mutations)) {
      sent = true;
      for (let i = 0; i < signals; i++) io.interrupts.fire(EXIT.INTERRUPTED);
    }
    return undefined;
  };
  const code = await runWith(['sync', 'apply', HIRES, '--yes', '--concurrency', String(concurrency)], io, { syncClient: () => wandb.client() });
  const journal = /Journal: (\S+\.jsonl)/.exec(stderr())?.[1];
  return {
    wandb,
    code,
    exits,
    stdout: stdout(),
    stderr: stderr(),
    journal: journal === undefined ? undefined : readJournal(readFileSync(journal, 'utf8'), journal),
  };
}

const statuses = (stdout: string) => [...stdout.matchAll(/^(done|not-run|in-flight|failed|blocked|already-done) +[+~-] /gm)].map((m) => m[1]);
const count = (list: (string | undefined)[], status: string) => list.filter((s) => s === status).length;

const POINTS: [string, (call: string, mutations: number) => boolean][] = [
  ['after the first action', (call, n) => isMutation(call) && n === 2],
  ['in the middle', (call, n) => isMutation(call) && n === TOTAL / 2],
  ['near the end', (call, n) => isMutation(call) && n === TOTAL - 1],
];

describe.each(POINTS)('Ctrl-C %s', (_point, when) => {
  it.each([[1], [2], [4]])(
    'at concurrency %i: the actions in flight finish, every action is reported (the rest as not-run) and journaled; exit 130',
    async (concurrency) => {
      const { wandb, code, exits, stdout, stderr, journal } = await applyInterrupted(concurrency, when);
      expect({ code, exits }).toEqual({ code: EXIT.INTERRUPTED, exits: [] });
      expect(stderr).toMatch(/interrupted: starting nothing new, finishing the [1-4] actions? in flight \(Ctrl-C again to quit at once\)/);
      const reported = statuses(stdout);
      expect(reported).toHaveLength(TOTAL);
      // What is reported done is what the server did, each once; what never started is not-run.
      expect(count(reported, 'done')).toBe(wandb.effects.length);
      expect(count(reported, 'done') + count(reported, 'not-run')).toBe(TOTAL);
      expect(stderr).toContain(`${TOTAL} actions in `);
      expect(journal!.entries.map((e) => e.status).sort()).toEqual([...reported].sort());
      expect(journal!.end).toMatchObject({ stopped: 'aborted' });
    },
  );
});

describe('a second Ctrl-C', () => {
  it.each([[1], [2], [4]])(
    'at concurrency %i: quits at once, reporting and journaling the actions in flight as in-flight and the rest as not-run',
    async (concurrency) => {
      const { wandb, exits, stdout, stderr, journal } = await applyInterrupted(concurrency, (call, n) => isMutation(call) && n === 3, 2);
      expect(exits).toEqual([EXIT.INTERRUPTED]);
      const reported = statuses(stdout);
      expect(reported).toHaveLength(TOTAL);
      // The call that was starting when the signals came is in flight, at least; none of them is reported done.
      const inFlight = count(reported, 'in-flight');
      expect(inFlight).toBeGreaterThanOrEqual(1);
      expect(inFlight).toBeLessThanOrEqual(concurrency);
      expect(count(reported, 'done') + inFlight + count(reported, 'not-run')).toBe(TOTAL);
      expect(count(reported, 'done')).toBeLessThanOrEqual(wandb.effects.length);
      expect(stderr).toContain(`in flight`);
      expect(stderr).toContain('The actions in flight were sent, and may have been done');
      expect(journal!.end).toMatchObject({ stopped: 'quit' });
      expect(journal!.entries.map((e) => e.status).sort()).toEqual([...reported].sort());
    },
  );
});

describe('Ctrl-C while the state is read', () => {
  it.each([
    ['users', (call: string) => call.startsWith('users ')],
    ['teams', (call: string) => call.startsWith('team ')],
  ])('while reading %s: says what was interrupted and how far the read got, exits at once, nothing changed', async (_what, when) => {
    for (const concurrency of [1, 4]) {
      const { wandb, exits, stderr } = await applyInterrupted(concurrency, when);
      expect(exits).toEqual([EXIT.INTERRUPTED]);
      expect(stderr).toMatch(/interrupted while reading the server's users and teams \(\d+ users? and \d+ teams? read\): nothing was changed\n/);
      expect(wandb.effects).toEqual([]);
    }
  });
});
