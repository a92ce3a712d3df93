import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';

// The documents the W&B Python SDK sends for user management, written here
// from its public source (wandb/wandb: tools/graphql_codegen/api/users.graphql
// and fragments.graphql, and the inline documents of wandb/apis/public/users.py).
// The fake must answer real W&B clients, not only ours, so these go raw over
// HTTP with the Python SDK's own headers.

const PY_FRAGMENTS = /* GraphQL */ `
  fragment ApiKeyFragment on ApiKey { id name description }
  fragment FullUserFragment on User {
    id name username email admin flags entity deletedAt
    apiKeys { edges { node { ...ApiKeyFragment } } }
    teams { edges { node { name } } }
  }
`;

const SEARCH_USERS = `query SearchUsers($query: String) { users(query: $query) { edges { node { ...FullUserFragment } } } } ${PY_FRAGMENTS}`;
const GET_VIEWER = `query GetViewer { viewer { ...FullUserFragment } } ${PY_FRAGMENTS}`;
const GET_DEFAULT_ENTITY = 'query GetDefaultEntity { viewer { id entity } }';
const CREATE_USER = `mutation CreateUserFromAdmin($email: String!, $admin: Boolean) {
  createUser(input: {email: $email, admin: $admin}) { user { id name username email admin } }
}`;
const GENERATE_KEY = `mutation GenerateApiKey($description: String) {
  generateApiKey(input: {description: $description}) { apiKey { id name } }
}`;
const GENERATE_KEY_CODEGEN = `mutation GenerateApiKey($description: String) {
  generateApiKey(input: { description: $description }) { apiKey { ...ApiKeyFragment } }
} fragment ApiKeyFragment on ApiKey { id name description }`;
const DELETE_KEY = `mutation DeleteApiKey($id: String!) { deleteApiKey(input: {id: $id}) { success } }`;

const PYTHON_HEADERS = { 'user-agent': 'W&B Public Client 0.21.0', 'use-admin-privileges': 'true' };

let fake: FakeWandb;
beforeEach(async () => {
  fake = await startFakeWandb();
});
afterEach(() => fake.close());

async function send(apiKey: string, query: string, variables: Record<string, unknown> = {}) {
  const operationName = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
  const response = await fetch(`${fake.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`api:${apiKey}`).toString('base64')}`, ...PYTHON_HEADERS },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const body = await response.json();
  expect(response.status).toBe(200);
  expect(body.errors).toBeUndefined();
  return body.data;
}

test('SearchUsers answers with full users, key listing names and teams', async () => {
  const ann = fake.addUser({ email: 'ann@example.com', name: 'Ann', teams: ['ml'] });
  const data = await send(fake.adminApiKey, SEARCH_USERS, { query: 'ann' });
  expect(data.users.edges).toEqual([
    {
      node: {
        id: ann.id,
        name: 'Ann',
        username: 'ann',
        email: 'ann@example.com',
        admin: false,
        flags: null,
        entity: 'ann',
        deletedAt: null,
        apiKeys: { edges: [{ node: { id: expect.any(String), name: fake.getUser(ann.id)!.apiKeys[0]!.name, description: null } }] },
        teams: { edges: [{ node: { name: 'ml' } }] },
      },
    },
  ]);
  expect(JSON.stringify(data)).not.toContain(ann.apiKey);
});

test('GetViewer and GetDefaultEntity answer as the key owner', async () => {
  const viewer = (await send(fake.adminApiKey, GET_VIEWER)).viewer;
  expect(viewer).toMatchObject({ id: fake.adminUserId, username: 'admin', admin: true, entity: 'admin' });
  expect(viewer.apiKeys.edges).toHaveLength(1);
  expect((await send(fake.adminApiKey, GET_DEFAULT_ENTITY)).viewer).toEqual({ id: fake.adminUserId, entity: 'admin' });
});

test('CreateUserFromAdmin creates the user it names', async () => {
  const data = await send(fake.adminApiKey, CREATE_USER, { email: 'py@example.com', admin: false });
  expect(data.createUser.user).toEqual({ id: expect.any(String), name: 'py', username: 'py', email: 'py@example.com', admin: false });
  expect(fake.getUser('py@example.com')?.id).toBe(data.createUser.user.id);
});

test.each([
  ['inline (users.py)', GENERATE_KEY],
  ['codegen (users.graphql)', GENERATE_KEY_CODEGEN],
])('GenerateApiKey %s returns the full secret in apiKey.name, and it authenticates', async (_flavour, document) => {
  const data = await send(fake.adminApiKey, document, { description: 'python' });
  const secret: string = data.generateApiKey.apiKey.name;
  expect(secret).toMatch(/^[A-Za-z0-9_]{40,}$/);
  expect((await send(secret, GET_DEFAULT_ENTITY)).viewer.id).toBe(fake.adminUserId);
});

test('DeleteApiKey with the id from the listing deletes it', async () => {
  const bob = fake.addUser({ email: 'bob@example.com' });
  const listed = (await send(fake.adminApiKey, SEARCH_USERS, { query: 'bob@' })).users.edges[0].node.apiKeys.edges[0].node;
  expect(await send(fake.adminApiKey, DELETE_KEY, { id: listed.id })).toEqual({ deleteApiKey: { success: true } });
  expect(fake.getUser(bob.id)!.apiKeys).toEqual([]);
});
