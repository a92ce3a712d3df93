import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { thrown } from './helpers';
import { Api, AuthenticationError, DEFAULT_BASE_URL, resolveCredentials, USER_AGENT, ValidationError } from '../src';

let fake: FakeWandb;
let dir: string;
beforeAll(async () => {
  fake = await startFakeWandb();
  dir = mkdtempSync(join(tmpdir(), 'wandb-ts-config-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => fake.clearRequests());

function netrc(text: string): string {
  const path = join(dir, `netrc-${Math.random().toString(36).slice(2)}`);
  writeFileSync(path, text);
  return path;
}

describe('API key', () => {
  test('an explicit apiKey wins over WANDB_API_KEY and netrc', async () => {
    const bob = fake.addUser({ email: 'opt@example.com' });
    const api = new Api({ apiKey: bob.apiKey, baseUrl: fake.baseUrl, env: { WANDB_API_KEY: fake.adminApiKey } });
    expect((await api.viewer()).email).toBe('opt@example.com');
  });

  test('WANDB_API_KEY and WANDB_BASE_URL are the defaults', async () => {
    const api = new Api({ env: { WANDB_API_KEY: fake.adminApiKey, WANDB_BASE_URL: fake.baseUrl } });
    expect(api.baseUrl).toBe(fake.baseUrl);
    expect((await api.viewer()).username).toBe('admin');
  });

  test('then the ~/.netrc entry for the host, as `wandb login` writes it', async () => {
    const host = new URL(fake.baseUrl).host;
    const path = netrc(`machine api.wandb.ai\n  login user\n  password ${'n'.repeat(40)}\nmachine ${host}\n  login user\n  password ${fake.adminApiKey}\n`);
    const api = new Api({ env: { NETRC: path, WANDB_BASE_URL: fake.baseUrl } });
    expect((await api.viewer()).username).toBe('admin');
  });

  test('netrc: host without port, default entry, comments and macdef are understood', async () => {
    const path = netrc(`# comment\nmacdef init\n  cd /tmp\n\ndefault login user password ${fake.adminApiKey}\n`);
    expect((await new Api({ env: { NETRC: path }, baseUrl: fake.baseUrl }).viewer()).username).toBe('admin');
    const byHostname = netrc(`machine 127.0.0.1 login user password ${fake.adminApiKey}`);
    expect((await new Api({ env: { NETRC: byHostname }, baseUrl: fake.baseUrl }).viewer()).username).toBe('admin');
  });

  test('no key anywhere is an AuthenticationError that says where keys come from, before any request', () => {
    const make = () => new Api({ baseUrl: fake.baseUrl, env: { NETRC: join(dir, 'absent') } });
    expect(make).toThrow(AuthenticationError);
    expect(make).toThrow(/WANDB_API_KEY.*wandb login.*127\.0\.0\.1/);
    expect(fake.requests).toHaveLength(0);
  });

  test.each([
    ['with a newline', 'abc\ndef'],
    ['with a space', 'abc def'],
    ['non-ASCII', 'clé'.padEnd(40, 'x')],
  ])('a key %s is refused', (_what, apiKey) => {
    expect(() => new Api({ apiKey, baseUrl: fake.baseUrl, env: {} })).toThrow(ValidationError);
  });
});

describe('resolveCredentials', () => {
  test('finds what new Api() would use, says where the key came from, and sends nothing', () => {
    const host = new URL(fake.baseUrl).host;
    const path = netrc(`machine ${host} login user password ${fake.adminApiKey}`);
    const fromNetrc = resolveCredentials({ env: { NETRC: path, WANDB_BASE_URL: `${fake.baseUrl}/` } });
    expect(fromNetrc).toMatchObject({ baseUrl: fake.baseUrl, apiKeySource: 'netrc' });
    expect(fromNetrc.apiKey).toBe(fake.adminApiKey);
    const fromEnv = resolveCredentials({ baseUrl: fake.baseUrl, env: { NETRC: path, WANDB_API_KEY: ' env-key ' } });
    expect([fromEnv.apiKey, fromEnv.apiKeySource]).toEqual(['env-key', 'WANDB_API_KEY']);
    const fromOption = resolveCredentials({ apiKey: 'opt-key', baseUrl: fake.baseUrl, env: { WANDB_API_KEY: 'env-key' } });
    expect([fromOption.apiKey, fromOption.apiKeySource]).toEqual(['opt-key', 'apiKey']);
    expect(fake.requests).toHaveLength(0);
  });

  test('the key is not enumerable: JSON and util.inspect do not show it', () => {
    const found = resolveCredentials({ apiKey: fake.adminApiKey, baseUrl: fake.baseUrl, env: {} });
    expect(JSON.stringify(found)).not.toContain(fake.adminApiKey);
    expect(inspect(found)).not.toContain(fake.adminApiKey);
  });

  test('throws as the Api constructor does', () => {
    expect(() => resolveCredentials({ baseUrl: fake.baseUrl, env: { NETRC: join(dir, 'absent') } })).toThrow(AuthenticationError);
    expect(() => resolveCredentials({ apiKey: 'k', baseUrl: 'http://wandb.corp.example', env: {} })).toThrow(ValidationError);
  });
});

describe('base URL', () => {
  test('defaults to W&B Cloud', () => {
    expect(DEFAULT_BASE_URL).toBe('https://api.wandb.ai');
    const api = new Api({ apiKey: 'k', env: {} });
    expect(api.graphqlUrl).toBe('https://api.wandb.ai/graphql');
  });

  test('an empty query or fragment does not end up in the endpoint (found by a property test)', () => {
    expect(new Api({ apiKey: 'k', env: {}, baseUrl: 'https://a.example?' }).graphqlUrl).toBe('https://a.example/graphql');
    expect(new Api({ apiKey: 'k', env: {}, baseUrl: 'https://a.example/w#' }).graphqlUrl).toBe('https://a.example/w/graphql');
  });

  test('trailing slashes are dropped and a path prefix is kept', () => {
    expect(new Api({ apiKey: 'k', env: {}, baseUrl: 'https://wandb.corp.example/' }).graphqlUrl).toBe('https://wandb.corp.example/graphql');
    expect(new Api({ apiKey: 'k', env: {}, baseUrl: 'https://corp.example/wandb//' }).graphqlUrl).toBe('https://corp.example/wandb/graphql');
  });

  test.each([
    ['not a URL', 'api.wandb.ai', /not a valid URL/],
    ['another protocol', 'ftp://api.wandb.ai', /http or https/],
    ['credentials in the URL', 'https://user:pw@api.wandb.ai', /must not contain credentials/],
    ['a query string', 'https://api.wandb.ai/?x=1', /query string/],
    ['control characters', 'https://api.wandb.ai/\u0000', /control characters/],
    ['an empty string', '', /non-empty/],
  ])('%s is a ValidationError', (_what, baseUrl, message) => {
    expect(() => new Api({ apiKey: 'k', env: {}, baseUrl })).toThrow(ValidationError);
    expect(() => new Api({ apiKey: 'k', env: {}, baseUrl })).toThrow(message);
  });

  test('plain http to a remote host is refused unless allowInsecureHttp, loopback is fine', () => {
    const refused = thrown<ValidationError>(() => new Api({ apiKey: 'k', env: {}, baseUrl: 'http://wandb.corp.example' }));
    expect(refused).toBeInstanceOf(ValidationError);
    // Says what is refused and why, and which option is at fault, without naming an SDK option in the text.
    expect(refused.message).toMatch(/^refusing to send an API key over plain http to wandb\.corp\.example: anyone on the network could read it/);
    expect(refused.message).not.toMatch(/allowInsecureHttp/);
    expect(refused.argument).toBe('baseUrl');
    const fromEnv = thrown<ValidationError>(() => new Api({ apiKey: 'k', env: { WANDB_BASE_URL: 'http://10.0.0.5:8080' } }));
    expect(fromEnv).toBeInstanceOf(ValidationError);
    expect(fromEnv.argument).toBe('WANDB_BASE_URL');
    expect(new Api({ apiKey: 'k', env: {}, baseUrl: 'http://wandb.corp.example', allowInsecureHttp: true }).graphqlUrl).toBe(
      'http://wandb.corp.example/graphql',
    );
    for (const host of ['localhost:8080', '127.0.0.1', '127.1.2.3', '[::1]:9000']) {
      expect(() => new Api({ apiKey: 'k', env: {}, baseUrl: `http://${host}` })).not.toThrow();
    }
  });

  test('bad timeouts and fetch are ValidationErrors', () => {
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new Api({ apiKey: 'k', env: {}, timeoutMs })).toThrow(ValidationError);
    }
    expect(() => new Api({ apiKey: 'k', env: {}, fetch: 'nope' as never })).toThrow(ValidationError);
  });
});

describe('what goes on the wire', () => {
  test('HTTP Basic api:<key>, admin privileges and a W&B Public Client User-Agent naming this SDK', async () => {
    const seen: Headers[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      seen.push(new Headers(init?.headers));
      return fetch(input, init);
    };
    await new Api({ apiKey: fake.adminApiKey, baseUrl: fake.baseUrl, env: {}, fetch: recordingFetch }).viewer();
    const headers = seen[0]!;
    expect(headers.get('authorization')).toBe(`Basic ${Buffer.from(`api:${fake.adminApiKey}`).toString('base64')}`);
    expect(headers.get('use-admin-privileges')).toBe('true');
    expect(headers.get('user-agent')).toMatch(/^W&B Public Client \(@wandb-ts\/users \d+\.\d+\.\d+\)$/);
    expect(headers.get('user-agent')).toBe(USER_AGENT);
    expect(fake.requests[0]).toMatchObject({ operationName: 'GetViewer', firstParty: true, identity: 'admin' });
  });
});

describe('the key stays out of sight', () => {
  test('util.inspect, String and JSON.stringify of an Api do not show it', () => {
    const api = new Api({ apiKey: fake.adminApiKey, baseUrl: fake.baseUrl, env: {} });
    for (const text of [inspect(api, { showHidden: true, depth: 10 }), JSON.stringify(api), String(api), `${Object.values(api)}`]) {
      expect(text).not.toContain(fake.adminApiKey);
    }
    expect(JSON.parse(JSON.stringify(api))).toEqual({ baseUrl: fake.baseUrl, timeoutMs: 30000, apiKey: '[REDACTED]' });
  });
});
