import { readFileSync } from 'node:fs';
import { type FakeWandb, startFakeWandb, WANDB_SCHEMA_PATH } from '@wandb-ts/testing';
import { type Api, AuthenticationError, SchemaMismatchError, User, ValidationError } from '../src';
import { apiFor, rejectionOf } from './helpers';

// The user lifecycle over real HTTP against the fake W&B server: deactivate,
// reactivate and the instance admin flag, as an instance admin and as others,
// with ambiguous failures settled from the server's state.

let fake: FakeWandb;
let admin: Api;
let bob: { id: string; apiKey: string };
let user: User;

beforeEach(async () => {
  fake = await startFakeWandb();
  bob = fake.addUser({ email: 'bob@example.com', username: 'bob' });
  admin = apiFor(fake);
  user = (await admin.user('bob'))!;
  fake.clearRequests();
});
afterEach(() => fake.close().catch(() => undefined));

const sent = (operation: string) => fake.requests.filter((r) => r.operationName === operation);

/** `user` as seen through another client: the same attributes, another key. */
function through(api: Api, from: User, id = from.id): User {
  const { name, username, email, admin: isAdmin, flags, entity, deletedAt } = from;
  return new User(api, { id, name, username, email, admin: isAdmin, flags, entity, deletedAt, accountType: from.accountType, apiKeys: null, teams: null });
}

describe('deactivate and reactivate', () => {
  test("deactivate: true, deletedAt set here and on the server, and the user's key is refused; reactivate restores it", async () => {
    expect((await apiFor(fake, bob.apiKey).viewer()).id).toBe(bob.id);

    expect(await user.deactivate()).toBe(true);
    expect(user.deletedAt).toEqual(expect.any(String));
    expect(fake.getUser('bob')!.deletedAt).toBe(user.deletedAt);
    expect(await rejectionOf(apiFor(fake, bob.apiKey).viewer())).toBeInstanceOf(AuthenticationError);

    expect(await user.reactivate()).toBe(true);
    expect(user.deletedAt).toBeNull();
    expect(fake.getUser('bob')!.deletedAt).toBeNull();
    expect((await apiFor(fake, bob.apiKey).viewer()).id).toBe(bob.id);
  });

  test('repeating either is true: the state asked for holds', async () => {
    expect(await user.deactivate()).toBe(true);
    expect(await user.deactivate()).toBe(true);
    expect(await user.reactivate()).toBe(true);
    expect(await user.reactivate()).toBe(true);
    expect(sent('DeleteUser')).toHaveLength(2);
    expect(sent('UndeleteUser')).toHaveLength(2);
  });

  test('false for a caller who is not an instance admin', async () => {
    const carol = fake.addUser({ email: 'carol@example.com', username: 'carol' });
    expect(await through(apiFor(fake, carol.apiKey), user).deactivate()).toBe(false);
    expect(fake.getUser('bob')!.deletedAt).toBeNull();
  });

  test('false for the last active instance admin', async () => {
    const me = await admin.viewer();
    expect(await me.deactivate()).toBe(false);
    expect(me.deletedAt).toBeNull();
    expect(fake.getUser('admin')!.deletedAt).toBeNull();
  });

  test.each([
    ['applied, answer lost', { type: 'reset', when: 'after' } as const, 1],
    ['not applied', { type: 'reset', when: 'before' } as const, 2],
    ['502, not applied', { type: 'status', status: 502 } as const, 2],
    ['502 after applying', { type: 'status', status: 502, applied: true } as const, 1],
  ])("an ambiguous failure (%s) is settled from the user's deletedAt", async (_what, fault, requests) => {
    fake.injectFault({ operation: 'DeleteUser', fault });
    expect(await user.deactivate()).toBe(true);
    expect(user.deletedAt).not.toBeNull();
    expect(sent('DeleteUser')).toHaveLength(requests);
    expect(fake.getUser('bob')!.deletedAt).not.toBeNull();
  });

  test('an ambiguous failure whose state cannot be read is thrown, not answered', async () => {
    const noRetry = apiFor(fake, fake.adminApiKey, { retry: false });
    const target = (await noRetry.user('bob'))!;
    fake.injectFault({ operation: 'DeleteUser', fault: { type: 'status', status: 502 } });
    fake.injectFault({ operation: 'SearchUsers', times: 5, fault: { type: 'status', status: 500 } });
    const error = await rejectionOf(target.deactivate());
    expect((error as { status?: number }).status).toBe(502);
    expect(sent('DeleteUser')).toHaveLength(1);
  });

  test('a deactivated caller gets AuthenticationError, not false', async () => {
    const carol = fake.addUser({ email: 'carol@example.com', username: 'carol', admin: true });
    const asCarol = apiFor(fake, carol.apiKey);
    const target = (await asCarol.user('bob'))!;
    fake.deleteUser(carol.id);
    expect(await rejectionOf(target.deactivate())).toBeInstanceOf(AuthenticationError);
  });

  test('a server whose schema lacks a selected field: SchemaMismatchError, not false', async () => {
    const older = readFileSync(WANDB_SCHEMA_PATH, 'utf8').replace('  deletedAt: DateTime\n  email: String', '  email: String');
    const old = await startFakeWandb({ schema: older });
    try {
      // Loading a user there fails the same way, so the User is built from what the current server said.
      const error = await rejectionOf(through(apiFor(old), user, old.adminUserId).deactivate());
      expect(error).toBeInstanceOf(SchemaMismatchError);
      expect((error as SchemaMismatchError).fields).toEqual(['User.deletedAt']);
    } finally {
      await old.close();
    }
  });
});

describe('setAdmin', () => {
  test('grants and revokes instance admin: true, and the User shows it', async () => {
    expect(await user.setAdmin(true)).toBe(true);
    expect(user.admin).toBe(true);
    expect(fake.getUser('bob')!.admin).toBe(true);
    expect(await user.setAdmin(false)).toBe(true);
    expect(user.admin).toBe(false);
    expect(fake.getUser('bob')!.admin).toBe(false);
  });

  test('false for revoking the last instance admin', async () => {
    const me = await admin.viewer();
    expect(await me.setAdmin(false)).toBe(false);
    expect(me.admin).toBe(true);
  });

  test.each([
    ['a string', 'yes'],
    ['undefined', undefined],
    ['a number', 1],
  ])('%s is a ValidationError before sending', async (_what, value) => {
    const error = await rejectionOf(user.setAdmin(value as unknown as boolean));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).argument).toBe('admin');
    expect(fake.requests).toHaveLength(0);
  });

  test.each([
    ['applied, answer lost', { type: 'reset', when: 'after' } as const, 1],
    ['not applied', { type: 'reset', when: 'before' } as const, 2],
  ])("an ambiguous failure (%s) is settled from the user's admin flag", async (_what, fault, requests) => {
    fake.injectFault({ operation: 'UpdateUser', fault });
    expect(await user.setAdmin(true)).toBe(true);
    expect(user.admin).toBe(true);
    expect(sent('UpdateUser')).toHaveLength(requests);
  });
});
