import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeWandb, type StartFakeWandbOptions, startFakeWandb } from '@wandb-ts/testing';
import { EXIT } from '../../src/index.js';
import { run } from '../../src/program.js';
import { readJournal } from '../../src/sync/index.js';
import { expectNoLeak, memoryIo, tempDir } from '../helpers.js';

// Organizations in sync, end to end over HTTP against the fake W&B server, in
// both deployments it plays: on W&B's cloud (`--deployment cloud`) people are
// invited to the organization and --prune removes them from it; on W&B Server
// `orgRole` gives organization roles next to accounts and instance admin flags.
// Seats block a plan that needs more than the organization has; the last
// admin of the organization and the key's own account are never touched;
// export writes organization roles, journals record their changes, and undo
// reverses them. Each test starts a fake of its own (a millisecond each).

const dir = tempDir();
let fake: FakeWandb;
afterEach(() => fake?.close());

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs `wandb-users ARGS` in this process against the fake with `apiKey`; no secret may show. */
async function cli(args: string[], apiKey: string): Promise<Ran> {
  const { io, stdout, stderr } = memoryIo({ env: { WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: apiKey, XDG_STATE_HOME: join(dir, 'state') } });
  const code = await run(args, io);
  const ran = { code, stdout: stdout(), stderr: stderr() };
  expectNoLeak(ran);
  return ran;
}

const PEOPLE = ['ann', 'bob', 'cho', 'dan', 'eve', 'gus'];

/**
 * Acme on the fake: ann and gus admins of the organization, bob, dan and eve
 * members, cho a viewer, pending@ invited; team ml (ann admin, bob and eve
 * members). 6 full seats (5 taken, with the invitation) and 3 view-only (1).
 */
async function acme(deployment: 'server' | 'cloud', overrides: Partial<StartFakeWandbOptions> = {}): Promise<Record<string, string>> {
  fake = await startFakeWandb({
    deployment,
    customRoles: ['labeler'],
    users: PEOPLE.map((name) => ({ email: `${name}@acme.example`, username: name })),
    teams: [{ name: 'ml', members: [{ username: 'ann', role: 'admin' }, 'bob', 'eve'] }],
    organizations: [
      {
        name: 'Acme',
        seats: 6,
        viewOnlySeats: 3,
        members: [
          { username: 'ann', role: 'admin' },
          'bob',
          { username: 'cho', role: 'viewer' },
          'dan',
          'eve',
          { username: 'gus', role: 'admin' },
          { email: 'pending@acme.example', pending: true },
        ],
        teams: ['ml'],
      },
    ],
    ...overrides,
  });
  return Object.fromEntries(PEOPLE.map((name) => [name, fake.addApiKey(fake.getUser(name)!.id).secret]));
}

/** The organization as the fake holds it, in words: members with roles, invitations, seats used. */
function organization(): string[] {
  const org = fake.getOrganization('Acme')!;
  return [
    ...org.members.map((m) => `${m.username} ${m.role}`).sort(),
    ...org.pendingInvites.map((i) => `${i.email} invited as ${i.role}`).sort(),
    `seats: full ${org.seats.full.used}/${org.seats.full.total}, view-only ${org.seats.viewOnly.used}/${org.seats.viewOnly.total}`,
  ];
}

const team = (name: string) =>
  fake
    .getTeam(name)!
    .members.map((m) => `${m.username ?? m.email} ${m.role}${m.pending ? ' (pending)' : ''}`)
    .sort();

/** Operation names of the requests that change something. */
const mutations = () =>
  fake.requests.filter((r) => /^(Add|Remove|Update|Create|Delete|Undelete|Generate)/.test(r.operationName ?? '')).map((r) => r.operationName);

const BEFORE_CLOUD = [
  'ann admin',
  'bob member',
  'cho viewer',
  'dan member',
  'eve member',
  'gus admin',
  'pending@acme.example invited as member',
  'seats: full 6/6, view-only 1/3',
];

/** What the cloud file asks: bob a viewer, dan an admin, a new hire in ml; gus, eve and the invitation left out. */
const CLOUD_FILE = `version: 2
teams: { ml: {} }
users:
  - email: ann@acme.example
    orgRole: admin
    teams: { ml: admin }
  - email: bob@acme.example
    orgRole: viewer
    teams: { ml: member }
  - email: cho@acme.example
  - email: dan@acme.example
    orgRole: admin
  - email: new.hire@acme.example
    orgRole: member
    teams: { ml: labeler }
`;

describe("sync on W&B's cloud: the organization instead of accounts", () => {
  it('invites to the organization, sets roles and removes from it with --prune, in seat order; a plan after finds nothing', async () => {
    const keys = await acme('cloud');
    const people = file('cloud.yaml', CLOUD_FILE);
    expect(organization()).toEqual(BEFORE_CLOUD);

    const planned = await cli(['sync', 'plan', people, '--prune', '--deployment', 'cloud'], keys.ann!);
    expect(planned.code).toBe(EXIT.PENDING);
    for (const line of [
      "Organization Acme on W&B's cloud: people are invited to it, and --prune removes them from it. Seats: full 6 of 6 in use, at most 5 after; view-only 1 of 3 in use, at most 2 after.",
      'organization Acme',
      '  + invite new.hire@acme.example to the organization as member',
      '  ~ change organization role of dan@acme.example: member -> admin',
      '  ~ change organization role of bob@acme.example: member -> viewer',
      '  - remove eve@acme.example from the organization (member; and from its teams)',
      '  - withdraw the organization invitation of pending@acme.example',
      '  + invite new.hire@acme.example to ml as labeler',
      '  - remove eve@acme.example from ml (member)',
      '  ! gus@acme.example not removed from the organization: an admin of the organization (--include-admins allows it)',
    ]) {
      expect(planned.stdout).toContain(`${line}\n`);
    }
    // No account is created or deactivated on the cloud, and nothing is sent by a plan.
    expect(planned.stdout).not.toMatch(/create user|deactivate user/);
    expect(mutations()).toEqual([]);

    const applied = await cli(['sync', 'apply', '--yes', people, '--prune', '--deployment', 'cloud'], keys.ann!);
    expect(applied.code).toBe(EXIT.OK);
    expect(applied.stderr).toMatch(/7 actions in [\d.]+ s: 7 done\n/);
    expect(organization()).toEqual([
      'ann admin',
      'bob viewer',
      'cho viewer',
      'dan admin',
      'gus admin',
      'new.hire@acme.example invited as member',
      'seats: full 4/6, view-only 2/3',
    ]);
    expect(team('ml')).toEqual(['ann admin', 'bob member', 'new.hire@acme.example labeler (pending)']);
    // The organization had no full seat left: bob's move to a view-only seat ran before the invitation that needed his.
    const order = applied.stdout.split('\n').filter((l) => l.startsWith('done'));
    expect(order.findIndex((l) => l.includes('bob@acme.example: member -> viewer'))).toBeLessThan(
      order.findIndex((l) => l.includes('invite new.hire@acme.example to the organization')),
    );
    expect(mutations()).not.toContain('CreateUserFromAdmin');
    expect(mutations()).not.toContain('DeleteUser');

    fake.clearRequests();
    const again = await cli(['sync', 'plan', people, '--prune', '--deployment', 'cloud'], keys.ann!);
    expect(again.code).toBe(EXIT.OK);
    expect(again.stdout).toContain('No changes: the server matches');
    expect(mutations()).toEqual([]);
  });

  it('journals the organization changes with the state before them, and undo puts the organization back as it was', async () => {
    const keys = await acme('cloud');
    const people = file('cloud-undo.yaml', CLOUD_FILE);
    const applied = await cli(['--json', 'sync', 'apply', '--yes', people, '--prune', '--deployment', 'cloud'], keys.ann!);
    expect(applied.code).toBe(EXIT.OK);
    const path: string = JSON.parse(applied.stdout.trim().split('\n').at(-1)!).journal;
    const journal = readJournal(readFileSync(path, 'utf8'), path);
    expect(journal.header).toMatchObject({ deployment: 'cloud', organization: { name: 'Acme', id: fake.getOrganization('Acme')!.id } });
    const befores = journal.entries.map((e) => `${e.action.kind} ${JSON.stringify(e.before)}`).sort();
    expect(befores).toEqual([
      'invite {"member":null}',
      'org-invite {"member":null}',
      'org-remove {"role":"member","pending":false}',
      'org-remove {"role":null,"pending":true}',
      'org-set-role {"role":"member"}',
      'org-set-role {"role":"member"}',
      'remove-from-team {"role":"member","pending":false}',
    ]);

    // Undo belongs to the deployment the apply was on.
    const elsewhere = await cli(['sync', 'undo', path, '--yes'], keys.ann!);
    expect(elsewhere.code).toBe(EXIT.CONFLICT);
    expect(elsewhere.stderr).toContain("is the journal of an apply on W&B's cloud, and this run is for W&B Server");

    const undone = await cli(['sync', 'undo', path, '--yes', '--deployment', 'cloud'], keys.ann!);
    expect(undone.code).toBe(EXIT.OK);
    for (const line of [
      '  - withdraw the organization invitation of new.hire@acme.example',
      '  ~ change organization role of bob@acme.example: viewer -> member',
      '  ~ change organization role of dan@acme.example: admin -> member',
      '  + invite eve@acme.example to the organization as member',
      '  + invite eve@acme.example to ml as member',
      '  ! - withdraw the organization invitation of pending@acme.example: W&B does not list the role an invitation gives: invite them again with `wandb-users org invite` and the role meant',
    ]) {
      expect(undone.stdout).toContain(`${line}\n`);
    }
    // eve has an account: she is back in the organization at once, with her role, and invited to ml again.
    expect(organization()).toEqual([...BEFORE_CLOUD.filter((l) => !l.startsWith('pending@') && !l.startsWith('seats')), 'seats: full 5/6, view-only 1/3']);
    expect(team('ml')).toEqual(['ann admin', 'bob member', 'eve member (pending)']);
  });

  it('blocks a plan that needs more seats of a kind than are left (exit 6), saying how many of which kind are missing; nothing is sent', async () => {
    const keys = await acme('cloud');
    const people = file(
      'hires.yaml',
      `version: 2
users:
  - { email: ann@acme.example, orgRole: admin }
  - { email: h1@acme.example, orgRole: member }
  - { email: h2@acme.example }
  - { email: v1@acme.example, orgRole: viewer }
  - { email: v2@acme.example, orgRole: viewer }
  - { email: v3@acme.example, orgRole: viewer }
`,
    );
    for (const command of ['plan', 'apply']) {
      const ran = await cli(['sync', command, people, '--deployment', 'cloud', ...(command === 'apply' ? ['--yes'] : [])], ann(keys));
      expect(ran.code).toBe(EXIT.CONFLICT);
      expect(ran.stderr).toContain(
        "wandb-users: error: the plan is refused: 2 full seats missing: the plan's invitations and role changes take 2, and the organization has 0 of 6 left; free seats (remove members, withdraw invitations, make members viewers) or get more; 1 view-only seat missing: the plan's invitations and role changes take 3, and the organization has 2 of 3 left; free seats (remove members, withdraw invitations) or get more",
      );
      expect(ran.stderr).toContain('Nothing was sent.');
    }
    expect(mutations()).toEqual([]);
    // --markdown says it too, under "Blocked".
    const markdown = await cli(['sync', 'plan', people, '--deployment', 'cloud', '--markdown'], ann(keys));
    expect(markdown.code).toBe(EXIT.CONFLICT);
    expect(markdown.stdout).toContain('#### Blocked: this plan cannot be applied\n\n```\nx 2 full seats missing:');
    expect(markdown.stdout).toContain('#### Organization `Acme`');
    expect(organization()).toEqual(BEFORE_CLOUD);
  });

  it("never removes the key's own account nor the organization's last admin; --include-admins removes another admin", async () => {
    const keys = await acme('cloud');
    // Only cho, a viewer, is listed: everyone else would go.
    const people = file('cho.yaml', 'version: 2\nusers:\n  - email: cho@acme.example\n');
    const held = await cli(['sync', 'plan', people, '--prune', '--deployment', 'cloud', '--max-removals', '20'], keys.ann!);
    expect(held.code).toBe(EXIT.PENDING);
    expect(held.stdout).toContain("  ! ann@acme.example not removed from the organization: the API key's own account\n");
    expect(held.stdout).toContain('  ! gus@acme.example not removed from the organization: an admin of the organization (--include-admins allows it)\n');
    expect(held.stdout).toContain('  - remove bob@acme.example from the organization (member; and from its teams)\n');

    const all = await cli(['sync', 'apply', '--yes', people, '--prune', '--include-admins', '--deployment', 'cloud', '--max-removals', '20'], keys.ann!);
    expect(all.code).toBe(EXIT.OK);
    expect(all.stdout).toContain('done          - remove gus@acme.example from the organization (admin; and from its teams)\n');
    expect(organization()).toEqual(['ann admin', 'cho viewer', 'seats: full 1/6, view-only 1/3']);

    // ann is now the only admin: a file that would demote her keeps her, as the key's own account and the last admin.
    const demote = file(
      'demote.yaml',
      'version: 2\nusers:\n  - { email: ann@acme.example, orgRole: member }\n  - { email: cho@acme.example, orgRole: viewer }\n',
    );
    const kept = await cli(['sync', 'plan', demote, '--deployment', 'cloud'], keys.ann!);
    expect(kept.code).toBe(EXIT.OK);
    expect(kept.stdout).toContain("  ! ann@acme.example keeps the organization's admin role: the API key's own account\n");
  });

  it('refuses what only W&B Server allows: the instance admin flag and reactivation are held back, never sent', async () => {
    const keys = await acme('cloud');
    const people = file('flag.yaml', 'version: 2\nusers:\n  - { email: ann@acme.example, admin: true, orgRole: admin }\n  - { email: bob@acme.example }\n');
    const planned = await cli(['sync', 'plan', people, '--deployment', 'cloud'], keys.ann!);
    expect(planned.code).toBe(EXIT.OK);
    expect(planned.stdout).toContain(
      "  ! ann@acme.example instance admin flag left as it is: W&B's cloud has no instance admin flag an organization's key may set (orgRole gives organization roles)\n",
    );
  });
});

/** ann's key: she is an admin of Acme. */
const ann = (keys: Record<string, string>) => keys.ann!;

describe('which deployment: never guessed from a failed call', () => {
  it("a URL other than W&B's cloud is a W&B Server: an organization admin's key is refused there, with how to sync the cloud (exit 4)", async () => {
    const keys = await acme('cloud');
    const ran = await cli(['sync', 'plan', file('any.yaml', CLOUD_FILE)], keys.ann!);
    expect(ran.code).toBe(EXIT.PERMISSION);
    expect(ran.stderr).toContain('ann is not an instance admin, and sync on W&B Server reads every user\n');
    expect(ran.stderr).toContain('run it with --deployment cloud');
    expect(fake.requests.map((r) => r.operationName)).toEqual(['GetViewer']);
  });

  it('on the cloud, a member who is not an admin of the organization is refused (exit 4); none is exit 5; several without --org exit 2', async () => {
    const keys = await acme('cloud');
    const people = file('people.yaml', CLOUD_FILE);
    const member = await cli(['sync', 'plan', people, '--deployment', 'cloud'], keys.bob!);
    expect(member.code).toBe(EXIT.PERMISSION);
    expect(member.stderr).toContain("bob is not an admin of organization Acme, and sync on W&B's cloud invites people to it and removes them from it");

    const outsider = fake.addUser({ email: 'out@other.example' });
    const none = await cli(['sync', 'plan', people, '--deployment', 'cloud'], outsider.apiKey);
    expect(none.code).toBe(EXIT.NOT_FOUND);
    expect(none.stderr).toContain("the API key's account belongs to no organization");
    const unknown = await cli(['sync', 'plan', people, '--deployment', 'cloud', '--org', 'Nope'], keys.ann!);
    expect(unknown.code).toBe(EXIT.NOT_FOUND);
    expect(unknown.stderr).toContain('no organization named "Nope" that this API key may read');

    fake.addOrganization({ name: 'Beta', members: [{ username: 'ann', role: 'admin' }] });
    const several = await cli(['sync', 'plan', people, '--deployment', 'cloud'], keys.ann!);
    expect(several.code).toBe(EXIT.USAGE);
    expect(several.stderr).toContain('you belong to 2 organizations (Acme, Beta): say which with --org');
    const named = await cli(['sync', 'plan', people, '--deployment', 'cloud', '--org', 'Acme'], keys.ann!);
    expect(named.code).toBe(EXIT.PENDING);
    expect(mutations()).toEqual([]);
  });

  it('a saved plan is applied only on the deployment and in the organization it was made for (exit 6)', async () => {
    const keys = await acme('cloud');
    const made = await cli(['--json', 'sync', 'plan', file('p.yaml', CLOUD_FILE), '--deployment', 'cloud'], keys.ann!);
    expect(made.code).toBe(EXIT.PENDING);
    const saved = JSON.parse(made.stdout);
    expect(saved).toMatchObject({ deployment: 'cloud', organization: { name: 'Acme', seats: { full: { total: 6, used: 6 } } } });
    const plan = file('plan.json', made.stdout);

    const server = await cli(['sync', 'apply', '--plan', plan], keys.ann!);
    expect(server.code).toBe(EXIT.PERMISSION);
    fake.addOrganization({ name: 'Beta', members: [{ username: 'ann', role: 'admin' }] });
    const other = await cli(['sync', 'apply', '--plan', plan, '--deployment', 'cloud', '--org', 'Beta'], keys.ann!);
    expect(other.code).toBe(EXIT.CONFLICT);
    expect(other.stderr).toContain('the plan was made for organization Acme, not Beta');
    expect(mutations()).toEqual([]);

    const applied = await cli(['sync', 'apply', '--plan', plan, '--deployment', 'cloud'], keys.ann!);
    expect(applied.code).toBe(EXIT.OK);
    expect(organization()).toContain('dan admin');
  });

  it("a saved plan edited to remove the organization's last admin, or the key's own account, is refused by the same rules", async () => {
    const keys = await acme('cloud');
    const made = await cli(
      [
        '--json',
        'sync',
        'plan',
        file('p.yaml', 'version: 2\nusers:\n  - { email: ann@acme.example, orgRole: admin }\n  - { email: bob@acme.example, orgRole: viewer }\n'),
        '--deployment',
        'cloud',
      ],
      keys.ann!,
    );
    const doc = JSON.parse(made.stdout);
    const ids = Object.fromEntries(fake.getOrganization('Acme')!.members.map((m) => [m.username, m.id]));
    const base = { dependsOn: [], precondition: 'edited' };
    doc.actions = [
      { ...base, id: 1, kind: 'org-set-role', member: { id: ids.gus, email: 'gus@acme.example', username: 'gus' }, role: 'member', expect: { role: 'admin' } },
      { ...base, id: 2, kind: 'org-remove', member: { id: ids.ann, email: 'ann@acme.example', username: 'ann' }, expect: { role: 'admin', pending: false } },
    ];
    const refused = await cli(
      ['sync', 'apply', '--plan', file('edited.json', JSON.stringify(doc)), '--deployment', 'cloud', '--prune', '--include-admins'],
      keys.ann!,
    );
    expect(refused.code).toBe(EXIT.CONFLICT);
    expect(refused.stderr).toContain(
      "action 2 (- remove ann@acme.example from the organization (admin; and from its teams)): would remove the API key's own account from the organization",
    );
    expect(refused.stderr).toMatch(/organization Acme would be left without an admin, by action 1 .*, action 2 /);
    expect(mutations()).toEqual([]);
  });
});

describe('organization roles on W&B Server', () => {
  it('sets orgRole apart from the instance admin flag, adds accounts to the organization (new ones once created), and undo reverses it', async () => {
    await acme('server');
    const people = file(
      'server.yaml',
      `version: 2
users:
  - { email: ann@acme.example, admin: true, orgRole: member }
  - { email: dan@acme.example, orgRole: viewer }
  - { email: outsider@acme.example, orgRole: member }
  - { email: zoe@acme.example, orgRole: viewer }
`,
    );
    fake.addUser({ email: 'outsider@acme.example', username: 'outsider' });
    // The instance admin is no member of Acme: --org names it (an instance admin may read any organization).
    const planned = await cli(['sync', 'plan', people, '--org', 'Acme'], fake.adminApiKey);
    expect(planned.code).toBe(EXIT.PENDING);
    for (const line of [
      'Organization Acme. Seats: full 6 of 6 in use; view-only 1 of 3 in use, 3 after.',
      '  + create user zoe@acme.example',
      '  ~ set instance admin of ann@acme.example',
      '  + invite outsider@acme.example to the organization as member',
      '  + invite zoe@acme.example to the organization as viewer',
      '  ~ change organization role of ann@acme.example: admin -> member',
      '  ~ change organization role of dan@acme.example: member -> viewer',
    ]) {
      expect(planned.stdout).toContain(`${line}\n`);
    }
    const applied = await cli(['--json', 'sync', 'apply', '--yes', people, '--org', 'Acme'], fake.adminApiKey);
    expect(applied.code).toBe(EXIT.OK);
    expect(fake.getUser('ann')?.admin).toBe(true);
    expect(organization()).toEqual([
      'ann member',
      'bob member',
      'cho viewer',
      'dan viewer',
      'eve member',
      'gus admin',
      'outsider member',
      'zoe viewer',
      'pending@acme.example invited as member',
      'seats: full 6/6, view-only 3/3',
    ]);
    expect((await cli(['sync', 'plan', people, '--org', 'Acme'], fake.adminApiKey)).code).toBe(EXIT.OK);

    const path: string = JSON.parse(applied.stdout.trim().split('\n').at(-1)!).journal;
    // Undoing zoe's creation and her place in the organization removes a member: --include-admins is not needed, --max-removals counts both.
    const undone = await cli(['sync', 'undo', path, '--yes', '--org', 'Acme'], fake.adminApiKey);
    expect(undone.code).toBe(EXIT.OK);
    expect(fake.getUser('ann')?.admin).toBe(false);
    expect(fake.getUser('zoe')?.deletedAt).not.toBeNull();
    expect(organization()).toEqual(BEFORE_CLOUD);
  });

  it("refuses a saved plan made for the cloud's way (an organization's admin, --deployment cloud) where this run is for W&B Server (exit 6)", async () => {
    const keys = await acme('server');
    // Against W&B Server, --deployment cloud works the organization's way: its admin invites and removes.
    const made = await cli(['--json', 'sync', 'plan', file('p.yaml', CLOUD_FILE), '--deployment', 'cloud'], keys.ann!);
    expect(made.code).toBe(EXIT.PENDING);
    const plan = file('cloud-plan.json', made.stdout);
    const refused = await cli(['sync', 'apply', '--plan', plan, '--org', 'Acme'], fake.adminApiKey);
    expect(refused.code).toBe(EXIT.CONFLICT);
    expect(refused.stderr).toContain("the plan was made for W&B's cloud, and this run is for W&B Server (--deployment cloud applies it there)");
    expect(mutations()).toEqual([]);
  });

  it('keeps the last admin of the organization (held back), and blocks a file with organization roles where there is no organization', async () => {
    // The instance admin a member, as on a W&B Server instance, which is one organization: no --org needed.
    await acme('server', {
      organizations: [{ name: 'Acme', members: [{ username: 'ann', role: 'admin' }, 'bob', 'admin'] }],
    });
    const last = await cli(['sync', 'plan', file('last.yaml', 'version: 2\nusers:\n  - { email: ann@acme.example, orgRole: member }\n')], fake.adminApiKey);
    expect(last.code).toBe(EXIT.OK);
    expect(last.stdout).toContain(
      "  ! ann@acme.example keeps the organization's admin role: the last admin of the organization (make another member admin first)\n",
    );
    const swap = await cli(
      [
        'sync',
        'plan',
        file('swap.yaml', 'version: 2\nusers:\n  - { email: ann@acme.example, orgRole: member }\n  - { email: bob@acme.example, orgRole: admin }\n'),
      ],
      fake.adminApiKey,
    );
    expect(swap.code).toBe(EXIT.PENDING);
    expect(swap.stdout).toContain('  ~ change organization role of ann@acme.example: admin -> member\n');

    await fake.close();
    fake = await startFakeWandb({ users: [{ email: 'ann@acme.example' }] });
    const none = await cli(['sync', 'plan', file('none.yaml', 'version: 2\nusers:\n  - { email: ann@acme.example, orgRole: member }\n')], fake.adminApiKey);
    expect(none.code).toBe(EXIT.NOT_FOUND);
    expect(none.stderr).toContain("the API key's account belongs to no organization");
  });
});

describe('sync export with organization roles', () => {
  it.each([['cloud'], ['server']] as const)(
    'on %s: writes each member’s orgRole and the invitations, and the plan of the export is empty, --prune included',
    async (deployment) => {
      const keys = await acme(deployment);
      const key = deployment === 'cloud' ? keys.ann! : fake.adminApiKey;
      const flags = deployment === 'cloud' ? ['--deployment', 'cloud'] : ['--org', 'Acme'];
      // Service and deactivation states aside (the other export tests hold them), what an organization adds.
      const exported = await cli(['sync', 'export', ...flags], key);
      expect(exported.code).toBe(EXIT.OK);
      const admin = deployment === 'server' ? '    admin: false\n' : '';
      expect(exported.stdout).toContain(`  - email: bob@acme.example\n${admin}    orgRole: member\n    teams: { ml: member }\n`);
      expect(exported.stdout).toContain(`  - email: cho@acme.example\n${admin}    orgRole: viewer\n`);
      expect(exported.stdout).toContain('  - email: pending@acme.example\n    status: invited\n');
      // Instance admin flags are W&B Server's: the cloud's export has none.
      expect(exported.stdout.includes('admin: false')).toBe(deployment === 'server');
      const path = file(`export-${deployment}.yaml`, exported.stdout);
      fake.clearRequests();
      for (const prune of [[], ['--prune']]) {
        const again = await cli(['sync', 'plan', path, ...flags, ...prune], key);
        expect([again.code, again.stdout]).toEqual([EXIT.OK, expect.stringContaining('No changes: the server matches')]);
      }
      expect(mutations()).toEqual([]);

      const csv = await cli(['sync', 'export', ...flags, '--format', 'csv'], key);
      expect(csv.stdout.split('\n')[0]).toBe('email,admin,teams,status,orgRole');
      expect(csv.stdout).toContain('cho@acme.example,,,,viewer\n'.replace(',,,,', deployment === 'cloud' ? ',,,,' : ',false,,,'));
      const csvPath = file(`export-${deployment}.csv`, csv.stdout);
      expect((await cli(['sync', 'plan', csvPath, ...flags, '--prune'], key)).code).toBe(EXIT.OK);
    },
  );
});
