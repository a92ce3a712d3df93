import {
  type CurrentMember,
  type CurrentState,
  checkPlan,
  defaultRemovalLimit,
  isApplicable,
  type Plan,
  plan,
  readCurrentState,
  teamsToRead,
} from '../../src/sync/index.js';
import { applyAll, desired, lines, NOW, planFor, SERVER } from './helpers.js';
import { MemoryWandb } from './memory-wandb.js';

/** A company: ann (ml admin), bob (ml viewer), a pending invitation, a service account. */
function company() {
  const wandb = new MemoryWandb();
  const root = wandb.users[0]!;
  const ann = wandb.addUser({ email: 'ann@acme.example', username: 'ann' });
  const bob = wandb.addUser({ email: 'bob@acme.example', username: 'bob' });
  const bot = wandb.addUser({ email: null, username: 'nightly-eval', service: true });
  wandb.addTeam('ml', [
    { user: ann, role: 'admin' },
    { user: bob, role: 'viewer' },
    { user: bot, role: 'member' },
    { email: 'new.hire@acme.example', role: 'member', pending: true },
  ]);
  return { wandb, root, ann, bob, bot };
}

describe('plan: every action kind', () => {
  it('creates users and a team, inviting the listed members; an existing admin creates the team', async () => {
    const { wandb } = company();
    const p = await planFor(
      wandb,
      desired(`teams: { infra: {} }
users:
  - email: ann@acme.example
    teams: { infra: admin }
  - email: carl@acme.example
    admin: true
    teams: { infra: member }
  - email: dana@acme.example
`),
    );
    expect(lines(p)).toEqual([
      'create-user carl@acme.example admin',
      'create-user dana@acme.example',
      'create-team infra by ann',
      'invite infra carl@acme.example member',
    ]);
    // The invitation waits for the team and for carl's account.
    expect(p.actions[3]!.dependsOn).toEqual([1, 3]);
    expect(p.blocked).toEqual([]);
  });

  it("creates a team under the API key's user when no listed admin has an account yet, and invites the admin", async () => {
    const { wandb } = company();
    const p = await planFor(wandb, desired('teams: { infra: {} }\nusers:\n  - email: erin@acme.example\n    teams: { infra: admin }\n'));
    expect(lines(p)).toEqual(['create-user erin@acme.example', 'create-team infra', 'invite infra erin@acme.example admin']);
  });

  it('changes roles of members, re-invites an invitation with another role, and leaves a matching invitation pending', async () => {
    const { wandb } = company();
    const p = await planFor(
      wandb,
      desired(`teams: { ml: {} }
users:
  - email: ann@acme.example
    teams: { ml: admin }
  - email: bob@acme.example
    teams: { ml: member }
  - email: New.Hire@acme.example
    teams: { ml: viewer }
`),
    );
    expect(lines(p)).toEqual([
      'create-user New.Hire@acme.example',
      'reinvite ml New.Hire@acme.example member->viewer',
      'change-role ml bob@acme.example viewer->member',
    ]);
    const same = await planFor(
      wandb,
      desired(
        'teams: { ml: {} }\nusers:\n  - email: new.hire@acme.example\n    teams: { ml: member }\n  - email: ann@acme.example\n    teams: { ml: admin }\n',
      ),
    );
    // Pending with the listed role satisfies the file (apart from the account to create).
    expect(lines(same)).toEqual(['create-user new.hire@acme.example']);
  });

  it('sets and unsets the instance admin flag only where the file says it', async () => {
    const { wandb, ann } = company();
    ann.admin = true;
    const p = await planFor(wandb, desired('users:\n  - email: ann@acme.example\n    admin: false\n  - email: BOB@acme.example\n    admin: true\n'));
    expect(lines(p)).toEqual(['set-admin bob@acme.example true', 'set-admin ann@acme.example false']);
    expect(lines(await planFor(wandb, desired('users:\n  - email: ann@acme.example\n  - email: bob@acme.example\n')))).toEqual([]);
  });

  it('reactivates a listed user who is deactivated, before putting them in a team', async () => {
    const { wandb, bob } = company();
    bob.deletedAt = '2024-01-01T00:00:00Z';
    wandb.addTeam('infra');
    const p = await planFor(wandb, desired('teams: { infra: {} }\nusers:\n  - email: bob@acme.example\n    admin: true\n    teams: { infra: member }\n'));
    expect(lines(p)).toEqual(['reactivate bob@acme.example', 'set-admin bob@acme.example true', 'invite infra bob@acme.example member']);
    expect(p.actions[1]!.dependsOn).toEqual([1]);
    expect(p.actions[2]!.dependsOn).toEqual([1]);
  });

  it('removes and deactivates only with prune, and never a service account', async () => {
    const { wandb } = company();
    const file = desired('teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: admin }\n');
    expect(lines(await planFor(wandb, file))).toEqual([]);
    const pruned = await planFor(wandb, file, { prune: true });
    expect(lines(pruned)).toEqual(['remove ml bob@acme.example', 'remove ml new.hire@acme.example (pending)', 'deactivate bob@acme.example']);
    // root, the API key's user, is the only one held back; the service account is not even mentioned.
    expect(pruned.held).toEqual([{ kind: 'deactivate-user', subject: 'root@corp.example', team: null, reason: 'key-in-use' }]);
  });

  it('recognises a service account with an address by its team membership when the user listing has no account type', async () => {
    const { wandb } = company();
    // As W&B might show one, and as the SDK lists users: with an address, without the account type.
    wandb.users.find((u) => u.username === 'nightly-eval')!.email = 'nightly-eval@bots.acme.example';
    wandb.teams.get('ml')!.members.find((m) => m.userId !== null && wandb.users.find((u) => u.id === m.userId)?.accountType === 'SERVICE')!.email =
      'nightly-eval@bots.acme.example';
    wandb.hideAccountTypes = true;
    const file = desired('users:\n  - email: ann@acme.example\n  - email: bob@acme.example\n');
    expect(lines(await planFor(wandb, file, { prune: true }))).toEqual([]);
    // The check can fail: had its team not been read, it would be deactivated.
    wandb.teams.delete('ml');
    expect(lines(await planFor(wandb, file, { prune: true }))).toEqual(['deactivate nightly-eval@bots.acme.example']);
  });

  it('leaves alone accounts and members whose address the server withholds', async () => {
    const { wandb } = company();
    const hidden = wandb.addUser({ email: null, username: 'hidden' });
    wandb.teams.get('ml')!.members.push({ id: hidden.id, userId: hidden.id, email: null, role: 'member', pending: false });
    const p = await planFor(
      wandb,
      desired('teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: admin }\n  - email: bob@acme.example\n    teams: { ml: viewer }\n'),
      { prune: true },
    );
    expect(lines(p)).toEqual(['remove ml new.hire@acme.example (pending)']);
  });

  it('matches addresses ignoring case', async () => {
    const { wandb } = company();
    expect(
      lines(
        await planFor(
          wandb,
          desired('teams: { ml: {} }\nusers:\n  - email: ANN@Acme.Example\n    teams: { ml: admin }\n  - email: Bob@ACME.example\n    teams: { ml: viewer }\n'),
          { prune: true },
        ),
      ),
    ).toEqual(['remove ml new.hire@acme.example (pending)']);
  });
});

describe('plan: member lines found by account, not address', () => {
  // A hand-built state: member lines showing no address, or another address
  // than the account's (an invitation to an old address), are found by the
  // account's ID (joined) or username.
  const user = (name: string) => ({
    id: `u-${name}`,
    email: `${name}@acme.example`,
    username: name,
    admin: false,
    deletedAt: null,
    accountType: 'USER',
    teams: [],
  });
  const member = (id: string, username: string | null, email: string | null, role: string, pending: boolean) => ({
    id,
    username,
    email,
    role,
    pending,
    accountType: null,
  });
  const state = (members: CurrentMember[]): CurrentState => ({
    viewer: { id: 'u-root', username: 'root', email: 'root@corp.example', admin: true },
    users: [user('root'), user('ann'), user('bob'), user('carl'), user('dana')],
    teams: new Map([['ml', { id: 't-ml', name: 'ml', members }]]),
  });
  const file = desired(`teams: { ml: {} }
users:
  - email: ann@acme.example
    teams: { ml: member }
  - email: bob@acme.example
    teams: { ml: member }
  - email: carl@acme.example
    teams: { ml: member }
  - email: dana@acme.example
    teams: { ml: member }
`);
  const changes = (p: Plan) => p.actions.map((a) => [a.kind, 'member' in a ? a.member.id : 'email' in a ? a.email : null, 'role' in a ? a.role : null]);

  it('finds a joined member by account ID and an invitation by username; a joined member wins over an invitation', () => {
    const p = plan(
      file,
      state([
        member('u-ann', null, 'ann.old@acme.example', 'viewer', false),
        member('inv-bob', 'bob', 'bob@previous.example', 'viewer', true),
        member('inv-carl', 'carl', 'carl@acme.example', 'viewer', true),
        member('u-carl', 'carl', null, 'member', false),
      ]),
      { server: SERVER, now: NOW },
    );
    expect(changes(p)).toEqual([
      ['reinvite', 'inv-bob', 'member'],
      ['invite', 'dana@acme.example', 'member'],
      ['change-role', 'u-ann', 'member'],
    ]);
  });

  it('removes with prune only the lines no listed user matches', () => {
    const p = plan(
      file,
      state([
        member('u-ann', null, null, 'member', false),
        member('inv-bob', 'bob', 'bob@previous.example', 'member', true),
        member('u-carl', 'carl', 'carl@acme.example', 'member', false),
        member('u-dana', 'dana', null, 'member', false),
        member('inv-erin', null, 'erin@acme.example', 'viewer', true),
      ]),
      { server: SERVER, now: NOW, prune: true },
    );
    expect(changes(p)).toEqual([['remove-from-team', 'inv-erin', null]]);
  });

  it('never takes a service account sharing a listed address for the listed user', () => {
    // Listed first, as a listing may return it: the account and the line of the person must still be theirs.
    const bot = { ...user('carl'), id: 'u-bot', username: 'carl-bot', accountType: 'SERVICE' };
    const botLine = { ...member('u-bot', 'carl-bot', 'carl@acme.example', 'viewer', false), accountType: 'SERVICE' };
    const withBot = (members: CurrentMember[]): CurrentState => {
      const base = state(members);
      return { ...base, users: [bot, ...base.users] };
    };
    const everyoneIn = [
      member('u-ann', 'ann', null, 'member', false),
      member('u-bob', 'bob', null, 'member', false),
      member('u-dana', 'dana', null, 'member', false),
    ];
    // Carl's own line is found by his account; the service account's line is left as it is.
    const joined = plan(file, withBot([botLine, ...everyoneIn, member('u-carl', 'carl', null, 'viewer', false)]), { server: SERVER, now: NOW, prune: true });
    expect(changes(joined)).toEqual([['change-role', 'u-carl', 'member']]);
    // Carl not in the team: invited under his own username, and the service account's line still untouched.
    const missing = plan(file, withBot([botLine, ...everyoneIn]), { server: SERVER, now: NOW, prune: true });
    expect(missing.actions).toEqual([expect.objectContaining({ kind: 'invite', email: 'carl@acme.example', username: 'carl', role: 'member' })]);
    // And a saved plan's check reads the team the same way: the invitation is still to send, not stale.
    expect(checkPlan(missing, withBot([botLine, ...everyoneIn]), { server: SERVER, prune: true })).toMatchObject({
      stale: [],
      pending: missing.actions,
      violations: [],
    });
  });

  it('with prune, never deactivates an account it matched to a listed user (addresses compared as planUsers does)', () => {
    const padded = { ...user('erin'), email: ' Erin@acme.example ' };
    const base = state([]);
    const current = { ...base, users: [...base.users, padded], teams: new Map() };
    const p = plan(desired('users:\n  - email: erin@acme.example\n'), current, { server: SERVER, now: NOW, prune: true, maxRemovals: 100 });
    const deactivated = p.actions.flatMap((a) => (a.kind === 'deactivate-user' ? [a.user.id] : []));
    expect(deactivated).toEqual(['u-ann', 'u-bob', 'u-carl', 'u-dana']);
  });
});

describe('plan: safety rules', () => {
  it('never deactivates, removes or demotes the user of the API key', async () => {
    const { wandb, root } = company();
    wandb.addTeam('ops', [
      { user: root, role: 'admin' },
      { user: wandb.users[1]!, role: 'admin' },
    ]);
    const p = await planFor(
      wandb,
      desired('teams: { ops: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ops: admin }\n  - email: root@corp.example\n    admin: false\n'),
      { prune: true, includeAdmins: true },
    );
    expect(lines(p).filter((l) => l.includes('root'))).toEqual([]);
    expect(p.held.map((h) => `${h.kind} ${h.subject} ${h.reason}`)).toEqual([
      'set-admin root@corp.example key-in-use',
      'remove-from-team root@corp.example key-in-use',
    ]);
    const unlisted = await planFor(wandb, desired('teams: { ops: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ops: admin }\n'), {
      prune: true,
      includeAdmins: true,
    });
    expect(unlisted.held.map((h) => `${h.kind} ${h.subject} ${h.reason}`)).toEqual([
      'remove-from-team root@corp.example key-in-use',
      'deactivate-user root@corp.example key-in-use',
    ]);
  });

  it('deactivates instance admins only with includeAdmins', async () => {
    const { wandb } = company();
    wandb.addUser({ email: 'ops@acme.example', admin: true });
    const file = desired('users:\n  - email: ann@acme.example\n  - email: bob@acme.example\n');
    const p = await planFor(wandb, file, { prune: true });
    expect(lines(p)).toEqual([]);
    expect(p.held).toEqual([
      { kind: 'deactivate-user', subject: 'root@corp.example', team: null, reason: 'key-in-use' },
      { kind: 'deactivate-user', subject: 'ops@acme.example', team: null, reason: 'instance-admin' },
    ]);
    expect(lines(await planFor(wandb, file, { prune: true, includeAdmins: true }))).toEqual(['deactivate ops@acme.example']);
  });

  it('keeps the last joined admin of a team: a demotion waits for another admin to join', async () => {
    const { wandb } = company();
    const file = desired(
      'teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: member }\n  - email: bob@acme.example\n    teams: { ml: viewer }\n  - email: new.hire@acme.example\n    teams: { ml: admin }\n',
    );
    const p = await planFor(wandb, file);
    // new.hire's invitation as admin is pending: it does not count.
    expect(lines(p)).toEqual(['create-user new.hire@acme.example', 'reinvite ml new.hire@acme.example member->admin']);
    expect(p.held).toEqual([{ kind: 'change-role', subject: 'ann@acme.example', team: 'ml', reason: 'last-team-admin', teams: ['ml'] }]);
  });

  it('demotes an admin once a promotion is done, and only after it', async () => {
    const { wandb } = company();
    const p = await planFor(
      wandb,
      desired('teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: member }\n  - email: bob@acme.example\n    teams: { ml: admin }\n'),
    );
    expect(lines(p)).toEqual(['change-role ml bob@acme.example viewer->admin', 'change-role ml ann@acme.example admin->member']);
    expect(p.actions[1]!.dependsOn).toEqual([1]);
  });

  it('does not remove or deactivate the last admin of a team, even one the file does not manage', async () => {
    const { wandb, ann, bob } = company();
    wandb.addTeam('research', [{ user: bob, role: 'admin' }]);
    // Two admins: losing ann leaves vision one.
    wandb.addTeam('vision', [
      { user: ann, role: 'admin' },
      { user: bob, role: 'admin' },
    ]);
    wandb.addTeam('labs', [{ user: ann, role: 'admin' }]);
    const p = await planFor(wandb, desired('teams: { ml: {} }\nusers:\n  - email: carl@acme.example\n    teams: { ml: admin }\n'), { prune: true });
    expect(lines(p)).toEqual([
      'create-user carl@acme.example',
      'invite ml carl@acme.example admin',
      'remove ml bob@acme.example',
      'remove ml new.hire@acme.example (pending)',
    ]);
    expect(p.held.map((h) => `${h.kind} ${h.subject} ${h.reason} ${h.teams?.join(',') ?? '-'}`)).toEqual([
      // carl's invitation as admin is pending: ann stays ml's admin until he joins.
      'remove-from-team ann@acme.example last-team-admin ml',
      'deactivate-user root@corp.example key-in-use -',
      'deactivate-user ann@acme.example last-team-admin ml,labs',
      'deactivate-user bob@acme.example last-team-admin research',
    ]);
  });

  it('of two admins the file does not list, deactivates one and keeps the other for their team', async () => {
    const { wandb } = company();
    const dana = wandb.addUser({ email: 'dana@acme.example', username: 'dana' });
    const erin = wandb.addUser({ email: 'erin@acme.example', username: 'erin' });
    wandb.addTeam('vision', [
      { user: dana, role: 'admin' },
      { user: erin, role: 'admin' },
    ]);
    const file = desired('users:\n  - email: ann@acme.example\n  - email: bob@acme.example\n');
    const p = await planFor(wandb, file, { prune: true });
    expect(lines(p)).toEqual(['deactivate dana@acme.example']);
    expect(p.held.map((h) => `${h.kind} ${h.subject} ${h.reason} ${h.teams?.join(',') ?? '-'}`)).toEqual([
      'deactivate-user root@corp.example key-in-use -',
      'deactivate-user erin@acme.example last-team-admin vision',
    ]);
    expect(p.blocked).toEqual([]);
  });

  it('does not count a deactivated admin as the admin a team keeps: the last active one is held back, and a saved plan removing them is refused', async () => {
    const { wandb } = company();
    const dana = wandb.addUser({ email: 'dana@acme.example', username: 'dana', deactivated: true });
    const erin = wandb.addUser({ email: 'erin@acme.example', username: 'erin' });
    wandb.addTeam('vision', [
      { user: dana, role: 'admin' },
      { user: erin, role: 'admin' },
    ]);
    const file = desired('users:\n  - email: ann@acme.example\n  - email: bob@acme.example\n');
    const p = await planFor(wandb, file, { prune: true });
    expect(lines(p)).toEqual([]);
    expect(p.held.map((h) => `${h.kind} ${h.subject} ${h.reason} ${h.teams?.join(',') ?? '-'}`)).toEqual([
      'deactivate-user root@corp.example key-in-use -',
      'deactivate-user erin@acme.example last-team-admin vision',
    ]);
    // The same deactivation written into a saved plan by hand: refused by the same rule.
    const edited: Plan = {
      ...p,
      actions: [
        {
          id: 1,
          kind: 'deactivate-user',
          user: { id: erin.id, email: erin.email, username: erin.username },
          expect: { deactivated: false, admin: false },
          dependsOn: [],
        },
      ],
    };
    const check = checkPlan(edited, await readCurrentState(wandb.client(), teamsToRead(edited)), { server: SERVER, prune: true });
    expect(check.violations.map((v) => `${v.rule} ${v.actions.join(',')}`)).toEqual(['last-team-admin 1']);
  });

  it("keeps a team's last admin W&B counts, even one whose account is deactivated: removing them would be refused", async () => {
    const { wandb } = company();
    const dana = wandb.addUser({ email: 'dana@acme.example', username: 'dana', deactivated: true });
    const erin = wandb.addUser({ email: 'erin@acme.example', username: 'erin' });
    wandb.addTeam('vision', [
      { user: dana, role: 'admin' },
      { user: erin, role: 'member' },
    ]);
    const file = desired('teams: { vision: {} }\nusers:\n  - email: erin@acme.example\n    teams: { vision: member }\n');
    const p = await planFor(wandb, file, { prune: true });
    expect(p.held.filter((h) => h.team === 'vision').map((h) => `${h.kind} ${h.subject} ${h.reason}`)).toEqual([
      'remove-from-team dana@acme.example last-team-admin',
    ]);
    expect(lines(p).filter((l) => l.includes('dana'))).toEqual([]);
  });

  it('counts an admin the plan reactivates: the other admin is demoted once the reactivation is done', async () => {
    const { wandb } = company();
    const dana = wandb.addUser({ email: 'dana@acme.example', username: 'dana', deactivated: true });
    const erin = wandb.addUser({ email: 'erin@acme.example', username: 'erin' });
    wandb.addTeam('vision', [
      { user: dana, role: 'admin' },
      { user: erin, role: 'admin' },
    ]);
    const file = desired('teams: { vision: {} }\nusers:\n  - email: dana@acme.example\n  - email: erin@acme.example\n    teams: { vision: viewer }\n');
    const p = await planFor(wandb, file);
    expect(lines(p)).toEqual(['reactivate dana@acme.example', 'change-role vision erin@acme.example admin->viewer']);
    expect(p.actions[1]!.dependsOn).toEqual([p.actions[0]!.id]);
    expect(p.blocked).toEqual([]);
    expect(p.held).toEqual([]);
  });

  it('counts an admin the plan reactivates in a team the file does not manage: the other admin is deactivated after the reactivation', async () => {
    const { wandb } = company();
    const dana = wandb.addUser({ email: 'dana@acme.example', username: 'dana', deactivated: true });
    const erin = wandb.addUser({ email: 'erin@acme.example', username: 'erin' });
    wandb.addTeam('vision', [
      { user: dana, role: 'admin' },
      { user: erin, role: 'admin' },
    ]);
    const file = desired('users:\n  - email: dana@acme.example\n');
    const p = await planFor(wandb, file, { prune: true });
    const all = lines(p);
    const mine = p.actions.filter((_, i) => /dana|erin/.test(all[i]!));
    expect(all.filter((l) => /dana|erin/.test(l))).toEqual(['reactivate dana@acme.example', 'deactivate erin@acme.example']);
    expect(mine[1]!.dependsOn).toContain(mine[0]!.id);
    expect(p.held.filter((h) => /dana|erin/.test(h.subject))).toEqual([]);
    const check = checkPlan(p, await readCurrentState(wandb.client(), teamsToRead(p)), { server: SERVER, prune: true });
    expect(check.violations).toEqual([]);
  });

  it('blocks a plan whose actions break a safety rule: one made from a desired state built in code', async () => {
    const { wandb } = company();
    const built = desired('teams: { ml: {} }\nusers:\n  - email: carl@acme.example\n    teams: { ml: member }\n');
    const unchecked = { ...built, users: built.users.map((u) => ({ ...u, teams: new Map([['ml', 'member\u001b[2J']]) })) };
    const p = await planFor(wandb, unchecked);
    expect(p.blocked).toEqual([
      {
        reason: 'safety-rule',
        rule: 'name',
        actions: [2],
        message:
          'action 2 (+ invite carl@acme.example to ml as member\u001b[2J): role "member\\u001b[2J" is not admin, member, viewer or a custom role\'s name (a letter, then letters, digits, spaces, dots, hyphens or underscores, at most 64 characters)',
      },
    ]);
  });

  it('blocks more removals than the limit unless it is raised', async () => {
    const wandb = new MemoryWandb();
    for (let i = 0; i < 30; i++) wandb.addUser({ email: `u${i}@acme.example` });
    const file = desired('users:\n  - email: u0@acme.example\n');
    const p = await planFor(wandb, file, { prune: true });
    expect(p.actions).toHaveLength(29);
    expect(p.removalLimit).toBe(10);
    expect(p.blocked).toEqual([{ reason: 'too-many-removals', removals: 29, limit: 10 }]);
    expect((await planFor(wandb, file, { prune: true, maxRemovals: 29 })).blocked).toEqual([]);
  });

  it('sets the default limit at 10, or 5% of the active accounts', async () => {
    expect(defaultRemovalLimit(0)).toBe(10);
    expect(defaultRemovalLimit(219)).toBe(10);
    expect(defaultRemovalLimit(400)).toBe(20);
    expect(defaultRemovalLimit(10_000)).toBe(500);
    const wandb = new MemoryWandb();
    for (let i = 0; i < 399; i++) wandb.addUser({ email: `u${i}@acme.example` });
    wandb.addUser({ email: 'gone@acme.example', deactivated: true });
    wandb.addUser({ email: null, service: true });
    // 400 active accounts (root included): service accounts and deactivated ones do not count.
    expect((await planFor(wandb, desired('users: []\n'))).removalLimit).toBe(20);
  });

  it('blocks a team whose name a user has, and an address two accounts share', async () => {
    const { wandb } = company();
    const one = wandb.addUser({ email: 'Dup@acme.example' });
    const two = wandb.addUser({ email: 'dup@ACME.example' });
    const p = await planFor(wandb, desired('teams: { ann: {} }\nusers:\n  - email: dup@acme.example\n'));
    expect(p.blocked).toEqual([
      { reason: 'ambiguous-email', email: 'dup@acme.example', userIds: [one.id, two.id] },
      { reason: 'team-name-taken', team: 'ann', username: 'ann' },
    ]);
  });
});

describe('plan: idempotence', () => {
  it('plans nothing once its plan is applied', async () => {
    const { wandb } = company();
    const file = desired(`teams: { ml: {}, infra: {} }
users:
  - email: ann@acme.example
    teams: { ml: member, infra: admin }
  - email: bob@acme.example
    admin: true
    teams: { ml: admin }
  - email: carl@acme.example
    teams: { infra: viewer, ml: viewer }
  - email: new.hire@acme.example
    teams: { ml: viewer }
`);
    const first = await planFor(wandb, file, { prune: true });
    expect(first.actions.length).toBeGreaterThan(5);
    await applyAll(wandb, first);
    const second = await planFor(wandb, file, { prune: true });
    expect(lines(second)).toEqual([]);
    // And a saved first plan now finds everything done.
    const check = checkPlan(first, wandb.snapshot());
    expect(check.done).toHaveLength(first.actions.length);
    expect(isApplicable(check)).toBe(true);
  });
});
