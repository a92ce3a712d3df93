import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { EXIT } from '../src';
import { Cli, runInProcess } from './helpers';

// `wandb-users server`, over HTTP against fakes that report different versions.
let current: FakeWandb;
let behind: FakeWandb;
let cloud: FakeWandb;
beforeAll(async () => {
  [current, behind, cloud] = await Promise.all([
    startFakeWandb(),
    // A version a hostile server might send: control characters must reach a terminal escaped.
    startFakeWandb({ serverInfo: { version: '0.68.1\u001b[2J', latestVersion: '0.71.0', cliVersionInfo: { min_cli_version: '0.15.0' } } }),
    startFakeWandb({ deployment: 'cloud' }),
  ]);
});
afterAll(() => Promise.all([current, behind, cloud].map((fake) => fake.close())));

describe('server', () => {
  test('prints the server, its version and the wandb CLI versions it supports, exit 0', async () => {
    const ann = current.addUser({ email: 'ann@example.com' });
    const { code, stdout, stderr } = await new Cli(current, ann.apiKey).run(['server']);
    expect([code, stderr]).toEqual([EXIT.OK, '']);
    expect(stdout.split('\n')).toEqual([`server     ${current.baseUrl}`, 'version    0.70.0 (the newest release)', 'wandb CLI  0.10.0 to 0.23.0', '']);
    expect(current.requests.at(-1)?.operationName).toBe('GetServerInfo');
  });

  test('says when the instance is behind the newest release, escaping what the server sent; ? for a CLI version it did not report', async () => {
    const { code, stdout } = await new Cli(behind).run(['server']);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain('version    0.68.1\\x1b[2J, out of date: 0.71.0 is out\n');
    expect(stdout).toContain('wandb CLI  0.15.0 to ?\n');
    expect(stdout).not.toContain('\u001b');
  });

  test('--json: one document with the exact values, null where the server reports none', async () => {
    const { result, body } = await new Cli(behind).json(['server']);
    expect(result.code).toBe(EXIT.OK);
    expect(body).toEqual({
      server: behind.baseUrl,
      maxCliVersion: null,
      minCliVersion: '0.15.0',
      localVersion: { version: '0.68.1\u001b[2J', latestVersion: '0.71.0', outOfDate: true },
    });
    expect((await new Cli(cloud).json(['server'])).body.localVersion).toBeNull();
  });

  test('W&B cloud: the version is not reported', async () => {
    const { code, stdout } = await new Cli(cloud).run(['server']);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain('version    not reported (W&B cloud)\n');
  });

  test('a key the server rejects: exit 3, as every command', async () => {
    const { code, stderr } = await new Cli(current, 'x'.repeat(40)).run(['server']);
    expect(code).toBe(EXIT.AUTHENTICATION);
    expect(stderr).toMatch(/rejected the API key/);
  });

  test('--help shows usage with examples, exit 0', async () => {
    const { code, stdout } = await runInProcess(['server', '--help']);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toMatch(/^Usage: wandb-users server/);
    expect(stdout).toContain('Examples:\n  wandb-users server\n');
    expect(stdout).toContain('--json');
  });
});
