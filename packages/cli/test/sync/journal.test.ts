import { readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../src/index.js';
import { JournalFile } from '../../src/commands/sync/journal-file.js';
import { readJournal } from '../../src/sync/index.js';
import { tempDir } from '../helpers.js';
import { runSync, SERVER, scratchFiles, stateHome } from './helpers.js';
import { MemoryWandb } from './memory-wandb.js';

// Every apply writes a journal; `sync undo JOURNAL` plans the reverse of that
// apply from it and applies it under the same review and safety rules. In
// this process, against the in-memory W&B (the same over HTTP: e2e.test.ts).

const file = scratchFiles();

/**
 * A company whose `BEFORE` file plans nothing with --prune: root (the key's),
 * ann (ml admin), bob (ml viewer), carl (deactivated), dora, eve (invited to
 * ml as member), frank (ml member), old (in no team).
 */
function company() {
  const wandb = new MemoryWandb();
  const add = (name: string, spec: { deactivated?: boolean } = {}) => wandb.addUser({ email: `${name}@acme.example`, username: name, ...spec });
  const [ann, bob, , , eve, frank] = [add('ann'), add('bob'), add('carl', { deactivated: true }), add('dora'), add('eve'), add('frank'), add('old')];
  wandb.addTeam('ml', [
    { user: ann!, role: 'admin' },
    { user: bob!, role: 'viewer' },
    { user: eve!, role: 'member', pending: true },
    { user: frank!, role: 'member' },
  ]);
  return wandb;
}

const BEFORE = file(
  'before.yaml',
  `teams: { ml: {} }
users:
  - email: root@corp.example
    admin: true
  - { email: ann@acme.example, teams: { ml: admin } }
  - { email: bob@acme.example, teams: { ml: viewer } }
  - { email: dora@acme.example, admin: false }
  - { email: eve@acme.example, teams: { ml: member } }
  - { email: frank@acme.example, teams: { ml: member } }
  - { email: old@acme.example }
`,
);

/** Every kind of action: promotions and demotions, a reactivation, an admin flag, a re-invitation, a removal, a deactivation, a new user and team. */
const AFTER = file(
  'after.yaml',
  `teams: { ml: {}, infra: {} }
users:
  - email: root@corp.example
    admin: true
  - { email: ann@acme.example, teams: { ml: member, infra: admin } }
  - { email: bob@acme.example, teams: { ml: admin } }
  - { email: carl@acme.example, teams: { ml: viewer } }
  - { email: dora@acme.example, admin: true }
  - { email: eve@acme.example, teams: { ml: viewer } }
  - { email: frank@acme.example }
  - { email: new@acme.example, teams: { infra: member } }
`,
);

const journalOf = (stderr: string) => /Journal: (\S+\.jsonl)/.exec(stderr)?.[1];

describe('sync apply writes a journal', () => {
  it('of every action with the state before it, 0600, in $XDG_STATE_HOME/wandb-users/journals, named at the end and in --json', async () => {
    const wandb = company();
    const { code, stdout } = await runSync(wandb, ['--json', 'sync', 'apply', '--yes', AFTER, '--prune']);
    expect(code).toBe(EXIT.OK);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ type: 'summary', total: 11, done: 11, 'in-flight': 0 });
    const path: string = summary.journal;
    expect(path.startsWith(join(stateHome(), 'wandb-users', 'journals', 'apply-'))).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('k'.repeat(40));
    const journal = readJournal(text, path);
    expect(journal.header).toMatchObject({ type: 'journal', version: 1, command: 'apply', server: SERVER, source: AFTER, viewer: { username: 'root' } });
    expect(journal.end).toMatchObject({ type: 'end', stopped: null });
    expect(journal.entries.map((e) => e.status)).toEqual(Array(11).fill('done'));
    const byKind = Object.fromEntries(journal.entries.map((e) => [`${e.action.kind} ${'team' in e.action ? e.action.team : ''}`.trim(), e]));
    expect(byKind['set-admin']).toMatchObject({ before: { admin: false } });
    expect(byKind['create-user']).toMatchObject({ before: { user: null }, account: { id: expect.any(String), username: expect.any(String) } });
    expect(byKind['reinvite ml']).toMatchObject({ before: { role: 'member', pending: true } });
    expect(byKind['remove-from-team ml']).toMatchObject({ before: { role: 'member', pending: false } });
  });

  it('in --journal-dir when given; text output names it at the end', async () => {
    const wandb = company();
    const dir = join(tempDir(), 'journals', 'here');
    const { code, stderr } = await runSync(wandb, ['sync', 'apply', '--yes', AFTER, '--journal-dir', dir]);
    expect(code).toBe(EXIT.OK);
    expect(journalOf(stderr)?.startsWith(join(dir, 'apply-'))).toBe(true);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('refuses to start (exit 9) where the journal cannot be written, before anything is sent', async () => {
    const wandb = company();
    const blocker = file('not-a-dir', 'a file where a folder should be');
    const { code, stderr } = await runSync(wandb, ['sync', 'apply', '--yes', AFTER, '--journal-dir', join(blocker, 'journals')]);
    expect(code).toBe(EXIT.ENVIRONMENT);
    expect(stderr).toContain('cannot write the journal in');
    expect(wandb.effects).toEqual([]);
  });

  it('never writes over a file, nor through a symlink planted at its name', () => {
    const dir = tempDir();
    const header = {
      type: 'journal',
      version: 1,
      command: 'apply',
      server: SERVER,
      source: 'x',
      viewer: { id: 'u', username: null },
      startedAt: '2025-06-01T12:00:00.000Z',
    } as const;
    const target = join(tempDir(), 'target');
    writeFileSync(target, 'untouched');
    symlinkSync(target, join(dir, 'apply-2025-06-01T12-00-00.000Z.jsonl'));
    const first = JournalFile.create(dir, header);
    const second = JournalFile.create(dir, header);
    first.close({ type: 'end', endedAt: header.startedAt, stopped: null });
    second.close({ type: 'end', endedAt: header.startedAt, stopped: null });
    expect([first.path, second.path].map((p) => p.slice(dir.length + 1))).toEqual([
      'apply-2025-06-01T12-00-00.000Z-2.jsonl',
      'apply-2025-06-01T12-00-00.000Z-3.jsonl',
    ]);
    expect(readFileSync(target, 'utf8')).toBe('untouched');
  });
});

describe('sync undo JOURNAL', () => {
  it('reverses an apply: after apply and undo, the file that matched before plans nothing (a new team is listed as not reversed)', async () => {
    const wandb = company();
    expect((await runSync(wandb, ['sync', 'plan', BEFORE, '--prune'])).code).toBe(EXIT.OK);
    const applied = await runSync(wandb, ['sync', 'apply', '--yes', AFTER, '--prune']);
    expect(applied.code).toBe(EXIT.OK);
    expect((await runSync(wandb, ['sync', 'plan', BEFORE, '--prune'])).code).toBe(EXIT.PENDING);

    const undone = await runSync(wandb, ['sync', 'undo', journalOf(applied.stderr)!, '--yes']);
    expect({ code: undone.code, stderr: undone.stderr }).toMatchObject({ code: EXIT.OK });
    expect(undone.stdout).toContain('  - deactivate user new@acme.example');
    expect(undone.stdout).toContain('  ~ reactivate user old@acme.example');
    expect(undone.stdout).toContain('  + invite frank@acme.example to ml as member');
    expect(undone.stdout).toContain('  ~ change role of bob@acme.example in ml: admin -> viewer');
    expect(undone.stdout).toMatch(/not reversed\n {2}! \+ create team infra with ann as its admin: sync never deletes a team/);
    const plan = await runSync(wandb, ['sync', 'plan', BEFORE, '--prune']);
    expect({ code: plan.code, stdout: plan.stdout }).toMatchObject({ code: EXIT.OK });
    // The undo has a journal of its own: undoing it applies the file again.
    const redo = await runSync(wandb, ['sync', 'undo', journalOf(undone.stderr)!, '--yes']);
    expect(redo.code).toBe(EXIT.OK);
    expect((await runSync(wandb, ['sync', 'plan', AFTER, '--prune'])).code).toBe(EXIT.OK);
  });

  it('leaves what was changed since as it is, and says so; a second undo finds nothing to do', async () => {
    const wandb = company();
    const applied = await runSync(wandb, ['sync', 'apply', '--yes', AFTER, '--prune']);
    const journal = journalOf(applied.stderr)!;
    // Someone made bob a member meanwhile.
    wandb.teams.get('ml')!.members.find((m) => m.email === 'bob@acme.example')!.role = 'member';
    const undone = await runSync(wandb, ['sync', 'undo', journal, '--yes']);
    expect(undone.code).toBe(EXIT.OK);
    expect(undone.stdout).toContain('  ! ~ change role of bob@acme.example in ml: viewer -> admin: changed since: a member with role member');
    const again = await runSync(wandb, ['sync', 'undo', journal, '--yes']);
    expect(again.code).toBe(EXIT.OK);
    expect(again.stdout).toContain('Nothing to undo');
  });

  it('asks as apply does: the word yes on a terminal, --yes otherwise', async () => {
    const wandb = company();
    const applied = await runSync(wandb, ['sync', 'apply', '--yes', AFTER]);
    const effects = wandb.effects.length;
    const refused = await runSync(wandb, ['sync', 'undo', journalOf(applied.stderr)!]);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain('sync undo asks for confirmation, and there is no terminal to ask on');
    expect(wandb.effects).toHaveLength(effects);
  });

  it('counts what it takes away against --max-removals, needs no --prune, and deactivates an instance admin only with --include-admins', async () => {
    const wandb = company();
    const hires = file(
      'hires.yaml',
      `users:\n${Array.from({ length: 11 }, (_, i) => `  - { email: hire${i}@acme.example }`).join('\n')}\n  - { email: boss@acme.example, admin: true }\n`,
    );
    const journal = journalOf((await runSync(wandb, ['sync', 'apply', '--yes', hires])).stderr)!;
    const limited = await runSync(wandb, ['sync', 'undo', journal, '--yes', '--include-admins']);
    expect(limited.code).toBe(EXIT.USAGE);
    expect(limited.stderr).toContain('12 removals exceed the limit of 10');
    const admin = await runSync(wandb, ['sync', 'undo', journal, '--yes', '--max-removals', '12']);
    expect(admin.code).toBe(EXIT.CONFLICT);
    expect(admin.stderr).toContain('deactivates an instance admin: that needs --include-admins');
    expect(wandb.users.filter((u) => u.deletedAt !== null).map((u) => u.email)).toEqual(['carl@acme.example']);
    const undone = await runSync(wandb, ['sync', 'undo', journal, '--yes', '--max-removals', '12', '--include-admins']);
    expect(undone.code).toBe(EXIT.OK);
    expect(wandb.users.filter((u) => u.email?.startsWith('hire') && u.deletedAt === null)).toEqual([]);
  });

  it("reads the journal as a file anyone could have edited: an edited account ID never reaches another account, nor the key's own", async () => {
    const wandb = company();
    const journal = journalOf((await runSync(wandb, ['sync', 'apply', '--yes', file('one.yaml', 'users:\n  - { email: new@acme.example }\n')])).stderr)!;
    const text = readFileSync(journal, 'utf8');
    const created = wandb.userByEmail('new@acme.example')!.id;
    for (const [victim, message] of [
      [wandb.userByEmail('dora@acme.example')!.id, 'it shows new@acme.example, but its ID is that of dora@acme.example'],
      [wandb.viewerId, "would deactivate the API key's own account"],
    ] as const) {
      const edited = file('edited.jsonl', text.replace(`"id":"${created}"`, `"id":"${victim}"`));
      const { code, stderr } = await runSync(wandb, ['sync', 'undo', edited, '--yes']);
      expect(code).toBe(EXIT.CONFLICT);
      expect(stderr).toContain(message);
    }
    expect(wandb.users.filter((u) => u.deletedAt !== null).map((u) => u.email)).toEqual(['carl@acme.example']);
  });

  it('refuses a journal that is not one (exit 2, with its lines) and one of another server (exit 6), sending nothing', async () => {
    const wandb = company();
    const journal = journalOf((await runSync(wandb, ['sync', 'apply', '--yes', file('one.yaml', 'users:\n  - { email: new@acme.example }\n')])).stderr)!;
    const lines = readFileSync(journal, 'utf8').split('\n');
    const damaged = file('damaged.jsonl', [lines[0], lines[1]!.replace('"status":"done"', '"status":"maybe"'), '{not json', lines[2]].join('\n'));
    const bad = await runSync(wandb, ['sync', 'undo', damaged, '--yes']);
    expect(bad.code).toBe(EXIT.USAGE);
    expect(bad.stderr).toContain(`${damaged}:2: status:`);
    expect(bad.stderr).toContain(`${damaged}:3: not a line of JSON`);
    const other = await runSync(wandb, ['sync', 'undo', journal, '--yes'], { env: { WANDB_BASE_URL: 'https://other.example' } });
    expect(other.code).toBe(EXIT.CONFLICT);
    expect(other.stderr).toContain(`is the journal of an apply on ${SERVER}, not https://other.example`);
    expect(wandb.users.find((u) => u.email === 'new@acme.example')!.deletedAt).toBeNull();
  });
});
