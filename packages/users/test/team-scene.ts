import type { FakeWandb } from '@wandb-ts/testing';
import type { Api, Member, NewServiceAccount, Team, User } from '../src';
import type { Cell, TeamMethod } from './fault-matrix';

// The scene the team columns of the fault matrix run in (fault-matrix.test.ts,
// secret-leak.test.ts): a team `ml` (the instance admin as its admin, bob a
// member), carol without a team, dora deactivated; and what each method does
// there, and what the server's state must be afterwards.

export interface TeamScene {
  fake: FakeWandb;
  api: Api;
  team: Team;
  /** bob, as a member of `ml`. */
  member: Member;
  /** bob, as a user. */
  bob: User;
  /** dora, deactivated. */
  dora: User;
}

export const NEW_TEAM = 'matrix-team';
export const ACCOUNT = 'matrix bot';

/** Seeds the scene and loads what the methods act on; the fake's request log is cleared. */
export async function teamScene(fake: FakeWandb, api: Api): Promise<TeamScene> {
  fake.addUser({ email: 'bob@example.com', username: 'bob' });
  fake.addUser({ email: 'carol@example.com', username: 'carol' });
  const dora = fake.addUser({ email: 'dora@example.com', username: 'dora' });
  fake.deleteUser(dora.id);
  fake.addTeam({ name: 'ml', members: [{ username: 'admin', role: 'admin' }, 'bob'] });
  const team = (await api.team('ml'))!;
  const scene = { fake, api, team, member: team.members.find((m) => m.username === 'bob')!, bob: (await api.user('bob'))!, dora: (await api.user('dora'))! };
  await api.viewerId();
  fake.clearRequests();
  return scene;
}

export function runTeamMethod(method: TeamMethod, scene: TeamScene): Promise<unknown> {
  switch (method) {
    case 'team':
      return scene.api.team('ml');
    case 'createTeam':
      return scene.api.createTeam(NEW_TEAM);
    case 'invite':
      return scene.team.invite('carol', { role: 'viewer' });
    case 'createServiceAccount':
      return scene.team.createServiceAccount(ACCOUNT);
    case 'deleteMember':
      return scene.member.delete();
    case 'setRole':
      return scene.member.setRole('viewer');
    case 'deactivate':
      return scene.bob.deactivate();
    case 'reactivate':
      return scene.dora.reactivate();
    case 'setAdmin':
      return scene.bob.setAdmin(true);
  }
}

/** The method's normal result, when the cell says `ok`. */
export function checkTeamResult(method: TeamMethod, value: unknown, scene: TeamScene): void {
  if (method === 'team') {
    expect(String(value)).toBe('<Team ml>');
    expect((value as Team).members.map((m) => m.username)).toEqual(['admin', 'bob']);
  } else if (method === 'createTeam') {
    expect(String(value)).toBe(`<Team ${NEW_TEAM}>`);
    expect((value as Team).members.map((m) => [m.username, m.role])).toEqual([['admin', 'admin']]);
  } else if (method === 'createServiceAccount') {
    const { member, apiKey } = value as NewServiceAccount;
    expect([member.name, member.accountType]).toEqual([ACCOUNT, 'SERVICE']);
    expect(scene.fake.issuedSecrets()).toContain(apiKey);
  } else {
    throw new Error(`${method} has no result other than true/false`);
  }
}

/** The server's state after the method, as the cell says (never a duplicate), and the SDK's objects agreeing with it. */
export function checkTeamState(method: TeamMethod, cell: Cell, scene: TeamScene): void {
  const { fake } = scene;
  const applied = cell.applied === true;
  const team = fake.getTeam('ml')!;
  const bob = fake.getUser('bob')!;
  const services = team.members.filter((m) => m.accountType === 'SERVICE');
  // Whatever happened, nothing was made twice.
  expect(fake.listTeams().filter((t) => t.name === NEW_TEAM)).toHaveLength(method === 'createTeam' && applied ? 1 : 0);
  expect(services).toHaveLength(method === 'createServiceAccount' && applied ? 1 : 0);
  expect(team.members.filter((m) => m.username === 'carol').map((m) => [m.role, m.pending])).toEqual(method === 'invite' && applied ? [['viewer', true]] : []);
  // Each change took effect exactly when the cell says, and only then.
  expect(team.members.some((m) => m.username === 'bob')).toBe(!(method === 'deleteMember' && applied));
  if (method !== 'deleteMember') expect(team.members.find((m) => m.username === 'bob')?.role).toBe(method === 'setRole' && applied ? 'viewer' : 'member');
  expect(bob.deletedAt !== null).toBe(method === 'deactivate' && applied);
  expect(fake.getUser('dora')!.deletedAt === null).toBe(method === 'reactivate' && applied);
  expect(bob.admin).toBe(method === 'setAdmin' && applied);
  // A `true` answer is shown by the object it was asked of.
  if (cell.outcome === 'true') {
    if (method === 'setRole') expect(scene.member.role).toBe('viewer');
    if (method === 'deactivate') expect(scene.bob.deletedAt).toBe(bob.deletedAt);
    if (method === 'reactivate') expect(scene.dora.deletedAt).toBeNull();
    if (method === 'setAdmin') expect(scene.bob.admin).toBe(true);
  }
  // The SDK's team lists no account the server lacks, and, once reloaded, every one it has.
  if (method === 'createServiceAccount') {
    const listed = scene.team.members.filter((m) => m.accountType === 'SERVICE').map((m) => m.id);
    for (const id of listed) expect(services.map((m) => m.id)).toContain(id);
    if (!cell.listingMayLag) expect(listed).toEqual(services.map((m) => m.id));
  }
}
