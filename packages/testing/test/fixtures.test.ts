import { apiKeyFixture, startFakeWandb, teamFixture, userFixture } from '../src';
import { post } from './helpers';

test('builders give unique users, overridable field by field', () => {
  const a = userFixture();
  const b = userFixture({ admin: true, teams: ['ml'] });
  expect(a.username).not.toBe(b.username);
  expect(a.email).toBe(`${a.username}@example.com`);
  expect(b).toMatchObject({ admin: true, teams: ['ml'], apiKeys: [{ description: null }] });
  expect(userFixture({ username: 'zed' }).email).toBe('zed@example.com');
  expect(teamFixture().name).not.toBe(teamFixture().name);
  expect(apiKeyFixture({ description: 'ci' })).toEqual({ description: 'ci' });
});

test('startFakeWandb seeds users, their keys and teams', async () => {
  const ann = userFixture({ username: 'ann', apiKeys: [apiKeyFixture({ description: 'laptop' }), apiKeyFixture({ description: 'ci' })] });
  const ben = userFixture({ username: 'ben', apiKeys: [] });
  const fake = await startFakeWandb({ users: [ann, ben], teams: [teamFixture({ name: 'vision', members: ['ann', 'ben@example.com'] })] });
  try {
    expect(fake.listUsers().map((u) => u.username)).toEqual(['admin', 'ann', 'ben']);
    expect(fake.getUser('ann')!.apiKeys.map((k) => k.description)).toEqual(['laptop', 'ci']);
    expect(fake.getUser('ben')).toMatchObject({ apiKeys: [], teams: ['vision'] });
    const added = fake.addUser(userFixture({ username: 'cat' }));
    const answer = await post(fake, added.apiKey, '{ viewer { username } }');
    expect(answer.body.data.viewer.username).toBe('cat');
  } finally {
    await fake.close();
  }
});

test('seeding refuses what W&B would refuse', async () => {
  await expect(startFakeWandb({ users: [{ email: 'no-at-sign' }] })).rejects.toThrow(/invalid email/);
  await expect(startFakeWandb({ teams: [{ name: 't', members: ['ghost'] }] })).rejects.toThrow(/unknown member ghost/);
  const fake = await startFakeWandb();
  try {
    expect(() => fake.addUser({ email: 'ADMIN@example.com' })).toThrow(/already exists/);
  } finally {
    await fake.close();
  }
});

describe('teams', () => {
  test('addTeam takes usernames, emails, members with a role, and pending invitations; snapshots show them', async () => {
    const fake = await startFakeWandb({
      users: [userFixture({ username: 'ann' }), userFixture({ username: 'ben' }), userFixture({ username: 'cy' }), userFixture({ username: 'di' })],
      customRoles: ['labeler'],
      teams: [
        teamFixture({
          name: 'vision',
          members: [
            'ann',
            { email: 'ben@example.com', role: 'admin' },
            { username: 'cy', role: 'labeler' },
            { email: 'New@Example.com', role: 'viewer', pending: true },
            { username: 'di', pending: true },
          ],
        }),
      ],
    });
    try {
      const team = fake.getTeam('vision')!;
      expect(team.members).toEqual([
        { id: fake.getUser('ann')!.id, pending: false, role: 'member', username: 'ann', email: 'ann@example.com', accountType: 'USER' },
        { id: fake.getUser('ben')!.id, pending: false, role: 'admin', username: 'ben', email: 'ben@example.com', accountType: 'USER' },
        { id: fake.getUser('cy')!.id, pending: false, role: 'labeler', username: 'cy', email: 'cy@example.com', accountType: 'USER' },
        { id: expect.any(String), pending: true, role: 'viewer', username: null, email: 'New@Example.com', accountType: null },
        { id: expect.any(String), pending: true, role: 'member', username: 'di', email: 'di@example.com', accountType: 'USER' },
      ]);
      expect(fake.listTeams()).toEqual([team]);
      expect(fake.getUser('ben')!.memberships).toEqual([{ team: 'vision', role: 'admin' }]);
      expect(fake.getUser('di')!.memberships).toEqual([]);
      expect(fake.addTeam({ name: 'empty' })).toEqual({ id: expect.any(String), name: 'empty' });
      expect(fake.getTeam('empty')!.members).toEqual([]);
      expect(fake.getTeam('nope')).toBeUndefined();
    } finally {
      await fake.close();
    }
  });

  test('addTeam refuses what W&B would refuse, and leaves no half-made team', async () => {
    const fake = await startFakeWandb({ users: [userFixture({ username: 'ann' })] });
    try {
      expect(() => fake.addTeam({ name: 'has space' })).toThrow(/invalid team name/);
      expect(() => fake.addTeam({ name: 'ann' })).toThrow(/taken/);
      expect(() => fake.addTeam({ name: 't', members: [{ username: 'ann', role: 'owner' }] })).toThrow(/unknown role "owner"/);
      expect(() => fake.addTeam({ name: 't', members: ['ann', 'ghost'] })).toThrow(/unknown member ghost/);
      expect(() => fake.addTeam({ name: 't', members: [{ email: 'nobody@example.com' }] })).toThrow(/unknown member nobody@example.com/);
      expect(() => fake.addTeam({ name: 't', members: [{ email: 'not an address', pending: true }] })).toThrow(/unknown member/);
      expect(() => fake.addTeam({ name: 't', members: [{ email: 'bad@address', pending: true }] })).toThrow(/invalid email address "bad@address"/);
      expect(() => fake.addTeam({ name: 't', members: [{ username: 'ann', email: 'ann@example.com' }] })).toThrow(/one of them/);
      expect(fake.getTeam('t')).toBeUndefined();
      expect(() => fake.addServiceAccount('nope', 'ci')).toThrow(/no team named nope/);
      expect(() => fake.acceptInvite('nope', 'ann')).toThrow(/no team named nope/);
      await expect(startFakeWandb({ customRoles: [' '] })).rejects.toThrow(/custom role needs a name/);
    } finally {
      await fake.close();
    }
  });

  test('addServiceAccount returns the account and a key that authenticates as it', async () => {
    const fake = await startFakeWandb({ teams: [teamFixture({ name: 'ops', members: [{ username: 'admin', role: 'admin' }] })] });
    try {
      const bot = fake.addServiceAccount('ops', 'Deploy: prod!');
      expect(bot).toEqual({ id: expect.any(String), username: 'deploy-prod', name: 'Deploy: prod!', apiKey: expect.any(String) });
      expect(fake.getUser(bot.id)).toMatchObject({ accountType: 'SERVICE', email: null, teams: ['ops'] });
      expect(fake.getUser(bot.id)!.apiKeys).toHaveLength(1);
      expect((await post(fake, bot.apiKey, '{ viewer { username accountType } }')).body.data.viewer).toEqual({
        username: 'deploy-prod',
        accountType: 'SERVICE',
      });
      expect(() => fake.addServiceAccount('ops', ' ')).toThrow(/needs a description/);
    } finally {
      await fake.close();
    }
  });
});
