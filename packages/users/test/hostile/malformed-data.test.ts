import { inspect } from 'node:util';
import { Api, GraphQLResponseError, ServerError, UnexpectedResponseError, User } from '../../src';
import { GetViewerDocument, SearchUsersDocument } from '../../src/generated/operations';
import { rejectionOf, sendJson, type StubRequest, type StubServer, startStubServer, viewerData } from '../helpers';

// Every answer the SDK consumes is checked against the
// shape its operation selects (src/generated/shapes.ts, from the schema), by
// one mechanism; a departure is an UnexpectedResponseError naming the path,
// never a TypeError, a wrong result or a retried NetworkError.

const KEY = 'k'.repeat(40);
let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const RETRY = { retries: 3, baseDelayMs: 1, maxDelayMs: 10, deadlineMs: 5000 };
const apiFor = (server: StubServer) => new Api({ apiKey: KEY, baseUrl: server.baseUrl, env: {}, retry: RETRY });

/** A stub answering each operation with `answers[operationName]` (a body, or a function of the request). */
function answering(answers: Record<string, unknown | ((request: StubRequest) => unknown)>) {
  return startStubServer((request, res) => {
    const answer = answers[request.operationName ?? ''];
    sendJson(res, typeof answer === 'function' ? answer(request) : (answer ?? { errors: [{ message: `no answer for ${request.operationName}` }] }));
  });
}

const page = (edges: unknown, pageInfo: unknown = { endCursor: null, hasNextPage: false }) => ({
  data: { users: { edges, pageInfo }, viewer: { id: 'VXNlcjow' } },
});
const user = (n: number, over: Record<string, unknown> = {}) => viewerData({ id: `VXNlcjo${n}`, username: `u${n}`, email: `u${n}@example.com`, ...over });

test.each([
  ['a list field that is not a list', page({ '0': { node: user(1) } }), 'users.edges', 'an object, expected a list'],
  ['a null edge', page([{ node: user(1) }, null]), 'users.edges[1]', 'null, expected an object'],
  ['missing pageInfo', { data: { users: { edges: [] } } }, 'users.pageInfo', 'missing'],
  [
    'a number for an email',
    page([{ node: user(1) }, { node: user(2) }, { node: user(3) }, { node: user(4, { email: 7 }) }]),
    'users.edges[3].node.email',
    'an integer, expected a string',
  ],
  ['a string for hasNextPage', page([], { endCursor: null, hasNextPage: 'no' }), 'users.pageInfo.hasNextPage', 'a string, expected a boolean'],
  ['a cursor that is an object', page([], { endCursor: { page: 2 }, hasNextPage: true }), 'users.pageInfo.endCursor', 'an object, expected a string'],
  [
    'key listings that are not a list',
    page([{ node: user(1, { apiKeys: { edges: 'none' } }) }]),
    'users.edges[0].node.apiKeys.edges',
    'a string, expected a list',
  ],
])('%s is an UnexpectedResponseError naming the path', async (_what, body, path, problem) => {
  stub = await answering({ SearchUsers: body });
  const error = await rejectionOf(apiFor(stub).users(''));
  expect(error).toBeInstanceOf(UnexpectedResponseError);
  expect(error).toMatchObject({ path, status: 200, operation: 'SearchUsers', attempts: 1 });
  expect(error.message).toBe(`SearchUsers: the response does not have the shape the operation selects: ${path} is ${problem}`);
  expect(stub.hits).toBe(1);
});

test('a null node is allowed where the schema allows it, and skipped', async () => {
  stub = await answering({ SearchUsers: page([{ node: null }, { node: user(2) }]) });
  expect((await apiFor(stub).users('')).map((u) => u.username)).toEqual(['u2']);
});

test.each([
  ['a string', '"oops"'],
  ['a list', '[]'],
  ['a number', '42'],
])('`data` that is %s is an UnexpectedResponseError at path "data", not a retried NetworkError', async (_what, data) => {
  stub = await startStubServer((_request, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"data": ${data}}`);
  });
  const error = await rejectionOf(apiFor(stub).viewer());
  expect(error).toBeInstanceOf(UnexpectedResponseError);
  expect(error).toMatchObject({ path: 'data', status: 200, attempts: 1 });
  expect(error.message).toBe('GetViewer: the response is not a GraphQL result: its "data" is not an object');
  expect(stub.hits).toBe(1);
});

test('`errors` that is not a list is an UnexpectedResponseError at path "errors"', async () => {
  stub = await answering({ GetViewer: { data: null, errors: { message: 'boom' } } });
  const error = await rejectionOf(apiFor(stub).viewer());
  expect(error).toBeInstanceOf(UnexpectedResponseError);
  expect(error).toMatchObject({ path: 'errors' });
});

/** `{"a":{"a":...{"a":1}...}}`, `depth` levels deep, as text (JSON.stringify of it would overflow the stack). */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

test('very deep nesting next to errors is no RangeError: typed errors that can be printed and serialised', async () => {
  const depth = 200_000;
  stub = await startStubServer((request, res) => {
    const status = request.operationName === 'GetViewer' ? 200 : 500;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      `{"data": {"viewer": null, "deep": ${nested(depth)}}, "errors": [{"message": "failed", "path": ["viewer"], "extensions": {"deep": ${nested(depth)}}}]}`,
    );
  });
  const api = apiFor(stub);
  const atOk = await rejectionOf(api.viewer());
  expect(atOk).toBeInstanceOf(GraphQLResponseError);
  expect(atOk.message).toBe('GetViewer: failed');
  // At HTTP 500 graphql-request cannot even build its own error (it JSON-dumps the body); still a ServerError.
  const atServerError = await rejectionOf(api.users('', { retry: false }));
  expect(atServerError).toBeInstanceOf(ServerError);
  for (const error of [atOk, atServerError]) {
    expect(() => JSON.stringify(error)).not.toThrow();
    expect(() => inspect(error, { depth: Infinity })).not.toThrow();
  }
  // The partial data is copied for error.data only so deep.
  expect(JSON.stringify((atOk as GraphQLResponseError).data)).toContain('[nested too deeply]');
});

test('a secret that is not a string is never returned: generateApiKey answers null', async () => {
  stub = await answering({
    GetViewer: { data: { viewer: viewerData() } },
    GenerateApiKey: { data: { generateApiKey: { apiKey: { id: 'QXBpS2V5OjI=', name: { secret: 'object' }, description: null } } } },
  });
  const me = await apiFor(stub).viewer();
  expect(await me.generateApiKey('ci')).toBeNull();
  // The outcome is unknown (a key may exist), so the listing was reloaded for the caller to see it.
  expect(stub.requests.map((r) => r.operationName)).toEqual(['GetViewer', 'GenerateApiKey', 'GetViewer']);
});

test('createUser never takes a user that is not an object as created', async () => {
  stub = await answering({
    CreateUserFromAdmin: { data: { createUser: { user: 'created!' } } },
    SearchUsers: page([]),
  });
  const error = await rejectionOf(apiFor(stub).createUser('new@example.com'));
  expect(error).toBeInstanceOf(UnexpectedResponseError);
  expect(error).toMatchObject({ path: 'createUser.user', operation: 'CreateUserFromAdmin' });
  // Ambiguous each time, so checked and sent again, at most three times; nothing was taken as created.
  expect(stub.requests.map((r) => r.operationName)).toEqual([
    'CreateUserFromAdmin',
    'SearchUsers',
    'CreateUserFromAdmin',
    'SearchUsers',
    'CreateUserFromAdmin',
    'SearchUsers',
  ]);
});

describe('partial data with GraphQL errors', () => {
  test('a null where an error points (or above it, where GraphQL puts it) is accepted', async () => {
    stub = await answering({
      GetViewer: { data: { viewer: viewerData({ name: null }) }, errors: [{ message: 'name failed', path: ['viewer', 'name'] }] },
      SearchUsers: {
        data: { users: { edges: [{ node: user(1) }, null], pageInfo: { endCursor: null, hasNextPage: false } }, viewer: { id: 'VXNlcjow' } },
        errors: [{ message: 'id failed', path: ['users', 'edges', 1, 'node', 'id'] }],
      },
    });
    const api = apiFor(stub);
    const viewer = await api.execute(GetViewerDocument, {});
    expect(viewer.data?.viewer?.name).toBeNull();
    expect(viewer.errors).toEqual([{ message: 'name failed', path: ['viewer', 'name'] }]);
    const users = await api.execute(SearchUsersDocument, {});
    expect(users.data?.users?.edges[1]).toBeNull();
    // request() throws the GraphQL errors, with the partial data on the error.
    expect(await rejectionOf(api.viewer())).toBeInstanceOf(GraphQLResponseError);
  });

  test('a null where no error points is still a departure', async () => {
    stub = await answering({
      GetViewer: { data: { viewer: viewerData({ name: null, id: null }) }, errors: [{ message: 'name failed', path: ['viewer', 'name'] }] },
    });
    const error = await rejectionOf(apiFor(stub).execute(GetViewerDocument, {}));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ path: 'viewer.id', graphQLErrors: [{ message: 'name failed', path: ['viewer', 'name'] }] });
  });
});

test("documents that are not the SDK's own are returned as the server sent them, even under an SDK operation's name", async () => {
  stub = await answering({ Other: { data: { anything: [1, 'two'] } }, GetViewer: { data: { viewer: { id: 7 } } } });
  const api = apiFor(stub);
  expect(await api.request('query Other { anything }' as never, {})).toEqual({ anything: [1, 'two'] });
  // A caller's own GetViewer, selecting other fields: not checked against the SDK's GetViewer.
  expect(await api.request('query GetViewer { viewer { id } }' as never, {})).toEqual({ viewer: { id: 7 } });
  // The SDK's own GetViewer is.
  expect(await rejectionOf(api.viewer())).toBeInstanceOf(UnexpectedResponseError);
});

test('a User built from checked data has the types it promises', async () => {
  stub = await answering({ GetViewer: { data: { viewer: viewerData() } } });
  const me = await apiFor(stub).viewer();
  expect(me).toBeInstanceOf(User);
  expect(me.apiKeys).toEqual(['listed-name']);
});
