import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { AbortError, type Api, NetworkError, RateLimitError, ServerError, TimeoutError, ValidationError, WandbError } from '../src';
import { apiFor, closedPort } from './helpers';

// Fast backoff so retries cost milliseconds; Retry-After still applies.
const FAST = { retries: 3, baseDelayMs: 5, maxDelayMs: 2000, deadlineMs: 10_000 };

let fake: FakeWandb;
let api: Api;
beforeEach(async () => {
  fake = await startFakeWandb();
  api = apiFor(fake, fake.adminApiKey, { retry: FAST });
});
afterEach(() => fake.close());

const calls = (operation: string) => fake.requests.filter((r) => r.operationName === operation);

describe('queries are retried', () => {
  test.each([
    ['502', { type: 'status', status: 502 }],
    ['503', { type: 'status', status: 503 }],
    ['504', { type: 'status', status: 504 }],
    ['429', { type: 'status', status: 429 }],
    ['a connection reset', { type: 'reset', when: 'before' }],
  ] as const)('after %s, and succeed', async (_what, fault) => {
    fake.injectFault({ operation: 'GetViewer', times: 2, fault });
    expect((await api.viewer()).username).toBe('admin');
    expect(calls('GetViewer').map((r) => r.status)).toEqual([fault.type === 'reset' ? 0 : fault.status, fault.type === 'reset' ? 0 : fault.status, 200]);
  });

  test('not after 500, 400-class errors or GraphQL errors', async () => {
    fake.injectFault({ operation: 'GetViewer', fault: { type: 'status', status: 500 } });
    await expect(api.viewer()).rejects.toThrow(ServerError);
    fake.injectFault({ operation: 'GetViewer', fault: { type: 'graphqlErrors', errors: [{ message: 'boom' }] } });
    await expect(api.viewer()).rejects.toThrow(WandbError);
    expect(calls('GetViewer')).toHaveLength(2);
  });

  test('at most `retries` times; the error tells how many attempts were made', async () => {
    fake.injectFault({ operation: 'SearchUsers', times: Infinity, fault: { type: 'status', status: 503 } });
    const error = await api.users('').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).attempts).toBe(4);
    expect(calls('SearchUsers')).toHaveLength(4);
  });

  test('Retry-After is honoured (a lower bound on the wait)', async () => {
    fake.injectFault({ operation: 'GetViewer', fault: { type: 'status', status: 429, headers: { 'retry-after': '1' } } });
    const started = Date.now();
    await api.viewer();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  test('a Retry-After longer than maxDelayMs ends the retrying with the RateLimitError', async () => {
    fake.injectFault({ operation: 'GetViewer', fault: { type: 'status', status: 429, headers: { 'retry-after': '3600' } } });
    const error = await api.viewer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(calls('GetViewer')).toHaveLength(1);
  });

  test('the deadline bounds attempts and waits together', async () => {
    fake.injectFault({ operation: 'GetViewer', times: Infinity, fault: { type: 'latency', ms: 400 } });
    const error = await api.viewer({ timeoutMs: 150, retry: { ...FAST, retries: 50, deadlineMs: 700 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).attempts).toBeGreaterThanOrEqual(2);
    expect((error as TimeoutError).attempts).toBeLessThanOrEqual(6);
  });

  test('retry: false sends once, per Api or per call', async () => {
    fake.injectFault({ operation: 'GetViewer', times: Infinity, fault: { type: 'status', status: 503 } });
    await expect(api.viewer({ retry: false })).rejects.toThrow(ServerError);
    await expect(apiFor(fake, fake.adminApiKey, { retry: false }).viewer()).rejects.toThrow(ServerError);
    expect(calls('GetViewer')).toHaveLength(2);
  });

  test('aborting during a backoff wait stops at once', async () => {
    fake.injectFault({ operation: 'GetViewer', fault: { type: 'status', status: 429, headers: { 'retry-after': '1' } } });
    const controller = new AbortController();
    // Abort once the retry loop says it waits (the 429 is in, the 1 s wait begun), however slow the machine.
    let waiting = (): void => undefined;
    const inBackoff = new Promise<void>((resolve) => (waiting = resolve));
    const logged = apiFor(fake, fake.adminApiKey, {
      retry: FAST,
      logger: { debug: (message) => (/; retry 1 of \d+ in/.test(message) ? waiting() : undefined) },
    });
    const pending = logged.viewer({ signal: controller.signal });
    await inBackoff;
    controller.abort();
    await expect(pending).rejects.toThrow(AbortError);
    expect(calls('GetViewer')).toHaveLength(1);
  });

  test('bad retry options are ValidationErrors', async () => {
    expect(() => apiFor(fake, fake.adminApiKey, { retry: { retries: -1 } })).toThrow(ValidationError);
    expect(() => apiFor(fake, fake.adminApiKey, { retry: { baseDelayMs: Number.NaN } })).toThrow(ValidationError);
    await expect(api.viewer({ retry: { retries: 1.5 } })).rejects.toThrow(ValidationError);
  });
});

describe('mutations are resent only when the server provably did nothing', () => {
  test('429 and 503 with Retry-After are retried', async () => {
    fake.injectFault({ operation: 'CreateUserFromAdmin', fault: { type: 'status', status: 429 } });
    fake.injectFault({ operation: 'CreateUserFromAdmin', skip: 1, fault: { type: 'status', status: 503, headers: { 'retry-after': '0' } } });
    expect((await api.createUser('ann@example.com')).email).toBe('ann@example.com');
    expect(calls('CreateUserFromAdmin').map((r) => r.status)).toEqual([429, 503, 200]);
  });

  test('connection refused is retried (nothing was sent) until the deadline', async () => {
    const port = await closedPort();
    const error = await apiFor(fake, fake.adminApiKey, { baseUrl: `http://127.0.0.1:${port}`, retry: FAST })
      .createUser('x@example.com')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe('ECONNREFUSED');
    expect((error as NetworkError).attempts).toBe(4);
  });

  test('a 503 without Retry-After is not retried blindly', async () => {
    fake.injectFault({ operation: 'GenerateApiKey', fault: { type: 'status', status: 503 } });
    const me = await api.viewer();
    expect(await me.generateApiKey()).toBeNull();
    expect(calls('GenerateApiKey')).toHaveLength(1);
    expect(fake.getUser('admin')!.apiKeys).toHaveLength(1);
  });
});

describe('createUser after an ambiguous failure', () => {
  test('the user was created (reset after): returns them, no second create', async () => {
    fake.injectFault({ operation: 'CreateUserFromAdmin', fault: { type: 'reset', when: 'after' } });
    const user = await api.createUser('ann@example.com');
    expect(user.email).toBe('ann@example.com');
    expect(fake.listUsers().filter((u) => u.email === 'ann@example.com')).toHaveLength(1);
    expect(calls('CreateUserFromAdmin')).toHaveLength(1);
  });

  test('the user was not created (reset before): checks, then creates once', async () => {
    fake.injectFault({ operation: 'CreateUserFromAdmin', fault: { type: 'reset', when: 'before' } });
    const user = await api.createUser('bob@example.com');
    expect(fake.getUser('bob@example.com')?.id).toBe(user.id);
    expect(fake.requests.map((r) => r.operationName)).toEqual(['CreateUserFromAdmin', 'SearchUsers', 'CreateUserFromAdmin']);
  });

  test('if the check itself fails, the original error is thrown and nothing is duplicated', async () => {
    fake.injectFault({ operation: 'CreateUserFromAdmin', fault: { type: 'status', status: 502, applied: true } });
    fake.injectFault({ operation: 'SearchUsers', times: Infinity, fault: { type: 'status', status: 500 } });
    const error = await api.createUser('cat@example.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(502);
    expect(fake.listUsers().filter((u) => u.email === 'cat@example.com')).toHaveLength(1);
  });
});

describe('API keys after an ambiguous failure', () => {
  test('generateApiKey returns null, never an unproven key, and the listing shows what the server made', async () => {
    const me = await api.viewer();
    fake.injectFault({ operation: 'GenerateApiKey', fault: { type: 'reset', when: 'after' } });
    expect(await me.generateApiKey('lost')).toBeNull();
    expect(calls('GenerateApiKey')).toHaveLength(1);
    const server = fake.getUser('admin')!.apiKeys;
    expect(server).toHaveLength(2);
    expect(me.apiKeys).toEqual(server.map((k) => k.name));
  });

  test('deleteApiKey answers from the server state: true when the key is gone', async () => {
    const spare = fake.addApiKey(fake.adminUserId);
    const me = await api.viewer();
    fake.injectFault({ operation: 'DeleteApiKey', fault: { type: 'reset', when: 'after' } });
    expect(await me.deleteApiKey(spare.name)).toBe(true);
    expect(me.apiKeys).toEqual(fake.getUser('admin')!.apiKeys.map((k) => k.name));
    expect(me.apiKeys).not.toContain(spare.name);
  });

  test('deleteApiKey deletes again when the key is still there (deleting is idempotent)', async () => {
    const spare = fake.addApiKey(fake.adminUserId);
    const me = await api.viewer();
    fake.injectFault({ operation: 'DeleteApiKey', fault: { type: 'reset', when: 'before' } });
    expect(await me.deleteApiKey(spare.name)).toBe(true);
    expect(calls('DeleteApiKey')).toHaveLength(2);
    expect(fake.getUser('admin')!.apiKeys.map((k) => k.name)).not.toContain(spare.name);
  });

  test('deleteApiKey gives up with false when every attempt is ambiguous, and the key stays listed', async () => {
    const spare = fake.addApiKey(fake.adminUserId);
    const me = await api.viewer();
    fake.injectFault({ operation: 'DeleteApiKey', times: Infinity, fault: { type: 'reset', when: 'before' } });
    expect(await me.deleteApiKey(spare.name)).toBe(false);
    expect(calls('DeleteApiKey')).toHaveLength(3);
    expect(me.apiKeys).toContain(spare.name);
    expect(fake.getUser('admin')!.apiKeys.map((k) => k.name)).toContain(spare.name);
  });
});

test('the debug log shows operations, statuses, timings and retries, and no secret', async () => {
  const lines: string[] = [];
  const logged = apiFor(fake, fake.adminApiKey, { retry: FAST, logger: { debug: (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`) } });
  fake.injectFault({ operation: 'GetViewer', fault: { type: 'status', status: 503 } });
  const me = await logged.viewer();
  const secret = await me.generateApiKey('logged');
  expect(lines.some((l) => /GetViewer failed: ServerError; retry 1 of 3 in \d+ ms/.test(l))).toBe(true);
  expect(lines.some((l) => /GetViewer -> HTTP 200 .*"attempt":2/.test(l))).toBe(true);
  expect(lines.some((l) => l.startsWith('GenerateApiKey -> HTTP 200'))).toBe(true);
  // Each request as it leaves, before its outcome: the 503, its retry, and the reload after the new key.
  expect(lines.filter((l) => l.startsWith(`GetViewer: POST ${fake.baseUrl}/graphql`))).toHaveLength(3);
  for (const line of lines) {
    expect(line).not.toContain(fake.adminApiKey);
    expect(line).not.toContain(secret);
  }
});

test('DEBUG=wandb-ts sends the same lines to stderr', async () => {
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await apiFor(fake, fake.adminApiKey, { env: { DEBUG: 'other,wandb-ts' } }).viewer();
  } finally {
    spy.mockRestore();
  }
  expect(written.join('')).toMatch(/^wandb-ts GetViewer -> HTTP 200 /m);
  expect(written.join('')).not.toContain(fake.adminApiKey);
});
