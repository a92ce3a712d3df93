import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { Api, type TypedDocument } from '../src';
import {
  CreateInviteDocument,
  CreateServiceAccountDocument,
  CreateTeamDocument,
  DeleteInviteDocument,
  DeleteUserDocument,
  GetTeamEntityDocument,
  UndeleteUserDocument,
  UpdateMemberDocument,
  UpdateUserDocument,
} from '../src/graphql';

// A smoke test per team and lifecycle operation: the typed documents that
// `@wandb-ts/users/graphql` exports, sent with Api.execute to the fake, answer
// with the shapes their generated types promise.

let fake: FakeWandb;
let admin: Api;
let bob: { id: string; apiKey: string };
beforeEach(async () => {
  fake = await startFakeWandb();
  bob = fake.addUser({ email: 'bob@example.com', username: 'bob', name: 'Bob' });
  fake.addTeam({ name: 'ml', members: [{ username: 'admin', role: 'admin' }, 'bob'] });
  admin = new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, env: {} });
});
afterEach(() => fake.close());

/** Executes as the instance admin and returns the data, failing on any GraphQL error. */
async function ok<TData, TVariables extends Record<string, unknown>>(document: TypedDocument<TData, TVariables>, variables: TVariables): Promise<TData> {
  const result = await admin.execute(document, variables);
  expect(result.errors).toEqual([]);
  expect(result.status).toBe(200);
  return result.data as TData;
}

test('GetTeamEntity: the team with its members through MemberFragment', async () => {
  const { entity } = await ok(GetTeamEntityDocument, { name: 'ml' });
  expect(entity).toMatchObject({ name: 'ml', isTeam: true, entityType: 'team', storageBytes: 0, defaultAccess: expect.any(String) });
  expect(entity?.members.map((m) => [m.username, m.role, m.admin, m.pending, m.accountType, m.apiKey])).toEqual([
    ['admin', 'admin', true, false, 'USER', null],
    ['bob', 'member', false, false, 'USER', null],
  ]);
  expect(await ok(GetTeamEntityDocument, { name: 'nobody' })).toEqual({ entity: null });
});

test('CreateTeam: the new entity', async () => {
  const data = await ok(CreateTeamDocument, { teamName: 'vision', teamAdminUserName: 'bob' });
  expect(data.createTeam?.entity).toEqual({ id: expect.any(String), name: 'vision', available: true, photoUrl: null, limits: '{}' });
  expect(fake.getUser('bob')!.memberships).toContainEqual({ team: 'vision', role: 'admin' });
});

test('CreateInvite: the invitation, with its role', async () => {
  const data = await ok(CreateInviteDocument, { entity: 'ml', email: 'new@example.com', role: 'viewer' });
  expect(data.createInvite?.invite).toEqual({
    id: expect.any(String),
    name: expect.any(String),
    email: 'new@example.com',
    createdAt: expect.any(String),
    toUser: null,
  });
  expect(fake.getTeam('ml')!.members.at(-1)).toMatchObject({ id: data.createInvite?.invite?.id, pending: true, role: 'viewer' });
});

test('DeleteInvite: removes a member given the member id', async () => {
  expect(await ok(DeleteInviteDocument, { id: bob.id, entity: 'ml' })).toEqual({ deleteInvite: { success: true } });
  expect(fake.getUser('bob')!.teams).toEqual([]);
});

test('UpdateMember: the member with the new role', async () => {
  const data = await ok(UpdateMemberDocument, { entity: 'ml', user: bob.id, role: 'admin' });
  expect(data.updateMember?.member).toEqual({
    id: bob.id,
    admin: true,
    pending: false,
    email: 'bob@example.com',
    username: 'bob',
    name: 'Bob',
    photoUrl: null,
    accountType: 'USER',
    apiKey: null,
    role: 'admin',
  });
});

test('CreateServiceAccount: the account id, whose member lists its key to the admin', async () => {
  const data = await ok(CreateServiceAccountDocument, { entity: 'ml', description: 'ci' });
  const id = data.createServiceAccount?.user?.id;
  expect(id).toEqual(expect.any(String));
  const { entity } = await ok(GetTeamEntityDocument, { name: 'ml' });
  const member = entity?.members.find((m) => m.id === id);
  expect(member).toMatchObject({ accountType: 'SERVICE', email: null, apiKey: expect.any(String) });
  // Compared as a boolean, so that a failure cannot print the secret.
  expect(fake.issuedSecrets().includes(member?.apiKey ?? '')).toBe(true);
});

test('DeleteUser, UndeleteUser: the user, deactivated then reactivated', async () => {
  const deleted = await ok(DeleteUserDocument, { id: bob.id });
  expect(deleted.deleteUser?.user).toMatchObject({ id: bob.id, username: 'bob', deletedAt: expect.any(String), teams: { edges: [{ node: { name: 'ml' } }] } });
  const restored = await ok(UndeleteUserDocument, { id: bob.id });
  expect(restored.undeleteUser?.user).toMatchObject({ id: bob.id, deletedAt: null });
});

test('UpdateUser: the user with the admin flag set', async () => {
  const data = await ok(UpdateUserDocument, { id: bob.id, admin: true });
  expect(data.updateUser?.user).toMatchObject({ id: bob.id, admin: true });
});
