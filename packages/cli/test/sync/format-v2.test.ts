import { checkPlan, parseSyncCsv, parseSyncDocument, readPlanDocument, SyncFileError } from '../../src/sync/index.js';
import { applyAll, desired, lines, planFor } from './helpers.js';
import { MemoryWandb } from './memory-wandb.js';

// Version 2 of the sync file: a user's `status`, the `scope` of a partial
// file, and the service accounts recorded. What each means to a plan, and that
// a version 1 file means what it always did.

function problems(text: string, format: 'yaml' | 'csv' = 'yaml'): string[] {
  try {
    if (format === 'csv') parseSyncCsv(text, 'f');
    else parseSyncDocument(text, 'f');
  } catch (error) {
    if (error instanceof SyncFileError) return error.problems.map((p) => `${p.line}: ${p.field ?? '-'}: ${p.message}`);
    throw error;
  }
  return [];
}

/**
 * A company: ann (ml admin), bob (ml member), carl (deactivated, still in
 * ml), dora (active, in ml), an invitation to gone@ (no account), a service
 * account in ml, and zed@other.example in ml.
 */
function company() {
  const wandb = new MemoryWandb();
  const ann = wandb.addUser({ email: 'ann@acme.example', username: 'ann' });
  const bob = wandb.addUser({ email: 'bob@acme.example', username: 'bob' });
  const carl = wandb.addUser({ email: 'carl@acme.example', username: 'carl', deactivated: true });
  const dora = wandb.addUser({ email: 'dora@acme.example', username: 'dora' });
  const zed = wandb.addUser({ email: 'zed@other.example', username: 'zed' });
  const bot = wandb.addUser({ email: null, username: 'nightly-eval', service: true });
  wandb.addTeam('ml', [
    { user: ann, role: 'admin' },
    { user: bob, role: 'member' },
    { user: carl, role: 'member' },
    { user: dora, role: 'member' },
    { user: zed, role: 'viewer' },
    { user: bot, role: 'member' },
    { email: 'gone@acme.example', role: 'member', pending: true },
  ]);
  wandb.addTeam('infra', [{ user: ann, role: 'admin' }]);
  return wandb;
}

describe('reading version 2 files', () => {
  it('reads a file without `version` as version 1, as before', () => {
    const file = desired('teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: admin }\n');
    expect(file.version).toBe(1);
    expect(file.scope).toBeNull();
    expect(file.users[0]!.status).toBeUndefined();
  });

  it.each([
    [
      'status',
      'users:\n  - email: a@b.example\n    status: deactivated\n',
      ['3: users[0].status: is a field of version 2 sync files: write `version: 2` at the top of the file'],
    ],
    [
      'scope',
      'scope: { teams: [ml] }\nteams: { ml: {} }\nusers: []\n',
      ['1: scope: is a field of version 2 sync files: write `version: 2` at the top of the file'],
    ],
    [
      'serviceAccounts',
      'users: []\nserviceAccounts:\n  - username: bot\n',
      ['2: serviceAccounts: is a field of version 2 sync files: write `version: 2` at the top of the file'],
    ],
    [
      'orgRole',
      'users:\n  - email: a@b.example\n    orgRole: viewer\n',
      ['3: users[0].orgRole: is a field of version 2 sync files: write `version: 2` at the top of the file'],
    ],
  ])('refuses %s in a file that does not say version 2', (_what, text, expected) => {
    expect(problems(text)).toEqual(expected);
    expect(problems(`version: 1\n${text}`).map((p) => p.replace(/^\d+/, 'N'))).toEqual(expected.map((p) => p.replace(/^\d+/, 'N')));
  });

  it.each([
    ['a version it does not know', 'version: 3\nusers: []\n', ['1: version: this wandb-users reads sync files of version 1 and 2: update it to read this one']],
    [
      'an unknown status',
      'version: 2\nusers:\n  - email: a@b.example\n    status: gone\n',
      ['4: users[0].status: status must be active, deactivated or invited'],
    ],
    [
      'admin for an invited address',
      'version: 2\nteams: { ml: {} }\nusers:\n  - email: a@b.example\n    admin: false\n    status: invited\n    teams: { ml: member }\n',
      ['5: users[0].admin: an invited address has no account made by sync: admin does not apply (leave it out)'],
    ],
    [
      'an organization role that is not one',
      'version: 2\nusers:\n  - email: a@b.example\n    orgRole: Admin\n  - email: c@b.example\n    orgRole: 7\n',
      [
        '4: users[0].orgRole: role "Admin" is not a role: did you mean admin? (roles are written in lower case)',
        '6: users[1].orgRole: orgRole must be a string',
      ],
    ],
    [
      'a declared team outside the scope',
      'version: 2\nscope: { teams: [ml] }\nteams:\n  ml: {}\n  infra: {}\nusers: []\n',
      ["5: teams.infra: team infra is outside the file's scope (team ml): add it to scope.teams, or leave it out"],
    ],
    [
      'an address outside the scope',
      'version: 2\nscope:\n  emailDomains: [acme.example]\nusers:\n  - email: zed@other.example\n',
      ["5: users[0].email: zed@other.example is outside the file's scope (email domain acme.example): a partial file lists only the addresses it covers"],
    ],
    ['an empty scope', 'version: 2\nscope: {}\nusers: []\n', ['2: scope: a scope names `teams`, `emailDomains` or both']],
    ['an empty list of teams in a scope', 'version: 2\nscope: { teams: [] }\nusers: []\n', ['2: scope.teams: a scope with no team covers nothing']],
    [
      'a domain that is not one',
      'version: 2\nscope: { emailDomains: ["acme"] }\nusers: []\n',
      ['2: scope.emailDomains[0]: "acme" is not an email domain (the part after @ of an address, e.g. acme.example)'],
    ],
    [
      'a service account listed twice, in an undeclared team, with a control character',
      'version: 2\nusers: []\nserviceAccounts:\n  - username: bot\n  - username: bot\n    teams: { ml: member }\n  - username: "b\\u202eot"\n',
      [
        '5: serviceAccounts[1].username: bot is listed twice (first on line 4)',
        '6: serviceAccounts[1].teams.ml: team ml is not declared under `teams` (add `ml: {}` there)',
        '7: serviceAccounts[2].username: username "b\u202eot" holds whitespace or an invisible character',
      ],
    ],
  ])('refuses %s, naming the line and the field', (_what, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it('reads a status column in CSV, with the same rules', () => {
    const file = parseSyncCsv(
      'email,teams,status\nann@acme.example,ml:admin,\ncarl@acme.example,ml:member,deactivated\ngone@acme.example,ml:member,invited\n',
      'p.csv',
    );
    expect(file.users.map((u) => `${u.email} ${u.status ?? '-'}`)).toEqual([
      'ann@acme.example -',
      'carl@acme.example deactivated',
      'gone@acme.example invited',
    ]);
    expect(file.version).toBe(2);
    expect(parseSyncCsv('email,teams\nann@acme.example,ml:admin\n', 'p.csv').version).toBe(1);
    expect(
      problems('email,admin,teams,status,orgRole\na@b.example,,ml:member,Deactivated,\nc@b.example,true,ml:member,invited,\nd@b.example,,,,Admin\n', 'csv'),
    ).toEqual([
      '2: status: status must be active, deactivated or invited (or empty), got "Deactivated"',
      '3: admin: an invited address has no account made by sync: admin does not apply (leave it empty)',
      '4: orgRole: role "Admin" is not a role: did you mean admin? (roles are written in lower case)',
    ]);
  });

  it('keeps a scope as written, domains in lower case', () => {
    const file = desired('version: 2\nscope:\n  teams: [ml]\n  emailDomains: [ACME.example]\nteams: { ml: {} }\nusers:\n  - email: Ann@Acme.example\n');
    expect(file.scope).toEqual({ teams: ['ml'], emailDomains: ['acme.example'] });
  });
});

describe('what a status means to a plan', () => {
  it('leaves a deactivated account listed as deactivated as it is, and keeps its team line under --prune', async () => {
    const wandb = company();
    const file = desired(`version: 2
teams: { ml: {} }
users:
  - { email: ann@acme.example, teams: { ml: admin } }
  - { email: bob@acme.example, teams: { ml: member } }
  - { email: carl@acme.example, status: deactivated, teams: { ml: member } }
  - { email: dora@acme.example, teams: { ml: member } }
  - { email: zed@other.example, teams: { ml: viewer } }
  - { email: gone@acme.example, status: invited, teams: { ml: member } }
`);
    for (const prune of [false, true]) {
      const p = await planFor(wandb, file, { prune });
      // Nothing to do: root is not listed, but is the key's account (held back with prune).
      expect(lines(p)).toEqual([]);
      expect(p.held.map((h) => h.reason)).toEqual(prune ? ['key-in-use'] : []);
    }
  });

  it('reactivates a deactivated account only when the file lists it as active', async () => {
    const wandb = company();
    const p = await planFor(wandb, desired('teams: { ml: {} }\nusers:\n  - { email: carl@acme.example, teams: { ml: member } }\n'));
    expect(lines(p)).toEqual(['reactivate carl@acme.example']);
  });

  it('deactivates an active account listed as deactivated with --prune only, as a removal; without it, says it held it back', async () => {
    const wandb = company();
    const file = desired('version: 2\nusers:\n  - { email: bob@acme.example, status: deactivated }\n');
    const without = await planFor(wandb, file);
    expect(lines(without)).toEqual([]);
    expect(without.held).toEqual([{ kind: 'deactivate-user', subject: 'bob@acme.example', team: null, reason: 'needs-prune' }]);
    const p = await planFor(
      wandb,
      desired(
        'version: 2\nteams: { ml: {} }\nusers:\n  - { email: ann@acme.example, teams: { ml: admin } }\n  - { email: bob@acme.example, status: deactivated, teams: { ml: member } }\n  - { email: carl@acme.example, status: deactivated, teams: { ml: member } }\n  - { email: dora@acme.example, teams: { ml: member } }\n  - { email: zed@other.example, teams: { ml: viewer } }\n  - { email: gone@acme.example, status: invited, teams: { ml: member } }\n',
      ),
      {
        prune: true,
      },
    );
    expect(lines(p)).toEqual(['deactivate bob@acme.example']);
    expect(p.settings.prune).toBe(true);
    await applyAll(wandb, p);
    expect(wandb.userByEmail('bob@acme.example')!.deletedAt).not.toBeNull();
    // Still in ml, as W&B keeps a deactivated account's teams: the file lists the line.
    expect(wandb.teams.get('ml')!.members.some((m) => m.email === 'bob@acme.example' && !m.pending)).toBe(true);
  });

  it('never creates or invites an address listed as deactivated, and says what it held back', async () => {
    const wandb = company();
    const p = await planFor(
      wandb,
      desired(
        'version: 2\nteams: { ml: {}, infra: {} }\nusers:\n  - { email: new@acme.example, status: deactivated, teams: { ml: member } }\n  - { email: carl@acme.example, status: deactivated, teams: { infra: member } }\n',
      ),
    );
    expect(lines(p)).toEqual([]);
    expect(p.held).toEqual([
      { kind: 'invite', subject: 'new@acme.example', team: 'ml', reason: 'deactivated' },
      { kind: 'invite', subject: 'carl@acme.example', team: 'infra', reason: 'deactivated' },
    ]);
  });

  it('invites an invited address to its teams without creating an account, and re-invites it with another role', async () => {
    const wandb = company();
    const p = await planFor(
      wandb,
      desired('version: 2\nteams: { ml: {}, infra: {} }\nusers:\n  - { email: gone@acme.example, status: invited, teams: { ml: viewer, infra: member } }\n'),
    );
    expect(lines(p)).toEqual(['reinvite ml gone@acme.example member->viewer', 'invite infra gone@acme.example member']);
    await applyAll(wandb, p);
    expect(wandb.userByEmail('gone@acme.example')).toBeUndefined();
  });

  it('leaves the account of an invited address alone: not deactivated by --prune, not reactivated, not invited while deactivated', async () => {
    const wandb = company();
    const file = desired(`version: 2
teams: { infra: {} }
users:
  - { email: ann@acme.example, teams: { infra: admin } }
  - { email: bob@acme.example, status: invited, teams: { infra: member } }
  - { email: carl@acme.example, status: invited, teams: { infra: member } }
  - { email: dora@acme.example }
  - { email: zed@other.example }
`);
    const p = await planFor(wandb, file, { prune: true });
    expect(lines(p)).toEqual(['invite infra bob@acme.example member']);
    expect(p.held).toContainEqual({ kind: 'invite', subject: 'carl@acme.example', team: 'infra', reason: 'deactivated' });
  });
});

describe('the scope of a partial file', () => {
  const ML_ACME = `version: 2
scope: { teams: [ml], emailDomains: [acme.example] }
teams: { ml: {} }
users:
  - { email: ann@acme.example, teams: { ml: admin } }
`;

  it('prunes only inside the scope: lines of other domains and other teams stay, and a file scoped to teams deactivates nobody', async () => {
    const wandb = company();
    const p = await planFor(wandb, desired(ML_ACME), { prune: true, maxRemovals: 100 });
    // bob, carl, dora and the invitation of gone@ are in ml and acme.example: removed. zed (other.example) and the service account stay.
    expect(lines(p)).toEqual([
      'remove ml bob@acme.example',
      'remove ml carl@acme.example',
      'remove ml dora@acme.example',
      'remove ml gone@acme.example (pending)',
    ]);
    expect(p.scope).toEqual({ teams: ['ml'], emailDomains: ['acme.example'] });
  });

  it('deactivates, within an email-domain scope, only the accounts of its domains', async () => {
    const wandb = company();
    const p = await planFor(wandb, desired('version: 2\nscope: { emailDomains: [other.example] }\nusers: []\n'), { prune: true });
    expect(lines(p)).toEqual(['deactivate zed@other.example']);
  });

  it('holds back a deactivation a file scoped to teams asks for', async () => {
    const wandb = company();
    const p = await planFor(wandb, desired(`${ML_ACME}  - { email: bob@acme.example, status: deactivated, teams: { ml: member } }\n`), {
      prune: true,
      maxRemovals: 100,
    });
    expect(lines(p)).not.toContain('deactivate bob@acme.example');
    expect(p.held).toContainEqual({ kind: 'deactivate-user', subject: 'bob@acme.example', team: null, reason: 'outside-scope' });
  });

  it('refuses a saved plan edited to act outside the scope it records, and one whose scope was edited to deactivate', async () => {
    const wandb = company();
    const p = await planFor(wandb, desired(ML_ACME), { prune: true, maxRemovals: 100 });
    const zed = wandb.teams.get('ml')!.members.find((m) => m.email === 'zed@other.example')!;
    const ann = wandb.userByEmail('ann@acme.example')!;
    const edited = {
      ...p,
      actions: [
        ...p.actions,
        {
          id: p.actions.length + 1,
          dependsOn: [],
          kind: 'remove-from-team' as const,
          team: 'ml',
          member: { id: zed.id, email: 'zed@other.example', username: 'zed' },
          expect: { role: 'viewer', pending: false },
        },
        {
          id: p.actions.length + 2,
          dependsOn: [],
          kind: 'deactivate-user' as const,
          user: { id: ann.id, email: ann.email, username: ann.username },
          expect: { deactivated: false, admin: false },
        },
      ],
    };
    // Through the reader, as `sync apply --plan` gets it: the scope survives the round trip.
    const read = readPlanDocument(JSON.stringify(edited), 'plan.json');
    expect(read.scope).toEqual(p.scope);
    const state = wandb.snapshot();
    const check = checkPlan(read, state, { prune: true, maxRemovals: 100, includeAdmins: true });
    expect(check.violations.filter((v) => v.rule === 'scope').map((v) => v.message)).toEqual([
      `action ${p.actions.length + 1} (- remove zed@other.example from ml (viewer)): zed@other.example is outside the file's scope (team ml; email domain acme.example)`,
      `action ${p.actions.length + 2} (- deactivate user ann@acme.example (ann)): a file scoped to teams deactivates no account`,
    ]);
    // Without the recorded scope the same actions break no scope rule: the rule is the scope's.
    const { scope: _scope, ...unscoped } = read;
    expect(checkPlan(unscoped, state, { prune: true, maxRemovals: 100, includeAdmins: true }).violations.filter((v) => v.rule === 'scope')).toEqual([]);
  });

  it('shows the scope in the plan', async () => {
    const wandb = company();
    const p = await planFor(wandb, desired(ML_ACME));
    expect(p.scope).toEqual({ teams: ['ml'], emailDomains: ['acme.example'] });
    const unscoped = await planFor(wandb, desired('users: []\n'));
    expect('scope' in unscoped).toBe(false);
  });
});
