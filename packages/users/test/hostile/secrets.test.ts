import { inspect } from 'node:util';
import { Api, GraphQLResponseError, NetworkError, ServerError, UnexpectedResponseError, type WandbError } from '../../src';
import { excerpt } from '../../src/errors/redact';
import { rejectionOf, sendJson, type StubServer, startStubServer } from '../helpers';

// No part of an error shows a secret, whatever the server
// echoes or wherever a dependency puts it: the body snippet (redacted before
// it is cut), GraphQL error paths and codes, the cause chain.

const KEY = 'k'.repeat(20) + 'K'.repeat(20);
const HEADER = btoa(`api:${KEY}`);
let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const apiFor = (server: StubServer | string, options: { fetch?: typeof fetch } = {}) =>
  new Api({ apiKey: KEY, baseUrl: typeof server === 'string' ? server : server.baseUrl, env: {}, retry: false, ...options });

/** Every way a person or a log sees an error. */
function renderings(error: WandbError): string[] {
  const out = [String(error), error.message, error.stack ?? '', JSON.stringify(error), inspect(error, { depth: 20, showHidden: true })];
  for (let cause: unknown = error.cause; cause; cause = (cause as { cause?: unknown }).cause) out.push(inspect(cause, { depth: 20, showHidden: true }));
  return out;
}

/** No 12 or more consecutive characters of `secret` anywhere in `texts`. */
function expectNoPieceOf(secret: string, texts: string[]): void {
  const everything = texts.join('\n');
  for (let start = 0; start + 12 <= secret.length; start++) expect(everything).not.toContain(secret.slice(start, start + 12));
}

test.each([150, 170, 185, 195, 199])('a key echoed across the snippet cut (at %i) shows no long piece of it', async (offset) => {
  const unknownKey = 'Z'.repeat(20) + 'q'.repeat(20);
  stub = await startStubServer((_request, res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(`${'.'.repeat(offset)}${unknownKey}${'.'.repeat(300)}`);
  });
  const error = await rejectionOf(apiFor(stub).viewer());
  expect(error).toBeInstanceOf(ServerError);
  expectNoPieceOf(unknownKey, renderings(error as WandbError));
});

test('the key and its Authorization header echoed by a proxy page are masked in the snippet', async () => {
  stub = await startStubServer((request, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<pre>Authorization: ${request.headers.authorization}\nkey=${KEY}</pre>`);
  });
  const error = await rejectionOf(apiFor(stub).viewer());
  expect(error).toBeInstanceOf(UnexpectedResponseError);
  expect((error as UnexpectedResponseError).bodySnippet).toBe('<pre>Authorization: Basic [REDACTED] key=[REDACTED]</pre>');
  for (const secret of [KEY, HEADER]) expectNoPieceOf(secret, renderings(error as WandbError));
});

test('GraphQL error paths, codes and extensions show no secret', async () => {
  const token = 'T'.repeat(44);
  stub = await startStubServer((_request, res) =>
    sendJson(res, {
      data: null,
      errors: [
        { message: `denied ${token}`, path: ['viewer', token, 3], extensions: { code: `CODE_${token}`, token, headers: { authorization: `Basic ${HEADER}` } } },
      ],
    }),
  );
  const error = await rejectionOf(apiFor(stub).viewer());
  expect(error).toBeInstanceOf(GraphQLResponseError);
  expect((error as WandbError).graphQLErrors).toEqual([{ message: 'denied [REDACTED]', path: ['viewer', '[REDACTED]', 3], code: '[REDACTED]' }]);
  for (const secret of [token, HEADER, KEY]) expectNoPieceOf(secret, renderings(error as WandbError));
});

test('the cause chain is a redacted copy: a fetch failure carrying the key in its messages and fields shows none of it', async () => {
  const leaky: typeof fetch = async (_input, init) => {
    const socketError = Object.assign(new Error(`connect ECONNREFUSED while sending ${KEY}`), {
      code: 'ECONNREFUSED',
      headers: init?.headers,
      config: { auth: KEY },
    });
    throw new TypeError(`fetch failed for key ${KEY}`, { cause: new AggregateError([socketError], `all attempts failed (${HEADER})`) });
  };
  const error = await rejectionOf(apiFor('http://127.0.0.1:9', { fetch: leaky }).viewer());
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as NetworkError).code).toBe('ECONNREFUSED');
  // What failed is still there to read: names, messages, codes.
  const cause = error.cause as Error & { cause: Error & { errors: (Error & { code: string })[] } };
  expect(cause).toBeInstanceOf(Error);
  expect(cause.message).toBe('fetch failed for key [REDACTED]');
  expect(cause.cause.errors[0]!.code).toBe('ECONNREFUSED');
  expect(cause.cause.errors[0]!).not.toHaveProperty('headers');
  for (const secret of [KEY, HEADER]) expectNoPieceOf(secret, renderings(error as WandbError));
});

describe('excerpt: redacted before it is cut', () => {
  test('a key cut in two by the limit is masked, not shown up to the cut', () => {
    const key = 'a1'.repeat(20);
    const text = `error: ${key} done`;
    // Cutting before masking would keep 'error: ' plus 33 characters of the key.
    expect(excerpt(text, 40)).toBe('error: [REDACTED] done');
    expect(excerpt(`${'x '.repeat(10)}${key}`, 30)).toBe('x x x x x x x x x x [REDACTED]');
  });

  test('a long key-shaped run left at the cut is masked; short words are kept', () => {
    expect(excerpt(`see ${'b'.repeat(30)} and more text here`, 20)).toBe('see [REDACTED]…');
    expect(excerpt('Service temporarily unavailable, please retry', 31)).toBe('Service temporarily unavailable…');
  });

  test('text that was already cut elsewhere is treated the same', () => {
    expect(excerpt(`head ${'c'.repeat(20)}`, 100, [], true)).toBe('head [REDACTED]…');
  });
});
