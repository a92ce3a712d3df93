import { Api, ConflictError, UnexpectedResponseError } from '../../src';
import type { TypedDocument } from '../../src/transport/documents';
import { MAX_IDLE_PAGES, paginate } from '../../src/transport/paginate';
import { rejectionOf, sendJson, type StubServer, startStubServer, viewerData } from '../helpers';

// A server that would keep a paging loop going forever is
// stopped: cursors are compared by value, and pages that claim more while
// bringing nothing new end it after a small bound, with a typed error.

const KEY = 'k'.repeat(40);
let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const apiFor = (server: StubServer) => new Api({ apiKey: KEY, baseUrl: server.baseUrl, env: {}, retry: false });
const user = (n: number) => viewerData({ id: `VXNlcjo${n}`, username: `u${n}`, email: `u${n}@example.com` });
/** A SearchUsers page: the users numbered `ids`, and the given cursor. */
const page = (ids: number[], endCursor: string | null, hasNextPage = true) => ({
  data: { users: { edges: ids.map((n) => ({ node: user(n) })), pageInfo: { endCursor, hasNextPage } }, viewer: { id: 'VXNlcjow' } },
});

test('a repeated cursor stops paging with an UnexpectedResponseError', async () => {
  stub = await startStubServer((_request, res) => sendJson(res, page([stub!.hits], 'same-cursor')));
  const error = await rejectionOf(apiFor(stub).users(''));
  expect(error).toBeInstanceOf(UnexpectedResponseError);
  expect(error.message).toBe('SearchUsers: the server said there are more users but repeated a cursor; stopped paging');
  expect(stub.hits).toBe(2);
});

test('no cursor while claiming more pages stops at once', async () => {
  stub = await startStubServer((_request, res) => sendJson(res, page([1], null)));
  expect((await rejectionOf(apiFor(stub).users(''))).message).toBe('SearchUsers: the server said there are more users but gave no cursor; stopped paging');
  expect(stub.hits).toBe(1);
});

test(`endless empty pages with fresh cursors stop after ${MAX_IDLE_PAGES} in a row`, async () => {
  stub = await startStubServer((_request, res) => sendJson(res, page([], `cursor-${stub!.hits}`)));
  const error = await rejectionOf(apiFor(stub).users(''));
  expect(error.message).toBe(`SearchUsers: the server said there are more users but sent ${MAX_IDLE_PAGES} pages in a row with no new users; stopped paging`);
  expect(stub.hits).toBe(MAX_IDLE_PAGES);
});

test('the same users again and again under fresh cursors stop too', async () => {
  stub = await startStubServer((_request, res) => sendJson(res, page([1, 2], `cursor-${stub!.hits}`)));
  const error = await rejectionOf(apiFor(stub).users(''));
  expect(error).toBeInstanceOf(UnexpectedResponseError);
  expect(stub.hits).toBe(MAX_IDLE_PAGES + 1);
});

test('a few empty pages in between are fine, and paging ends where the server says', async () => {
  const pages = [page([1], 'a'), page([], 'b'), page([], 'c'), page([2], 'd'), page([3], null, false)];
  stub = await startStubServer((_request, res) => sendJson(res, pages[stub!.hits - 1]));
  expect((await apiFor(stub).users('')).map((u) => u.username)).toEqual(['u1', 'u2', 'u3']);
  expect(stub.requests.map((r) => JSON.parse(r.body).variables.after)).toEqual([null, 'a', 'b', 'c', 'd']);
});

test('cursors are compared by value: the same object cursor sent again as a new object is a repeat', async () => {
  // A document of the caller's, not checked against a shape, whose cursor is a JSON scalar.
  const document =
    'query Things($after: JSON) { things(after: $after) { edges { node { id } } pageInfo { endCursor hasNextPage } } }' as unknown as TypedDocument<
      { things: { edges: { node: { id: string } | null }[]; pageInfo: { endCursor: unknown; hasNextPage: boolean } } | null },
      { after?: string | null }
    >;
  stub = await startStubServer((_request, res) =>
    sendJson(res, { data: { things: { edges: [{ node: { id: `t${stub!.hits}` } }], pageInfo: { endCursor: { offset: 10 }, hasNextPage: true } } } }),
  );
  const seen: string[] = [];
  const error = await rejectionOf(
    (async () => {
      for await (const page of paginate(apiFor(stub!), document, { after: null }, (data) => data.things, { what: 'things' }))
        for (const node of page) seen.push(node.id);
    })(),
  );
  expect(error.message).toBe('Things: the server said there are more things but repeated a cursor; stopped paging');
  expect(seen).toEqual(['t1', 't2']);
});

test('exactUser: two accounts with one address in different case, neither as given, is a ConflictError naming both', async () => {
  const twin = (n: number, email: string) => viewerData({ id: `VXNlcjo${n}`, username: `twin${n}`, email });
  stub = await startStubServer((_request, res) =>
    sendJson(res, {
      data: {
        users: { edges: [{ node: twin(1, 'Ann@example.com') }, { node: twin(2, 'ann@Example.com') }], pageInfo: { endCursor: null, hasNextPage: false } },
        viewer: { id: 'VXNlcjow' },
      },
    }),
  );
  const error = await rejectionOf(apiFor(stub).exactUser('ANN@example.com'));
  expect(error).toBeInstanceOf(ConflictError);
  expect(error.message).toBe('SearchUsers: 2 accounts have the address ANN@example.com in different case (twin1, twin2): name one by its username');
  expect((await apiFor(stub).exactUser('ann@Example.com'))?.username).toBe('twin2');
});
