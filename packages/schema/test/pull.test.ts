import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { buildSchema, getIntrospectionQuery, graphql, Kind } from 'graphql';
import { loadDocuments, normalizeSchema, sdkDocuments } from '../src';
import { type CliResult, removeField, runCli, SNAPSHOT_FILE, SNAPSHOT_SDL, sdkDocumentCounts, snapshotWith, tempDir, tempFile } from './helpers';

// Talking to a W&B server: the fake, over real HTTP on 127.0.0.1.

const NORMALIZED_SNAPSHOT = normalizeSchema(buildSchema(SNAPSHOT_SDL));

let fake: FakeWandb;
let closed: FakeWandb;
let refusing: FakeWandb;
let older: FakeWandb;
beforeAll(async () => {
  [fake, closed, refusing, older] = await Promise.all([
    startFakeWandb(),
    startFakeWandb(),
    startFakeWandb({ introspection: false }),
    startFakeWandb({ schema: snapshotWith(removeField('User', 'deletedAt')) }),
  ]);
  await closed.close();
});
afterAll(() => Promise.all([fake.close(), refusing.close(), older.close()]));

function expectNoSecret(result: CliResult, ...secrets: string[]) {
  for (const secret of secrets) expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
}

describe('wandb-schema pull', () => {
  test('--endpoint: introspects with WANDB_API_KEY and prints the normalized schema: the snapshot, sorted', async () => {
    const result = await runCli(['pull', '--endpoint', fake.baseUrl], { env: { WANDB_API_KEY: fake.adminApiKey } });
    expect(result).toEqual({ code: 0, stdout: NORMALIZED_SNAPSHOT, stderr: '' });
    // The request went out like the SDK's: as the key's owner, with W&B's first-party headers.
    expect(fake.requests.at(-1)).toMatchObject({ operationName: 'IntrospectionQuery', identity: 'admin', firstParty: true, status: 200 });
  });

  test('--out with the key from ~/.netrc (via NETRC), and the /graphql endpoint form of the URL', async () => {
    const dir = tempDir();
    const host = new URL(fake.baseUrl).host;
    const netrc = tempFile('netrc', `machine ${host}\n  login user\n  password ${fake.adminApiKey}\n`, dir);
    const out = join(dir, 'wandb.graphql');
    const result = await runCli(['pull', '--endpoint', `${fake.baseUrl}/graphql/`, '--out', out], { env: { NETRC: netrc } });
    expect(result).toEqual({ code: 0, stdout: '', stderr: `wandb-schema: wrote ${out} (621 types) from ${fake.baseUrl}/graphql/\n` });
    expect(readFileSync(out, 'utf8')).toBe(NORMALIZED_SNAPSHOT);
  });

  test('--from: the same normalized text from SDL and from an introspection result; normalizing is idempotent', async () => {
    const introspection = await graphql({ schema: buildSchema(SNAPSHOT_SDL), source: getIntrospectionQuery() });
    const json = tempFile('introspection.json', JSON.stringify(introspection));
    const fromSdl = await runCli(['pull', '--from', SNAPSHOT_FILE]);
    const fromJson = await runCli(['pull', '--from', json]);
    expect(fromSdl).toEqual({ code: 0, stdout: NORMALIZED_SNAPSHOT, stderr: '' });
    expect(fromJson).toEqual(fromSdl);
    const again = await runCli(['pull', '--from', tempFile('normalized.graphql', fromSdl.stdout)]);
    expect(again.stdout).toBe(fromSdl.stdout);
    // Normalizing changes the order and merges `extend type`, not the schema.
    expect(NORMALIZED_SNAPSHOT).not.toContain('extend type');
    expect((await runCli(['diff', SNAPSHOT_FILE, tempFile('n.graphql', NORMALIZED_SNAPSHOT)])).stdout).toMatch(/^No changes between /);
  });

  test('introspection refused: says so, exits 2, and writes nothing', async () => {
    const out = join(tempDir(), 'wandb.graphql');
    const result = await runCli(['pull', '--endpoint', refusing.baseUrl, '--out', out], { env: { WANDB_API_KEY: refusing.adminApiKey } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const said = 'GraphQL introspection has been disabled, but the requested query contained the field "__schema".';
    const [before, after] = result.stderr.split(/ \(and \d+ more errors\)/);
    expect(before).toBe(`wandb-schema: ${refusing.baseUrl}/graphql refuses introspection (the server said: ${said}`);
    expect(after).toBe(
      '). Many W&B deployments disable it. Get the schema another way (e.g. the SDL from your W&B administrator, or pull from a server that allows introspection) ' +
        'and pass the file instead: --from FILE or --against FILE; `wandb-schema check --against URL` checks operations without it, by probing.\n',
    );
    expect(existsSync(out)).toBe(false);
  });

  test("no API key, a wrong one, an unreachable server: exit 2 with the SDK's message in the CLI's terms, and no key in the output", async () => {
    const none = await runCli(['pull', '--endpoint', fake.baseUrl], { env: { NETRC: '/nonexistent/netrc' } });
    expect(none).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `wandb-schema: no W&B API key: none was given, WANDB_API_KEY is not set, and no netrc file (what \`wandb login\` writes) has an entry for ${new URL(fake.baseUrl).host}. ` +
        'Set WANDB_API_KEY, or run `wandb login` (it writes ~/.netrc).\n',
    });
    const wrongKey = 'w'.repeat(40);
    const wrong = await runCli(['pull', '--endpoint', fake.baseUrl], { env: { WANDB_API_KEY: wrongKey } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('wandb-schema: IntrospectionQuery: the server rejected the API key (HTTP 401): invalid API key\n');
    expectNoSecret(wrong, wrongKey);
    const unreachable = await runCli(['pull', '--endpoint', closed.baseUrl], { env: { WANDB_API_KEY: fake.adminApiKey } });
    expect(unreachable).toMatchObject({ code: 2, stderr: `wandb-schema: IntrospectionQuery: request to ${closed.baseUrl}/graphql failed: ECONNREFUSED\n` });
  });

  test('plain http to a remote host is refused before any request unless --allow-insecure-http', async () => {
    const result = await runCli(['pull', '--endpoint', 'http://wandb.example.com'], { env: { WANDB_API_KEY: 'k'.repeat(40) } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refusing to send an API key over plain http to wandb.example.com');
    // In the CLI's terms: its flag, not the SDK's option.
    expect(result.stderr).toContain('--allow-insecure-http');
    expect(result.stderr).not.toContain('allowInsecureHttp');
  });
});

describe('wandb-schema check --against URL', () => {
  test('a server whose schema lacks a field our operations use: exit 1, changes measured from the snapshot', async () => {
    const result = await runCli(['check', '--against', older.baseUrl], { env: { WANDB_API_KEY: older.adminApiKey } });
    expect(result.code).toBe(1);
    const sdk = sdkDocumentCounts();
    expect(result.stdout).toContain(
      `Checked ${sdk.operations} operations in ${sdk.files} files against ${older.baseUrl} (changes measured from the bundled W&B schema snapshot).`,
    );
    expect(result.stdout).toMatch(/fragments\.graphql:\d+:3 {2}User\.deletedAt {2}\(in fragment UserFragment\)/);
    expect(result.stdout).toMatch(/organizations\.graphql:\d+:3 {2}User\.deletedAt {2}\(in fragment OrganizationUserFragment\)/);
    expect(result.stdout).toContain(`BREAKING: 7 of ${sdk.operations} operations break against ${older.baseUrl}\n`);
    expectNoSecret(result, older.adminApiKey);
  });

  test('a server matching the snapshot: exit 0', async () => {
    const result = await runCli(['check', '--against', `${fake.baseUrl}/graphql`], { env: { WANDB_API_KEY: fake.adminApiKey } });
    expect(result.code).toBe(0);
    // Introspection loses SDL spelling (e.g. an explicit default deprecation reason); no change may be reported for it.
    expect(result.stdout).toContain('no schema changes from the bundled W&B schema snapshot to');
  });

  test('introspection refused: the check probes the server instead, says so on stderr, and reports as usual', async () => {
    const result = await runCli(['check', '--against', refusing.baseUrl, '--format', 'github'], { env: { WANDB_API_KEY: refusing.adminApiKey } });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `wandb-schema: ${refusing.baseUrl}/graphql refuses introspection; probing each operation instead (as with --probe): nothing is run on the server\n`,
    );
    const operations = (await loadDocuments(sdkDocuments())).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
    expect(result.stdout).toContain(`no impact: all ${operations} operations are valid against ${refusing.baseUrl}\n`);
  });

  test('--timeout is in seconds, and WANDB_HTTP_TIMEOUT sets it too', async () => {
    // A server that accepts the connection and never answers.
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    try {
      const flag = await runCli(['pull', '--endpoint', url, '--timeout', '0.2'], { env: { WANDB_API_KEY: 'k'.repeat(40) } });
      expect(flag).toMatchObject({ code: 2, stderr: 'wandb-schema: IntrospectionQuery: no response within 200 ms\n' });
      // A child process: commander reads an option's environment variable from process.env.
      const env = await runCli(['pull', '--endpoint', url], { env: { WANDB_API_KEY: 'k'.repeat(40), WANDB_HTTP_TIMEOUT: '0.3' }, subprocess: true });
      expect(env).toMatchObject({ code: 2, stderr: 'wandb-schema: IntrospectionQuery: no response within 300 ms\n' });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
