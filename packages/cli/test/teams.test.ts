import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { EXIT } from '../src';
import { Cli } from './helpers';

// The `teams` commands as a user runs them (the CLI's `run`, over HTTP)
// against the fake W&B server: success, refusal and permission paths, text
// and --json, and the server's state afterwards.

let fake: FakeWandb;
let cli: Cli;
/** Keys by username. */
const keys: Record<string, string> = {};

beforeEach(async () => {
  fake = await startFakeWandb({
    customRoles: ['labeler'],
    users: ['ann', 'bob', 'vic', 'olga', 'carol'].map((username) => ({
      email: `${username}@example.com`,
      username,
      name: `${username[0]!.toUpperCase()}${username.slice(1)} Example`,
    })),
    teams: [
      {
        name: 'ml',
        members: [
          { username: 'ann', role: 'admin' },
          { username: 'bob', role: 'member' },
          { username: 'vic', role: 'viewer' },
          { email: 'new.hire@example.com', role: 'labeler', pending: true },
        ],
      },
    ],
  });
  for (const username of ['ann', 'bob', 'vic', 'olga', 'carol']) keys[username] = fake.addApiKey(fake.getUser(username)!.id).secret;
  fake.addServiceAccount('ml', 'Nightly eval');
  cli = new Cli(fake);
});
afterEach(() => fake.close());

const as = (username: string) => ({ env: { WANDB_API_KEY: keys[username] } });
const members = (team = 'ml') => fake.getTeam(team)!.members.map((m) => [m.username ?? m.email, m.role, m.pending]);
const sent = (operation: string) => fake.requests.filter((r) => r.operationName === operation).length;

describe('teams list (and teams alone, as before)', () => {
  test.each([[['teams']], [['teams', 'list']]])('%j: your teams, one a line; --user for someone else', async (args) => {
    const mine = await cli.run(args, as('bob'));
    expect([mine.code, mine.stdout]).toEqual([EXIT.OK, 'ml\n']);
    expect(mine.stderr).toContain('bob: 1 team');
    const { body } = await cli.json([...args, '--user', 'ann@example.com']);
    expect(body).toEqual({ user: 'ann', teams: ['ml'] });
  });
});

describe('teams show', () => {
  test('every member and invitation: role, account type, status; a service account never with its key', async () => {
    const { code, stdout, stderr } = await cli.run(['teams', 'show', 'ml']);
    expect(code).toBe(EXIT.OK);
    expect(stdout.split('\n').slice(0, -1)).toEqual([
      'MEMBER                NAME                  ROLE     ACCOUNT          STATUS',
      'ann                   Ann Example           admin    user             joined',
      'bob                   Bob Example           member   user             joined',
      'vic                   Vic Example           viewer   user             joined',
      'new.hire@example.com  new.hire@example.com  labeler  -                pending',
      'nightly-eval          Nightly eval          member   service account  joined',
    ]);
    expect(stderr).toBe('ml: 5 members (1 pending)\n');
  });

  test('--json: the team and its members, as the SDK shows them', async () => {
    const { body } = await cli.json(['teams', 'show', 'ml'], as('ann'));
    expect(body.name).toBe('ml');
    expect(body.members.map((m: Record<string, unknown>) => Object.keys(m).sort())).toEqual(
      Array(5).fill(['accountType', 'admin', 'email', 'id', 'name', 'pending', 'role', 'username']),
    );
    expect(body.members[4]).toMatchObject({ username: 'nightly-eval', accountType: 'SERVICE', role: 'member' });
  });

  test('a member may look (viewer too); an outsider gets exit 4 saying who may', async () => {
    expect((await cli.run(['teams', 'show', 'ml'], as('vic'))).code).toBe(EXIT.OK);
    const outsider = await cli.json(['teams', 'show', 'ml'], as('olga'));
    expect(outsider.result.code).toBe(EXIT.PERMISSION);
    expect(JSON.parse(outsider.result.stderr).error).toMatchObject({
      name: 'PermissionError',
      message: 'only members of team "ml" and instance admins can see its members',
    });
  });

  test('an unknown team, and a user (not a team), exit 5', async () => {
    for (const name of ['nope', 'bob']) {
      const { code, stderr } = await cli.run(['teams', 'show', name]);
      expect(code).toBe(EXIT.NOT_FOUND);
      expect(stderr).toContain(`no team named "${name}"`);
    }
  });
});

describe('teams create', () => {
  test('an instance admin creates a team, its admin the named user; --json prints the team', async () => {
    const { result, body } = await cli.json(['teams', 'create', 'vision', '--admin-user', 'carol']);
    expect(result.code).toBe(EXIT.OK);
    expect(body).toMatchObject({ name: 'vision', members: [{ username: 'carol', role: 'admin' }] });
    expect(members('vision')).toEqual([['carol', 'admin', false]]);
    const text = await cli.run(['teams', 'create', 'audio']);
    expect(text.stdout).toBe('created team audio (admin admin)\n');
  });

  test('a taken name exits 6; a bad name exits 2 before sending; a team admin is refused (4); an unknown admin user exits 5', async () => {
    expect((await cli.run(['teams', 'create', 'ml'])).code).toBe(EXIT.CONFLICT);
    expect((await cli.run(['teams', 'create', 'bob'])).code).toBe(EXIT.CONFLICT);
    fake.clearRequests();
    const bad = await cli.run(['teams', 'create', 'my team']);
    expect(bad.code).toBe(EXIT.USAGE);
    expect(bad.stderr).toContain('not a team name: "my team" (W&B allows letters, digits, hyphens and underscores)');
    expect(fake.requests).toHaveLength(0);
    expect((await cli.run(['teams', 'create', 'vision'], as('ann'))).code).toBe(EXIT.PERMISSION);
    expect((await cli.run(['teams', 'create', 'vision', '--admin-user', 'nobody'])).code).toBe(EXIT.NOT_FOUND);
    const blank = await cli.run(['teams', 'create', 'vision', '--admin-user', ' ']);
    expect(blank.code).toBe(EXIT.USAGE);
    expect(blank.stderr).toContain('the username or email must not be empty');
    expect(fake.getTeam('vision')).toBeUndefined();
  });
});

describe('teams invite', () => {
  test('by email with a role, and by username with the default role: pending, printed as the team lists them', async () => {
    const byEmail = await cli.run(['teams', 'invite', 'ml', 'someone@example.com', '--role', 'viewer']);
    expect([byEmail.code, byEmail.stdout]).toEqual([EXIT.OK, 'invited someone@example.com to team ml as viewer (pending until they accept)\n']);
    const { body } = await cli.json(['teams', 'invite', 'ml', 'olga'], as('ann'));
    expect(body).toEqual({ team: 'ml', invited: expect.objectContaining({ username: 'olga', role: 'member', pending: true }) });
    expect(members().slice(-2)).toEqual([
      ['someone@example.com', 'viewer', true],
      ['olga', 'member', true],
    ]);
  });

  test('someone already a member or invited: exit 6, nothing sent', async () => {
    for (const who of ['bob', 'NEW.HIRE@example.com']) {
      fake.clearRequests();
      const { code, stderr } = await cli.run(['teams', 'invite', 'ml', who, '--role', 'admin']);
      expect(code).toBe(EXIT.CONFLICT);
      expect(stderr).toMatch(/is already (a member of|invited to) team ml/);
      expect(sent('CreateInvite')).toBe(0);
    }
  });

  test("an unknown username exits 5; an unknown role exits 2 with the server's words", async () => {
    const unknown = await cli.run(['teams', 'invite', 'ml', 'nobody']);
    expect(unknown.code).toBe(EXIT.NOT_FOUND);
    // The server's own words, then what to do.
    expect(unknown.stderr).toBe(
      'wandb-users: error: no user named nobody\nUsernames are exact and case-sensitive; `wandb-users users search` finds them (instance admins), or invite by email.\n',
    );
    const role = await cli.run(['teams', 'invite', 'ml', 'olga', '--role', 'owner']);
    expect(role.code).toBe(EXIT.USAGE);
    expect(role.stderr).toContain('unknown role');
  });

  test('a member who is not a team admin, and an outsider: exit 4, saying who may', async () => {
    for (const username of ['bob', 'vic']) {
      const { code, stderr } = await cli.run(['teams', 'invite', 'ml', 'olga'], as(username));
      expect(code).toBe(EXIT.PERMISSION);
      expect(stderr).toBe(
        'wandb-users: error: permission denied: inviting members in team ml requires team admin or instance admin privileges\n' +
          "Ask an admin of the team (`wandb-users teams show TEAM` lists them), or use an instance admin's key.\n",
      );
    }
    expect(members().some(([who]) => who === 'olga')).toBe(false);
  });
});

describe('teams remove', () => {
  test('removes a member (exact username), withdraws an invitation (email in any case); --json names who', async () => {
    const removed = await cli.run(['teams', 'remove', '--yes', 'ml', 'bob']);
    expect([removed.code, removed.stdout]).toEqual([EXIT.OK, 'removed bob from team ml\n']);
    const { body } = await cli.json(['teams', 'remove', '--yes', 'ml', 'New.Hire@Example.com'], as('ann'));
    expect(body).toEqual({ team: 'ml', removed: expect.objectContaining({ email: 'new.hire@example.com', pending: true }) });
    expect(members()).toEqual([
      ['ann', 'admin', false],
      ['vic', 'viewer', false],
      ['nightly-eval', 'member', false],
    ]);
    expect(fake.getUser('bob')!.deletedAt).toBeNull();
  });

  test('a partial name is never taken for the member: exit 5 with near matches', async () => {
    const { code, stderr } = await cli.run(['teams', 'remove', '--yes', 'ml', 'bo']);
    expect(code).toBe(EXIT.NOT_FOUND);
    expect(stderr).toContain('"bo" is not a member of team ml, nor invited to it');
    expect(stderr).toContain('Did you mean bob?');
    expect(members()).toHaveLength(5);
  });

  test('the last admin: exit 6, nothing sent', async () => {
    fake.clearRequests();
    const { code, stderr } = await cli.run(['teams', 'remove', '--yes', 'ml', 'ann']);
    expect(code).toBe(EXIT.CONFLICT);
    expect(stderr).toContain('ann is the last admin of team ml');
    expect(sent('DeleteInvite')).toBe(0);
  });

  test('a member who is not a team admin: exit 4', async () => {
    const { code } = await cli.run(['teams', 'remove', '--yes', 'ml', 'vic'], as('bob'));
    expect(code).toBe(EXIT.PERMISSION);
    expect(members()).toHaveLength(5);
  });
});

describe('teams set-role', () => {
  test("changes a member's role; --json with the role before", async () => {
    const text = await cli.run(['teams', 'set-role', 'ml', 'bob', 'admin']);
    expect([text.code, text.stdout]).toEqual([EXIT.OK, 'bob: member -> admin in team ml\n']);
    const { body } = await cli.json(['teams', 'set-role', 'ml', 'vic@example.com', 'labeler'], as('ann'));
    expect(body).toEqual({ team: 'ml', member: expect.objectContaining({ username: 'vic', role: 'labeler', admin: false }), previousRole: 'viewer' });
    expect(members().slice(0, 3)).toEqual([
      ['ann', 'admin', false],
      ['bob', 'admin', false],
      ['vic', 'labeler', false],
    ]);
  });

  test('demoting the last admin: exit 6; a pending invitation: exit 2; an unknown role: exit 2; not a team admin: exit 4', async () => {
    fake.clearRequests();
    expect((await cli.run(['teams', 'set-role', 'ml', 'ann', 'member'])).code).toBe(EXIT.CONFLICT);
    const pending = await cli.run(['teams', 'set-role', 'ml', 'new.hire@example.com', 'viewer']);
    expect(pending.code).toBe(EXIT.USAGE);
    expect(pending.stderr).toContain('its role is set when inviting');
    expect(sent('UpdateMember')).toBe(0);
    expect((await cli.run(['teams', 'set-role', 'ml', 'bob', 'owner'])).code).toBe(EXIT.USAGE);
    expect((await cli.run(['teams', 'set-role', 'ml', 'vic', 'admin'], as('bob'))).code).toBe(EXIT.PERMISSION);
    expect(members().slice(0, 3)).toEqual([
      ['ann', 'admin', false],
      ['bob', 'member', false],
      ['vic', 'viewer', false],
    ]);
  });
});

describe('teams service-account create', () => {
  test('prints the secret once on stdout (which authenticates as the account); the note on stderr', async () => {
    const { code, stdout, stderr } = await cli.run(['teams', 'service-account', 'create', 'ml', '--description', 'CI deploys'], {
      ...as('ann'),
      secretsOnStdout: true,
    });
    expect(code).toBe(EXIT.OK);
    const secret = stdout.trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(stderr).toBe('Created service account ci-deploys in team ml. This is the only time its secret is shown here.\n');
    const whoami = await cli.json(['whoami'], { env: { WANDB_API_KEY: secret } });
    expect(whoami.body.user.username).toBe('ci-deploys');
    // `teams show` never shows it.
    const shown = await cli.run(['--json', 'teams', 'show', 'ml']);
    expect(shown.stdout).not.toContain(secret);
  });

  test('--json: { team, member, secret }', async () => {
    const { body } = await cli.json(['teams', 'service-account', 'create', 'ml', '--description', 'Batch'], { secretsOnStdout: true });
    expect(body).toEqual({
      team: 'ml',
      member: expect.objectContaining({ name: 'Batch', accountType: 'SERVICE' }),
      secret: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/),
    });
  });

  test('--description is required (exit 2); a member who is not a team admin gets exit 4 and no account is made', async () => {
    expect((await cli.run(['teams', 'service-account', 'create', 'ml'])).code).toBe(EXIT.USAGE);
    const { code } = await cli.run(['teams', 'service-account', 'create', 'ml', '--description', 'x'], as('bob'));
    expect(code).toBe(EXIT.PERMISSION);
    expect(fake.getTeam('ml')!.members.filter((m) => m.accountType === 'SERVICE')).toHaveLength(1);
  });

  test('the answer lost after the account was made: exit 8, never sent twice, naming what the team now lists', async () => {
    fake.injectFault({ operation: 'CreateServiceAccount', fault: { type: 'reset', when: 'after' } });
    const { code, stdout, stderr } = await cli.run(['teams', 'service-account', 'create', 'ml', '--description', 'Lost answer']);
    expect([code, stdout]).toEqual([EXIT.SERVER, '']);
    expect(stderr).toContain('nothing was sent twice');
    expect(stderr).toContain('Team ml now lists lost-answer');
    expect(sent('CreateServiceAccount')).toBe(1);
  });
});
