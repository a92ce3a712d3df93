import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../src/index.js';
import { runWith } from '../../src/program.js';
import { memoryIo } from '../helpers.js';
import { MemoryWandb, NamedError } from './memory-wandb.js';

// The sync commands end to end inside the process: commander's parsing, the
// file checks, plan printing, exit statuses, against the in-memory W&B (the
// same over HTTP against the fake server: e2e.test.ts).

const SERVER = 'https://wandb.corp.example';
const dir = mkdtempSync(join(tmpdir(), 'wandb-users-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function sync(wandb: MemoryWandb, args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Ran> {
  const { io, stdout, stderr } = memoryIo({
    stdin: options.stdin ?? '',
    env: { WANDB_BASE_URL: SERVER, WANDB_API_KEY: 'k'.repeat(40), XDG_STATE_HOME: join(dir, 'state'), ...options.env },
  });
  const code = await runWith(args, io, { syncClient: () => wandb.client() });
  return { code, stdout: stdout(), stderr: stderr() };
}

function company() {
  const wandb = new MemoryWandb();
  const ann = wandb.addUser({ email: 'ann@acme.example', username: 'ann' });
  const bob = wandb.addUser({ email: 'bob@acme.example', username: 'bob' });
  wandb.addUser({ email: 'old@acme.example', username: 'old' });
  wandb.addTeam('ml', [
    { user: ann, role: 'admin' },
    { user: bob, role: 'viewer' },
  ]);
  return wandb;
}

const PEOPLE = `teams:
  ml: {}
  infra: {}
users:
  - email: ann@acme.example
    admin: false
    teams: { ml: admin, infra: member }
  - email: bob@acme.example
    teams: { ml: member }
  - email: carl@acme.example
    teams: { infra: viewer }
`;

describe('wandb-users sync plan', () => {
  it('prints the plan grouped like a diff and ends with 10 when changes are pending', async () => {
    const wandb = company();
    const { code, stdout, stderr } = await sync(wandb, ['sync', 'plan', file('people.yaml', PEOPLE)]);
    expect(stderr).toBe('reading users and teams...\n');
    expect(code).toBe(EXIT.PENDING);
    expect(stdout).toBe(`Plan for ${join(dir, 'people.yaml')} on ${SERVER} (as root):

users
  + create user carl@acme.example

team infra
  + create team infra
  + invite ann@acme.example to infra as member
  + invite carl@acme.example to infra as viewer

team ml
  ~ change role of bob@acme.example in ml: viewer -> member

Plan: 4 to add, 1 to change, 0 to remove.
`);
    expect(wandb.effects).toEqual([]);
  });

  it('ends with 0 and says so when the server matches the file', async () => {
    const wandb = company();
    const { code, stdout } = await sync(wandb, [
      'sync',
      'plan',
      file('same.yaml', 'teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: admin }\n'),
    ]);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain('No changes: the server matches');
  });

  it('prints one versioned plan document with --json', async () => {
    const wandb = company();
    const { code, stdout } = await sync(wandb, ['--json', 'sync', 'plan', file('people.yaml', PEOPLE), '--prune']);
    expect(code).toBe(EXIT.PENDING);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({
      version: 1,
      server: SERVER,
      source: join(dir, 'people.yaml'),
      settings: { prune: true, includeAdmins: false, maxRemovals: null },
      summary: { add: 4, change: 1, remove: 1 },
    });
    expect(Date.parse(doc.createdAt)).not.toBeNaN();
    expect(doc.actions.at(-1)).toMatchObject({
      kind: 'deactivate-user',
      user: { email: 'old@acme.example' },
      expect: { deactivated: false, admin: false },
      precondition: 'old@acme.example is active',
    });
  });

  it('reads CSV from standard input with --format csv', async () => {
    const wandb = company();
    const { code, stdout } = await sync(wandb, ['sync', 'plan', '--format', 'csv', '-'], {
      stdin: 'email,admin,teams\nann@acme.example,,ml:admin\ndana@acme.example,true,ml:viewer\n',
    });
    expect(code).toBe(EXIT.PENDING);
    expect(stdout).toContain('+ create user dana@acme.example (instance admin)');
    expect(stdout).toContain('+ invite dana@acme.example to ml as viewer');
  });

  it('refuses a bad file with every problem on its own line, before reading the server', async () => {
    const wandb = company();
    const path = file(
      'bad.yaml',
      'teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: Admin, infar: member }\n  - email: ANN@acme.example\n    admn: true\n',
    );
    const { code, stdout, stderr } = await sync(wandb, ['sync', 'plan', path]);
    expect([code, stdout]).toEqual([EXIT.USAGE, '']);
    expect(stderr).toBe(`wandb-users: error: ${path} has 4 problems
  ${path}:4: users[0].teams.ml: role "Admin" is not a role: did you mean admin? (roles are written in lower case)
  ${path}:4: users[0].teams.infar: team infar is not declared under \`teams\` (add \`infar: {}\` there)
  ${path}:5: users[1].email: ANN@acme.example is listed twice (addresses are compared ignoring case; first on line 3)
  ${path}:6: users[1].admn: unknown field (allowed: email, admin, teams, status, orgRole)
Nothing was sent. Fix the file and run again.
`);
    expect(wandb.calls).toEqual([]);
  });

  it('shows the plan, then refuses it when it removes more than the limit; --max-removals raises it', async () => {
    const wandb = company();
    for (let i = 0; i < 12; i++) wandb.addUser({ email: `leaver${i}@acme.example` });
    const path = file('few.yaml', 'users:\n  - email: ann@acme.example\n  - email: bob@acme.example\n');
    const refused = await sync(wandb, ['sync', 'plan', path, '--prune']);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stdout).toContain('- deactivate user leaver11@acme.example');
    expect(refused.stderr).toContain(
      'wandb-users: error: the plan is refused: 13 removals exceed the limit of 10: check the file, then pass --max-removals 13 if they are meant',
    );
    expect((await sync(wandb, ['sync', 'plan', path, '--prune', '--max-removals', '13'])).code).toBe(EXIT.PENDING);
    expect((await sync(wandb, ['sync', 'apply', '--yes', path, '--prune'])).code).toBe(EXIT.USAGE);
    expect(wandb.effects).toEqual([]);
  });

  it('shows what the safety rules held back', async () => {
    const wandb = company();
    wandb.addUser({ email: 'ops@acme.example', admin: true });
    const { stdout } = await sync(wandb, ['sync', 'plan', file('p.yaml', PEOPLE), '--prune']);
    expect(stdout).toContain(`held back by the safety rules
  ! root@corp.example not deactivated: the API key's own account
  ! ops@acme.example not deactivated: an instance admin (--include-admins allows it)
`);
  });

  it('escapes what the server says', async () => {
    const wandb = company();
    wandb.users[0]!.username = 'root\u001b]0;pwned\u0007';
    const { stdout } = await sync(wandb, ['sync', 'plan', file('p.yaml', PEOPLE)]);
    expect(stdout).toContain('(as root\\x1b]0;pwned\\x07)');
    expect(stdout).not.toContain('\u001b');
  });

  it('refuses a key without instance admin rights with exit 4', async () => {
    const wandb = company();
    wandb.users[0]!.admin = false;
    const { code, stderr } = await sync(wandb, ['sync', 'plan', file('p.yaml', PEOPLE)]);
    expect(code).toBe(EXIT.PERMISSION);
    expect(stderr).toContain('root is not an instance admin, and sync on W&B Server reads every user');
  });
});

describe('wandb-users sync apply', () => {
  it('applies the file, and a second apply and a plan find nothing to do', async () => {
    const wandb = company();
    const path = file('people.yaml', PEOPLE);
    const first = await sync(wandb, ['sync', 'apply', '--yes', path]);
    expect(first.code).toBe(EXIT.OK);
    expect(first.stdout).toContain('done          + create user carl@acme.example');
    expect(first.stderr).toMatch(/5 actions in [\d.]+ s: 5 done/);
    const effects = [...wandb.effects];
    const second = await sync(wandb, ['sync', 'apply', '--yes', path]);
    expect(second.code).toBe(EXIT.OK);
    expect(second.stdout).toContain('No changes');
    expect(wandb.effects).toEqual(effects);
    expect((await sync(wandb, ['sync', 'plan', path])).code).toBe(EXIT.OK);
  });

  it('reports failed actions with their reason and ends with 7; running again finishes', async () => {
    const wandb = company();
    wandb.fault = (call) => (call === 'createUser carl@acme.example' ? { when: 'before', error: new NamedError('ServerError', 'HTTP 502') } : undefined);
    const path = file('people.yaml', PEOPLE);
    const first = await sync(wandb, ['sync', 'apply', '--yes', path]);
    expect(first.code).toBe(EXIT.PARTIAL);
    expect(first.stdout).toContain('failed        + create user carl@acme.example: HTTP 502');
    expect(first.stdout).toContain('blocked       + invite carl@acme.example to infra as viewer: depends on action 1, which failed');
    expect(first.stderr).toContain('Run the same apply again to finish');
    wandb.fault = () => undefined;
    const second = await sync(wandb, ['sync', 'apply', '--yes', path]);
    expect(second.code).toBe(EXIT.OK);
    expect(second.stderr).toMatch(/2 actions in [\d.]+ s: 2 done/);
  });

  it('prints NDJSON with --json: the plan, each action, a summary', async () => {
    const wandb = company();
    const { code, stdout } = await sync(wandb, ['--json', 'sync', 'apply', '--yes', file('people.yaml', PEOPLE), '--concurrency', '2']);
    expect(code).toBe(EXIT.OK);
    const records = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => r.type)).toEqual(['plan', 'action', 'action', 'action', 'action', 'action', 'summary']);
    expect(records.at(-1)).toEqual({
      type: 'summary',
      total: 5,
      done: 5,
      'already-done': 0,
      failed: 0,
      blocked: 0,
      'not-run': 0,
      'in-flight': 0,
      interrupted: false,
      seconds: expect.any(Number),
      journal: expect.stringMatching(/wandb-users\/journals\/apply-[\dT:.Z-]+\.jsonl$/),
    });
  });

  it('executes a saved plan, skipping what is done already', async () => {
    const wandb = company();
    const planned = await sync(wandb, ['--json', 'sync', 'plan', file('people.yaml', PEOPLE)]);
    const saved = file('plan.json', planned.stdout);
    wandb.addUser({ email: 'carl@acme.example' });
    const { code, stdout, stderr } = await sync(wandb, ['sync', 'apply', '--plan', saved]);
    expect(code).toBe(EXIT.OK);
    expect(stderr).toContain('1 of 5 actions are done already');
    expect(stdout).toContain('already-done  + create user carl@acme.example');
    expect(wandb.effects).not.toContain('createUser carl@acme.example false');
  });

  it('refuses a stale saved plan with what changed, sending nothing (exit 6)', async () => {
    const wandb = company();
    const saved = file('plan.json', (await sync(wandb, ['--json', 'sync', 'plan', file('people.yaml', PEOPLE)])).stdout);
    wandb.teams.get('ml')!.members[1]!.role = 'admin';
    const { code, stderr } = await sync(wandb, ['sync', 'apply', '--plan', saved]);
    expect(code).toBe(EXIT.CONFLICT);
    expect(stderr).toContain(`wandb-users: error: ${saved} is stale: the server changed since it was made
  action 5: expected bob@acme.example is a member of ml with role viewer; found a member with role admin
Nothing was sent.`);
    expect(wandb.effects).toEqual([]);
  });

  it('refuses a saved plan for another server (exit 6), and a damaged one with the line (exit 2)', async () => {
    const wandb = company();
    const text = (await sync(wandb, ['--json', 'sync', 'plan', file('people.yaml', PEOPLE)])).stdout;
    const saved = file('plan.json', text);
    const calls = wandb.calls.length;
    const elsewhere = await sync(wandb, ['sync', 'apply', '--plan', saved], { env: { WANDB_BASE_URL: 'https://other.example' } });
    expect(elsewhere.code).toBe(EXIT.CONFLICT);
    expect(elsewhere.stderr).toContain(`is a plan for ${SERVER}, not https://other.example\nNothing was sent.`);
    // Refused before the server was asked anything.
    expect(wandb.calls.length).toBe(calls);
    const damaged = file('damaged.json', JSON.stringify({ ...JSON.parse(text), version: 2 }, null, 2));
    const refused = await sync(wandb, ['sync', 'apply', '--plan', damaged]);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain(`${damaged}:2: version: this wandb-users reads plans of version 1`);
  });

  it('takes a file or --plan, not both, and no --format with --plan', async () => {
    const wandb = company();
    expect((await sync(wandb, ['sync', 'apply'])).code).toBe(EXIT.USAGE);
    expect((await sync(wandb, ['sync', 'apply', '--yes', 'a.yaml', '--plan', 'p.json'])).code).toBe(EXIT.USAGE);
    const conflict = await sync(wandb, ['sync', 'apply', '--plan', 'p.json', '--format', 'csv']);
    expect(conflict.code).toBe(EXIT.USAGE);
    expect(conflict.stderr).toContain("option '--plan <plan.json>' cannot be used with option '--format <format>'");
    expect((await sync(wandb, ['sync', 'apply', '--yes', 'a.yaml', '--concurrency', '0'])).code).toBe(EXIT.USAGE);
    expect(wandb.calls).toEqual([]);
  });
});
