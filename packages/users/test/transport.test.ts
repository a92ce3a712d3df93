import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import * as graphqlRequest from 'graphql-request';
import { parse } from 'graphql';
import { TimeoutError } from '../src';
import { GetViewerDocument } from '../src/graphql';
import { apiFor } from './helpers';

// graphql-request used through its documented extension points.
// One GraphQLClient per Api, configured once; each exchange passes its own
// signal; the caller's fetch sees a plain RequestInit.

jest.mock('graphql-request', () => {
  const actual = jest.requireActual<typeof graphqlRequest>('graphql-request');
  return { ...actual, GraphQLClient: jest.fn((url: string, config: unknown) => new actual.GraphQLClient(url, config as never)) };
});
const constructed = graphqlRequest.GraphQLClient as unknown as jest.Mock;

const anonymous = parse('{ viewer { id } }');

let fake: FakeWandb;
beforeEach(async () => {
  fake = await startFakeWandb();
  constructed.mockClear();
});
afterEach(() => fake.close());

test('one GraphQLClient per Api, made with the first request and configured once', async () => {
  const api = apiFor(fake, fake.adminApiKey, { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 10, deadlineMs: 5000 } });
  expect(constructed).not.toHaveBeenCalled();
  fake.injectFault({ operation: 'SearchUsers', fault: { type: 'status', status: 503 } });
  await api.viewer();
  await api.users('');
  await api.user('admin');
  expect(fake.requests).toHaveLength(4); // the 503 was retried
  expect(constructed).toHaveBeenCalledTimes(1);
  const [url, config] = constructed.mock.calls[0] as [string, Record<string, unknown>];
  expect(url).toBe(`${fake.baseUrl}/graphql`);
  expect(Object.keys(config).sort()).toEqual(['errorPolicy', 'excludeOperationName', 'fetch', 'headers', 'jsonSerializer']);
  expect(config.errorPolicy).toBe('all');
  // A second Api has its own client.
  await apiFor(fake).viewer();
  expect(constructed).toHaveBeenCalledTimes(2);
});

test("each exchange has its own signal, and the caller's fetch gets a RequestInit with nothing else in it", async () => {
  const inits: RequestInit[] = [];
  const recording: typeof fetch = (input, init) => {
    inits.push(init!);
    return fetch(input, init);
  };
  const api = apiFor(fake, fake.adminApiKey, { fetch: recording, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 10, deadlineMs: 5000 } });
  fake.injectFault({ operation: 'GetViewer', fault: { type: 'status', status: 502 } });
  await api.viewer();
  await api.viewer();
  expect(inits).toHaveLength(3);
  for (const init of inits) {
    expect(Object.keys(init).sort()).toEqual(['body', 'headers', 'method', 'redirect', 'signal']);
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toMatchObject({ operationName: 'GetViewer', variables: {} });
  }
  expect(new Set(inits.map((i) => i.signal)).size).toBe(3);
  expect(inits.every((i) => i.signal?.aborted === false)).toBe(true);
});

test('the per-call timeout aborts the exchange through its signal', async () => {
  let signal: AbortSignal | null | undefined;
  const recording: typeof fetch = (input, init) => {
    signal = init?.signal;
    return fetch(input, init);
  };
  fake.injectFault({ operation: 'GetViewer', fault: { type: 'latency', ms: 1000 } });
  await expect(apiFor(fake, fake.adminApiKey, { fetch: recording, retry: false }).viewer({ timeoutMs: 100 })).rejects.toThrow(TimeoutError);
  expect(signal?.aborted).toBe(true);
});

test('every request names its operation: concurrent ones, the same one twice at once, retries, and documents of the caller', async () => {
  const api = apiFor(fake, fake.adminApiKey, { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 10, deadlineMs: 5000 } });
  fake.injectFault({ operation: 'SearchUsers', fault: { type: 'status', status: 502 } });
  await Promise.all([api.viewer(), api.viewer(), api.users('admin'), api.request(GetViewerDocument, {}), api.request(anonymous, {})]);
  // The caller's AST of GetViewer is named from its AST; an anonymous query goes without a name.
  expect(fake.requests.map((r) => r.operationName ?? 'none').sort()).toEqual(['GetViewer', 'GetViewer', 'GetViewer', 'SearchUsers', 'SearchUsers', 'none']);
  // Afterwards, each alone still names its own.
  await api.users('admin');
  await api.viewer();
  expect(fake.requests.slice(-2).map((r) => r.operationName)).toEqual(['SearchUsers', 'GetViewer']);
});
