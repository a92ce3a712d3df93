import { type FakeWandb, organizationFixture, startFakeWandb, userFixture } from '@wandb-ts/testing';
import { EXIT, run } from '../src';
import { expectNoLeak, memoryIo } from './helpers';

// The `org` commands, run in this process against the fake W&B server over
// HTTP: text and --json, every refusal with its exit status, the confirmation
// of `org remove`, and the server's state afterwards. One server for the file;
// each test seeds an organization and people of its own.

let fake: FakeWandb;
beforeAll(async () => {
  fake = await startFakeWandb({ customRoles: ['labeler'] });
});
afterAll(() => fake.close());
beforeEach(() => fake.clearRequests());

interface World {
  name: string;
  admin: string;
  member: string;
  viewer: string;
  outsider: string;
  keys: Record<'admin' | 'member' | 'viewer' | 'outsider', string>;
}

/** An organization of its own: an admin (not an instance admin), a member, a viewer, a team `<name>-ml`, and an outsider. */
function world(options: { seats?: number; viewOnlySeats?: number; pending?: string[] } = {}): World {
  const person = () => fake.addUser(userFixture());
  const people = { admin: person(), member: person(), viewer: person(), outsider: person() };
  const fixture = organizationFixture({
    seats: options.seats,
    viewOnlySeats: options.viewOnlySeats,
    members: [
      { username: people.admin.username, role: 'admin' },
      people.member.username,
      { username: people.viewer.username, role: 'viewer' },
      ...(options.pending ?? []).map((email) => ({ email, pending: true })),
    ],
  });
  fake.addOrganization({ ...fixture, teams: [`${fixture.name}-ml`] });
  return {
    name: fixture.name,
    admin: people.admin.username,
    member: people.member.username,
    viewer: people.viewer.username,
    outsider: people.outsider.username,
    keys: { admin: people.admin.apiKey, member: people.member.apiKey, viewer: people.viewer.apiKey, outsider: people.outsider.apiKey },
  };
}

/** Runs `wandb-users` in this process with this key; `answer`: stdin and stderr stand in for a terminal, the answer typed at the prompt. */
async function cli(args: string[], apiKey: string, answer?: string) {
  const { io, stdout, stderr } = memoryIo({
    ...(answer !== undefined && { stdin: answer }),
    env: { WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: apiKey, NETRC: '/nonexistent' },
  });
  if (answer !== undefined) {
    Object.assign(io.stdin, { isTTY: true });
    Object.assign(io.stderr, { isTTY: true });
  }
  const result = { code: await run(args, io), stdout: stdout(), stderr: stderr() };
  expectNoLeak(result);
  return result;
}

/** Runs with --json: stdout as one document, and stderr's error document when it failed. */
async function json(args: string[], apiKey: string) {
  const result = await cli(['--json', ...args], apiKey);
  return {
    code: result.code,
    body: result.stdout.trim() === '' ? undefined : JSON.parse(result.stdout),
    error: result.stderr.trim() === '' ? undefined : JSON.parse(result.stderr).error,
  };
}

const sent = (operation: string) => fake.requests.filter((r) => r.operationName === operation).length;
const roles = (name: string) => fake.getOrganization(name)!.members.map((m) => [m.username, m.role]);

describe('org show and org members', () => {
  test("org alone: your organization's entity, members and seats of both kinds", async () => {
    const w = world({ seats: 4, viewOnlySeats: 1, pending: ['hire@example.com'] });
    const { code, stdout } = await cli(['org'], w.keys.member);
    expect(code).toBe(EXIT.OK);
    expect(stdout.split('\n')).toEqual([
      `organization ${w.name}`,
      `id           ${fake.getOrganization(w.name)!.id}`,
      `entity       ${fake.getOrganization(w.name)!.entityName}`,
      'members      3 (1 admin)',
      'pending      1 invitation',
      'full seats   3 of 4 used, 1 left',
      'view-only    1 of 1 used, 0 left',
      '',
    ]);
    const { body } = await json(['org', 'show', '--org', w.name.toUpperCase()], w.keys.admin);
    expect(body).toMatchObject({ name: w.name, seats: { full: { total: 4, used: 3, available: 1 }, viewOnly: { total: 1, used: 1, available: 0 } } });
    expect(body.members.map((m: { username: string }) => m.username)).toEqual([w.admin, w.member, w.viewer]);
  });

  test('org members: a table of members and pending invitations; --json lists both', async () => {
    const w = world({ pending: ['hire@example.com'] });
    const { code, stdout, stderr } = await cli(['org', 'members'], w.keys.viewer);
    expect(code).toBe(EXIT.OK);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^MEMBER +NAME +EMAIL +ROLE +SEAT +STATUS$/);
    expect(lines.slice(1).map((line) => line.split(/ {2,}/))).toEqual([
      [w.admin, expect.any(String), `${w.admin}@example.com`, 'admin', 'full', 'joined'],
      [w.member, expect.any(String), `${w.member}@example.com`, 'member', 'full', 'joined'],
      [w.viewer, expect.any(String), `${w.viewer}@example.com`, 'viewer', 'view-only', 'joined'],
      ['hire@example.com', '-', 'hire@example.com', '-', '-', 'pending'],
    ]);
    expect(stderr).toContain(`${w.name}: 3 members (1 pending)`);
    const { body } = await json(['org', 'members'], w.keys.viewer);
    expect(body.pendingInvitations).toEqual([
      { id: expect.any(String), email: 'hire@example.com', createdAt: expect.any(String), expiresAt: null, pending: true },
    ]);
    expect(body.members[2]).toMatchObject({ username: w.viewer, role: 'viewer', seatType: 'viewOnly', pending: false });
  });

  test('several organizations and no --org: exit 2, naming them; an unknown organization or none: exit 5', async () => {
    const w = world();
    const other = fake.addOrganization(organizationFixture({ members: [w.member] }));
    const several = await json(['org'], w.keys.member);
    expect([several.code, several.error.name, several.error.exitCode]).toEqual([EXIT.USAGE, 'OrganizationChoiceError', EXIT.USAGE]);
    expect(several.error.message).toContain(`(${w.name}, ${other.name}): say which with --org`);
    expect(several.error.hint).toBe(`For example: --org ${JSON.stringify(w.name)}`);
    const unknown = await cli(['org', 'members', '--org', 'no-such-org'], w.keys.member);
    expect([unknown.code, unknown.stderr]).toEqual([EXIT.NOT_FOUND, expect.stringContaining('no organization named "no-such-org" that this API key may read')]);
    expect((await cli(['org', 'show', '--org', w.name], w.keys.outsider)).code).toBe(EXIT.NOT_FOUND);
    const none = await cli(['org'], w.keys.outsider);
    expect([none.code, none.stderr]).toEqual([EXIT.NOT_FOUND, expect.stringContaining('belongs to no organization')]);
  });

  test('names from the server are shown escaped, never acted on by the terminal', async () => {
    const eve = fake.addUser(userFixture());
    fake.addOrganization({ name: `evil\u001b]0;pwned\u0007-${eve.username}`, members: [{ username: eve.username, role: 'admin' }] });
    const { code, stdout } = await cli(['org', 'show'], eve.apiKey);
    expect(code).toBe(EXIT.OK);
    expect(stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(stdout).toContain('evil\\x1b]0;pwned\\x07-');
  });
});

describe('org invite', () => {
  test('an address: invited, pending, holding a seat of its role; --json shows it as the organization lists it', async () => {
    const w = world();
    const { code, stdout } = await cli(['org', 'invite', 'new.hire@example.com', '--role', 'viewer', '--org', w.name], w.keys.admin);
    expect([code, stdout]).toEqual([
      EXIT.OK,
      `invited new.hire@example.com to organization ${w.name} as viewer (pending until they accept; the invitation holds a seat)\n`,
    ]);
    expect(fake.getOrganization(w.name)!.pendingInvites.map((i) => [i.email, i.role, i.seat])).toEqual([['new.hire@example.com', 'viewer', 'viewOnly']]);
    const again = await json(['org', 'invite', 'second@example.com'], w.keys.admin);
    expect(again.body).toEqual({
      organization: w.name,
      invited: { id: expect.any(String), email: 'second@example.com', createdAt: expect.any(String), expiresAt: null, pending: true },
    });
  });

  test('a username: joins at once with the role and the teams named', async () => {
    const w = world();
    const ann = fake.addUser(userFixture());
    const { code, stdout } = await cli(['org', 'invite', ann.username, '--role', 'labeler', '--team', `${w.name}-ml`], w.keys.admin);
    expect([code, stdout]).toEqual([EXIT.OK, `added ${ann.username} to organization ${w.name} as labeler (unknown seat)\n`]);
    expect(roles(w.name).at(-1)).toEqual([ann.username, 'labeler']);
    expect(fake.getUser(ann.username)!.teams).toEqual([`${w.name}-ml`]);
  });

  test('already a member or invited: exit 6, nothing sent', async () => {
    const w = world({ pending: ['hire@example.com'] });
    const member = await cli(['org', 'invite', w.member, '--role', 'viewer'], w.keys.admin);
    expect([member.code, member.stderr]).toEqual([
      EXIT.CONFLICT,
      expect.stringContaining(`is already a member of organization ${w.name} (role member); nothing was sent`),
    ]);
    expect(member.stderr).toContain(`wandb-users org set-role ${w.member} viewer`);
    expect((await cli(['org', 'invite', 'HIRE@example.com'], w.keys.admin)).code).toBe(EXIT.CONFLICT);
    expect(sent('AddUserToOrganization')).toBe(0);
  });

  test('no seat of the kind the role needs: exit 6, SeatLimitError with the numbers and what to do', async () => {
    const w = world({ seats: 2 });
    const { code, error } = await json(['org', 'invite', 'x@example.com'], w.keys.admin);
    expect(code).toBe(EXIT.CONFLICT);
    expect(error).toMatchObject({ name: 'SeatLimitError', exitCode: EXIT.CONFLICT });
    expect(error.message).toMatch(/no full seat left in organization .*: 2 of 2 in use/);
    expect(error.hint).toContain('wandb-users org set-role USER viewer');
    expect(fake.getOrganization(w.name)!.pendingInvites).toEqual([]);
  });

  test('refusals: an unknown username (5), not an admin of the organization (4), an unknown role (2)', async () => {
    const w = world();
    expect((await cli(['org', 'invite', 'no-such-user'], w.keys.admin)).code).toBe(EXIT.NOT_FOUND);
    const member = await cli(['org', 'invite', 'y@example.com'], w.keys.member);
    expect([member.code, member.stderr]).toEqual([
      EXIT.PERMISSION,
      expect.stringContaining(`only admins of organization ${w.name} and instance admins can add people`),
    ]);
    expect((await cli(['org', 'invite', 'y@example.com', '--role', 'owner'], w.keys.admin)).code).toBe(EXIT.USAGE);
    expect(fake.getOrganization(w.name)!.pendingInvites).toEqual([]);
  });
});

describe('org set-role', () => {
  test('changes the role, and says the seat it takes; --json gives the previous role', async () => {
    const w = world();
    const { code, stdout } = await cli(['org', 'set-role', w.member, 'viewer'], w.keys.admin);
    expect([code, stdout]).toEqual([EXIT.OK, `${w.member}: member -> viewer in organization ${w.name} (view-only seat)\n`]);
    const { body } = await json(['org', 'set-role', `${w.member}@example.com`, 'admin'], w.keys.admin);
    expect(body).toMatchObject({ organization: w.name, member: { username: w.member, role: 'admin', seatType: 'full' }, previousRole: 'viewer' });
  });

  test('the last admin: exit 6, nothing sent; a pending invitation: exit 2; someone not in it: exit 5 with near matches', async () => {
    const w = world({ pending: ['hire@example.com'] });
    const last = await cli(['org', 'set-role', w.admin, 'member', '--org', w.name], fake.adminApiKey);
    expect([last.code, last.stderr]).toEqual([EXIT.CONFLICT, expect.stringContaining('is the last admin of organization')]);
    expect(last.stderr).toContain('wandb-users org set-role USER admin');
    expect(sent('UpdateOrganizationUser')).toBe(0);
    const pending = await cli(['org', 'set-role', 'hire@example.com', 'viewer'], w.keys.admin);
    expect([pending.code, pending.stderr]).toEqual([EXIT.USAGE, expect.stringContaining('has not accepted the invitation')]);
    const nobody = await cli(['org', 'set-role', w.member.slice(0, -1), 'viewer'], w.keys.admin);
    expect([nobody.code, nobody.stderr]).toEqual([EXIT.NOT_FOUND, expect.stringContaining(w.member)]);
  });

  test('no seat of the new kind: exit 6; not an admin of the organization: exit 4', async () => {
    const w = world({ viewOnlySeats: 1 });
    expect((await cli(['org', 'set-role', w.member, 'viewer'], w.keys.admin)).code).toBe(EXIT.CONFLICT);
    expect((await cli(['org', 'set-role', w.member, 'admin'], w.keys.viewer)).code).toBe(EXIT.PERMISSION);
    expect(roles(w.name).map(([, role]) => role)).toEqual(['admin', 'member', 'viewer']);
  });
});

describe('org remove', () => {
  test('--yes: removed, the seat free again, the account kept; an invitation withdrawn', async () => {
    const w = world({ pending: ['hire@example.com'] });
    const { code, stdout } = await cli(['org', 'remove', w.member, '--yes'], w.keys.admin);
    expect([code, stdout]).toEqual([EXIT.OK, `removed ${w.member} from organization ${w.name} (a full seat is free again)\n`]);
    expect(roles(w.name).map(([username]) => username)).toEqual([w.admin, w.viewer]);
    expect(fake.getUser(w.member)!.deletedAt).toBeNull();
    const { body } = await json(['org', 'remove', 'HIRE@example.com', '-y'], w.keys.admin);
    expect(body).toEqual({ organization: w.name, removed: expect.objectContaining({ email: 'hire@example.com', pending: true }) });
    expect(fake.getOrganization(w.name)!.pendingInvites).toEqual([]);
  });

  test('on a terminal: asks; "y" removes, anything else does nothing; without a terminal it needs --yes (exit 2)', async () => {
    const w = world();
    const no = await cli(['org', 'remove', w.viewer], w.keys.admin, 'n\n');
    expect([no.code, no.stdout]).toEqual([EXIT.OK, '']);
    expect(no.stderr).toContain(
      `Remove ${w.viewer} (${w.viewer}@example.com) from organization ${w.name}? They lose access to it and its teams; their account stays. [y/N] Nothing was removed: nothing was sent.`,
    );
    const unasked = await cli(['org', 'remove', w.viewer], w.keys.admin);
    expect([unasked.code, unasked.stderr]).toEqual([EXIT.USAGE, expect.stringContaining('org remove asks for confirmation')]);
    expect(sent('RemoveUserFromOrganization')).toBe(0);
    const yes = await cli(['org', 'remove', w.viewer], w.keys.admin, 'y\n');
    expect(yes.code).toBe(EXIT.OK);
    expect(roles(w.name)).toHaveLength(2);
  });

  test("never the key's own account (exit 2), nor the last admin (exit 6); not an admin of the organization: exit 4", async () => {
    const w = world();
    const self = await cli(['org', 'remove', w.admin, '--yes'], w.keys.admin);
    expect([self.code, self.stderr]).toEqual([EXIT.USAGE, expect.stringContaining('would lock you out')]);
    const last = await cli(['org', 'remove', w.admin, '--yes', '--org', w.name], fake.adminApiKey);
    expect([last.code, last.stderr]).toEqual([EXIT.CONFLICT, expect.stringContaining('is the last admin of organization')]);
    expect((await cli(['org', 'remove', w.viewer, '--yes'], w.keys.member)).code).toBe(EXIT.PERMISSION);
    expect(sent('RemoveUserFromOrganization')).toBe(1);
    expect(roles(w.name)).toHaveLength(3);
  });
});

test.each([['org'], ['org', 'show'], ['org', 'members'], ['org', 'invite'], ['org', 'set-role'], ['org', 'remove']])(
  '%j --help has examples',
  async (...args) => {
    const { code, stdout } = await cli([...args, '--help'], fake.adminApiKey);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toMatch(/Examples:\n {2}wandb-users org/);
  },
);
