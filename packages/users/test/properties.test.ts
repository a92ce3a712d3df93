import fc from 'fast-check';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { Api, ApiKeyNotFoundError, ConflictError, User, ValidationError } from '../src';
import { apiFor } from './helpers';

// Property-based tests: hostile and random input either gets a clear
// ValidationError before anything is sent, or correct behaviour. About 9,000
// generated cases here, 2,000 more against the fake server in @wandb-ts/testing.

// Thousands of cases each: generous limits, as a busy CI machine can be slow.
jest.setTimeout(180_000);

let fake: FakeWandb;
let api: Api;
let me: User;
beforeAll(async () => {
  fake = await startFakeWandb();
  api = apiFor(fake, fake.adminApiKey, { retry: false });
  me = await api.viewer();
});
afterAll(() => fake.close());

/** Strings built to hurt: control characters, unicode, huge, prototype keys, near-emails, key-shaped runs. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', '{"__proto__":{"admin":true}}', '', ' ', '\u0000', '\r\n', 'a@b', '@', 'a@b.c\n'),
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.constantFrom('@', '@@', ' @'), fc.string({ maxLength: 10 }), fc.constantFrom('.com', '', '..', '.c\u0007'))
    .map((p) => p.join('')),
  fc.integer({ min: 1, max: 3 }).map((n) => 'x'.repeat(n * 400_000)),
  fc.stringMatching(/^[A-Za-z0-9]{40,60}$/),
);
const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.object(), fc.array(fc.string()));

const sentSince = (mark: number) => fake.requests.length - mark;

// Before createUser's property, which leaves some 2,000 users on the server for every search to go through.
test('user(): any lookup is refused before sending, or answers a user or null', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(hostile, notAString), async (lookup) => {
      const mark = fake.requests.length;
      try {
        const found = await api.user(lookup as string);
        expect(found === null || found instanceof User).toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect(sentSince(mark)).toBe(0);
      }
    }),
    { numRuns: 1500 },
  );
});

test('createUser: any string is refused before sending, or creates exactly one user', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(hostile, fc.emailAddress(), notAString), async (email) => {
      const mark = fake.requests.length;
      let outcome: unknown;
      try {
        outcome = await api.createUser(email as string);
      } catch (error) {
        outcome = error;
      }
      if (outcome instanceof ValidationError) {
        expect(sentSince(mark)).toBe(0);
        if (typeof email === 'string' && email.length >= 40) expect(outcome.message).not.toContain(email);
        return;
      }
      // Accepted by the SDK: the server must agree it is an email, and hold it once.
      expect(outcome instanceof User || outcome instanceof ConflictError).toBe(true);
      const address = (email as string).trim().toLowerCase();
      expect(fake.listUsers().filter((u) => u.email?.toLowerCase() === address)).toHaveLength(1);
    }),
    { numRuns: 2500 },
  );
});

test('deleteApiKey: a name not listed is ApiKeyNotFoundError or ValidationError, nothing sent, never echoed whole', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(hostile, notAString), async (name) => {
      fc.pre(!me.apiKeys.includes(name as string));
      const mark = fake.requests.length;
      const error = await me.deleteApiKey(name as string).catch((e: unknown) => e);
      expect(error instanceof ApiKeyNotFoundError || error instanceof ValidationError).toBe(true);
      expect(sentSince(mark)).toBe(0);
      if (typeof name === 'string' && name.length > 24) expect((error as Error).message).not.toContain(name);
    }),
    { numRuns: 2000 },
  );
});

test('generateApiKey: a description is refused before sending, or stored exactly', async () => {
  const owner = fake.addUser({ email: 'prop-keys@example.com' });
  const self = await apiFor(fake, owner.apiKey, { retry: false }).viewer();
  await fc.assert(
    fc.asyncProperty(
      fc.oneof({ weight: 3, arbitrary: hostile }, { weight: 1, arbitrary: notAString }, { weight: 1, arbitrary: fc.constant(undefined) }),
      async (description) => {
        const mark = fake.requests.length;
        let secret: string | null;
        try {
          secret = await self.generateApiKey(description as string);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect(sentSince(mark)).toBe(0);
          return;
        }
        expect(secret).toEqual(expect.any(String));
        const keys = fake.getUser(owner.id)!.apiKeys;
        expect(keys[keys.length - 1]!.description).toBe(description ?? null);
        expect(self.apiKeys).toEqual(keys.map((k) => k.name));
      },
    ),
    { numRuns: 600 },
  );
});

test('base URLs: anything is a ValidationError or a sane https/loopback endpoint, with nothing sent', () => {
  fc.assert(
    fc.property(fc.oneof(hostile, fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.webUrl(), notAString), (baseUrl) => {
      const mark = fake.requests.length;
      try {
        const made = new Api({ apiKey: fake.adminApiKey, baseUrl: baseUrl as string, env: {} });
        const url = new URL(made.graphqlUrl);
        expect(url.pathname.endsWith('/graphql')).toBe(true);
        expect(url.username + url.password + url.search + url.hash).toBe('');
        expect(url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.hostname.endsWith('.localhost')).toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as Error).message).not.toContain(fake.adminApiKey);
      }
      expect(sentSince(mark)).toBe(0);
    }),
    { numRuns: 3000 },
  );
});
