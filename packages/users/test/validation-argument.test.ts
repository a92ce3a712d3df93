import { Api, resolveCredentials, ValidationError } from '../src';

// ValidationError.argument names the setting at fault, so a tool built on the
// SDK (the CLI) can speak of its own flags. Nothing here is sent anywhere.

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

async function rejected(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

const api = () => new Api({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k'.repeat(40), env: {}, retry: false });

test.each([
  ['a bad baseUrl option', 'baseUrl', { baseUrl: 'not a url', apiKey: 'x', env: {} }],
  ['plain http to a remote host', 'baseUrl', { baseUrl: 'http://wandb.corp.example', apiKey: 'x', env: {} }],
  ['a bad WANDB_BASE_URL', 'WANDB_BASE_URL', { apiKey: 'x', env: { WANDB_BASE_URL: 'ftp://example.com' } }],
  ['a key with spaces, as an option', 'apiKey', { baseUrl: 'http://127.0.0.1:9', apiKey: 'a b', env: {} }],
  ['a key with spaces, in WANDB_API_KEY', 'WANDB_API_KEY', { baseUrl: 'http://127.0.0.1:9', env: { WANDB_API_KEY: 'a b' } }],
])('%s: argument %s', (_what, argument, options) => {
  const error = thrown(() => resolveCredentials(options));
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).argument).toBe(argument);
});

test.each([
  ['createUser: not an email', 'email', () => api().createUser('nope')],
  ['createUser: admin not a boolean', 'admin', () => api().createUser('a@example.com', { admin: 'yes' as unknown as boolean })],
  ['user: empty', 'usernameOrEmail', () => api().user(' ')],
  ['users: control characters', 'query', () => api().users('a\u0007b')],
])('%s: argument %s, before anything is sent', async (_what, argument, call) => {
  const error = await rejected(call());
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).argument).toBe(argument);
});

test('errors with no single setting at fault leave it undefined', () => {
  expect(new ValidationError('x').argument).toBeUndefined();
});
