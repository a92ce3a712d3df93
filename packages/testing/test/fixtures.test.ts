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
