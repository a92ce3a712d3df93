import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, SNAPSHOT_FILE, tempDir, tempFile } from './helpers';

// Whatever is wrong with the input, the command says what and where on
// stderr, prints nothing on stdout, and exits 2: never 0 or 1, which would
// read as a verdict on the schema.

async function failsWith(args: string[], message: string | RegExp, options: { cwd?: string } = {}) {
  const result = await runCli(args, options);
  expect(result).toMatchObject({ code: 2, stdout: '' });
  if (typeof message === 'string') expect(result.stderr).toContain(message);
  else expect(result.stderr).toMatch(message);
  return result;
}

describe('schema files', () => {
  test('missing file', async () => {
    await failsWith(['diff', SNAPSHOT_FILE, '/nonexistent/old.graphql'], 'wandb-schema: cannot read the schema file /nonexistent/old.graphql: no such file\n');
  });

  test('a directory', async () => {
    const dir = tempDir();
    await failsWith(['check', '--against', dir], `cannot read the schema file ${dir}: it is a directory`);
  });

  test('empty file', async () => {
    const empty = tempFile('empty.graphql', '  \n');
    await failsWith(['pull', '--from', empty], `${empty} is empty; expected GraphQL SDL or an introspection result (JSON)`);
  });

  test('SDL syntax error, with file:line:column', async () => {
    const broken = tempFile('broken.graphql', 'type Query {\n  viewer: User\n\ntype User { id: ID! }\n');
    await failsWith(['diff', broken, SNAPSHOT_FILE], `${broken} is not a valid GraphQL schema: ${broken}:4:6: Syntax Error: Expected ":", found Name "User".`);
  });

  test('SDL that parses but is not a valid schema (an unknown type)', async () => {
    const invalid = tempFile('invalid.graphql', 'type Query {\n  viewer: User\n}\n');
    await failsWith(['check', '--against', invalid], `${invalid} is not a valid GraphQL schema:\n  ${invalid}:2:11: Unknown type "User".\n`);
  });

  test('SDL without a query type', async () => {
    const noQuery = tempFile('no-query.graphql', 'type User { id: ID! }\n');
    await failsWith(['pull', '--from', noQuery], `${noQuery} is not a valid GraphQL schema:\n  ${noQuery}: Query root type must be provided.`);
  });

  test('JSON that is not an introspection result, and JSON that does not parse', async () => {
    const other = tempFile('other.json', '{"hello": "world"}');
    await failsWith(['diff', other, SNAPSHOT_FILE], `${other} is JSON but not an introspection result (expected "__schema" or "data.__schema")`);
    const truncated = tempFile('truncated.json', '{"data": {"__schema": ');
    await failsWith(['diff', SNAPSHOT_FILE, truncated], `${truncated} looks like JSON but does not parse:`);
  });

  test('--out into a directory that does not exist', async () => {
    await failsWith(['pull', '--from', SNAPSHOT_FILE, '--out', '/nonexistent/dir/wandb.graphql'], 'cannot write /nonexistent/dir/wandb.graphql: ENOENT');
  });
});

describe('operation documents', () => {
  test('a glob that matches nothing', async () => {
    const repo = tempDir();
    await failsWith(['check', '--documents', 'src/**/*.graphql'], 'no operation documents match "src/**/*.graphql" (in .)', { cwd: repo });
  });

  test('a document with a syntax error, with file:line:column', async () => {
    const repo = tempDir();
    tempFile('broken.graphql', 'query Me {\n  viewer {\n    id\n}\n', repo);
    await failsWith(['check', '--documents', '*.graphql'], 'wandb-schema: broken.graphql:5:1: Syntax Error: Expected Name, found <EOF>.', { cwd: repo });
  });

  test('a schema file among the documents', async () => {
    const repo = tempDir();
    tempFile('ops.graphql', 'query Me { viewer { id } }\n', repo);
    tempFile('schema.graphql', 'type Query { viewer: String }\n', repo);
    await failsWith(['check', '--documents', '*.graphql'], 'schema.graphql:1: a schema definition (ObjectTypeDefinition) among the operation documents', {
      cwd: repo,
    });
  });

  test('the same operation name twice, and a fragment defined nowhere', async () => {
    const repo = tempDir();
    mkdirSync(join(repo, 'a'));
    tempFile('one.graphql', 'query Me { viewer { id } }\n', join(repo, 'a'));
    tempFile('two.graphql', '\nquery Me { viewer { username } }\n', repo);
    await failsWith(['check', '--documents', '**/*.graphql'], 'two.graphql:2: the operation name Me is already used at a/one.graphql:1', { cwd: repo });
    const other = tempDir();
    tempFile('ops.graphql', 'query Me {\n  viewer { ...Missing }\n}\n', other);
    await failsWith(['check', '--documents', 'ops.graphql'], 'ops.graphql:2: the fragment Missing is used but defined in none of the documents', {
      cwd: other,
    });
  });
});

describe('arguments', () => {
  test.each([
    [['frobnicate'], "error: unknown command 'frobnicate'"],
    [['check', '--bogus'], "error: unknown option '--bogus'"],
    [['diff', SNAPSHOT_FILE], "error: missing required argument 'new'"],
    [['check', '--format', 'xml'], "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are human, json, github."],
    [['check', '--json', '--format', 'github'], '--json means --format json; it cannot be combined with --format github'],
    [['pull'], 'pull needs --endpoint URL or --from FILE'],
    [['pull', '--from', SNAPSHOT_FILE, '--endpoint', 'http://127.0.0.1:1'], "error: option '--from <file>' cannot be used with option '--endpoint <url>'"],
    [
      ['pull', '--endpoint', 'http://127.0.0.1:1', '--timeout', 'soon'],
      "error: option '--timeout <seconds>' argument 'soon' is invalid. expected a positive number of seconds.",
    ],
    [
      ['pull', '--endpoint', 'http://127.0.0.1:1', '--timeout', '0'],
      "error: option '--timeout <seconds>' argument '0' is invalid. expected a positive number of seconds.",
    ],
    [['check', '--probe'], '--probe needs --against URL: a probe sends the operations to a W&B server'],
    [['check', '--probe', '--against', SNAPSHOT_FILE], '--probe needs --against URL: a probe sends the operations to a W&B server'],
    [[], 'Usage: wandb-schema [options] [command]'],
  ])('%j', async (args, message) => {
    await failsWith(args, message);
  });

  test('--help and --version exit 0 on stdout', async () => {
    const help = await runCli(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--against <file|url>');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('exit 0: no impact, 1: the documents break, 2: usage or I/O error');
    // Probe mode is explained, and the options every command shares are shown with it.
    expect(help.stdout).toContain('--probe');
    expect(help.stdout).toContain('Probe mode (--probe, and automatically when the server refuses introspection)');
    expect(help.stdout).toMatch(/Global Options:[\s\S]*--timeout <seconds>[\s\S]*\(env: WANDB_HTTP_TIMEOUT\)/);
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });
});
