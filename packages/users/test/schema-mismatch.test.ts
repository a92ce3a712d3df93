import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { type FakeWandb, startFakeWandb, WANDB_SCHEMA_PATH } from '@wandb-ts/testing';
import { parse, print, visit } from 'graphql';
import { Api, GraphQLResponseError, SchemaMismatchError, WandbError } from '../src';
import { apiFor, type RawServer, startRawServer } from './helpers';

// A W&B server older or newer than the snapshot lacks fields our operations
// select. The fake serves the snapshot minus such a field, over real HTTP.

/** The snapshot with one field removed from an object type (through the AST, not text edits). */
function snapshotWithout(typeName: string, fieldName: string): string {
  let removed = false;
  const edited = visit(parse(readFileSync(WANDB_SCHEMA_PATH, 'utf8')), {
    ObjectTypeDefinition(node) {
      if (node.name.value !== typeName) return undefined;
      const fields = node.fields?.filter((f) => f.name.value !== fieldName);
      removed = fields?.length !== node.fields?.length;
      return { ...node, fields };
    },
  });
  if (!removed) throw new Error(`the snapshot has no ${typeName}.${fieldName}`);
  return print(edited);
}

async function rejection(promise: Promise<unknown>): Promise<SchemaMismatchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SchemaMismatchError);
  return error as SchemaMismatchError;
}

let fake: FakeWandb | undefined;
let raw: RawServer | undefined;
afterEach(async () => {
  await fake?.close();
  await raw?.close();
  fake = raw = undefined;
});

test('a server without User.deletedAt: every operation selecting it throws SchemaMismatchError naming operation, field and server', async () => {
  fake = await startFakeWandb({ schema: snapshotWithout('User', 'deletedAt') });
  const api = apiFor(fake);
  const url = `${fake.baseUrl}/graphql`;

  const error = await rejection(api.viewer());
  expect(error).toBeInstanceOf(GraphQLResponseError);
  expect(error).toBeInstanceOf(WandbError);
  expect(error).toMatchObject({ name: 'SchemaMismatchError', operation: 'GetViewer', field: 'User.deletedAt', fields: ['User.deletedAt'], url, status: 400 });
  expect(error.message).toBe(
    `GetViewer: the server at ${url} has no field User.deletedAt, which this operation selects: ` +
      'its GraphQL schema differs from the one @wandb-ts/users was built for. ' +
      `Run \`npx -p @wandb-ts/schema wandb-schema check --against ${url}\` to list every operation the difference breaks.`,
  );
  // What the server said is kept, and the key appears nowhere.
  expect(error.graphQLErrors[0]?.message).toMatch(/^Cannot query field "deletedAt" on type "User"\./);
  for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })]) expect(text).not.toContain(fake.adminApiKey);
  expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'SchemaMismatchError', fields: ['User.deletedAt'], operation: 'GetViewer' });

  expect(await rejection(api.users(''))).toMatchObject({ operation: 'SearchUsers', field: 'User.deletedAt' });
  expect(await rejection(api.createUser('new@example.com'))).toMatchObject({ operation: 'CreateUserFromAdmin', field: 'User.deletedAt' });
  // Validation failed, so nothing was created.
  expect(fake.getUser('new@example.com')).toBeUndefined();
});

test('generateApiKey and deleteApiKey throw it instead of answering null/false, since retrying cannot help', async () => {
  fake = await startFakeWandb({ schema: snapshotWithout('GenerateApiKeyPayload', 'apiKey') });
  const me = await apiFor(fake).viewer();
  expect(await rejection(me.generateApiKey('ci'))).toMatchObject({ operation: 'GenerateApiKey', field: 'GenerateApiKeyPayload.apiKey' });
  expect(fake.getUser('admin')!.apiKeys).toHaveLength(1);
  await fake.close();

  fake = await startFakeWandb({ schema: snapshotWithout('DeleteApiKeyPayload', 'success') });
  const bob = fake.addUser({ email: 'bob@example.com', apiKeys: [{ description: 'a' }, { description: 'b' }] });
  const user = await apiFor(fake, bob.apiKey).viewer();
  expect(await rejection(user.deleteApiKey(user.apiKeys[1]!))).toMatchObject({ operation: 'DeleteApiKey', field: 'DeleteApiKeyPayload.success' });
  expect(fake.getUser(bob.id)!.apiKeys).toHaveLength(2);
});

test('servers that answer the validation error with HTTP 200 get the same error; every missing field is named', async () => {
  raw = await startRawServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        data: null,
        errors: [{ message: 'Cannot query field "deletedAt" on type "User".' }, { message: 'Cannot query field "flags" on type "User".' }],
      }),
    );
  });
  const error = await rejection(new Api({ baseUrl: raw.baseUrl, apiKey: 'k'.repeat(40), env: {} }).viewer());
  expect(error).toMatchObject({ status: 200, field: 'User.deletedAt', fields: ['User.deletedAt', 'User.flags'] });
  expect(error.message).toContain('has no field User.deletedAt, User.flags');
});

test('other validation errors keep their class', async () => {
  raw = await startRawServer((_req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ message: 'Unknown argument "foo" on field "Query.viewer".' }] }));
  });
  const error = await new Api({ baseUrl: raw.baseUrl, apiKey: 'k'.repeat(40), env: {} }).viewer().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GraphQLResponseError);
  expect(error).not.toBeInstanceOf(SchemaMismatchError);
});
