import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { EXIT } from '../../src/index.js';
import { run } from '../../src/program.js';
import { expectNoLeak, memoryIo, tempDir } from '../helpers.js';
import { applied, company, mutations, PEOPLE, state } from './fake-company.js';

// `wandb-users sync` end to end over HTTP against the fake W&B server, through
// the real SDK (run in this process: the interrupted runs are in
// interrupt.test.ts, the terminal's progress bar in terminal.test.ts).

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

const dir = tempDir();
let fake: FakeWandb;
afterEach(() => fake?.close());

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs `wandb-users ARGS` against the fake with `apiKey` (the admin's by default); no secret may show. */
async function cli(args: string[], apiKey = fake.adminApiKey): Promise<Ran> {
  const { io, stdout, stderr } = memoryIo({ env: { WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: apiKey, XDG_STATE_HOME: join(dir, 'state') } });
  const code = await run(args, io);
  const ran = { code, stdout: stdout(), stderr: stderr() };
  expectNoLeak(ran);
  return ran;
}

/** `sync plan --json` saved to a file. */
async function savedPlan(source: string, ...flags: string[]): Promise<string> {
  const { code, stdout } = await cli(['--json', 'sync', 'plan', source, ...flags]);
  expect(code).toBe(EXIT.PENDING);
  return file('plan.json', stdout);
}

/** What the company looks like after `sync apply people.yaml --prune`. */
const SYNCED = {
  users: [
    'admin@example.com USER admin',
    'ann@acme.example USER admin',
    'bob@acme.example USER',
    'carl@acme.example USER',
    'dora@acme.example USER',
    'eve@acme.example USER deactivated',
    'frank@acme.example USER',
    'new.hire@acme.example USER',
    'nightly-eval SERVICE',
    'old@acme.example USER deactivated',
  ],
  teams: [
    'infra: ann@acme.example admin, carl@acme.example viewer (pending)',
    'ml: ann@acme.example admin, bob@acme.example member, frank@acme.example member (pending), new.hire@acme.example labeler (pending), nightly-eval member',
  ],
};

describe('sync plan and apply over HTTP', () => {
  it('plans every kind of action, applies each once, and a second apply and a plan find nothing to do', async () => {
    fake = await company();
    const people = file('people.yaml', PEOPLE);
    const before = state(fake);

    const planned = await cli(['sync', 'plan', people, '--prune']);
    expect(planned.code).toBe(EXIT.PENDING);
    for (const line of [
      '  + create user new.hire@acme.example',
      '  + create team infra with ann as its admin',
      '  + invite Carl@acme.example to infra as viewer',
      '  + invite new.hire@acme.example to ml as labeler',
      '  ~ change role of bob@acme.example in ml: viewer -> member',
      '  ~ re-invite frank@acme.example to ml as member (invited as viewer, not accepted yet)',
      '  ~ set instance admin of ann@acme.example',
      '  ~ unset instance admin of dora@acme.example',
      '  ~ reactivate user carl@acme.example',
      '  - remove eve@acme.example from ml (member)',
      '  - withdraw the invitation of gone@acme.example to ml (as member)',
      '  - deactivate user eve@acme.example (eve)',
      '  - deactivate user old@acme.example (old)',
      "  ! admin@example.com not deactivated: the API key's own account",
      'Plan: 4 to add, 5 to change, 4 to remove (limit 10 removals).',
    ]) {
      expect(planned.stdout).toContain(`${line}\n`);
    }
    // The service account of ml is in no line: sync never touches one.
    expect(planned.stdout).not.toMatch(/nightly/i);
    expect(mutations(fake.requests)).toEqual([]);
    expect(state(fake)).toEqual(before);

    const first = await cli(['sync', 'apply', '--yes', people, '--prune']);
    expect(first.code).toBe(EXIT.OK);
    expect(first.stderr).toMatch(/13 actions in [\d.]+ s: 13 done\n/);
    expect(first.stdout).toContain('done          + create team infra with ann as its admin\n');
    // A line per action, no progress bar and no colour, on a pipe.
    expect(first.stdout + first.stderr).not.toMatch(/\u001b|█/);
    expect(state(fake)).toEqual(SYNCED);
    // One mutation per action, and a re-invitation's two: nothing sent twice, no key made or deleted.
    const sent = applied(fake.requests);
    expect(sent).toHaveLength(14);
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.filter((m) => /^(GenerateApiKey|DeleteApiKey|CreateServiceAccount) /.test(m))).toEqual([]);
    expect(mutations(fake.requests)).toEqual(sent);

    fake.clearRequests();
    const second = await cli(['sync', 'apply', '--yes', people, '--prune']);
    expect(second.code).toBe(EXIT.OK);
    expect(second.stdout).toContain('No changes: the server matches');
    const again = await cli(['sync', 'plan', people, '--prune']);
    expect(again.code).toBe(EXIT.OK);
    expect(mutations(fake.requests)).toEqual([]);
    expect(state(fake)).toEqual(SYNCED);
  });

  it('reads only what a plan needs: the viewer, every page of users, and each declared team', async () => {
    fake = await company();
    for (let i = 0; i < 120; i++) fake.addUser({ email: `staff${i}@acme.example`, apiKeys: [] });
    fake.clearRequests();
    expect((await cli(['sync', 'plan', file('people.yaml', PEOPLE)])).code).toBe(EXIT.PENDING);
    expect(fake.requests.map((r) => `${r.operationName}${r.operationName === 'GetTeamEntity' ? ` ${(r.variables as { name: string }).name}` : ''}`)).toEqual([
      'GetViewer',
      'SearchUsers',
      'SearchUsers',
      'SearchUsers',
      'GetTeamEntity ml',
      'GetTeamEntity infra',
    ]);
  });

  it('without --prune only adds and changes', async () => {
    fake = await company();
    const people = file('people.yaml', PEOPLE);
    const { code, stdout } = await cli(['sync', 'apply', '--yes', people]);
    expect(code).toBe(EXIT.OK);
    expect(stdout).not.toMatch(/^ {2}- |^done +- /m);
    expect(state(fake).users).toContain('old@acme.example USER');
    expect(state(fake).teams.find((t) => t.startsWith('ml:'))).toContain(
      'eve@acme.example member, frank@acme.example member (pending), gone@acme.example member (pending)',
    );
    expect((await cli(['sync', 'plan', people])).code).toBe(EXIT.OK);
  });

  it('reads CSV with a teams column from standard input', async () => {
    fake = await company();
    const { io, stdout } = memoryIo({
      stdin: 'email,admin,teams\nann@acme.example,,ml:admin;infra:admin\nnew.hire@acme.example,false,infra:member\n',
      env: { WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: fake.adminApiKey, XDG_STATE_HOME: join(dir, 'state') },
    });
    expect(await run(['sync', 'apply', '--yes', '--format', 'csv', '-'], io)).toBe(EXIT.OK);
    expect(stdout()).toContain('done          + invite new.hire@acme.example to infra as member');
    expect(fake.getTeam('infra')!.members.map((m) => `${m.email} ${m.role}${m.pending ? ' (pending)' : ''}`)).toEqual([
      'ann@acme.example admin',
      'new.hire@acme.example member (pending)',
    ]);
  });

  it('refuses a key without instance admin rights before reading anything else (exit 4)', async () => {
    fake = await company();
    const key = fake.addUser({ email: 'someone@acme.example' }).apiKey;
    fake.clearRequests();
    const { code, stderr } = await cli(['sync', 'plan', file('people.yaml', PEOPLE)], key);
    expect(code).toBe(EXIT.PERMISSION);
    expect(stderr).toContain('is not an instance admin, and sync on W&B Server reads every user');
    expect(fake.requests.map((r) => r.operationName)).toEqual(['GetViewer']);
  });
});

describe('sync undo over HTTP', () => {
  it('puts the company back as it was, but for what undo cannot reverse: the new team stays, the new account is deactivated, a removed member is invited again', async () => {
    fake = await company();
    const before = state(fake);
    const apply = await cli(['sync', 'apply', '--yes', file('people.yaml', PEOPLE), '--prune']);
    expect(apply.code).toBe(EXIT.OK);
    const journal = /Journal: (\S+\.jsonl)/.exec(apply.stderr)![1]!;
    fake.clearRequests();
    const undone = await cli(['sync', 'undo', journal, '--yes']);
    expect({ code: undone.code, stderr: undone.code === EXIT.OK ? '' : undone.stderr }).toEqual({ code: EXIT.OK, stderr: '' });
    expect(undone.stdout).toContain('  ! + create team infra with ann as its admin: sync never deletes a team');
    expect(undone.stderr).toMatch(/12 actions in [\d.]+ s: 12 done\n/);
    const expected = {
      users: [...before.users, 'new.hire@acme.example USER deactivated'].sort(),
      teams: [...before.teams.map((t) => t.replace('eve@acme.example member', 'eve@acme.example member (pending)')), 'infra: ann@acme.example admin'].sort(),
    };
    expect(state(fake)).toEqual(expected);
    // Nothing was sent that the undo did not plan: no key touched, every change once.
    const sent = applied(fake.requests);
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.filter((m) => /^(GenerateApiKey|DeleteApiKey|CreateServiceAccount|CreateTeam) /.test(m))).toEqual([]);
  });
});

describe('saved plans', () => {
  it('applies a saved plan as planned', async () => {
    fake = await company();
    const saved = await savedPlan(file('people.yaml', PEOPLE), '--prune');
    const { code, stderr } = await cli(['sync', 'apply', '--plan', saved, '--prune']);
    expect(code).toBe(EXIT.OK);
    expect(stderr).toMatch(/13 actions in [\d.]+ s: 13 done/);
    expect(state(fake)).toEqual(SYNCED);
  });

  it('refuses a stale plan with what changed, sending nothing (exit 6)', async () => {
    fake = await company();
    const saved = await savedPlan(file('people.yaml', PEOPLE), '--prune');
    // Meanwhile frank accepts his invitation as a viewer: re-inviting him as a member no longer fits.
    fake.acceptInvite('ml', 'frank@acme.example');
    const before = state(fake);
    fake.clearRequests();
    const { code, stdout, stderr } = await cli(['sync', 'apply', '--plan', saved, '--prune']);
    expect(code).toBe(EXIT.CONFLICT);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /is stale: the server changed since it was made\n {2}action \d+: expected frank@acme\.example is invited to ml with role viewer; found a member with role viewer\nNothing was sent\./,
    );
    expect(mutations(fake.requests)).toEqual([]);
    expect(state(fake)).toEqual(before);
  });

  it('refuses a plan that would deactivate the account of the key applying it (exit 6)', async () => {
    fake = await company();
    // Made with the admin's key, applied with dora's: the plan deactivates dora.
    const saved = await savedPlan(file('people.yaml', PEOPLE.replace('  - email: dora@acme.example\n    admin: false\n', '')), '--prune', '--include-admins');
    const doraKey = fake.addApiKey(fake.getUser('dora')!.id).secret;
    fake.clearRequests();
    const { code, stderr } = await cli(['sync', 'apply', '--plan', saved, '--prune', '--include-admins'], doraKey);
    expect(code).toBe(EXIT.CONFLICT);
    expect(stderr).toMatch(/\n {2}action \d+ \(- deactivate user dora@acme\.example \(dora\)\): would deactivate the API key's own account\n/);
    expect(mutations(fake.requests)).toEqual([]);
  });

  it('refuses an edited plan that deactivates an instance admin unless --include-admins is given again (exit 6)', async () => {
    fake = await company();
    // Made without --include-admins: dora, an instance admin the file leaves out, is held back.
    const text = await savedPlan(file('people.yaml', PEOPLE.replace('  - email: dora@acme.example\n    admin: false\n', '')), '--prune');
    const plan = JSON.parse(readFileSync(text, 'utf8'));
    expect(plan.held).toContainEqual(expect.objectContaining({ subject: 'dora@acme.example', reason: 'instance-admin' }));
    const dora = fake.getUser('dora')!;
    // Someone adds her deactivation to the file, and claims the plan was made with --include-admins.
    plan.actions.push({
      id: plan.actions.length + 1,
      dependsOn: [],
      kind: 'deactivate-user',
      user: { id: dora.id, email: 'dora@acme.example', username: 'dora' },
      expect: { deactivated: false, admin: true },
    });
    plan.settings.includeAdmins = true;
    const edited = file('edited.json', JSON.stringify(plan));
    const before = state(fake);
    fake.clearRequests();
    const { code, stdout, stderr } = await cli(['sync', 'apply', '--plan', edited, '--prune']);
    expect([code, stdout]).toEqual([EXIT.CONFLICT, '']);
    expect(stderr).toContain(
      `wandb-users: error: ${edited} is refused: it breaks the safety rules with the flags given\n` +
        `  action ${plan.actions.length} (- deactivate user dora@acme.example (dora)): deactivates an instance admin: that needs --include-admins\n` +
        'Nothing was sent.',
    );
    // The request log: the viewer, the users and the teams read; no mutation. The server's state: unchanged.
    expect(mutations(fake.requests)).toEqual([]);
    expect(fake.requests.every((r) => ['GetViewer', 'SearchUsers', 'GetTeamEntity'].includes(r.operationName ?? ''))).toBe(true);
    expect(state(fake)).toEqual(before);
  });
});

describe('removal limits', () => {
  it('refuses more removals than --max-removals (default 10), sending nothing; raising the limit lets them run', async () => {
    fake = await company();
    for (let i = 0; i < 12; i++) fake.addUser({ email: `leaver${i}@acme.example`, apiKeys: [] });
    const people = file('people.yaml', PEOPLE);
    fake.clearRequests();
    const refused = await cli(['sync', 'apply', '--yes', people, '--prune']);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain('the plan is refused: 16 removals exceed the limit of 10: check the file, then pass --max-removals 16 if they are meant');
    expect(mutations(fake.requests)).toEqual([]);
    expect((await cli(['sync', 'apply', '--yes', people, '--prune', '--max-removals', '15'])).code).toBe(EXIT.USAGE);
    expect(mutations(fake.requests)).toEqual([]);

    const { code, stderr } = await cli(['sync', 'apply', '--yes', people, '--prune', '--max-removals', '16']);
    expect(code).toBe(EXIT.OK);
    expect(stderr).toMatch(/25 actions in [\d.]+ s: 25 done/);
    expect(fake.listUsers().filter((u) => u.email?.startsWith('leaver') && u.deletedAt !== null)).toHaveLength(12);
  });

  it('allows 5% of the active accounts when that is more than 10', async () => {
    fake = await startFakeWandb();
    // 400 active accounts with the admin: the limit is 20 removals.
    for (let i = 0; i < 399; i++) fake.addUser({ email: `u${i}@acme.example`, apiKeys: [] });
    fake.addServiceAccount(fake.addTeam({ name: 'bots' }).name, 'not counted');
    const keep = (n: number) => file(`keep${n}.yaml`, `users:\n${Array.from({ length: n }, (_, i) => `  - email: u${i}@acme.example\n`).join('')}`);
    const within = await cli(['sync', 'plan', keep(379), '--prune']);
    expect(within.code).toBe(EXIT.PENDING);
    expect(within.stdout).toContain('Plan: 0 to add, 0 to change, 20 to remove (limit 20 removals).');
    const beyond = await cli(['sync', 'plan', keep(378), '--prune']);
    expect(beyond.code).toBe(EXIT.USAGE);
    expect(beyond.stderr).toContain('21 removals exceed the limit of 20');
    expect(mutations(fake.requests)).toEqual([]);
  });
});

describe('safety rules', () => {
  it("never deactivates the key's own account, a team's last admin, instance admins (without --include-admins) or service accounts", async () => {
    fake = await startFakeWandb();
    fake.addUser({ email: 'solo@acme.example', username: 'solo' });
    fake.addUser({ email: 'ops@acme.example', username: 'ops', admin: true });
    fake.addUser({ email: 'stays@acme.example', username: 'stays' });
    fake.addUser({ email: 'leaves@acme.example', username: 'leaves' });
    fake.addTeam({ name: 'lab', members: [{ username: 'solo', role: 'admin' }, 'leaves'] });
    const bot = fake.addServiceAccount('lab', 'Lab robot');
    const people = file('people.yaml', 'users:\n  - email: stays@acme.example\n');

    const planned = await cli(['sync', 'plan', people, '--prune']);
    expect(planned.code).toBe(EXIT.PENDING);
    expect(planned.stdout).toContain(`held back by the safety rules
  ! admin@example.com not deactivated: the API key's own account
  ! solo@acme.example not deactivated: the last admin of lab who has joined (make another member admin first)
  ! ops@acme.example not deactivated: an instance admin (--include-admins allows it)
`);
    expect(planned.stdout).toContain('Plan: 0 to add, 0 to change, 1 to remove');

    expect((await cli(['sync', 'apply', '--yes', people, '--prune'])).code).toBe(EXIT.OK);
    expect((await cli(['sync', 'apply', '--yes', people, '--prune', '--include-admins'])).code).toBe(EXIT.OK);
    const deactivated = fake
      .listUsers()
      .filter((u) => u.deletedAt !== null)
      .map((u) => u.username);
    expect(deactivated.sort()).toEqual(['leaves', 'ops']);
    expect(fake.getUser(bot.id)).toMatchObject({ deletedAt: null, teams: ['lab'] });
  });

  it("keeps a declared team's last admin, and its service account, when the file leaves them out", async () => {
    fake = await startFakeWandb();
    fake.addUser({ email: 'solo@acme.example', username: 'solo' });
    fake.addUser({ email: 'new@acme.example', username: 'new' });
    fake.addTeam({ name: 'lab', members: [{ username: 'solo', role: 'admin' }] });
    fake.addServiceAccount('lab', 'Lab robot');
    const people = file('people.yaml', 'teams: { lab: {} }\nusers:\n  - email: new@acme.example\n    teams: { lab: member }\n  - email: solo@acme.example\n');
    const { code, stdout } = await cli(['sync', 'apply', '--yes', people, '--prune']);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain('  ! solo@acme.example not removed in lab: the last admin of lab who has joined (make another member admin first)');
    expect(fake.getTeam('lab')!.members.map((m) => `${m.username} ${m.role}${m.pending ? ' (pending)' : ''}`)).toEqual([
      'solo admin',
      'lab-robot member',
      'new member (pending)',
    ]);
  });
});

describe('bad files are refused with their line numbers before anything is sent', () => {
  it.each([
    [
      'an unknown field',
      'users:\n  - email: ann@acme.example\n    admn: true\n',
      ':3: users[0].admn: unknown field (allowed: email, admin, teams, status, orgRole)',
    ],
    [
      'a bad role',
      'teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: Admin }\n',
      ':4: users[0].teams.ml: role "Admin" is not a role: did you mean admin?',
    ],
    [
      'a duplicate email',
      'users:\n  - email: ann@acme.example\n  - email: bob@acme.example\n  - email: ANN@acme.example\n',
      ':4: users[2].email: ANN@acme.example is listed twice (addresses are compared ignoring case; first on line 2)',
    ],
    ['bad YAML', 'users:\n  - email: ann@acme.example\n   admin: true\n  - email: bob@acme.example\n', ':3: not valid YAML or JSON: '],
    [
      'a bad role in the teams column of a CSV',
      'email,admin,teams\nann@acme.example,,ml:admin\nbob@acme.example,,ml:Viewer\n',
      ':3: teams: role "Viewer" is not a role: did you mean viewer?',
    ],
    [
      'a misspelt teams column of a CSV',
      'email,admin,team\nann@acme.example,,ml:admin\n',
      ':1: unknown column "team" (a sync CSV has: email, admin, teams, status, orgRole)',
    ],
    [
      'a duplicate email in a CSV',
      'email,admin,teams\nann@acme.example,,ml:admin\nAnn@Acme.example,,ml:viewer\n',
      ':3: email: Ann@Acme.example is listed twice (addresses are compared ignoring case; first on line 2)',
    ],
  ])('%s', async (_what, content, message) => {
    fake = await company();
    const path = file(content.startsWith('email,') ? 'bad.csv' : 'bad.yaml', content);
    for (const command of [
      ['sync', 'plan', path],
      ['sync', 'apply', '--yes', path, '--prune'],
    ]) {
      const { code, stdout, stderr } = await cli(command);
      expect(code).toBe(EXIT.USAGE);
      expect(stdout).toBe('');
      expect(stderr).toContain(`  ${path}${message}`);
      expect(stderr).toContain('Nothing was sent. Fix the file and run again.');
    }
    expect(fake.requests).toEqual([]);
  });
});

describe('failures', () => {
  const REVIEWERS = 'teams: { ml: {} }\nusers:\n  - email: a@acme.example\n    teams: { ml: reviewer }\n  - email: b@acme.example\n  - email: c@acme.example\n';

  it('reports each failed action with the reason and goes on with the rest (exit 7); fixing the file and running again finishes', async () => {
    fake = await company();
    // `reviewer` is a well-formed custom role's name that this instance does not know: the server refuses it.
    const { code, stdout, stderr } = await cli(['sync', 'apply', '--yes', file('people.yaml', REVIEWERS), '--concurrency', '1']);
    expect(code).toBe(EXIT.PARTIAL);
    expect(stdout).toMatch(/^failed {8}\+ invite a@acme\.example to ml as reviewer: .*role/m);
    expect(stderr).toMatch(/4 actions in [\d.]+ s: 3 done, 1 failed/);
    expect(stderr).toContain('Run the same apply again to finish');
    expect(fake.getUser('c@acme.example')).toBeDefined();
    const fixed = await cli(['sync', 'apply', '--yes', file('people.yaml', REVIEWERS.replace('reviewer', 'labeler'))]);
    expect(fixed.code).toBe(EXIT.OK);
    expect(fixed.stderr).toMatch(/1 action in [\d.]+ s: 1 done/);
  });

  it('stops at the first failure with --fail-fast: the rest are reported as not run', async () => {
    fake = await company();
    fake.injectFault({
      operation: 'CreateUserFromAdmin',
      skip: 1,
      fault: { type: 'graphqlErrors', errors: [{ message: 'this address is on a deny list', code: 'BAD_USER_INPUT' }] },
    });
    const { code, stdout, stderr } = await cli(['sync', 'apply', '--yes', file('people.yaml', REVIEWERS), '--concurrency', '1', '--fail-fast']);
    expect(code).toBe(EXIT.PARTIAL);
    expect(stdout.split('\n').filter((l) => /^[a-z-]+ +[-+~] /.test(l))).toEqual([
      'done          + create user a@acme.example',
      'failed        + create user b@acme.example: this address is on a deny list',
      'not-run       + create user c@acme.example: stopped after the first failure (--fail-fast)',
      'not-run       + invite a@acme.example to ml as reviewer: stopped after the first failure (--fail-fast)',
    ]);
    expect(stderr).toMatch(/4 actions in [\d.]+ s: 1 done, 1 failed, 2 not run/);
    expect(fake.getUser('c@acme.example')).toBeUndefined();
  });
});
