import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { EXIT } from '../../src/index.js';
import {
  exportReadScope,
  exportState,
  exportText,
  parseDesiredState,
  plan,
  readCurrentState,
  readScopeFor,
  type SyncFileFormat,
  type SyncScope,
} from '../../src/sync/index.js';
import { tempDir } from '../helpers.js';
import { runSync, SERVER } from './helpers.js';
import { type MemUser, MemoryWandb } from './memory-wandb.js';

// The export round trip on random companies, and what it does with data a
// hostile or broken server could hold. In-process against the in-memory W&B
// (the fake server refuses such data at the door, as W&B should; over HTTP:
// export.test.ts).

/** Addresses a sync file must quote or mark: YAML indicators, CSV separators, spreadsheet formulas, YAML words, non-ASCII. */
const ADDRESSES = [
  'ann@acme.example',
  "o'brien@acme.example",
  '"quoted"@acme.example',
  '#hash@acme.example',
  'a:b,c@acme.example',
  '=1+2@acme.example',
  '+plus@acme.example',
  '-minus@acme.example',
  "'=marked@acme.example",
  'zoë@acme.example',
  'UPPER@ACME.EXAMPLE',
  '1digit@other.example',
  'null@other.example',
  '&anchor*alias!tag@other.example',
  '%[x]{y}|>?`@other.example',
  'plain@other.example',
];
/** Team names YAML could read as another type. */
const TEAMS = ['ml', '123', '1e3', 'true', '_x-2'];
const ROLES = ['admin', 'member', 'viewer', 'labeler', 'Model Registry Admin', 'True', 'null'];

const account = fc.record({ admin: fc.boolean(), deactivated: fc.boolean(), service: fc.boolean() });
const line = fc.record({ who: fc.nat({ max: ADDRESSES.length - 1 }), role: fc.constantFrom(...ROLES), pending: fc.boolean() });
const world = fc.record({
  accounts: fc.array(fc.option(account, { nil: undefined }), { minLength: ADDRESSES.length, maxLength: ADDRESSES.length }),
  teams: fc.array(fc.option(fc.array(line, { maxLength: 8 }), { nil: undefined }), { minLength: TEAMS.length, maxLength: TEAMS.length }),
  scope: fc.record({
    teams: fc.option(fc.subarray(TEAMS, { minLength: 1 }), { nil: null }),
    emailDomain: fc.option(fc.constantFrom('acme.example', 'other.example'), { nil: null }),
  }),
  hideAccountTypes: fc.boolean(),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function build(w: World): MemoryWandb {
  const wandb = new MemoryWandb();
  wandb.hideAccountTypes = w.hideAccountTypes;
  const users = ADDRESSES.map((email, i) => {
    const a = w.accounts[i];
    if (!a) return undefined;
    // A service account has no address; one made for a slot stands in for it.
    return a.service
      ? wandb.addUser({ email: null, username: `svc-${i}`, service: true })
      : wandb.addUser({ email, admin: a.admin, deactivated: a.deactivated });
  });
  w.teams.forEach((lines, t) => {
    if (!lines) return;
    const seen = new Set<number>();
    const roster: { user?: MemUser; email?: string; role: string; pending?: boolean }[] = [];
    for (const l of lines) {
      if (seen.has(l.who)) continue;
      seen.add(l.who);
      const user = users[l.who];
      // Service accounts join their team (never invited); an invitation may name an address without an account.
      if (user?.accountType === 'SERVICE') roster.push({ user, role: l.role });
      else if (!l.pending && user) roster.push({ user, role: l.role });
      else roster.push(user ? { user, role: l.role, pending: true } : { email: ADDRESSES[l.who]!, role: l.role, pending: true });
    }
    wandb.addTeam(TEAMS[t]!, roster);
  });
  return wandb;
}

/** Exports `wandb` in `format` and plans the file against it: the actions, what was held back, and what blocks it. */
async function roundTrip(wandb: MemoryWandb, scope: SyncScope | null, format: SyncFileFormat, prune: boolean) {
  const client = wandb.client();
  const doc = exportState(await readCurrentState(client, exportReadScope(scope)), { scope });
  const text = exportText(doc, format, SERVER);
  const desired = parseDesiredState(text, `people.${format}`, format);
  const state = await readCurrentState(client, readScopeFor(desired, { prune }));
  const planned = plan(desired, state, { server: SERVER, prune, maxRemovals: 1000 });
  return { actions: planned.actions, held: planned.held, blocked: planned.blocked, text };
}

describe('the export round trip', () => {
  it('plans nothing for the export of any company, in every format, with and without --prune, whole or scoped', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const wandb = build(w);
        const scope: SyncScope | null =
          w.scope.teams || w.scope.emailDomain ? { teams: w.scope.teams, emailDomains: w.scope.emailDomain ? [w.scope.emailDomain] : null } : null;
        for (const format of scope ? (['yaml', 'json'] as const) : (['yaml', 'json', 'csv'] as const)) {
          for (const prune of [false, true]) {
            const { actions, held, blocked, text } = await roundTrip(wandb, scope, format, prune);
            const context = `${format}${prune ? ' --prune' : ''}\n${text}`;
            expect({ context, actions, blocked }).toEqual({ context, actions: [], blocked: [] });
            // The root account (the key's) is listed, like everyone: nothing is even held back.
            expect({ context, held }).toEqual({ context, held: [] });
          }
        }
        expect(wandb.effects).toEqual([]);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('writes formula-leading cells marked as text in CSV, and reads them back as they were', async () => {
    const wandb = new MemoryWandb();
    for (const email of ['=1+2@acme.example', "'=marked@acme.example", '-minus@acme.example']) wandb.addUser({ email });
    const { text, actions } = await roundTrip(wandb, null, 'csv', true);
    expect(text.split('\n').slice(1, 4)).toEqual(["''=marked@acme.example,false,,", "'-minus@acme.example,false,,", "'=1+2@acme.example,false,,"]);
    expect(actions).toEqual([]);
  });

  it('changes one line of the file for one changed role', async () => {
    const wandb = build({
      accounts: ADDRESSES.map(() => ({ admin: false, deactivated: false, service: false })),
      teams: [ADDRESSES.map((_, who) => ({ who, role: 'member', pending: false })), undefined, undefined, undefined, undefined],
      scope: { teams: null, emailDomain: null },
      hideAccountTypes: true,
    });
    const before = (await roundTrip(wandb, null, 'yaml', true)).text.split('\n');
    wandb.teams.get('ml')!.members[3]!.role = 'viewer';
    const after = (await roundTrip(wandb, null, 'yaml', true)).text.split('\n');
    expect(after.length).toBe(before.length);
    expect(after.filter((l, i) => l !== before[i])).toEqual(['    teams: { ml: viewer }']);
  });
});

describe('server data the sync file cannot hold: the export fails naming each account, and writes nothing', () => {
  const dir = tempDir();

  it.each([
    [
      'a bidi override in an address',
      'e\u202egap@acme.example',
      'account user-2 ("e-gap-2", "e\\u202egap@acme.example"): "e\\u202egap@acme.example" is not an email address: the sync file rules refuse it',
    ],
    [
      'a line feed in an address',
      'x\ny@acme.example',
      'account user-2 ("x-y-2", "x\\ny@acme.example"): "x\\ny@acme.example" is not an email address: the sync file rules refuse it',
    ],
  ])('%s', async (_what, email, detail) => {
    const wandb = new MemoryWandb();
    wandb.addUser({ email });
    const out = join(dir, 'never.yaml');
    const { code, stdout, stderr } = await runSync(wandb, ['sync', 'export', '--out', out]);
    expect([code, stdout]).toEqual([EXIT.CONFLICT, '']);
    expect(stderr).toContain(
      `wandb-users: error: the server's state cannot be written as a sync file: 1 account needs attention\n  ${detail}\nNothing was written.`,
    );
    // Shown escaped: nothing from the server drives the terminal.
    expect(stderr).not.toMatch(/[\u202e\u001b]|y@acme.example"\): "x\n/);
    expect(existsSync(out)).toBe(false);
  });

  it('names both accounts of an address in two cases, a team and a role outside the rules, and a service account username with a line feed', async () => {
    const wandb = new MemoryWandb();
    const ann = wandb.addUser({ email: 'ann@acme.example', username: 'ann' });
    wandb.addUser({ email: 'ANN@acme.example', username: 'ann2' });
    const bob = wandb.addUser({ email: 'bob@acme.example', username: 'bob' });
    const bot = wandb.addUser({ email: null, username: 'bot\n::error::x', service: true });
    wandb.addTeam('m l', [{ user: ann, role: 'admin' }]);
    wandb.addTeam('ml', [
      { user: bob, role: 'Admin' },
      { user: bot, role: 'member' },
    ]);
    const { code, stderr } = await runSync(wandb, ['sync', 'export']);
    expect(code).toBe(EXIT.CONFLICT);
    expect(stderr).toContain('4 accounts need attention\n');
    expect(stderr).toContain(`  account ${bot.id} ("bot\\n::error::x"): username "bot\\n::error::x" holds whitespace or an invisible character\n`);
    expect(stderr).toContain(
      `  account ${ann.id} ("ann", "ann@acme.example"): account user-3 ("ann2", "ANN@acme.example") has the same address in another case`,
    );
    expect(stderr).toContain('  team "m l": team name "m l" may only hold letters, digits, hyphens and underscores\n');
    expect(stderr).toContain(`  account ${bob.id} ("bob", "bob@acme.example") in team ml: role "Admin" is not a role: did you mean admin?`);
    expect(stderr).not.toMatch(/^::error::/m);
  });
});
