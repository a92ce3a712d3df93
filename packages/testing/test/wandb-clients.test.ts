import { request } from 'node:http';
import { type FakeWandb, startFakeWandb } from '../src';

// W&B's own clients, served as W&B serves them: requests built byte for byte
// as W&B's Python SDK (before its GraphQL moved into the wandb-core sidecar)
// sends them with python-requests, and the answers its code relies on.
//
// - The key check every `wandb.Api(api_key=...)` sends first
//   (wandb/sdk/wandb_login.py `_verify_login`, through InternalApi): the
//   unnamed `query { viewer { id } }`, printed by its GraphQL printer as a bare
//   selection set, with `User-Agent: W&B Internal Client <version>` and no
//   `Use-Admin-Privileges`, no `operationName`, `Accept: */*`.
// - Its user operations as wandb/apis/_generated/operations.py has them (the
//   same text from 2026-01 to wandb/wandb b6e29505), with their `result:`
//   aliases, sent by the public Api with `W&B Public Client` and
//   `Use-Admin-Privileges: true`. Its methods answer False when the request
//   fails with an HTTP error (users.py `except HTTPError`), so refusals must
//   come as 4xx.
// Team operations: python-sdk-teams.test.ts.

const VERSION = '0.21.4';
const KEY_CHECK = '{\n  viewer {\n    id\n  }\n}';

const USER_FRAGMENTS = `
fragment ApiKeyFragment on ApiKey {
  id
  name
  description
}

fragment UserFragment on User {
  id
  name
  username
  email
  admin
  flags
  entity
  deletedAt
  apiKeys {
    edges {
      node {
        ...ApiKeyFragment
      }
    }
  }
  teams {
    edges {
      node {
        name
      }
    }
  }
}
`;

const GENERATED = {
  SearchUsers: `
query SearchUsers($query: String) {
  users(query: $query) {
    edges {
      node {
        ...UserFragment
      }
    }
  }
}
${USER_FRAGMENTS}`,
  GetViewer: `
query GetViewer {
  viewer {
    ...UserFragment
  }
}
${USER_FRAGMENTS}`,
  CreateUserFromAdmin: `
mutation CreateUserFromAdmin($email: String!, $admin: Boolean) {
  result: createUser(input: {email: $email, admin: $admin}) {
    user {
      ...UserInfoFragment
    }
  }
}

fragment UserInfoFragment on User {
  id
  name
  username
  email
  admin
}
`,
  DeleteApiKey: `
mutation DeleteApiKey($id: String!) {
  result: deleteApiKey(input: {id: $id}) {
    success
  }
}
`,
  GenerateApiKey: `
mutation GenerateApiKey($description: String) {
  result: generateApiKey(input: {description: $description}) {
    apiKey {
      ...ApiKeyFragment
    }
  }
}

fragment ApiKeyFragment on ApiKey {
  id
  name
  description
}
`,
};

const INTERNAL_CLIENT = { 'User-Agent': `W&B Internal Client ${VERSION}` };
const PUBLIC_CLIENT = { 'User-Agent': `W&B Public Client ${VERSION}`, 'Use-Admin-Privileges': 'true' };

let fake: FakeWandb;
beforeAll(async () => {
  fake = await startFakeWandb();
});
afterAll(() => fake.close());

/**
 * A POST as python-requests sends it: its default headers, HTTP Basic auth as
 * `("api", key)`, and `json=` serialised with Python's separators.
 */
function pythonPost(apiKey: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const body = `{"query": ${JSON.stringify(query)}, "variables": ${JSON.stringify(variables).replace(/":/g, '": ').replace(/,"/g, ', "')}}`;
  return new Promise<{ status: number; contentType: string | undefined; body: any }>((resolve, reject) => {
    const req = request(`${fake.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        ...headers,
        'Accept-Encoding': 'gzip, deflate',
        Accept: '*/*',
        Connection: 'keep-alive',
        'Content-Length': String(Buffer.byteLength(body)),
        'Content-Type': 'application/json',
        Authorization: `Basic ${Buffer.from(`api:${apiKey}`).toString('base64')}`,
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe("wandb.Api()'s key check", () => {
  test('is answered with the key owner, as JSON, with no admin header and no operation name', async () => {
    const answer = await pythonPost(fake.adminApiKey, KEY_CHECK, {}, INTERNAL_CLIENT);
    expect(answer).toEqual({ status: 200, contentType: 'application/json; charset=utf-8', body: { data: { viewer: { id: fake.adminUserId } } } });
    expect(fake.requests.at(-1)).toMatchObject({ operationName: null, firstParty: false, identity: 'admin', status: 200, executed: true });
  });

  test('also with the X-WANDB-USERNAME and X-WANDB-USER-EMAIL headers it adds when WANDB_USERNAME and WANDB_USER_EMAIL are set', async () => {
    const ann = fake.addUser({ email: 'ann@example.com', username: 'ann' });
    const headers = { ...INTERNAL_CLIENT, 'X-WANDB-USERNAME': 'ann', 'X-WANDB-USER-EMAIL': 'ann@example.com' };
    expect((await pythonPost(ann.apiKey, KEY_CHECK, {}, headers)).body).toEqual({ data: { viewer: { id: ann.id } } });
  });

  test('a wrong or deactivated key is HTTP 401, which the check reports as invalid', async () => {
    expect((await pythonPost('x'.repeat(40), KEY_CHECK, {}, INTERNAL_CLIENT)).status).toBe(401);
    const gone = fake.addUser({ email: 'gone@example.com' });
    fake.deleteUser(gone.id);
    expect((await pythonPost(gone.apiKey, KEY_CHECK, {}, INTERNAL_CLIENT)).status).toBe(401);
  });
});

describe("the public Api's user operations, as wandb/apis/_generated has them", () => {
  test("Api.user, User.generate_api_key, User.delete_api_key: answered under their aliases, the new key's secret as its name", async () => {
    const bob = fake.addUser({ email: 'bob@example.com', username: 'bob', name: 'Bob' });
    const found = await pythonPost(fake.adminApiKey, GENERATED.SearchUsers, { query: 'bob@example.com' }, PUBLIC_CLIENT);
    expect(found.status).toBe(200);
    expect(found.body.data.users.edges.map((e: any) => e.node)).toEqual([
      {
        id: bob.id,
        name: 'Bob',
        username: 'bob',
        email: 'bob@example.com',
        admin: false,
        flags: null,
        entity: 'bob',
        deletedAt: null,
        apiKeys: { edges: [{ node: { id: expect.any(String), name: fake.getUser('bob')!.apiKeys[0]!.name, description: null } }] },
        teams: { edges: [] },
      },
    ]);
    // generate_api_key sends with the user's own key (its user_api).
    const made = await pythonPost(bob.apiKey, GENERATED.GenerateApiKey, { description: 'laptop' }, PUBLIC_CLIENT);
    expect(made).toMatchObject({ status: 200, body: { data: { result: { apiKey: { id: expect.any(String), description: 'laptop' } } } } });
    expect(fake.issuedSecrets()).toContain(made.body.data.result.apiKey.name);
    const viewer = await pythonPost(bob.apiKey, GENERATED.GetViewer, {}, PUBLIC_CLIENT);
    expect(viewer.body.data.viewer.apiKeys.edges).toHaveLength(2);
    const deleted = await pythonPost(fake.adminApiKey, GENERATED.DeleteApiKey, { id: made.body.data.result.apiKey.id }, PUBLIC_CLIENT);
    expect(deleted).toMatchObject({ status: 200, body: { data: { result: { success: true } } } });
  });

  test('User.delete_api_key answers False: the refusal is an HTTP error (403 for a key not yours, 404 for a key that is gone)', async () => {
    const eve = fake.addUser({ email: 'eve@example.com' });
    const adminKey = fake.getUser('admin')!.apiKeys[0]!.id;
    const notYours = await pythonPost(eve.apiKey, GENERATED.DeleteApiKey, { id: adminKey }, PUBLIC_CLIENT);
    expect([notYours.status, notYours.body.errors[0].extensions.code, notYours.body.data]).toEqual([403, 'PERMISSION_ERROR', { result: null }]);
    const gone = await pythonPost(fake.adminApiKey, GENERATED.DeleteApiKey, { id: 'QXBpS2V5Ojk5OTk5' }, PUBLIC_CLIENT);
    expect([gone.status, gone.body.errors[0].extensions.code]).toEqual([404, 'NOT_FOUND']);
    expect(fake.getUser('admin')!.apiKeys).toHaveLength(1);
  });

  test('Api.create_user: the user under the alias; an address already taken is HTTP 409', async () => {
    const made = await pythonPost(fake.adminApiKey, GENERATED.CreateUserFromAdmin, { email: 'new.hire@example.com', admin: false }, PUBLIC_CLIENT);
    expect(made).toMatchObject({ status: 200, body: { data: { result: { user: { email: 'new.hire@example.com', username: 'new-hire', admin: false } } } } });
    const again = await pythonPost(fake.adminApiKey, GENERATED.CreateUserFromAdmin, { email: 'New.Hire@example.com', admin: false }, PUBLIC_CLIENT);
    expect([again.status, again.body.errors[0].extensions.code]).toEqual([409, 'CONFLICT']);
  });
});
