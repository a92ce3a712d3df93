import { lstatSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { EXIT } from '../../src/index.js';
import { run } from '../../src/program.js';
import { parseDesiredState } from '../../src/sync/index.js';
import { expectNoLeak, memoryIo, tempDir } from '../helpers.js';
import { mutations } from './fake-company.js';

// `wandb-users sync export` over HTTP against the fake W&B server (one for the
// file: nothing here changes it), in this process: every kind of account and
// membership written, and the round trip, `export` then `plan` of the file
// against the same server, empty in every format, with and without --prune.

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

let fake: FakeWandb;
const dir = tempDir();

beforeAll(async () => {
  fake = await startFakeWandb({ customRoles: ['labeler'] });
  for (const name of ['ann', 'bob', 'carl', 'eve', 'frank', 'old']) fake.addUser({ email: `${name}@acme.example`, username: name, apiKeys: [] });
  fake.addUser({ email: 'Dora@Acme.example', username: 'dora', admin: true, apiKeys: [] });
  fake.addUser({ email: 'zed@other.example', username: 'zed', apiKeys: [] });
  fake.addTeam({
    name: 'ml',
    members: [
      { username: 'ann', role: 'admin' },
      { username: 'bob', role: 'viewer' },
      { username: 'carl', role: 'member' },
      { username: 'eve', role: 'labeler' },
      { username: 'zed', role: 'member' },
      { email: 'frank@acme.example', role: 'viewer', pending: true },
      { email: 'gone@acme.example', role: 'member', pending: true },
    ],
  });
  fake.addTeam({
    name: 'infra',
    members: [
      { username: 'ann', role: 'admin' },
      { email: 'gone@acme.example', role: 'viewer', pending: true },
    ],
  });
  fake.addServiceAccount('ml', 'Nightly eval');
  fake.addTeam({ name: 'bots' });
  fake.addServiceAccount('bots', 'Deploy bot');
  // A team nobody has joined: only --team finds it (W&B lists the teams of each user).
  fake.addTeam({ name: 'lobby', members: [{ email: 'hopeful@acme.example', role: 'member', pending: true }] });
  // W&B keeps a deactivated account's teams.
  fake.deleteUser(fake.getUser('carl')!.id);
});
afterAll(() => fake.close());
beforeEach(() => fake.clearRequests());

async function cli(args: string[]): Promise<Ran> {
  const { io, stdout, stderr } = memoryIo({ env: { WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: fake.adminApiKey } });
  const code = await run(args, io);
  const ran = { code, stdout: stdout(), stderr: stderr() };
  expectNoLeak(ran);
  return ran;
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** `plan FILE` with and without --prune: both find nothing to change, and nothing is sent. */
async function expectRoundTrip(path: string, ...flags: string[]): Promise<void> {
  for (const prune of [[], ['--prune']]) {
    const { code, stdout, stderr } = await cli(['sync', 'plan', path, ...flags, ...prune]);
    expect({ code, stdout, stderr: code === EXIT.OK ? '' : stderr }).toEqual({
      code: EXIT.OK,
      stdout: expect.stringContaining('No changes: the server matches'),
      stderr: '',
    });
  }
  expect(mutations(fake.requests)).toEqual([]);
}

const FULL = (server: string) => `# The users and teams of ${server}, written by \`wandb-users sync export\`:
# a sync file (version 2; see the wandb-users README). \`sync plan\` of it
# against that server finds nothing to change until one of the two does.
version: 2
teams:
  bots: {}
  infra: {}
  ml: {}
users:
  - email: admin@example.com
    admin: true
  - email: ann@acme.example
    admin: false
    teams: { infra: admin, ml: admin }
  - email: bob@acme.example
    admin: false
    teams: { ml: viewer }
  - email: carl@acme.example
    admin: false
    status: deactivated
    teams: { ml: member }
  - email: Dora@Acme.example
    admin: true
  - email: eve@acme.example
    admin: false
    teams: { ml: labeler }
  - email: frank@acme.example
    admin: false
    teams: { ml: viewer }
  - email: gone@acme.example
    status: invited
    teams: { infra: viewer, ml: member }
  - email: old@acme.example
    admin: false
  - email: zed@other.example
    admin: false
    teams: { ml: member }
serviceAccounts:
  - username: deploy-bot
    teams: { bots: member }
  - username: nightly-eval
    teams: { ml: member }
`;

describe('sync export', () => {
  it('writes every account, invitation and service account as a version 2 file, sorted, reading only what plan reads', async () => {
    const { code, stdout, stderr } = await cli(['sync', 'export']);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toBe(FULL(fake.baseUrl));
    expect(stderr).toContain('exported 9 accounts (1 deactivated), 1 invited address, 3 teams, 2 service accounts\n');
    // The viewer, the key's user's organizations (none here: no organization roles to write), the users a page at a time,
    // then each team the users belong to: no mutation.
    expect([...new Set(fake.requests.map((r) => r.operationName))]).toEqual(['GetViewer', 'GetViewerOrganizations', 'SearchUsers', 'GetTeamEntity']);
    expect(
      fake.requests
        .filter((r) => r.operationName === 'GetTeamEntity')
        .map((r) => (r.variables as { name: string }).name)
        .sort(),
    ).toEqual(['bots', 'infra', 'ml']);
  });

  it.each([['yaml'], ['json'], ['csv']])('round-trips as %s: a plan of the export finds nothing to change, with or without --prune', async (format) => {
    const exported = await cli(['sync', 'export', '--format', format]);
    expect(exported.code).toBe(EXIT.OK);
    const path = file(`people.${format}`, exported.stdout);
    await expectRoundTrip(path);
    // The same users, statuses, admin flags and roles in every format (CSV has no service accounts).
    const yaml = parseDesiredState(FULL(fake.baseUrl), 'people.yaml', 'yaml');
    const read = parseDesiredState(exported.stdout, path, format as 'yaml' | 'json' | 'csv');
    const summary = (state: typeof read) => state.users.map((u) => [u.email, u.admin, u.status, [...u.teams]]);
    expect(summary(read)).toEqual(summary(yaml));
    expect(read.serviceAccounts?.map((s) => s.username)).toEqual(format === 'csv' ? [] : ['deploy-bot', 'nightly-eval']);
  });

  it('writes the same bytes for the same state', async () => {
    const [first, second] = [await cli(['sync', 'export']), await cli(['sync', 'export'])];
    expect(second.stdout).toBe(first.stdout);
  });

  it('exports some teams: their members and invitations, with the scope recorded and no instance admin flags', async () => {
    const { code, stdout } = await cli(['sync', 'export', '--team', 'ml', '--team', 'lobby']);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain('version: 2\nscope:\n  teams: [lobby, ml]\nteams:\n  lobby: {}\n  ml: {}\nusers:\n');
    expect(stdout).toContain('  - email: carl@acme.example\n    status: deactivated\n    teams: { ml: member }\n');
    expect(stdout).toContain('  - email: hopeful@acme.example\n    status: invited\n    teams: { lobby: member }\n');
    expect(stdout).not.toMatch(/admin: |old@|dora@|deploy-bot/i);
    const path = file('ml.yaml', stdout);
    await expectRoundTrip(path);
    // Taken out of the file, bob is removed from ml, and nobody is deactivated: the file is about its teams.
    const without = file('ml-without-bob.yaml', stdout.replace('  - email: bob@acme.example\n    teams: { ml: viewer }\n', ''));
    const plan = await cli(['sync', 'plan', without, '--prune']);
    expect(plan.code).toBe(EXIT.PENDING);
    expect(plan.stdout).toContain('Scope of the file: teams lobby, ml (nothing outside it is touched).\n');
    expect(plan.stdout).toMatch(/\n {2}- remove bob@acme\.example from ml \(viewer\)\n\nPlan: 0 to add, 0 to change, 1 to remove/);
  });

  it('exports the addresses of a domain, with the scope recorded: a plan with --prune leaves the others alone', async () => {
    const { code, stdout } = await cli(['sync', 'export', '--email-domain', '@ACME.example', '--format', 'json']);
    expect(code).toBe(EXIT.OK);
    const doc = JSON.parse(stdout);
    expect(doc.scope).toEqual({ emailDomains: ['acme.example'] });
    expect(doc.users.map((u: { email: string }) => u.email)).toEqual([
      'ann@acme.example',
      'bob@acme.example',
      'carl@acme.example',
      'Dora@Acme.example',
      'eve@acme.example',
      'frank@acme.example',
      'gone@acme.example',
      'old@acme.example',
    ]);
    expect(doc.serviceAccounts).toBeUndefined();
    await expectRoundTrip(file('acme.json', stdout));
  });

  it('refuses an unknown team (exit 5), a scoped CSV and a bad name (exit 2), writing nothing', async () => {
    const out = join(dir, 'never.yaml');
    const unknown = await cli(['sync', 'export', '--team', 'nope', '--out', out]);
    expect([unknown.code, unknown.stderr]).toEqual([EXIT.NOT_FOUND, expect.stringContaining('no team is named nope')]);
    fake.clearRequests();
    const csv = await cli(['sync', 'export', '--team', 'ml', '--format', 'csv']);
    expect([csv.code, csv.stderr]).toEqual([EXIT.USAGE, expect.stringContaining('a CSV cannot record the scope of a partial export')]);
    const bad = await cli(['sync', 'export', '--team', '../etc', '--email-domain', 'acme']);
    expect(bad.code).toBe(EXIT.USAGE);
    expect(bad.stderr).toContain('team name "../etc" may only hold letters, digits, hyphens and underscores');
    expect(bad.stderr).toContain('"acme" is not an email domain');
    const json = await cli(['--json', 'sync', 'export', '--format', 'yaml']);
    expect(json.code).toBe(EXIT.USAGE);
    // Refused before anything was asked of the server.
    expect(fake.requests).toEqual([]);
    expect(() => statSync(out)).toThrow();
  });
});

describe('sync export --out', () => {
  it('creates the file for its owner only, refuses to write over one, and replaces it with --overwrite', async () => {
    const out = join(dir, 'out.yaml');
    const first = await cli(['sync', 'export', '--out', out]);
    expect([first.code, first.stdout]).toEqual([EXIT.OK, '']);
    expect(first.stderr).toContain(`to ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe(FULL(fake.baseUrl));
    expect(statSync(out).mode & 0o777).toBe(0o600);

    writeFileSync(out, 'mine\n');
    fake.clearRequests();
    const again = await cli(['sync', 'export', '--out', out]);
    expect(again.code).toBe(EXIT.USAGE);
    expect(again.stderr).toContain(`${out} already exists\nNothing was written over it. Pass --overwrite to replace it`);
    // Refused before reading the server: nothing was asked.
    expect(fake.requests).toEqual([]);
    expect(readFileSync(out, 'utf8')).toBe('mine\n');

    const replaced = await cli(['--json', 'sync', 'export', '--out', out, '--overwrite']);
    expect(replaced.code).toBe(EXIT.OK);
    expect(JSON.parse(replaced.stdout)).toEqual({ out, format: 'yaml', users: 10, teams: 3, serviceAccounts: 2, scope: null });
    expect(readFileSync(out, 'utf8')).toBe(FULL(fake.baseUrl));
  });

  it('never writes through a symlink at the name: refused without --overwrite, replaced (not followed) with it', async () => {
    const target = join(dir, 'elsewhere.txt');
    writeFileSync(target, 'precious\n');
    const link = join(dir, 'link.yaml');
    symlinkSync(target, link);
    const refused = await cli(['sync', 'export', '--out', link]);
    expect(refused.code).toBe(EXIT.USAGE);
    const dangling = join(dir, 'dangling.yaml');
    symlinkSync(join(dir, 'nowhere.txt'), dangling);
    expect((await cli(['sync', 'export', '--out', dangling])).code).toBe(EXIT.USAGE);
    expect(() => statSync(join(dir, 'nowhere.txt'))).toThrow();

    expect((await cli(['sync', 'export', '--out', link, '--overwrite'])).code).toBe(EXIT.OK);
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(() => readlinkSync(link)).toThrow();
    expect(readFileSync(link, 'utf8')).toBe(FULL(fake.baseUrl));
  });

  it('takes the format from the name, and refuses a directory that does not exist before reading anything', async () => {
    const out = join(dir, 'exported.csv');
    expect((await cli(['sync', 'export', '--out', out])).code).toBe(EXIT.OK);
    expect(readFileSync(out, 'utf8')).toMatch(/^email,admin,teams,status\nadmin@example\.com,true,,\n/);
    fake.clearRequests();
    const missing = await cli(['sync', 'export', '--out', join(dir, 'no', 'such', 'dir.yaml')]);
    expect(missing.code).toBe(EXIT.USAGE);
    expect(missing.stderr).toContain('does not exist');
    expect(fake.requests).toEqual([]);
  });
});
