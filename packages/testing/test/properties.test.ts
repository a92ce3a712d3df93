import { request } from 'node:http';
import fc from 'fast-check';
import { type FakeWandb, startFakeWandb } from '../src';
import { basic, FIRST_PARTY } from './helpers';

// Random and hostile HTTP requests never crash the fake server or corrupt its
// state: every answer is a well-formed HTTP response with a JSON body, and the
// invariants of the store hold afterwards.

let fake: FakeWandb;
let bobKey: string;
beforeAll(async () => {
  fake = await startFakeWandb({ maxPageSize: 5, defaultPageSize: 5 });
  bobKey = fake.addUser({ email: 'bob@example.com' }).apiKey;
});
afterAll(() => fake.close());

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

function send({ method, path, headers, body }: Sent): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${fake.baseUrl}${path}`, { method, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const QUERIES = [
  '{ viewer { id username apiKeys { edges { node { name } } } } }',
  'query($q: String, $first: Int, $after: String) { users(query: $q, first: $first, after: $after) { edges { node { email } } pageInfo { endCursor hasNextPage } } }',
  'mutation($email: String!, $admin: Boolean) { createUser(input: { email: $email, admin: $admin }) { user { id email admin } } }',
  'mutation($d: String) { generateApiKey(input: { description: $d }) { apiKey { id } } }',
  'mutation($id: String!) { deleteApiKey(input: { id: $id }) { success } }',
  '{ __schema { types { name } } }',
  '{ viewer { photoUrl } }',
  'query A { viewer { id } } query B { viewer { id } }',
];

const anyJson = fc.jsonValue({ maxDepth: 3 });
const variables = fc.oneof(
  fc.dictionary(fc.constantFrom('q', 'first', 'after', 'email', 'admin', 'd', 'id', '__proto__', 'constructor'), anyJson),
  anyJson,
  fc.constant({ __proto__: { admin: true } }),
);
const graphqlBody = fc
  .record({
    query: fc.oneof(fc.constantFrom(...QUERIES), fc.string()),
    variables,
    operationName: fc.oneof(fc.constant(undefined), fc.constantFrom('A', 'B'), anyJson),
  })
  .map((b) => JSON.stringify(b));
const body = fc.oneof(
  { weight: 4, arbitrary: graphqlBody },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? '') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('{"__proto__": {"query": "{ viewer { id } }"}}', '{"query": "{ viewer { id } }", "constructor": {"prototype": {"x": 1}}}', ''),
  },
);
const auth = fc.oneof(
  fc.constant(() => basic(fake.adminApiKey)),
  fc.constant(() => basic(bobKey)),
  fc.string().map((s) => () => s.replace(/[^\x20-\x7e]/g, '')),
  fc.string().map((s) => () => basic(s)),
);
const sent = fc.record({
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  path: fc.constantFrom('/graphql', '/graphql', '/graphql?x=1', '/', '/graphql/', '/admin'),
  auth,
  firstParty: fc.boolean(),
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/graphql'),
  body,
});

jest.setTimeout(120_000);

test('2,000 random requests: a JSON answer with a known status (a plain 404 off the endpoint), and a consistent store', async () => {
  let created = 0;
  let createdAdmins = 0;
  const before = fake.listUsers().length;
  await fc.assert(
    fc.asyncProperty(sent, async (s) => {
      const headers: Record<string, string> = { 'content-type': s.contentType, authorization: s.auth(), ...(s.firstParty ? FIRST_PARTY : {}) };
      const answer = await send({ method: s.method, path: s.path, headers, body: s.body });
      if (s.path.split('?')[0] !== '/graphql') {
        expect({ status: answer.status, text: answer.text }).toEqual({ status: 404, text: '404 page not found\n' });
        return;
      }
      expect([200, 400, 401, 403, 404, 405, 409, 415]).toContain(answer.status);
      const parsed = JSON.parse(answer.text);
      expect(parsed.data !== undefined || Array.isArray(parsed.errors)).toBe(true);
      if (parsed.data?.createUser?.user) created++;
      if (parsed.data?.createUser?.user?.admin) createdAdmins++;
    }),
    { numRuns: 2000 },
  );
  // The server still answers, and its state adds up.
  const viewer = await send({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: basic(fake.adminApiKey) },
    body: JSON.stringify({ query: '{ viewer { username } }' }),
  });
  expect(JSON.parse(viewer.text).data.viewer.username).toBe('admin');
  const users = fake.listUsers();
  expect(users).toHaveLength(before + created);
  const emails = users.map((u) => u.email?.toLowerCase());
  expect(new Set(emails).size).toBe(emails.length);
  expect(users.find((u) => u.username === 'admin')?.admin).toBe(true);
  // Only admins can create users, so nobody became an admin any other way.
  expect(users.filter((u) => u.admin)).toHaveLength(1 + createdAdmins);
  expect(Object.prototype).not.toHaveProperty('admin');
  expect(Object.prototype).not.toHaveProperty('x');
});
