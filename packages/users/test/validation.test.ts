import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { Api, resolveCredentials, type User, ValidationError, wandbHeaders } from '../src';
import { SearchUsersDocument } from '../src/graphql';
import { apiFor } from './helpers';

// Every ValidationError names the option or parameter at fault in `argument`
// (the SDK's name for it), so a CLI can phrase the message with its own flag
// names; the messages say what is wrong without telling the caller which SDK
// option to pass. Nothing is sent.

let fake: FakeWandb;
let api: Api;
let me: User;
let dir: string;
beforeAll(async () => {
  fake = await startFakeWandb();
  api = apiFor(fake);
  me = await api.viewer();
  dir = mkdtempSync(join(tmpdir(), 'wandb-ts-validation-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const SDK_NAMES = /\b(timeoutMs|maxResponseBytes|pageSize|usernameOrEmail|allowInsecureHttp|baseUrl|apiKey|deadlineMs|baseDelayMs)\b/;

async function refusal(action: () => unknown): Promise<ValidationError> {
  const mark = fake.requests.length;
  let error: unknown;
  try {
    await action();
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(ValidationError);
  expect(fake.requests.length).toBe(mark);
  return error as ValidationError;
}

const netrcWithBadKey = () => {
  const path = join(dir, 'netrc');
  writeFileSync(path, `machine ${new URL(fake.baseUrl).host} login user password bad\u0001key`);
  return path;
};

test.each<[string, () => unknown]>([
  ['options', () => new Api(null as never)],
  ['baseUrl', () => new Api({ apiKey: 'k', env: {}, baseUrl: 'ftp://wandb.example' })],
  ['baseUrl', () => new Api({ apiKey: 'k', env: {}, baseUrl: 'http://wandb.example' })],
  ['WANDB_BASE_URL', () => new Api({ apiKey: 'k', env: { WANDB_BASE_URL: 'not a url' } })],
  ['WANDB_BASE_URL', () => resolveCredentials({ apiKey: 'k', env: { WANDB_BASE_URL: 'ftp://example.com' } })],
  ['WANDB_API_KEY', () => resolveCredentials({ baseUrl: 'http://127.0.0.1:9', env: { WANDB_API_KEY: 'a b' } })],
  ['apiKey', () => new Api({ apiKey: 'a key with spaces', env: {}, baseUrl: fake.baseUrl })],
  ['WANDB_API_KEY', () => new Api({ env: { WANDB_API_KEY: 'tab\tkey' }, baseUrl: fake.baseUrl })],
  ['netrc', () => new Api({ env: { NETRC: netrcWithBadKey() }, baseUrl: fake.baseUrl })],
  ['timeoutMs', () => apiFor(fake, fake.adminApiKey, { timeoutMs: 0 })],
  ['maxResponseBytes', () => apiFor(fake, fake.adminApiKey, { maxResponseBytes: -1 })],
  ['fetch', () => apiFor(fake, fake.adminApiKey, { fetch: 'fetch' as never })],
  ['retry.retries', () => apiFor(fake, fake.adminApiKey, { retry: { retries: 1.5 } })],
  ['retry.deadlineMs', () => api.viewer({ retry: { deadlineMs: -1 } })],
  ['timeoutMs', () => api.viewer({ timeoutMs: Number.NaN })],
  ['signal', () => api.viewer({ signal: {} as AbortSignal })],
  ['usernameOrEmail', () => api.user('')],
  ['query', () => api.users(7 as never)],
  ['pageSize', () => api.users('', { pageSize: 0 })],
  ['email', () => api.createUser('not-an-email')],
  ['admin', () => api.createUser('a@example.com', { admin: 'yes' as never })],
  ['variables', () => api.request(SearchUsersDocument, { query: 1n as never })],
  ['description', () => me.generateApiKey(42 as never)],
  ['name', () => me.deleteApiKey('')],
  ['apiKey', () => wandbHeaders('')],
])('%s: names the argument at fault, and no SDK option in its message', async (argument, action) => {
  const error = await refusal(action);
  expect(error.argument).toBe(argument);
  expect(error.message).not.toMatch(SDK_NAMES);
  expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'ValidationError', argument });
});

test('errors with no single setting at fault leave argument undefined', () => {
  expect(new ValidationError('x').argument).toBeUndefined();
});
