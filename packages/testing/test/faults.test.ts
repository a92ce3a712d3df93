import { request } from 'node:http';
import { type FakeWandb, startFakeWandb } from '../src';
import { basic, FIRST_PARTY, post } from './helpers';

const VIEWER = 'query GetViewer { viewer { username } }';
const CREATE = 'mutation CreateUserFromAdmin($email: String!) { createUser(input: { email: $email }) { user { id } } }';

let fake: FakeWandb;
beforeEach(async () => {
  fake = await startFakeWandb();
});
afterEach(() => fake.close());

/** A raw POST that reports a dropped connection instead of throwing, with the exact bytes received. */
function rawPost(query: string, variables: Record<string, unknown> = {}) {
  return new Promise<{ status: number; text: string; contentType: string | undefined } | 'reset'>((resolve) => {
    const body = JSON.stringify({ query, variables });
    const req = request(
      `${fake.baseUrl}/graphql`,
      { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(fake.adminApiKey), ...FIRST_PARTY } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, contentType: res.headers['content-type'] }));
        res.on('error', () => resolve('reset'));
      },
    );
    req.on('error', () => resolve('reset'));
    req.end(body);
  });
}

test('a status fault answers as configured, only for its operation and window, and is logged', async () => {
  const installed = fake.injectFault({
    operation: 'GetViewer',
    skip: 1,
    times: 2,
    fault: { type: 'status', status: 429, headers: { 'retry-after': '3' }, body: 'slow down' },
  });
  for (let i = 0; i < 4; i++) {
    await rawPost(VIEWER);
    await rawPost('query Other { viewer { id } }');
  }
  expect(installed.hits).toBe(2);
  expect(fake.requests.filter((r) => r.operationName === 'GetViewer').map((r) => r.status)).toEqual([200, 429, 429, 200]);
  expect(fake.requests.filter((r) => r.operationName === 'Other').map((r) => r.status)).toEqual([200, 200, 200, 200]);
  expect(fake.requests.filter((r) => r.fault).map((r) => r.fault)).toEqual(['status 429', 'status 429']);
});

test('status faults carry their headers and body', async () => {
  fake.injectFault({ fault: { type: 'status', status: 503, headers: { 'retry-after': '2' }, body: 'maintenance' } });
  const response = await fetch(`${fake.baseUrl}/graphql`, {
    method: 'POST',
    headers: { authorization: basic(fake.adminApiKey), ...FIRST_PARTY },
    body: JSON.stringify({ query: VIEWER }),
  });
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('2');
  expect(await response.text()).toBe('maintenance');
});

test('an unapplied status fault on a mutation changes nothing; an applied one does the work and hides the answer', async () => {
  fake.injectFault({ operation: 'CreateUserFromAdmin', fault: { type: 'status', status: 502 } });
  expect(await rawPost(CREATE, { email: 'a@example.com' })).toMatchObject({ status: 502 });
  expect(fake.getUser('a@example.com')).toBeUndefined();
  fake.injectFault({ operation: 'CreateUserFromAdmin', fault: { type: 'status', status: 504, applied: true } });
  expect(await rawPost(CREATE, { email: 'a@example.com' })).toMatchObject({ status: 504 });
  expect(fake.getUser('a@example.com')).toBeDefined();
});

test('reset before drops the connection and applies nothing; reset after applies the mutation', async () => {
  fake.injectFault({ operation: 'CreateUserFromAdmin', fault: { type: 'reset', when: 'before' } });
  expect(await rawPost(CREATE, { email: 'b@example.com' })).toBe('reset');
  expect(fake.getUser('b@example.com')).toBeUndefined();
  fake.injectFault({ operation: 'CreateUserFromAdmin', fault: { type: 'reset', when: 'after' } });
  expect(await rawPost(CREATE, { email: 'b@example.com' })).toBe('reset');
  expect(fake.getUser('b@example.com')).toBeDefined();
  expect(fake.requests.map((r) => [r.status, r.fault])).toEqual([
    [0, 'reset before'],
    [0, 'reset after'],
  ]);
});

test('truncate sends a complete response holding half the JSON', async () => {
  fake.injectFault({ operation: 'GetViewer', fault: { type: 'truncate' } });
  const answer = await rawPost(VIEWER);
  if (answer === 'reset') throw new Error('expected an answer');
  expect(answer.status).toBe(200);
  expect(() => JSON.parse(answer.text)).toThrow();
  expect('{"data":{"viewer":{"username":"admin"}}}'.startsWith(answer.text)).toBe(true);
});

test('a body fault sends raw text such as an HTML page', async () => {
  fake.injectFault({ fault: { type: 'body', body: '<html>Bad gateway</html>', status: 502 } });
  expect(await rawPost(VIEWER)).toEqual({ status: 502, text: '<html>Bad gateway</html>', contentType: 'text/html; charset=utf-8' });
});

test('graphqlErrors with and without the real data', async () => {
  fake.injectFault({ operation: 'GetViewer', fault: { type: 'graphqlErrors', errors: [{ message: 'boom', code: 'INTERNAL' }] } });
  expect((await post(fake, fake.adminApiKey, VIEWER)).body).toEqual({ data: null, errors: [{ message: 'boom', extensions: { code: 'INTERNAL' } }] });
  fake.injectFault({
    operation: 'GetViewer',
    fault: { type: 'graphqlErrors', errors: [{ message: 'teams failed', path: ['viewer', 'teams'] }], withData: true },
  });
  expect((await post(fake, fake.adminApiKey, VIEWER)).body).toEqual({
    data: { viewer: { username: 'admin' } },
    errors: [{ message: 'teams failed', path: ['viewer', 'teams'] }],
  });
  fake.injectFault({ operation: 'CreateUserFromAdmin', fault: { type: 'graphqlErrors', errors: [{ message: 'x' }], withData: true } });
  await post(fake, fake.adminApiKey, CREATE, { email: 'c@example.com' });
  expect(fake.getUser('c@example.com')).toBeDefined();
});

test('latency delays the answer', async () => {
  fake.injectFault({ operation: 'GetViewer', fault: { type: 'latency', ms: 120 } });
  const started = performance.now();
  await post(fake, fake.adminApiKey, VIEWER);
  // A lower bound only: the fault must have waited at least its delay.
  expect(performance.now() - started).toBeGreaterThanOrEqual(110);
});

test('clearFaults removes every fault; bad specs are refused', async () => {
  fake.injectFault({ times: Infinity, fault: { type: 'status', status: 500 } });
  fake.clearFaults();
  expect((await post(fake, fake.adminApiKey, VIEWER)).status).toBe(200);
  expect(() => fake.injectFault({ fault: { type: 'status', status: 42 } })).toThrow(RangeError);
  expect(() => fake.injectFault({ times: 0, fault: { type: 'latency', ms: 1 } })).toThrow(RangeError);
  expect(() => fake.injectFault({ fault: { type: 'truncate', fraction: 1 } })).toThrow(RangeError);
});

test('issuedSecrets lists every secret, including deleted keys', async () => {
  const bob = fake.addUser({ email: 'bob@example.com' });
  const spare = fake.addApiKey(bob.id);
  expect(fake.issuedSecrets().sort()).toEqual([fake.adminApiKey, bob.apiKey, spare.secret].sort());
});
