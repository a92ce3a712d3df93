import { EXIT } from '../../src/index.js';
import { runSync, scratchFiles } from './helpers.js';
import { MemoryWandb } from './memory-wandb.js';

// `sync apply --plan` executes a file anyone could have edited: it is read as
// carefully as a sync file, and every action is checked again, against the
// flags given now and the server's state now, by the rules that made it.
// In-process against the in-memory W&B, whose call log shows what was sent.

const file = scratchFiles();
const sync = (wandb: MemoryWandb, args: string[], env: Record<string, string> = {}) => runSync(wandb, args, { env });

/** The calls that change something: none may be made for a refused plan. */
const MUTATIONS = /^(createUser|createTeam|invite|setRole|delete|deactivate|reactivate|setAdmin) /;

function company() {
  const wandb = new MemoryWandb();
  const ann = wandb.addUser({ email: 'ann@acme.example', username: 'ann' });
  const bob = wandb.addUser({ email: 'bob@acme.example', username: 'bob' });
  wandb.addTeam('ml', [
    { user: ann, role: 'admin' },
    { user: bob, role: 'viewer' },
  ]);
  return wandb;
}

const PEOPLE = 'teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: admin }\n  - email: carl@acme.example\n    teams: { ml: member }\n';

/** A plan saved by `sync plan --json` against `wandb`, parsed. */
async function savedPlan(wandb: MemoryWandb, flags: string[] = []): Promise<any> {
  const { stdout } = await sync(wandb, ['--json', 'sync', 'plan', file('people.yaml', PEOPLE), ...flags]);
  return JSON.parse(stdout);
}

describe('a saved plan is read as a file anyone could have written', () => {
  it('refuses reserved names as keys, with their lines, and sends nothing (exit 2)', async () => {
    const wandb = company();
    const plan = await savedPlan(wandb);
    const text = JSON.stringify(plan, null, 2).replace('"kind": "create-user",', '"kind": "create-user",\n      "__proto__": { "admin": true },');
    const path = file('proto.json', text);
    const calls = wandb.calls.length;
    const { code, stderr } = await sync(wandb, ['sync', 'apply', '--plan', path]);
    const line = text.split('\n').findIndex((l) => l.includes('__proto__')) + 1;
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toBe(
      `wandb-users: error: ${path} has a problem\n` +
        `  ${path}:${line}: actions[0].__proto__: "__proto__" is a reserved name, refused as a key: it could change how the file is read (__proto__, constructor, prototype are never accepted)\n` +
        'Nothing was sent. Fix the file and run again.\n',
    );
    expect(wandb.calls.length).toBe(calls);
  });

  it('refuses an alias bomb with a clear message, not an unexpected error (exit 2)', async () => {
    const wandb = company();
    const levels = Array.from({ length: 7 }, (_, i) => `${'abcdefgh'[i + 1]}: &${'abcdefgh'[i + 1]} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`);
    const path = file('bomb.yaml', ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...levels, 'version: 1'].join('\n'));
    const { code, stderr } = await sync(wandb, ['sync', 'apply', '--plan', path]);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toBe(
      `wandb-users: error: ${path} has a problem\n  ${path}: cannot be read: Excessive alias count indicates a resource exhaustion attack\nNothing was sent. Fix the file and run again.\n`,
    );
    expect(wandb.calls).toEqual([]);
  });
});

/** A company with more to prune: an unlisted member, an unlisted instance admin, a service account. */
function larger() {
  const wandb = company();
  const ml = wandb.teams.get('ml')!;
  const old = wandb.addUser({ email: 'old@acme.example', username: 'old' });
  const ops = wandb.addUser({ email: 'ops@acme.example', username: 'ops', admin: true });
  const bot = wandb.addUser({ email: 'bot@acme.example', username: 'nightly-eval', service: true });
  ml.members.push({ id: old.id, userId: old.id, email: old.email, role: 'member', pending: false });
  ml.members.push({ id: bot.id, userId: bot.id, email: bot.email, role: 'member', pending: false });
  return { wandb, old, ops, bot };
}

/** Writes `plan` (edited or not) and applies it with `flags`: the refusal, and the proof nothing was sent. */
async function apply(wandb: MemoryWandb, plan: unknown, ...flags: string[]) {
  const path = file('plan.json', JSON.stringify(plan, null, 2));
  const before = wandb.fingerprint();
  const calls = wandb.calls.length;
  const ran = await sync(wandb, ['sync', 'apply', '--plan', path, ...flags]);
  const sent = wandb.calls.slice(calls).filter((call) => MUTATIONS.test(call));
  return { ...ran, path, sent, unchanged: JSON.stringify(wandb.fingerprint()) === JSON.stringify(before) };
}

/** The lines under the error, one a violation (or a stale action). */
const details = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('  '))
    .map((l) => l.trim());

describe('a saved plan is checked again by the rules that made it, with the flags given now', () => {
  it('runs removals only with --prune given again: the plan saying it was made with --prune is not enough', async () => {
    const { wandb } = larger();
    const plan = await savedPlan(wandb, ['--prune']);
    expect(plan.settings.prune).toBe(true);
    const refused = await apply(wandb, plan);
    expect([refused.code, refused.stdout, refused.sent, refused.unchanged]).toEqual([EXIT.CONFLICT, '', [], true]);
    expect(refused.stderr).toContain(`wandb-users: error: ${refused.path} is refused: it breaks the safety rules with the flags given\n`);
    expect(details(refused.stderr)).toEqual([
      'action 3 (- remove bob@acme.example from ml (viewer)): a removal: removals need --prune',
      'action 4 (- remove old@acme.example from ml (member)): a removal: removals need --prune',
      'action 5 (- deactivate user bob@acme.example (bob)): a removal: removals need --prune',
      'action 6 (- deactivate user old@acme.example (old)): a removal: removals need --prune',
    ]);
    const applied = await apply(wandb, plan, '--prune');
    expect(applied.code).toBe(EXIT.OK);
    expect(wandb.effects).toContain('deactivate old@acme.example');
  });

  it('counts the removal limit again from --max-removals and the accounts now, whatever the plan records', async () => {
    const { wandb } = larger();
    for (let i = 0; i < 10; i++) wandb.addUser({ email: `leaver${i}@acme.example` });
    const plan = await savedPlan(wandb, ['--prune', '--max-removals', '14']);
    expect(plan.removalLimit).toBe(14);
    // An editor raises what the plan says about its limit; only the flag given now counts.
    const refused = await apply(wandb, { ...plan, removalLimit: 1000, settings: { ...plan.settings, maxRemovals: 1000 } }, '--prune');
    expect([refused.code, refused.sent, refused.unchanged]).toEqual([EXIT.CONFLICT, [], true]);
    expect(details(refused.stderr)).toEqual([
      '14 removals exceed the limit of 10 (10, or 5% of the 15 active accounts): check the plan, then pass --max-removals 14 if they are meant',
    ]);
    expect((await apply(wandb, plan, '--prune', '--max-removals', '13')).code).toBe(EXIT.CONFLICT);
    expect((await apply(wandb, plan, '--prune', '--max-removals', '14')).code).toBe(EXIT.OK);
  });

  it('deactivates an instance admin only with --include-admins given again', async () => {
    const { wandb, ops } = larger();
    const plan = await savedPlan(wandb, ['--prune', '--include-admins']);
    const deactivation = plan.actions.find((a: any) => a.kind === 'deactivate-user' && a.user.id === ops.id);
    expect(deactivation).toBeDefined();
    const refused = await apply(wandb, plan, '--prune');
    expect([refused.code, refused.sent, refused.unchanged]).toEqual([EXIT.CONFLICT, [], true]);
    expect(details(refused.stderr)).toEqual([
      `action ${deactivation.id} (- deactivate user ops@acme.example (ops)): deactivates an instance admin: that needs --include-admins`,
    ]);
    // An editor who also says the account was no instance admin: the server's state now decides (and the plan is stale too).
    const disguised = { ...plan, actions: plan.actions.map((a: any) => (a === deactivation ? { ...a, expect: { deactivated: false, admin: false } } : a)) };
    expect(details((await apply(wandb, disguised, '--prune')).stderr)).toEqual([
      `action ${deactivation.id} (- deactivate user ops@acme.example (ops)): deactivates an instance admin: that needs --include-admins`,
      `action ${deactivation.id}: expected ops@acme.example is active; found the user is now an instance admin`,
    ]);
    expect((await apply(wandb, plan, '--prune', '--include-admins')).code).toBe(EXIT.OK);
  });

  it('checks names and roles by the sync-file rules: bidi characters, path-like team names, controls in roles', async () => {
    const { wandb } = larger();
    const plan = await savedPlan(wandb);
    const edited = {
      ...plan,
      actions: plan.actions.map((a: any) => {
        if (a.kind === 'create-user') return { ...a, email: 'carl\u202e@acme.example' };
        if (a.kind === 'invite') return { ...a, team: '../ml', role: 'member\u0007' };
        return a;
      }),
    };
    const refused = await apply(wandb, edited);
    expect([refused.code, refused.sent, refused.unchanged]).toEqual([EXIT.CONFLICT, [], true]);
    expect(details(refused.stderr)).toEqual([
      'action 1 (+ create user carl\\u202e@acme.example): "carl\\u202e@acme.example" is not an email address',
      'action 2 (+ invite carl@acme.example to ../ml as member\\x07): team name "../ml" may only hold letters, digits, hyphens and underscores',
      'action 2 (+ invite carl@acme.example to ../ml as member\\x07): role "member\\u0007" is not admin, member, viewer or a custom role\'s name (a letter, then letters, digits, spaces, dots, hyphens or underscores, at most 64 characters)',
      'action 2: expected carl@acme.example is neither a member of ../ml nor invited to it; found no team is named ../ml',
    ]);
  });

  it("never touches a service account, the key's own account, or a team's last admin", async () => {
    const { wandb, bot } = larger();
    const plan = await savedPlan(wandb, ['--prune']);
    const root = wandb.users[0]!;
    const ann = wandb.userByEmail('ann@acme.example')!;
    const next = plan.actions.length + 1;
    const added = [
      { kind: 'remove-from-team', team: 'ml', member: { id: bot.id, email: null, username: null }, expect: { role: 'member', pending: false } },
      { kind: 'set-admin', user: { id: root.id, email: 'root@corp.example', username: 'root' }, admin: false, expect: { admin: true } },
      {
        kind: 'change-role',
        team: 'ml',
        member: { id: ann.id, email: 'ann@acme.example', username: 'ann' },
        role: 'member',
        expect: { role: 'admin', pending: false },
      },
    ].map((action, i) => ({ id: next + i, dependsOn: [], ...action }));
    const refused = await apply(wandb, { ...plan, actions: [...plan.actions, ...added] }, '--prune');
    expect([refused.code, refused.sent, refused.unchanged]).toEqual([EXIT.CONFLICT, [], true]);
    expect(details(refused.stderr)).toEqual([
      `action ${next} (- remove ${bot.id} from ml (member)): a service account, which sync never changes`,
      `action ${next + 1} (~ unset instance admin of root@corp.example): would take instance admin from the API key's own account`,
      `team ml would be left without an admin who has joined, by action ${next + 2} (~ change role of ann@acme.example in ml: admin -> member)`,
    ]);
  });

  it('refuses an action whose ID is not that of the person it shows', async () => {
    const { wandb, old } = larger();
    const plan = await savedPlan(wandb, ['--prune']);
    // The plan shows old's deactivation; the ID is changed to ann's.
    const ann = wandb.userByEmail('ann@acme.example')!;
    const swapped = {
      ...plan,
      actions: plan.actions.map((a: any) => (a.kind === 'deactivate-user' && a.user.id === old.id ? { ...a, user: { ...a.user, id: ann.id } } : a)),
    };
    const refused = await apply(wandb, swapped, '--prune');
    expect([refused.code, refused.sent, refused.unchanged]).toEqual([EXIT.CONFLICT, [], true]);
    expect(details(refused.stderr)).toEqual([
      'action 6 (- deactivate user old@acme.example (old)): it shows old@acme.example, but its ID is that of ann@acme.example',
      // Ann is ml's only admin: that rule sees the account the ID names, not the one the plan shows.
      'team ml would be left without an admin who has joined, by action 6 (- deactivate user old@acme.example (old))',
    ]);
  });

  it('refuses a plan that was blocked when it was made (exit 6)', async () => {
    const { wandb } = larger();
    const plan = await savedPlan(wandb);
    const refused = await apply(wandb, { ...plan, blocked: [{ reason: 'team-name-taken', team: 'ml', username: 'ml' }] });
    expect([refused.code, refused.sent, refused.unchanged]).toEqual([EXIT.CONFLICT, [], true]);
    expect(refused.stderr).toContain(`${refused.path} is refused: it was blocked when it was made\n`);
    expect(details(refused.stderr)).toEqual(['team ml cannot be created: a user has that name (W&B teams and users share one namespace)']);
  });
});

describe('a saved plan with nothing to do', () => {
  it('says so (exit 0), where it used to print nothing; --json: the empty summary', async () => {
    const wandb = company();
    const path = file('matching.yaml', 'teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: admin }\n');
    const { stdout } = await sync(wandb, ['--json', 'sync', 'plan', path]);
    const saved = file('empty-plan.json', stdout);
    expect(JSON.parse(stdout).actions).toEqual([]);
    const { code, stdout: out, stderr } = await sync(wandb, ['sync', 'apply', '--plan', saved]);
    expect([code, out]).toEqual([EXIT.OK, '']);
    expect(stderr.split('\n').at(-2)).toBe(
      `Nothing to do: the saved plan ${saved} has no action (the server matched its file when it was made). Nothing was sent.`,
    );
    const json = await sync(wandb, ['--json', 'sync', 'apply', '--plan', saved]);
    expect(JSON.parse(json.stdout)).toMatchObject({ type: 'summary', total: 0, journal: null });
    expect(wandb.calls.filter((call) => MUTATIONS.test(call))).toEqual([]);
  });
});
