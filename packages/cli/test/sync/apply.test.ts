import fc from 'fast-check';
import { applyPlan, checkPlan, isApplicable, PlanBlockedError, plan as makePlan, readCurrentState, readScopeFor, teamsToRead } from '../../src/sync/index.js';
import type { DesiredState, Plan } from '../../src/sync/index.js';
import { desired, line, NOW, planFor, SERVER } from './helpers.js';
import { MemoryWandb, NamedError } from './memory-wandb.js';

function statusLines(result: Awaited<ReturnType<typeof applyPlan>>): string[] {
  return result.results.map((r) => `${line(r.action)}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`);
}

describe('applyPlan', () => {
  it('creates users and teams before inviting to them, at any concurrency', async () => {
    const wandb = new MemoryWandb();
    const file = desired(`teams: { ml: {}, infra: {} }
users:
${Array.from({ length: 12 }, (_, i) => `  - email: u${i}@acme.example\n    teams: { ml: member, infra: viewer }`).join('\n')}
`);
    const plan = await planFor(wandb, file);
    // Slow creations: a scheduler that ignored the dependencies would invite first.
    wandb.turns = (call) => (call === 'createUser u11@acme.example' || call === 'createTeam infra' ? 40 : 1);
    const result = await applyPlan(plan, wandb.client(), { concurrency: 8 });
    expect(result.results.every((r) => r.status === 'done')).toBe(true);
    for (let i = 0; i < 12; i++) {
      const created = wandb.effects.indexOf(`createUser u${i}@acme.example false`);
      expect(created).toBeGreaterThanOrEqual(0);
      expect(wandb.effects.indexOf(`invite ml u${i}@acme.example member`)).toBeGreaterThan(created);
    }
    expect(wandb.effects.indexOf('invite infra u0@acme.example viewer')).toBeGreaterThan(wandb.effects.indexOf('createTeam infra root@corp.example'));
  });

  it('promotes before it demotes, so a team never loses its last admin', async () => {
    const wandb = new MemoryWandb();
    const ann = wandb.addUser({ email: 'ann@acme.example' });
    const bob = wandb.addUser({ email: 'bob@acme.example' });
    wandb.addTeam('ml', [
      { user: ann, role: 'admin' },
      { user: bob, role: 'viewer' },
    ]);
    // Slow promotions: a scheduler that ignored the dependency would demote first.
    wandb.turns = (call) => (call.startsWith('setRole ml bob') ? 20 : 1);
    const plan = await planFor(
      wandb,
      desired('teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: member }\n  - email: bob@acme.example\n    teams: { ml: admin }\n'),
    );
    const result = await applyPlan(plan, wandb.client(), { concurrency: 4 });
    expect(statusLines(result)).toEqual(['change-role ml bob@acme.example viewer->admin: done', 'change-role ml ann@acme.example admin->member: done']);
    expect(wandb.effects).toEqual(['setRole ml bob@acme.example admin', 'setRole ml ann@acme.example member']);
  });

  it('keeps the number of actions in flight within the concurrency', async () => {
    const wandb = new MemoryWandb();
    const file = desired(`users:\n${Array.from({ length: 20 }, (_, i) => `  - email: u${i}@acme.example`).join('\n')}\n`);
    const plan = await planFor(wandb, file);
    wandb.maxInFlight = 0;
    await applyPlan(plan, wandb.client(), { concurrency: 3 });
    expect(wandb.maxInFlight).toBe(3);
    expect(wandb.users).toHaveLength(21);
  });

  it('reports a failure with its reason, blocks what depends on it, and goes on with the rest', async () => {
    const wandb = new MemoryWandb();
    const plan = await planFor(
      wandb,
      desired('teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: admin }\n  - email: bob@acme.example\n    teams: { ml: member }\n'),
    );
    wandb.fault = (call) => (call === 'createUser ann@acme.example' ? { when: 'before', error: new NamedError('ServerError', 'HTTP 500') } : undefined);
    const result = await applyPlan(plan, wandb.client(), { concurrency: 1 });
    expect(statusLines(result)).toEqual([
      'create-user ann@acme.example: failed (HTTP 500)',
      'create-user bob@acme.example: done',
      'create-team ml: done',
      'invite ml ann@acme.example admin: blocked (depends on action 1, which failed)',
      'invite ml bob@acme.example member: done',
    ]);
    expect(result.results[0]!.errorName).toBe('ServerError');
    expect(result.stopped).toBeNull();
  });

  it('stops starting actions at the first failure with failFast', async () => {
    const wandb = new MemoryWandb();
    const plan = await planFor(wandb, desired('users:\n  - email: a@acme.example\n  - email: b@acme.example\n  - email: c@acme.example\n'));
    wandb.fault = (call) => (call === 'createUser b@acme.example' ? { when: 'before', error: new NamedError('ServerError', 'HTTP 500') } : undefined);
    const result = await applyPlan(plan, wandb.client(), { concurrency: 1, failFast: true });
    expect(statusLines(result)).toEqual([
      'create-user a@acme.example: done',
      'create-user b@acme.example: failed (HTTP 500)',
      'create-user c@acme.example: not-run (stopped after the first failure (--fail-fast))',
    ]);
    expect(result.stopped).toBe('fail-fast');
  });

  it('stops at an error every call would hit (the key refused)', async () => {
    const wandb = new MemoryWandb();
    const plan = await planFor(wandb, desired('users:\n  - email: a@acme.example\n  - email: b@acme.example\n'));
    const refused = new NamedError('AuthenticationError', 'HTTP 401');
    wandb.fault = () => ({ when: 'before', error: refused });
    const result = await applyPlan(plan, wandb.client(), { concurrency: 1 });
    expect(statusLines(result)).toEqual([
      'create-user a@acme.example: failed (HTTP 401)',
      'create-user b@acme.example: not-run (stopped: every call would fail the same way)',
    ]);
    expect(result.stopped).toBe('fatal');
    expect(result.error).toBe(refused);
  });

  it('starts nothing new once aborted, and reports the rest as not run', async () => {
    const wandb = new MemoryWandb();
    const plan = await planFor(wandb, desired('users:\n  - email: a@acme.example\n  - email: b@acme.example\n  - email: c@acme.example\n'));
    const controller = new AbortController();
    const result = await applyPlan(plan, wandb.client(), { concurrency: 1, signal: controller.signal, onResult: () => controller.abort() });
    expect(result.results.map((r) => r.status)).toEqual(['done', 'not-run', 'not-run']);
    expect(result.stopped).toBe('aborted');
    expect(wandb.users).toHaveLength(2);
  });

  it('counts an action whose answer was lost as already done, and a refusal whose goal does not hold as failed', async () => {
    const wandb = new MemoryWandb();
    wandb.addTeam('ml', [{ user: wandb.users[0]!, role: 'admin' }]);
    const plan = await planFor(
      wandb,
      desired('teams: { ml: {} }\nusers:\n  - email: a@acme.example\n    teams: { ml: member }\n  - email: b@acme.example\n    teams: { ml: owner }\n'),
    );
    wandb.fault = (call) => (call === 'createUser a@acme.example' ? { when: 'after', error: new NamedError('NetworkError', 'socket hang up') } : undefined);
    const result = await applyPlan(plan, wandb.client(), { concurrency: 1 });
    expect(statusLines(result)).toEqual([
      'create-user a@acme.example: already-done',
      'create-user b@acme.example: done',
      'invite ml a@acme.example member: done',
      // The in-memory server knows no role "owner": it says no, and the invitation is not there.
      'invite ml b@acme.example owner: failed (the server refused)',
    ]);
    expect(wandb.users.filter((u) => u.email === 'a@acme.example')).toHaveLength(1);
  });

  it('does nothing twice: a second apply of the same plan finds everything done', async () => {
    const wandb = new MemoryWandb();
    const ann = wandb.addUser({ email: 'ann@acme.example' });
    wandb.addTeam('ml', [
      { user: ann, role: 'admin' },
      { email: 'pat@acme.example', role: 'viewer', pending: true },
    ]);
    const plan = await planFor(
      wandb,
      desired(
        'teams: { ml: {}, infra: {} }\nusers:\n  - email: ann@acme.example\n    admin: true\n    teams: { ml: admin, infra: member }\n  - email: pat@acme.example\n    teams: { ml: member }\n',
      ),
      { prune: true },
    );
    await applyPlan(plan, wandb.client());
    const effects = [...wandb.effects];
    const again = await applyPlan(plan, wandb.client());
    expect(again.results.map((r) => r.status).every((s) => s === 'already-done')).toBe(true);
    expect(wandb.effects).toEqual(effects);
  });

  it('reports actions known done without sending them, and releases what depends on them', async () => {
    const wandb = new MemoryWandb();
    const plan = await planFor(wandb, desired('teams: { ml: {} }\nusers:\n  - email: a@acme.example\n    teams: { ml: member }\n'));
    wandb.addUser({ email: 'a@acme.example' });
    const result = await applyPlan(plan, wandb.client(), { done: [1] });
    expect(statusLines(result)).toEqual(['create-user a@acme.example: already-done', 'create-team ml: done', 'invite ml a@acme.example member: done']);
    expect(wandb.calls.filter((c) => c.startsWith('createUser'))).toEqual([]);
  });

  it('refuses a blocked plan before sending anything', async () => {
    const wandb = new MemoryWandb();
    for (let i = 0; i < 12; i++) wandb.addUser({ email: `u${i}@acme.example` });
    const plan = await planFor(wandb, desired('users: []\n'), { prune: true });
    wandb.calls.length = 0;
    await expect(applyPlan(plan, wandb.client())).rejects.toThrow(PlanBlockedError);
    expect(wandb.calls).toEqual([]);
  });
});

// Random companies and files, small enough to reach every rule: addresses from
// a pool of six, two teams that may exist, a third that never does, pending
// invitations, deactivated accounts, instance admins, a service account.
const EMAILS = ['a@x.example', 'b@x.example', 'c@x.example', 'd@x.example', 'e@x.example', 'f@x.example'];
const ROLES = ['admin', 'member', 'viewer', 'labeler'];
const TEAMS = ['t0', 't1', 't2'];

const world = fc.record({
  accounts: fc.array(fc.option(fc.record({ admin: fc.boolean(), deactivated: fc.boolean() }), { nil: undefined }), { minLength: 6, maxLength: 6 }),
  teams: fc.array(
    fc.option(fc.array(fc.record({ who: fc.integer({ min: 0, max: 5 }), role: fc.constantFrom(...ROLES), pending: fc.boolean() }), { maxLength: 6 }), {
      nil: undefined,
    }),
    { minLength: 2, maxLength: 2 },
  ),
  rootInTeam: fc.boolean(),
  file: fc.array(
    fc.option(
      fc.record({
        admin: fc.option(fc.boolean(), { nil: undefined }),
        teams: fc.array(fc.option(fc.constantFrom(...ROLES), { nil: undefined }), { minLength: 3, maxLength: 3 }),
        upper: fc.boolean(),
      }),
      { nil: undefined },
    ),
    { minLength: 6, maxLength: 6 },
  ),
  declared: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  prune: fc.boolean(),
  includeAdmins: fc.boolean(),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function build(w: World): { wandb: MemoryWandb; file: DesiredState } {
  const wandb = new MemoryWandb();
  const users = EMAILS.map((email, i) =>
    w.accounts[i] ? wandb.addUser({ email, admin: w.accounts[i]!.admin, deactivated: w.accounts[i]!.deactivated }) : undefined,
  );
  const bot = wandb.addUser({ email: null, username: 'bot', service: true });
  w.teams.forEach((members, t) => {
    if (!members) return;
    const seen = new Set<number>();
    const roster: { user?: (typeof users)[number]; email?: string; role: string; pending?: boolean }[] = [{ user: bot, role: 'member' }];
    if (w.rootInTeam) roster.push({ user: wandb.users[0]!, role: 'admin' });
    for (const m of members) {
      if (seen.has(m.who)) continue;
      seen.add(m.who);
      const user = users[m.who];
      // Joined members need an account; an invitation may name an address without one.
      if (!m.pending && !user) continue;
      roster.push(user ? { user, role: m.role, pending: m.pending } : { email: EMAILS[m.who]!, role: m.role, pending: true });
    }
    wandb.addTeam(TEAMS[t]!, roster);
  });
  const declared = TEAMS.filter((_, i) => w.declared[i]);
  const entries = EMAILS.flatMap((email, i) => {
    const u = w.file[i];
    if (!u) return [];
    const teams = Object.fromEntries(TEAMS.flatMap((team, j) => (u.teams[j] && declared.includes(team) ? [[team, u.teams[j]]] : [])));
    return [{ email: u.upper ? email.toUpperCase() : email, ...(u.admin !== undefined && { admin: u.admin }), teams }];
  });
  const yaml = JSON.stringify({ teams: Object.fromEntries(declared.map((t) => [t, {}])), users: entries });
  return { wandb, file: desired(yaml) };
}

async function planOf(wandb: MemoryWandb, file: DesiredState, w: World): Promise<Plan> {
  const state = await readCurrentState(wandb.client(), readScopeFor(file, { prune: w.prune }));
  return makePlan(file, state, { server: SERVER, now: NOW, prune: w.prune, includeAdmins: w.includeAdmins, maxRemovals: 1000 });
}

/** Makes every call from the `at`-th on fail, as a crash does: the `at`-th after doing its work (its answer lost). */
function crashAt(wandb: MemoryWandb, at: number): void {
  wandb.fault = (_call, n) => (n < at ? undefined : { when: n === at ? 'after' : 'before', error: new NamedError('Crash', 'the process died') });
}

const isCrash = (error: unknown) => error instanceof Error && error.name === 'Crash';

describe('applyPlan, on random companies and files', () => {
  it('applies every action of a plan, which passes the saved-plan check, after which planning again finds nothing to do', async () => {
    await fc.assert(
      fc.asyncProperty(world, fc.integer({ min: 1, max: 6 }), async (w, concurrency) => {
        const { wandb, file } = build(w);
        const plan = await planOf(wandb, file, w);
        // One rule set: what the planner makes passes the check a saved plan gets, with the same flags.
        expect(plan.blocked).toEqual([]);
        const check = checkPlan(plan, await readCurrentState(wandb.client(), teamsToRead(plan)), {
          server: SERVER,
          prune: w.prune,
          includeAdmins: w.includeAdmins,
          maxRemovals: 1000,
        });
        expect(check.violations).toEqual([]);
        expect(check.pending).toEqual(plan.actions);
        const result = await applyPlan(plan, wandb.client(), { concurrency });
        expect(statusLines(result).filter((s) => !s.endsWith(': done'))).toEqual([]);
        expect((await planOf(wandb, file, w)).actions.map(line)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('finishes an apply interrupted at any call by planning and applying again, doing nothing twice', async () => {
    await fc.assert(
      fc.asyncProperty(world, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 4 }), async (w, at, concurrency) => {
        const { wandb, file } = build(w);
        const plan = await planOf(wandb, file, w);
        fc.pre(plan.actions.length > 0);
        const before = wandb.calls.length;
        crashAt(wandb, before + at);
        await applyPlan(plan, wandb.client(), { concurrency, isFatal: isCrash });
        wandb.fault = () => undefined;
        const resumed = await planOf(wandb, file, w);
        const result = await applyPlan(resumed, wandb.client(), { concurrency });
        expect(statusLines(result).filter((s) => !s.endsWith(': done'))).toEqual([]);
        expect((await planOf(wandb, file, w)).actions.map(line)).toEqual([]);
        // Each change happened once: no user created, invited or removed twice.
        expect(wandb.effects.length).toBe(new Set(wandb.effects).size);
      }),
      { numRuns: 150 },
    );
  });

  it('finishes an interrupted apply of a saved plan: the check finds nothing stale, and the end state is the same', async () => {
    await fc.assert(
      fc.asyncProperty(world, fc.integer({ min: 1, max: 60 }), async (w, at) => {
        const whole = build(w);
        const plan = await planOf(whole.wandb, whole.file, w);
        fc.pre(plan.actions.length > 0);
        await applyPlan(plan, whole.wandb.client());

        const { wandb } = build(w);
        crashAt(wandb, wandb.calls.length + at);
        await applyPlan(plan, wandb.client(), { isFatal: isCrash, concurrency: 2 });
        wandb.fault = () => undefined;
        const check = checkPlan(plan, await readCurrentState(wandb.client(), teamsToRead(plan)), {
          server: SERVER,
          prune: w.prune,
          includeAdmins: w.includeAdmins,
          maxRemovals: 1000,
        });
        expect(check.stale.map((s) => `${line(s.action)}: ${s.found}`)).toEqual([]);
        expect(isApplicable(check)).toBe(true);
        const result = await applyPlan(plan, wandb.client(), { done: check.done.map((a) => a.id) });
        expect(result.results.filter((r) => r.status === 'failed' || r.status === 'blocked')).toEqual([]);
        expect(wandb.fingerprint()).toEqual(whole.wandb.fingerprint());
        expect(wandb.effects.length).toBe(new Set(wandb.effects).size);
      }),
      { numRuns: 150 },
    );
  });
});
