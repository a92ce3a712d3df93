import { applyPlan, checkPlan, isApplicable, readCurrentState, teamsToRead } from '../../src/sync/index.js';
import type { CheckOptions, Plan, PlanCheck } from '../../src/sync/index.js';
import { desired, line, planFor, SERVER } from './helpers.js';
import { MemoryWandb } from './memory-wandb.js';

const FILE = desired(`teams: { ml: {} }
users:
  - email: ann@acme.example
    teams: { ml: member }
  - email: bob@acme.example
    admin: true
    teams: { ml: admin }
  - email: carl@acme.example
    teams: { ml: viewer }
`);

function company() {
  const wandb = new MemoryWandb();
  const ann = wandb.addUser({ email: 'ann@acme.example', username: 'ann' });
  const bob = wandb.addUser({ email: 'bob@acme.example', username: 'bob' });
  const old = wandb.addUser({ email: 'old@acme.example', username: 'old' });
  wandb.addTeam('ml', [
    { user: ann, role: 'admin' },
    { user: bob, role: 'viewer' },
    { user: old, role: 'member' },
  ]);
  return { wandb, ann, bob, old };
}

/** The saved plan checked against the in-memory server now, read as apply --plan reads it (by default with --prune, as it was made). */
async function check(wandb: MemoryWandb, plan: Plan, options: CheckOptions = { server: SERVER, prune: true }) {
  return checkPlan(plan, await readCurrentState(wandb.client(), teamsToRead(plan)), options);
}

const messages = (result: PlanCheck) => result.violations.map((v) => v.message);

describe('checkPlan: a saved plan against the server now', () => {
  it('finds a fresh plan all pending', async () => {
    const { wandb } = company();
    const plan = await planFor(wandb, FILE, { prune: true });
    expect(plan.actions.map(line)).toEqual([
      'set-admin bob@acme.example true',
      'create-user carl@acme.example',
      'change-role ml bob@acme.example viewer->admin',
      'invite ml carl@acme.example viewer',
      'change-role ml ann@acme.example admin->member',
      'remove ml old@acme.example',
      'deactivate old@acme.example',
    ]);
    const result = await check(wandb, plan);
    expect(result.pending).toHaveLength(plan.actions.length);
    expect(isApplicable(result)).toBe(true);
  });

  it('finds done what an interrupted apply did, and the rest pending: the plan can be finished', async () => {
    const { wandb } = company();
    const plan = await planFor(wandb, FILE, { prune: true });
    await applyPlan({ ...plan, actions: plan.actions.slice(0, 4) }, wandb.client());
    const result = await check(wandb, plan);
    expect(result.done.map((a) => a.id)).toEqual([1, 2, 3, 4]);
    expect(result.pending.map((a) => a.id)).toEqual([5, 6, 7]);
    expect(isApplicable(result)).toBe(true);
  });

  it('finds stale what someone changed differently since the plan, with what it expected and found', async () => {
    const { wandb, bob, old } = company();
    const plan = await planFor(wandb, FILE, { prune: true });
    wandb.teams.get('ml')!.members.find((m) => m.userId === bob.id)!.role = 'member';
    wandb.addUser({ email: 'carl@acme.example', admin: true });
    old.admin = true;
    const result = await check(wandb, plan);
    expect(result.stale.map((s) => `${s.action.id}: expected ${s.expected}; found ${s.found}`)).toEqual([
      '2: expected no user has the address carl@acme.example; found the user exists as an instance admin, created by someone else',
      '3: expected bob@acme.example is a member of ml with role viewer; found a member with role member',
      '7: expected old@acme.example is active; found the user is now an instance admin',
    ]);
    expect(isApplicable(result)).toBe(false);
  });

  it('counts a change someone else made the same way as done, not stale', async () => {
    const { wandb, bob } = company();
    const plan = await planFor(wandb, FILE);
    wandb.teams.get('ml')!.members.find((m) => m.userId === bob.id)!.role = 'admin';
    const result = await check(wandb, plan);
    expect(result.done.map(line)).toEqual(['change-role ml bob@acme.example viewer->admin']);
    expect(isApplicable(result)).toBe(true);
  });

  it('refuses a plan for another server, a blocked plan, and one that would now leave a team without an admin', async () => {
    const { wandb, ann } = company();
    const plan = await planFor(wandb, FILE, { prune: true });
    expect(messages(await check(wandb, plan, { server: 'https://other.example', prune: true }))).toEqual([
      `the plan was made for ${SERVER}, not https://other.example`,
    ]);
    expect(messages(await check(wandb, { ...plan, blocked: [{ reason: 'too-many-removals', removals: 20, limit: 10 }] }))).toEqual([
      'the plan is blocked (too-many-removals)',
    ]);
    // Only the demotion of ann: bob's promotion is gone from the plan.
    const demoteOnly = { ...plan, actions: plan.actions.filter((a) => a.kind === 'change-role' && a.member.id === ann.id) };
    expect((await check(wandb, demoteOnly)).violations).toEqual([
      {
        rule: 'last-team-admin',
        actions: [5],
        message: 'team ml would be left without an admin who has joined, by action 5 (~ change role of ann@acme.example in ml: admin -> member)',
      },
    ]);
  });

  it("refuses a plan that would remove or deactivate the key's user", async () => {
    const { wandb, old } = company();
    const plan = await planFor(wandb, FILE, { prune: true });
    wandb.viewerId = old.id;
    expect(messages(await check(wandb, plan))).toEqual([
      "action 6 (- remove old@acme.example from ml (member)): would remove the API key's own account from the team",
      "action 7 (- deactivate user old@acme.example (old)): would deactivate the API key's own account",
    ]);
  });

  it('trusts nothing the plan says about its settings: removals need prune now, the limit is counted now', async () => {
    const { wandb } = company();
    const plan = await planFor(wandb, FILE, { prune: true });
    const removals = [6, 7];
    expect((await check(wandb, plan, { server: SERVER })).violations).toEqual(
      removals.map((id) => ({
        rule: 'prune',
        actions: [id],
        message: expect.stringMatching(new RegExp(`^action ${id} \\(- .*\\): a removal: removals need --prune$`)),
      })),
    );
    const raised = { ...plan, settings: { prune: true, includeAdmins: true, maxRemovals: 1000 }, removalLimit: 1000 };
    expect(messages(await check(wandb, raised, { server: SERVER, prune: true, maxRemovals: 1 }))).toEqual([
      '2 removals exceed the limit of 1 (--max-removals): check the plan, then pass --max-removals 2 if they are meant',
    ]);
    expect(isApplicable(await check(wandb, raised, { server: SERVER, prune: true, maxRemovals: 2 }))).toBe(true);
  });

  it('treats an accepted invitation as stale for its withdrawal, and a re-invitation halfway as pending', async () => {
    const wandb = new MemoryWandb();
    const ann = wandb.addUser({ email: 'ann@acme.example' });
    wandb.addTeam('ml', [
      { user: ann, role: 'admin' },
      { email: 'pat@acme.example', role: 'viewer', pending: true },
      { email: 'quinn@acme.example', role: 'viewer', pending: true },
    ]);
    wandb.addUser({ email: 'quinn@acme.example' });
    const file = desired(
      'teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: admin }\n  - email: pat@acme.example\n    teams: { ml: member }\n',
    );
    const plan = await planFor(wandb, file, { prune: true });
    expect(plan.actions.map(line)).toEqual([
      'create-user pat@acme.example',
      'reinvite ml pat@acme.example viewer->member',
      'remove ml quinn@acme.example (pending)',
      'deactivate quinn@acme.example',
    ]);
    // Halfway through the re-invitation: withdrawn, not sent again.
    wandb.teams.get('ml')!.members.splice(1, 1);
    wandb.acceptInvite('ml', 'quinn@acme.example');
    const result = await check(wandb, plan);
    expect(result.pending.map((a) => a.id)).toEqual([1, 2, 4]);
    expect(result.stale.map((s) => `${s.action.id}: ${s.found}`)).toEqual(['3: a member with role viewer (the invitation was accepted)']);
  });
});
