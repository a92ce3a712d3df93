import { inspect } from 'node:util';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import {
  AbortError,
  Api,
  AuthenticationError,
  GraphQLResponseError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  WandbError,
} from '../src';
import { GetViewerDocument } from '../src/graphql';
import { apiFor, closedPort, type RawServer, startRawServer, until } from './helpers';

let fake: FakeWandb;
beforeAll(async () => {
  fake = await startFakeWandb();
});
afterAll(() => fake.close());

const KEY = 'k'.repeat(40);
/** A complete GetViewer answer, as the operation selects it. */
const VIEWER = {
  id: 'VXNlcjox',
  name: 'A',
  username: 'a',
  email: 'a@example.com',
  admin: false,
  flags: null,
  entity: 'a',
  deletedAt: null,
  accountType: 'USER',
  apiKeys: { edges: [] },
  teams: { edges: [] },
};
let raw: RawServer | undefined;
afterEach(async () => {
  await raw?.close();
  raw = undefined;
});

// Retrying is tested in reliability.test.ts; here each failure is seen once.
function rawApi(server: RawServer, options: { timeoutMs?: number } = {}) {
  return new Api({ apiKey: KEY, baseUrl: server.baseUrl, env: {}, retry: false, ...options });
}

async function failure(promise: Promise<unknown>): Promise<WandbError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WandbError);
  const typed = error as WandbError;
  // Whatever failed, the key is nowhere in what a person or a log would see.
  for (const text of [typed.message, JSON.stringify(typed), inspect(typed, { depth: 10, showHidden: true })]) expect(text).not.toContain(KEY);
  return typed;
}

test('a wrong key is an AuthenticationError with status 401', async () => {
  const error = await failure(new Api({ apiKey: 'w'.repeat(40), baseUrl: fake.baseUrl, env: {} }).viewer());
  expect(error).toBeInstanceOf(AuthenticationError);
  expect(error).toMatchObject({ status: 401, operation: 'GetViewer', url: `${fake.baseUrl}/graphql` });
});

test('"relogin required" (first-party headers stripped on the way) is an AuthenticationError', async () => {
  const stripping: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.delete('use-admin-privileges');
    return fetch(input, { ...init, headers });
  };
  const error = await failure(apiFor(fake, fake.adminApiKey, { fetch: stripping }).users(''));
  expect(error).toBeInstanceOf(AuthenticationError);
  expect(error.message).toContain('relogin required');
  expect(error.graphQLErrors[0]).toMatchObject({ code: 'RELOGIN_REQUIRED', path: ['users'] });
});

test('an unreachable server is a NetworkError naming the URL', async () => {
  const port = await closedPort();
  const error = await failure(new Api({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}`, env: {}, retry: false }).viewer());
  expect(error).toBeInstanceOf(NetworkError);
  expect(error.message).toContain(`http://127.0.0.1:${port}/graphql`);
  expect(error.message).toMatch(/failed: ECONNREFUSED$/);
});

test('no answer within timeoutMs is a TimeoutError; the per-call limit overrides the Api one', async () => {
  raw = await startRawServer(() => {
    /* never answers */
  });
  const slowApi = rawApi(raw, { timeoutMs: 60_000 });
  const error = await failure(slowApi.viewer({ timeoutMs: 150 }));
  expect(error).toBeInstanceOf(TimeoutError);
  expect((error as TimeoutError).timeoutMs).toBe(150);
  expect(error.message).toContain('150 ms');
  expect(await failure(rawApi(raw, { timeoutMs: 100 }).viewer())).toBeInstanceOf(TimeoutError);
});

test("the caller's AbortSignal aborts with AbortError, before or during the request", async () => {
  const server = await startRawServer(() => {});
  raw = server;
  const controller = new AbortController();
  const pending = rawApi(server).viewer({ signal: controller.signal });
  // During: once the server has the request (it never answers).
  await until(() => server.hits > 0);
  controller.abort();
  expect(await failure(pending)).toBeInstanceOf(AbortError);
  const hitsBefore = raw.hits;
  expect(await failure(rawApi(raw).viewer({ signal: AbortSignal.abort() }))).toBeInstanceOf(AbortError);
  expect(raw.hits).toBe(hitsBefore);
});

describe('responses that are not GraphQL', () => {
  test.each([
    ['an HTML page with 200', 200, 'text/html', '<html><body>Maintenance</body></html>', UnexpectedResponseError, /text\/html.*Maintenance/],
    ['an empty body', 200, 'application/json', '', UnexpectedResponseError, /empty body/],
    ['truncated JSON', 200, 'application/json', '{"data": {"viewer": {"id": "VXN', UnexpectedResponseError, /application\/json.*VXN/],
    ['JSON that is not a GraphQL result', 200, 'application/json', '{"hello": "world"}', UnexpectedResponseError, /hello/],
    ['a proxy 502 page', 502, 'text/html', '<html>Bad Gateway</html>', ServerError, /HTTP 502.*Bad Gateway/],
    ['a 404 (wrong base URL)', 404, 'text/plain', 'not here', NotFoundError, /no GraphQL endpoint.*check the base URL/],
  ])('%s becomes a typed error that says what came back', async (_what, status, type, body, ErrorClass, message) => {
    raw = await startRawServer((_req, res) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
    const error = await failure(rawApi(raw).viewer());
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.message).toMatch(message);
    expect(error.status).toBe(status);
  });

  test('secrets echoed in a body are masked in the error', async () => {
    raw = await startRawServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`crash while handling key ${KEY} and ${'z'.repeat(45)}`);
    });
    const error = await failure(rawApi(raw).viewer());
    expect(error.message).toContain('[REDACTED]');
    expect(error.message).not.toContain('z'.repeat(45));
  });
});

test('429 is a RateLimitError carrying Retry-After', async () => {
  raw = await startRawServer((_req, res) => {
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
    res.end('{"errors":[{"message":"slow down"}]}');
  });
  const error = await failure(rawApi(raw).viewer());
  expect(error).toBeInstanceOf(RateLimitError);
  expect((error as RateLimitError).retryAfterMs).toBe(7000);
  expect(error.message).toContain('slow down');
});

test('errors with partial data surface both', async () => {
  // As GraphQL answers a failed field: null where the error's path points.
  const viewer = { ...VIEWER, teams: null };
  raw = await startRawServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: { viewer }, errors: [{ message: 'teams resolver exploded', path: ['viewer', 'teams'] }] }));
  });
  const api = rawApi(raw);
  const error = await failure(api.viewer());
  expect(error).toBeInstanceOf(GraphQLResponseError);
  expect(error.data).toEqual({ viewer });
  expect(error.graphQLErrors).toEqual([{ message: 'teams resolver exploded', path: ['viewer', 'teams'] }]);
  const result = await api.execute(GetViewerDocument, {});
  expect(result.data?.viewer?.id).toBe('VXNlcjox');
  expect(result.errors).toHaveLength(1);
});

test('errors say which class they are and serialise without a cause chain', async () => {
  const error = await failure(new Api({ apiKey: 'w'.repeat(40), baseUrl: fake.baseUrl, env: {} }).viewer());
  expect(error.name).toBe('AuthenticationError');
  expect(Object.keys(JSON.parse(JSON.stringify(error))).sort()).toEqual(['attempts', 'graphQLErrors', 'message', 'name', 'operation', 'status', 'url']);
});
