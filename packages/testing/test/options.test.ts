import { readFileSync } from 'node:fs';
import { buildClientSchema, getIntrospectionQuery, type GraphQLObjectType } from 'graphql';
import { type FakeWandb, startFakeWandb, WANDB_SCHEMA_PATH } from '../src';
import { post } from './helpers';

// The `schema` and `introspection` options exist for drift tests: a server
// whose schema lacks a field the SDK uses, and one that refuses introspection.

const SNAPSHOT = readFileSync(WANDB_SCHEMA_PATH, 'utf8');
const WITHOUT_DELETED_AT = SNAPSHOT.replace(/(type User implements Node \{[^}]*?)\n {2}deletedAt: DateTime/, '$1');

let fake: FakeWandb | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

test('schema: serves the given SDL instead of the snapshot, and still implements what it has', async () => {
  expect(WITHOUT_DELETED_AT).not.toBe(SNAPSHOT);
  fake = await startFakeWandb({ schema: WITHOUT_DELETED_AT });
  const missing = await post(fake, fake.adminApiKey, '{ viewer { id deletedAt } }');
  expect(missing.status).toBe(400);
  expect(missing.body.errors[0].message).toBe('Cannot query field "deletedAt" on type "User". Did you mean "createdAt" or "updatedAt"?');
  const present = await post(fake, fake.adminApiKey, '{ viewer { username } }');
  expect(present.body).toEqual({ data: { viewer: { username: 'admin' } } });
  const served = await post(fake, fake.adminApiKey, getIntrospectionQuery());
  expect((buildClientSchema(served.body.data).getType('User') as GraphQLObjectType).getFields()).not.toHaveProperty('deletedAt');
  expect((fake.schema.getType('User') as GraphQLObjectType).getFields()).not.toHaveProperty('deletedAt');
});

test('schema: an invalid schema fails at start-up with the reason', async () => {
  await expect(startFakeWandb({ schema: 'type Query { me: Nope }' })).rejects.toThrow('Unknown type "Nope".');
});

test('serverInfo: versions that are not non-empty strings, or a cliVersionInfo that is not an object, fail at start-up', async () => {
  await expect(startFakeWandb({ serverInfo: { version: '' } })).rejects.toThrow('serverInfo.version must be a non-empty string, got ""');
  await expect(startFakeWandb({ serverInfo: { latestVersion: 7 as never } })).rejects.toThrow('serverInfo.latestVersion must be a non-empty string, got 7');
  await expect(startFakeWandb({ serverInfo: { cliVersionInfo: [] as never } })).rejects.toThrow('serverInfo.cliVersionInfo must be an object');
});

test('introspection: false refuses __schema and __type with 400, as servers that disable it do', async () => {
  fake = await startFakeWandb({ introspection: false });
  for (const query of [getIntrospectionQuery(), '{ __type(name: "User") { name } }']) {
    const answer = await post(fake, fake.adminApiKey, query);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/^GraphQL introspection has been disabled, but the requested query contained the field "__(schema|type)"\.$/);
  }
  // Ordinary operations, __typename included, are unaffected.
  const viewer = await post(fake, fake.adminApiKey, '{ viewer { __typename username } }');
  expect(viewer.body).toEqual({ data: { viewer: { __typename: 'User', username: 'admin' } } });
});
