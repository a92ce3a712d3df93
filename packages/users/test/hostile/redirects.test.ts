import { inspect } from 'node:util';
import { Api, RedirectError, User } from '../../src';
import { rejectionOf, sendJson, type StubServer, startStubServer, viewerData } from '../helpers';

// A GraphQL POST is never sent on to where a redirect
// points. Followed, a 307/308 would carry the query, its variables and the
// admin header to another origin, and a 301/302/303 would turn a mutation into
// a GET without a body whose answer could pass for the mutation's.

const KEY = 'k'.repeat(40);
let origin: StubServer;
let elsewhere: StubServer;
beforeEach(async () => {
  // What a followed redirect would reach: a server that answers everything as if all went well.
  elsewhere = await startStubServer((_request, res) =>
    sendJson(res, {
      data: {
        viewer: viewerData(),
        createUser: { user: viewerData({ email: 'new@example.com' }) },
        users: { edges: [], pageInfo: { endCursor: null, hasNextPage: false } },
      },
    }),
  );
});
afterEach(async () => {
  await origin?.close();
  await elsewhere.close();
});

const redirectingTo = (status: number, location: string) =>
  startStubServer((_request, res) => {
    res.writeHead(status, { location, 'content-type': 'text/plain', 'content-length': '5' });
    res.end('moved');
  });

// With Node's own fetch, the SDK asks it to refuse redirects (`redirect: 'error'`, which spares
// it a copy of every request: docs/performance.md), then learns where one pointed from a HEAD
// without credentials or body. Exactly one GraphQL request reaches the server.
function expectOnePostThenProbe(server: StubServer): void {
  expect(server.requests.map((r) => r.method)).toEqual(['POST', 'HEAD']);
  const probe = server.requests[1]!;
  expect(probe.body).toBe('');
  expect(probe.headers.authorization).toBeUndefined();
  expect(probe.headers['use-admin-privileges']).toBeUndefined();
}

const apiFor = (server: StubServer, options: { fetch?: typeof fetch } = {}) =>
  new Api({ apiKey: KEY, baseUrl: server.baseUrl, env: {}, retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 10, deadlineMs: 5000 }, ...options });

test.each([301, 302, 303, 307, 308])('HTTP %i is a RedirectError naming where it pointed; nothing reaches the other origin; not retried', async (status) => {
  origin = await redirectingTo(status, `${elsewhere.baseUrl}/graphql`);
  const error = await rejectionOf(apiFor(origin).viewer());
  expect(error).toBeInstanceOf(RedirectError);
  expect(error).toMatchObject({ status, location: `${elsewhere.baseUrl}/graphql`, operation: 'GetViewer', attempts: 1 });
  expect(error.message).toBe(
    `GetViewer: the server answered with a redirect (HTTP ${status}) to "${elsewhere.baseUrl}/graphql". ` +
      'GraphQL requests are not sent on to another address; if the W&B server has moved, use its new address as the base URL.',
  );
  expectOnePostThenProbe(origin);
  expect(elsewhere.hits).toBe(0);
});

test('with a fetch of its own, the redirect comes back to the SDK as a response: one request, nothing else', async () => {
  origin = await redirectingTo(307, `${elsewhere.baseUrl}/graphql`);
  const own: typeof fetch = (input, init) => fetch(input, init);
  const error = await rejectionOf(apiFor(origin, { fetch: own }).viewer());
  expect(error).toMatchObject({ name: 'RedirectError', status: 307, location: `${elsewhere.baseUrl}/graphql`, attempts: 1 });
  expect(origin.requests.map((r) => r.method)).toEqual(['POST']);
  expect(elsewhere.hits).toBe(0);
});

test("Node's fetch refuses the redirect; when a request without credentials is not redirected, where it pointed stays unknown", async () => {
  origin = await startStubServer((request, res) => {
    if (request.method === 'HEAD') res.writeHead(405, { allow: 'POST' });
    else res.writeHead(308, { location: `${elsewhere.baseUrl}/graphql`, 'content-length': '0' });
    res.end();
  });
  const error = await rejectionOf(apiFor(origin).createUser('new@example.com'));
  expect(error).toBeInstanceOf(RedirectError);
  expect(error).toMatchObject({ status: undefined, location: undefined, operation: 'CreateUserFromAdmin', attempts: 1 });
  expect(error.message).toBe(
    'CreateUserFromAdmin: the server answered with a redirect (HTTP redirect). ' +
      'GraphQL requests are not sent on to another address; if the W&B server has moved, use its new address as the base URL.',
  );
  expectOnePostThenProbe(origin);
  expect(elsewhere.hits).toBe(0);
});

test('a mutation that is redirected is not "created" by whatever answers the redirect', async () => {
  origin = await redirectingTo(302, `${elsewhere.baseUrl}/graphql`);
  const error = await rejectionOf(apiFor(origin).createUser('new@example.com'));
  expect(error).toBeInstanceOf(RedirectError);
  expect(origin.requests.map((r) => r.operationName)).toEqual(['CreateUserFromAdmin', undefined]);
  expectOnePostThenProbe(origin);
  expect(elsewhere.hits).toBe(0);
});

test('generateApiKey and deleteApiKey throw it rather than answering null/false: no retry can cure it', async () => {
  origin = await redirectingTo(307, `${elsewhere.baseUrl}/graphql`);
  const api = apiFor(origin);
  const me = new User(api, viewerData() as never);
  expect(await rejectionOf(me.generateApiKey('x'))).toBeInstanceOf(RedirectError);
  expect(await rejectionOf(me.deleteApiKey('listed-name'))).toBeInstanceOf(RedirectError);
  expect(elsewhere.hits).toBe(0);
});

test("the caller's fetch is asked not to follow redirects, and gets a plain RequestInit", async () => {
  origin = await startStubServer((_request, res) => sendJson(res, { data: { viewer: viewerData() } }));
  const inits: RequestInit[] = [];
  const recording: typeof fetch = (input, init) => {
    inits.push(init!);
    return fetch(input, init);
  };
  await apiFor(origin, { fetch: recording }).viewer();
  expect(inits[0]!.redirect).toBe('manual');
  expect(Object.keys(inits[0]!).sort()).toEqual(['body', 'headers', 'method', 'redirect', 'signal']);
});

test('a Location carrying a key-shaped token is masked in the error', async () => {
  const token = 'T'.repeat(45);
  origin = await redirectingTo(308, `https://login.example.com/sso?token=${token}`);
  const error = await rejectionOf(apiFor(origin).viewer());
  expect((error as RedirectError).location).toBe('https://login.example.com/sso?token=[REDACTED]');
  for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })]) expect(text).not.toContain(token);
});

// What redirect: 'error' gives up: Node's fetch no longer keeps a copy of the request, so it
// cannot re-send it by itself on a new connection after a 421 (Misdirected Request, which
// the server answers without acting on it); the exchange fails as a NetworkError whose
// outcome is unknown. The SDK's own rules then recover, as from any connection failure.
test.each(['viewer', 'createUser'] as const)(
  'a 421 answer does not fail %s: the SDK sends again (a query) or looks the change up first (a mutation)',
  async (method) => {
    let misdirected = false;
    origin = await startStubServer((_request, res) => {
      if (!misdirected) {
        misdirected = true;
        res.writeHead(421, { 'content-length': '0' });
        res.end();
        return;
      }
      const users = { edges: [], pageInfo: { endCursor: null, hasNextPage: false } };
      sendJson(res, { data: { viewer: viewerData(), createUser: { user: viewerData({ email: 'new@example.com' }) }, users } });
    });
    const user = await (method === 'viewer' ? apiFor(origin).viewer() : apiFor(origin).createUser('new@example.com'));
    expect(user.email).toBe(method === 'viewer' ? viewerData().email : 'new@example.com');
    // Node's own re-send after the 421 reaches the server without its body (the body was sent
    // already), so it carries no GraphQL request; the server may see it at any point.
    const names = origin.requests.filter((r) => r.body !== '').map((r) => r.operationName);
    expect(names[0]).toBe(method === 'viewer' ? 'GetViewer' : 'CreateUserFromAdmin');
    expect(names.at(-1)).toBe(names[0]);
    if (method === 'createUser') expect(names).toContain('SearchUsers');
  },
);
