import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { EXIT, run } from '../src';
import { Cli, hasScript, memoryIo, runOnTerminal } from './helpers';

// `users deactivate` and `users reactivate` against the fake W&B server: the
// confirmation (asked on a terminal, --yes otherwise), the account in use
// refused, who may, --json, and the deactivated key refused.

let fake: FakeWandb;
let cli: Cli;
let bob: { id: string; apiKey: string };

beforeEach(async () => {
  fake = await startFakeWandb();
  bob = fake.addUser({ email: 'bob@example.com', username: 'bob', name: 'Bob Stone' });
  cli = new Cli(fake);
});
afterEach(() => fake.close());

const sent = (operation: string) => fake.requests.filter((r) => r.operationName === operation).length;

/** Runs in-process with stdin and stderr standing in for a terminal, `answer` typed at the prompt. */
async function onTerminal(args: string[], answer: string) {
  const { io, stdout, stderr } = memoryIo({ stdin: answer, env: { WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: fake.adminApiKey, NETRC: '/nonexistent' } });
  Object.assign(io.stdin, { isTTY: true });
  Object.assign(io.stderr, { isTTY: true });
  const code = await run(args, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

describe('users deactivate', () => {
  test("--yes: deactivated, the user's key refused from then on; reactivate --yes: it works again", async () => {
    const off = await cli.run(['users', 'deactivate', 'bob', '--yes']);
    expect([off.code, off.stdout]).toEqual([EXIT.OK, 'deactivated bob: their API keys are refused until `wandb-users users reactivate bob`\n']);
    expect(fake.getUser('bob')!.deletedAt).not.toBeNull();
    expect((await cli.run(['whoami'], { env: { WANDB_API_KEY: bob.apiKey } })).code).toBe(EXIT.AUTHENTICATION);

    const { result, body } = await cli.json(['users', 'reactivate', 'bob@example.com', '--yes']);
    expect(result.code).toBe(EXIT.OK);
    expect(body).toMatchObject({ username: 'bob', deletedAt: null });
    expect((await cli.run(['whoami'], { env: { WANDB_API_KEY: bob.apiKey } })).code).toBe(EXIT.OK);
  });

  test('--json: the user, with deletedAt', async () => {
    const { body } = await cli.json(['users', 'deactivate', 'bob', '-y']);
    expect(body).toMatchObject({ id: bob.id, username: 'bob', deletedAt: expect.any(String) });
  });

  test('not on a terminal and no --yes: a usage error, nothing sent', async () => {
    for (const command of ['deactivate', 'reactivate']) {
      if (command === 'reactivate') fake.deleteUser(bob.id);
      fake.clearRequests();
      const { code, stderr } = await cli.run(['users', command, 'bob']);
      expect(code).toBe(EXIT.USAGE);
      expect(stderr).toContain(`users ${command} asks for confirmation, and there is no terminal to ask on`);
      expect(stderr).toContain('Pass --yes');
      expect(sent('DeleteUser') + sent('UndeleteUser')).toBe(0);
    }
  });

  test('on a terminal: asks on stderr; "y" deactivates, anything else does nothing', async () => {
    const no = await onTerminal(['users', 'deactivate', 'bob'], 'n\n');
    expect(no.code).toBe(EXIT.OK);
    expect(no.stderr).toBe(
      'Deactivate bob (bob@example.com)? Their API keys stop working until they are reactivated. [y/N] Not deactivated: nothing was sent.\n',
    );
    expect(no.stdout).toBe('');
    expect(sent('DeleteUser')).toBe(0);
    const eof = await onTerminal(['users', 'deactivate', 'bob'], '');
    expect(eof.stdout).toBe('');
    expect(sent('DeleteUser')).toBe(0);

    const yes = await onTerminal(['users', 'deactivate', 'bob'], 'Yes\n');
    expect(yes.code).toBe(EXIT.OK);
    expect(yes.stdout).toContain('deactivated bob');
    expect(fake.getUser('bob')!.deletedAt).not.toBeNull();
  });

  test('the account whose key is in use is refused (exit 2), even with --yes', async () => {
    const { code, stderr } = await cli.run(['users', 'deactivate', 'admin', '--yes']);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toContain('admin is the account whose API key this command is using: deactivating it would lock you out');
    expect(sent('DeleteUser')).toBe(0);
  });

  test('exact matching: a partial name is never taken for the user (exit 5)', async () => {
    const { code, stderr } = await cli.run(['users', 'deactivate', 'bo', '--yes']);
    expect(code).toBe(EXIT.NOT_FOUND);
    expect(stderr).toContain('Did you mean bob?');
    expect(fake.getUser('bob')!.deletedAt).toBeNull();
  });

  test('someone who is not an instance admin: exit 4', async () => {
    const { code } = await cli.run(['users', 'deactivate', 'admin', '--yes'], { env: { WANDB_API_KEY: bob.apiKey } });
    expect(code).toBe(EXIT.PERMISSION);
  });

  test('a refusal the server does not explain, for an instance admin: exit 8 with its own words', async () => {
    fake.injectFault({ operation: 'DeleteUser', fault: { type: 'graphqlErrors', errors: [{ message: 'cannot deactivate this user' }] } });
    const { code, stderr } = await cli.run(['users', 'deactivate', 'bob', '--yes']);
    expect(code).toBe(EXIT.SERVER);
    expect(stderr).toBe('wandb-users: error: cannot deactivate this user\n');
    expect(fake.getUser('bob')!.deletedAt).toBeNull();
  });

  test('already deactivated: no question, exit 0, says so', async () => {
    fake.deleteUser(bob.id);
    const { code, stdout } = await cli.run(['users', 'deactivate', 'bob']);
    expect([code, stdout]).toEqual([EXIT.OK, 'already deactivated bob: their API keys are refused until `wandb-users users reactivate bob`\n']);
  });
});

(hasScript() ? test : test.skip)(
  'on a real pseudo-terminal: the question is shown and "y" confirms',
  async () => {
    const env = cli.env();
    const result = await runOnTerminal(['users', 'deactivate', 'bob'], env, cli.home, 'y\n');
    expect(result.stdout).toContain('Deactivate bob (bob@example.com)?');
    expect(result.stdout).toContain('deactivated bob');
    expect(fake.getUser('bob')!.deletedAt).not.toBeNull();
  },
  30_000,
);
