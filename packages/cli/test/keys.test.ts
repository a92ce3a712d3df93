import { Api } from '@wandb-ts/users';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { EXIT } from '../src';
import { Cli } from './helpers';

let fake: FakeWandb;
beforeAll(async () => {
  fake = await startFakeWandb();
});
afterAll(() => fake.close());

/** A fresh user with keys, and a CLI authenticated as them. */
function person(username: string, descriptions: (string | null)[] = [null], admin = false) {
  const added = fake.addUser({ email: `${username}@example.com`, username, admin, apiKeys: descriptions.map((description) => ({ description })) });
  return { ...added, cli: new Cli(fake, added.apiKey) };
}

/** What a secret-bearing output is compared as, so that a failing assertion never prints a secret. */
const withoutSecret = (body: Record<string, unknown>) => ({
  ...body,
  secret: typeof body.secret === 'string' && body.secret.length >= 40 ? '<secret>' : body.secret,
});

const names = (username: string) => fake.getUser(username)!.apiKeys.map((k) => k.name);

async function authenticatesAs(secret: string): Promise<string | null> {
  try {
    return (await new Api({ baseUrl: fake.baseUrl, apiKey: secret, env: {}, retry: false }).viewer()).username;
  } catch {
    return null;
  }
}

describe('keys list', () => {
  test('names and descriptions, the key in use marked; never a secret', async () => {
    const ann = person('ann', ['laptop', null]);
    const [inUse, other] = fake.getUser('ann')!.apiKeys;
    const { code, stdout, stderr } = await ann.cli.run(['keys', 'list']);
    expect(code).toBe(EXIT.OK);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+DESCRIPTION$/);
    expect(lines[1]).toMatch(new RegExp(`^${inUse!.name}\\s+laptop\\s+\\(in use here\\)$`));
    expect(lines[2]).toMatch(new RegExp(`^${other!.name}\\s+-$`));
    expect(stderr).toContain('ann: 2 API keys');
  });

  test('--json: { user, keys: [{ name, description, inUse }] }', async () => {
    const ben = person('ben', ['ci']);
    const { body } = await ben.cli.json(['keys', 'list']);
    expect(body).toEqual({ user: 'ben', keys: [{ name: names('ben')[0], description: 'ci', inUse: true }] });
  });

  test("--user: another user's keys, as an admin (none in use here); exit 4 for a non-admin", async () => {
    const cat = person('cat', ['phone']);
    const admin = new Cli(fake);
    const { body } = await admin.json(['keys', 'list', '--user', 'cat@example.com']);
    expect(body).toEqual({ user: 'cat', keys: [{ name: names('cat')[0], description: 'phone', inUse: false }] });
    const ben = person('ben2');
    expect((await ben.cli.run(['keys', 'list', '--user', 'cat'])).code).toBe(EXIT.PERMISSION);
    expect(cat.apiKey).toBeDefined();
  });
});

describe('keys create', () => {
  test('prints the secret, alone, on stdout; it works; the listing gains the key with its description', async () => {
    const dan = person('dan');
    const before = names('dan');
    const { code, stdout, stderr } = await dan.cli.run(['keys', 'create', '--description', 'ci runner'], { secretsOnStdout: true });
    expect(code).toBe(EXIT.OK);
    const secret = stdout.trim();
    expect(stdout === `${secret}\n` && secret.length >= 40).toBe(true);
    expect(await authenticatesAs(secret)).toBe('dan');
    const added = fake.getUser('dan')!.apiKeys.filter((k) => !before.includes(k.name));
    expect(added).toEqual([expect.objectContaining({ description: 'ci runner' })]);
    expect(stderr).toContain(`Created API key ${added[0]!.name} for dan`);
    expect(stderr).toMatch(/only time/);
    // Not a terminal: no warning about the screen.
    expect(stderr).not.toMatch(/warning/);
  });

  test('--json: { user, name, description, secret }', async () => {
    const eve = person('eve');
    const { result, body } = await eve.cli.json(['keys', 'create'], { secretsOnStdout: true });
    expect(result.code).toBe(EXIT.OK);
    expect(withoutSecret(body)).toEqual({ user: 'eve', name: expect.any(String), description: null, secret: '<secret>' });
    expect(body.secret.startsWith(body.name)).toBe(true);
    expect(names('eve')).toContain(body.name);
    expect(await authenticatesAs(body.secret)).toBe('eve');
  });

  test('the server refusing without a code: exit 8 with its own words, nothing on stdout', async () => {
    const fay = person('fay');
    fake.injectFault({ operation: 'GenerateApiKey', fault: { type: 'graphqlErrors', errors: [{ message: 'key quota reached' }] } });
    const { code, stdout, stderr } = await fay.cli.run(['keys', 'create']);
    expect(code).toBe(EXIT.SERVER);
    expect(stdout.length).toBe(0);
    expect(stderr).toBe('wandb-users: error: key quota reached\n');
    expect(names('fay')).toHaveLength(1);
  });
});

describe('keys delete', () => {
  test('by listed name; the key stops working', async () => {
    const gus = person('gus', [null, 'old laptop']);
    const spare = fake.addApiKey(gus.id, { description: 'spare' });
    const { code, stdout } = await gus.cli.run(['keys', 'delete', '--yes', spare.name]);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toBe(`deleted ${spare.name} (gus)\n`);
    expect(names('gus')).not.toContain(spare.name);
    expect(await authenticatesAs(spare.secret)).toBeNull();
  });

  test('the key in use is refused (exit 2) unless --force', async () => {
    const hal = person('hal');
    const [inUse] = names('hal');
    const refused = await hal.cli.run(['keys', 'delete', '--yes', inUse!]);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toMatch(/the key this command is using.*lock you out/);
    expect(refused.stderr).toMatch(/keys rotate/);
    expect(names('hal')).toEqual([inUse]);
    const forced = await hal.cli.run(['keys', 'delete', '--yes', inUse!, '--force']);
    expect(forced.code).toBe(EXIT.OK);
    expect(names('hal')).toEqual([]);
  });

  test("a user's last key is refused (exit 2) unless --force", async () => {
    const ivy = person('ivy');
    const [only] = names('ivy');
    const admin = new Cli(fake);
    const refused = await admin.run(['keys', 'delete', '--yes', only!, '--user', 'ivy']);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toBe(
      `wandb-users: error: ${only} is the last API key of ivy: deleting it leaves them no key to use the API with\nPass --force if that is what you want.\n`,
    );
    expect(names('ivy')).toEqual([only]);
    const forced = await admin.run(['keys', 'delete', '--yes', only!, '--user', 'ivy', '--force']);
    expect(forced.code).toBe(EXIT.OK);
    expect(names('ivy')).toEqual([]);
    expect(ivy.apiKey).toBeDefined();
  });

  test('a name that is not listed: exit 5, listing the names there are', async () => {
    const ida = person('ida', [null, null]);
    const { code, stderr } = await ida.cli.run(['keys', 'delete', '--yes', 'nope']);
    expect(code).toBe(EXIT.NOT_FOUND);
    expect(stderr).toMatch(/ida has no API key named "nope"/);
    for (const name of names('ida')) expect(stderr).toContain(name);
  });

  test('passing a secret instead of a name does not echo it', async () => {
    const jon = person('jon');
    const spare = fake.addApiKey(jon.id);
    // Another key's secret: not a listed name.
    const other = await jon.cli.run(['keys', 'delete', '--yes', spare.secret]);
    expect(other.code).toBe(EXIT.NOT_FOUND);
    expect(other.stderr).toContain(`${spare.secret.slice(0, 8)}…`);
    // The secret of the key in use: refused as such.
    const own = await jon.cli.run(['keys', 'delete', '--yes', jon.apiKey]);
    expect(own.code).toBe(EXIT.USAGE);
    expect(own.stderr).toMatch(/the key this command is using/);
    expect(names('jon')).toHaveLength(2);
    // Cli.run fails the test if a secret appeared on stdout or stderr.
  });

  test("an admin deletes another user's key with --user; --json shape", async () => {
    const kim = person('kim', [null, 'tablet']);
    const tablet = names('kim')[1]!;
    const { result, body } = await new Cli(fake).json(['keys', 'delete', '--yes', tablet, '--user', 'kim']);
    expect(result.code).toBe(EXIT.OK);
    expect(body).toEqual({ user: 'kim', deleted: tablet });
    expect(names('kim')).toHaveLength(1);
    expect(kim.apiKey).toBeDefined();
  });
});

describe('keys rotate', () => {
  test('creates a new key, checks it, deletes the old one; prints the new secret on stdout only', async () => {
    const lea = person('lea', ['deploy bot', 'laptop']);
    const [old, laptop] = names('lea');
    const { code, stdout, stderr } = await lea.cli.run(['keys', 'rotate', '--yes'], { secretsOnStdout: true });
    expect(code).toBe(EXIT.OK);
    const secret = stdout.trim();
    expect(stdout === `${secret}\n` && secret.length >= 40).toBe(true);
    expect(await authenticatesAs(secret)).toBe('lea');
    expect(await authenticatesAs(lea.apiKey)).toBeNull();
    const keys = fake.getUser('lea')!.apiKeys;
    expect(keys.map((k) => k.name)).toEqual([laptop, expect.any(String)]);
    // The description carries over.
    expect(keys[1]).toMatchObject({ description: 'deploy bot' });
    expect(secret.startsWith(keys[1]!.name)).toBe(true);
    expect(stderr).toContain(`deleted ${old}`);
    expect(stderr).toMatch(/old key no longer works: replace it in WANDB_API_KEY/);
  });

  test('--json: { user, old, new: { name, description }, secret }; --description sets the new one', async () => {
    const max = person('max');
    const [old] = names('max');
    const { result, body } = await max.cli.json(['keys', 'rotate', '--yes', '--description', 'rotated in CI'], { secretsOnStdout: true });
    expect(result.code).toBe(EXIT.OK);
    expect(withoutSecret(body)).toEqual({ user: 'max', old, new: { name: names('max')[0], description: 'rotated in CI' }, secret: '<secret>' });
    expect(await authenticatesAs(body.secret)).toBe('max');
  });

  test('the delete step fails: the old key is kept and still works, the new one is removed; exit 8', async () => {
    const ned = person('ned', ['prod']);
    const before = names('ned');
    fake.injectFault({ operation: 'DeleteApiKey', times: 1, fault: { type: 'graphqlErrors', errors: [{ message: 'internal error' }] } });
    const { code, stdout, stderr } = await ned.cli.run(['keys', 'rotate', '--yes']);
    expect(code).toBe(EXIT.SERVER);
    expect(stdout.length).toBe(0);
    expect(stderr).toMatch(/rotation failed: could not delete the old key/);
    expect(stderr).toMatch(new RegExp(`Kept the old key ${before[0]}: it still works`));
    expect(stderr).toMatch(/Removed the new key .*, so nothing changed/);
    expect(await authenticatesAs(ned.apiKey)).toBe('ned');
    expect(names('ned')).toEqual(before);
  });

  test('the delete step and the clean-up both fail: both keys stay, and it says which to delete', async () => {
    const ola = person('ola');
    const before = names('ola');
    const fault = fake.injectFault({ operation: 'DeleteApiKey', times: Infinity, fault: { type: 'status', status: 500 } });
    try {
      const { code, stdout, stderr } = await ola.cli.run(['keys', 'rotate', '--yes']);
      expect(code).toBe(EXIT.SERVER);
      expect(stdout.length).toBe(0);
      const after = names('ola');
      expect(after).toHaveLength(2);
      const extra = after.find((n) => !before.includes(n))!;
      expect(stderr).toMatch(/Kept the old key .*: it still works/);
      expect(stderr).toContain(`Could not remove the new key ${extra} either`);
      expect(stderr).toContain(`wandb-users keys delete ${extra}`);
      expect(await authenticatesAs(ola.apiKey)).toBe('ola');
      expect(fault.hits).toBeGreaterThan(1);
    } finally {
      fake.clearFaults();
    }
  });

  test('the new key does not authenticate: the old key is kept, the new one removed; exit 3', async () => {
    const pam = person('pam');
    const before = names('pam');
    // GetViewer: 1st as pam, 2nd reloads the listing after the create, 3rd checks the new key.
    fake.injectFault({ operation: 'GetViewer', skip: 2, fault: { type: 'status', status: 401, body: '{"errors":[{"message":"invalid API key"}]}' } });
    const { code, stdout, stderr } = await pam.cli.run(['keys', 'rotate', '--yes']);
    expect(code).toBe(EXIT.AUTHENTICATION);
    expect(stdout.length).toBe(0);
    expect(stderr).toMatch(/rotation failed: the new key did not work/);
    expect(stderr).toMatch(/Kept the old key .*Removed the new key/s);
    expect(names('pam')).toEqual(before);
    expect(await authenticatesAs(pam.apiKey)).toBe('pam');
  });

  test('when the key in use cannot be told from the listing, --old is required and nothing changes without it', async () => {
    const quinn = person('quinn', ['main']);
    const [real] = fake.getUser('quinn')!.apiKeys;
    // A server whose listing names are not prefixes of the secrets: every GetViewer lists the key as "primary".
    const viewer = fake.getUser('quinn')!;
    const body = JSON.stringify({
      data: {
        viewer: {
          id: viewer.id,
          name: viewer.name,
          username: 'quinn',
          email: viewer.email,
          admin: false,
          flags: null,
          accountType: 'USER',
          entity: 'quinn',
          deletedAt: null,
          apiKeys: { edges: [{ node: { id: real!.id, name: 'primary', description: 'main' } }] },
          teams: { edges: [] },
        },
      },
    });
    fake.injectFault({ operation: 'GetViewer', times: Infinity, fault: { type: 'body', body, contentType: 'application/json' } });
    try {
      const refused = await quinn.cli.run(['keys', 'rotate', '--yes']);
      expect(refused.code).toBe(EXIT.USAGE);
      expect(refused.stderr).toMatch(/cannot tell which listed key is the one in use.*nothing was changed/);
      expect(refused.stderr).toMatch(/--old NAME.*primary/);
      expect(names('quinn')).toEqual([real!.name]);

      const unknown = await quinn.cli.run(['keys', 'rotate', '--yes', '--old', 'secondary']);
      expect(unknown.code).toBe(EXIT.NOT_FOUND);
      expect(names('quinn')).toEqual([real!.name]);

      const rotated = await quinn.cli.run(['keys', 'rotate', '--yes', '--old', 'primary'], { secretsOnStdout: true });
      expect(rotated.code).toBe(EXIT.OK);
      expect(names('quinn')).not.toContain(real!.name);
      expect(names('quinn')).toHaveLength(1);
    } finally {
      fake.clearFaults();
    }
    expect(await authenticatesAs(quinn.apiKey)).toBeNull();
  });
});
