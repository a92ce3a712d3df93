import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { execute, type GraphQLSchema, Kind, type OperationDefinitionNode, parse, validate, visit } from 'graphql';
import { loadDocuments, sdkDocuments } from '../src';
import {
  addArgument,
  type CliResult,
  lineOf,
  removeField,
  renameType,
  runCli,
  SDK_DOCUMENTS,
  setArgumentType,
  snapshotSchemaWith,
  snapshotWith,
  tempDir,
  tempFile,
} from './helpers';

// `wandb-schema check` in probe mode, against the fake W&B server over real
// HTTP, and against small stub servers that behave in ways the fake does not.

const FRAGMENTS = join(SDK_DOCUMENTS, 'fragments.graphql');
const USERS = join(SDK_DOCUMENTS, 'users.graphql');
const ORGANIZATIONS = join(SDK_DOCUMENTS, 'organizations.graphql');
const shown = (file: string) => `packages/users/src/graphql/${file.split('/').pop()}`;

const fakes: FakeWandb[] = [];
async function fake(options: Parameters<typeof startFakeWandb>[0] = {}): Promise<FakeWandb> {
  const started = await startFakeWandb(options);
  fakes.push(started);
  return started;
}
afterAll(() => Promise.all(fakes.map((f) => f.close())));

function check(server: { baseUrl: string }, key: string, ...args: string[]): Promise<CliResult> {
  return runCli(['check', '--against', server.baseUrl, ...args], { env: { WANDB_API_KEY: key } });
}

function expectNoSecret(result: CliResult, ...secrets: string[]) {
  for (const secret of secrets) expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
}

interface Place {
  file: string;
  line: number;
  column: number;
  coordinate: string;
  operations: string[];
}

function breakingPlaces(report: { impacts: (Omit<Place, 'operations'> & { severity: string; operations: { name: string }[] })[] }): Place[] {
  return report.impacts
    .filter((i) => i.severity === 'breaking')
    .map((i) => ({ file: i.file, line: i.line, column: i.column, coordinate: i.coordinate, operations: i.operations.map((o) => o.name) }));
}

/** The SDK's operations (the list grows with the SDK): names, and how many files hold them. */
async function sdkOperations(): Promise<{ operations: OperationDefinitionNode[]; files: number }> {
  const documents = await loadDocuments(sdkDocuments());
  const operations = documents.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return { operations, files: documents.files.length };
}

/** The SDK's operations that spread `UserFragment`, in file order: what a change inside that fragment breaks. */
async function operationsUsingUserFragment(): Promise<string[]> {
  const { operations } = await sdkOperations();
  const spreads = (o: OperationDefinitionNode) => {
    let found = false;
    visit(o, {
      FragmentSpread: (node) => {
        if (node.name.value === 'UserFragment') found = true;
      },
    });
    return found;
  };
  return operations.filter(spreads).map((o) => o.name?.value ?? '');
}

describe('every operation of @wandb-ts/users, against the fake with introspection off', () => {
  test('each is verified, none is run: the request log and the server state show nothing executed', async () => {
    const server = await fake({ introspection: false, users: [{ email: 'ann@example.com' }] });
    const before = { users: server.listUsers(), secrets: server.issuedSecrets() };
    const result = await check(server, server.adminApiKey, '--json');
    expect(result.stderr).toContain('refuses introspection; probing each operation instead');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.method).toBe('probe');

    // Whatever operations the SDK has (the list grows): each is compatible, or
    // a mutation without variables, which is never sent.
    const documents = await loadDocuments(sdkDocuments());
    const operations = documents.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations.length).toBeGreaterThanOrEqual(5);
    const unsendable = (o: OperationDefinitionNode) => o.operation !== 'query' && (o.variableDefinitions ?? []).length === 0;
    expect(report.probe.map((p: { name: string; status: string }) => [p.name, p.status])).toEqual(
      operations.map((o) => [o.name?.value, unsendable(o) ? 'not-probed' : 'compatible']),
    );

    // The refused introspection, two calibration requests, the queries, the mutations' calibration, then the
    // mutations (those that can be sent); the server ran none of them.
    const sent = (kind: 'query' | 'mutation') => operations.filter((o) => o.operation === kind && !unsendable(o)).map((o) => o.name?.value);
    expect(server.requests.map((r) => r.operationName)).toEqual([
      'IntrospectionQuery',
      'WandbSchemaProbe',
      'WandbSchemaProbe',
      ...sent('query'),
      'WandbSchemaProbe',
      ...sent('mutation'),
    ]);
    for (const entry of server.requests) expect(entry).toMatchObject({ identity: 'admin', status: 400, executed: false });
    const [, , unknownField, ...probes] = server.requests;
    expect(unknownField?.errors).toEqual(['Cannot query field "wandbSchemaProbeNoSuchField" on type "Query".']);
    for (const entry of probes) {
      expect(entry.errors.length).toBeGreaterThan(0);
      for (const message of entry.errors) expect(message).toMatch(/^Variable "\$\w+" got invalid value /);
    }
    // Nobody created, no key generated or deleted.
    expect(server.listUsers()).toEqual(before.users);
    expect(server.issuedSecrets()).toEqual(before.secrets);
    expectNoSecret(result, server.adminApiKey);
  });
});

describe('drift found and located, with the same verdicts with introspection on and off', () => {
  let userFragmentOperations: string[] = [];
  beforeAll(async () => {
    userFragmentOperations = await operationsUsingUserFragment();
  });
  const cases: [string, Parameters<typeof snapshotWith>, () => Place[]][] = [
    [
      'a removed field, selected in a fragment',
      [removeField('User', 'deletedAt')],
      () => [
        {
          file: shown(FRAGMENTS),
          line: lineOf(FRAGMENTS, '  deletedAt'),
          column: 3,
          coordinate: 'User.deletedAt',
          operations: userFragmentOperations,
        },
        // The organization's members, selected through fragments that spread one another.
        { file: shown(ORGANIZATIONS), line: lineOf(ORGANIZATIONS, '  deletedAt'), column: 3, coordinate: 'User.deletedAt', operations: ['GetOrganization'] },
      ],
    ],
    [
      'an added required argument',
      [addArgument('Query', 'users', 'flavor: String!')],
      () => [{ file: shown(USERS), line: lineOf(USERS, 'users(query:'), column: 3, coordinate: 'Query.users', operations: ['SearchUsers'] }],
    ],
    [
      'a changed argument type',
      [setArgumentType('Query', 'users', 'first', 'String')],
      () => {
        const line = lineOf(USERS, 'users(query:');
        const column = (readFileSync(USERS, 'utf8').split('\n')[line - 1] ?? '').indexOf('$first') + 1;
        return [{ file: shown(USERS), line, column, coordinate: 'Query.users(first:)', operations: ['SearchUsers'] }];
      },
    ],
  ];

  test.each(cases)('%s', async (_, edits, expected) => {
    const sdl = snapshotWith(...edits);
    const [open, closed] = await Promise.all([fake({ schema: sdl }), fake({ schema: sdl, introspection: false })]);
    const [introspected, probedOpen, probedClosed] = await Promise.all([
      check(open, open.adminApiKey, '--json'),
      check(open, open.adminApiKey, '--json', '--probe'),
      check(closed, closed.adminApiKey, '--json'),
    ]);
    for (const result of [introspected, probedOpen, probedClosed]) expect(result.code).toBe(1);
    const [schemaReport, openReport, closedReport] = [introspected, probedOpen, probedClosed].map((r) => JSON.parse(r.stdout));
    expect(openReport.method).toBe('probe');
    expect(closedReport.method).toBe('probe');
    // Found and located at file:line:column, with the operations that send it.
    expect(breakingPlaces(closedReport)).toEqual(expected());
    expect(breakingPlaces(openReport)).toEqual(breakingPlaces(closedReport));
    // The introspection check finds the same places (it may add what only a schema diff shows).
    expect(breakingPlaces(schemaReport)).toEqual(expect.arrayContaining(expected()));
    // And the same verdict per operation.
    const broken = (report: { impacts: { operations: { name: string }[] }[] }) => new Set(report.impacts.flatMap((i) => i.operations.map((o) => o.name)));
    expect(broken(closedReport)).toEqual(broken(schemaReport));
    expect(
      closedReport.probe
        .filter((p: { status: string }) => p.status === 'breaking')
        .map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual([...broken(schemaReport)].sort());
    // Only the introspection query of the introspection check ran.
    for (const server of [open, closed])
      for (const entry of server.requests) expect(entry.executed).toBe(entry.operationName === 'IntrospectionQuery' && entry.status === 200);
  });

  test('human and github formats, as for an introspection check', async () => {
    const closed = await fake({ schema: snapshotWith(removeField('User', 'deletedAt')), introspection: false });
    const { operations, files } = await sdkOperations();
    const broken = await operationsUsingUserFragment();
    const at = (name: string) => `${name} (${shown(USERS)}:${lineOf(USERS, `${operations.find((o) => o.name?.value === name)?.operation} ${name}`)})`;
    const human = await check(closed, closed.adminApiKey);
    const line = lineOf(FRAGMENTS, '  deletedAt');
    const problem = '      Cannot query field "deletedAt" on type "User". Did you mean "createdAt" or "updatedAt"?\n';
    const getOrganization = `GetOrganization (${shown(ORGANIZATIONS)}:${lineOf(ORGANIZATIONS, 'query GetOrganization')})`;
    const breaking = broken.length + 1;
    expect(human.stdout).toBe(
      `Probed ${operations.length} operations in ${files} files against ${closed.baseUrl}, without running them.\n\n` +
        'Breaking for the documents (2):\n' +
        `  ${shown(FRAGMENTS)}:${line}:3  User.deletedAt  (in fragment UserFragment)\n${problem}` +
        `      operations: ${broken.map(at).join(', ')}\n` +
        `  ${shown(ORGANIZATIONS)}:${lineOf(ORGANIZATIONS, '  deletedAt')}:3  User.deletedAt  (in fragment OrganizationUserFragment)\n${problem}` +
        `      operations: ${getOrganization}\n\n` +
        `probe of ${closed.baseUrl}: ${operations.length - breaking} compatible, ${breaking} breaking, 0 inconclusive, 0 not probed (a probe sees what the server refuses, not its schema: schema changes are not listed)\n` +
        `BREAKING: ${breaking} of ${operations.length} operations break against ${closed.baseUrl}\n`,
    );
    const github = await check(closed, closed.adminApiKey, '--format', 'github');
    expect(github.code).toBe(1);
    expect(github.stdout.split('\n')[0]).toBe(
      `::error file=${shown(FRAGMENTS)},line=${line},col=3,title=wandb-schema%3A breaking User.deletedAt::Cannot query field "deletedAt" on type "User". ` +
        `Did you mean "createdAt" or "updatedAt"? Operations: ${broken.map(at).join(', ')}.`,
    );
  });
});

describe("a downstream package's own documents", () => {
  test('a variable whose declared type the server no longer has: drift at the type, and the mutation is not run', async () => {
    const repo = tempDir();
    tempFile('make.graphql', '# Create a user\nmutation Make($input: CreateUserInput!) {\n  createUser(input: $input) {\n    user { id }\n  }\n}\n', repo);
    const server = await fake({ schema: snapshotWith(renameType('CreateUserInput', 'NewUserInput')), introspection: false });
    const before = server.listUsers();
    const result = await runCli(['check', '--documents', '*.graphql', '--against', server.baseUrl, '--json'], {
      cwd: repo,
      env: { WANDB_API_KEY: server.adminApiKey },
    });
    expect(result.code).toBe(1);
    expect(breakingPlaces(JSON.parse(result.stdout))).toEqual([
      { file: 'make.graphql', line: 2, column: 23, coordinate: 'CreateUserInput', operations: ['Make'] },
    ]);
    // The input object got a value that is not an object.
    expect(server.requests.at(-1)).toMatchObject({ operationName: 'Make', variables: { input: 'wandb-schema probe: not a valid value' }, executed: false });
    expect(server.listUsers()).toEqual(before);
  });

  test('a mutation without variables is not sent and is reported as not probed; the rest is verified', async () => {
    const repo = tempDir();
    tempFile('ops.graphql', 'query Me {\n  viewer { username }\n}\n\nmutation Ping {\n  __typename\n}\n', repo);
    const server = await fake({ introspection: false });
    const human = await runCli(['check', '--documents', 'ops.graphql', '--against', server.baseUrl], { cwd: repo, env: { WANDB_API_KEY: server.adminApiKey } });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Not verified (1):\n  ops.graphql:5  Ping  not probed: a mutation without variables cannot be probed without running it\n');
    expect(human.stdout).toContain(`no impact: 1 of 2 operations is valid against ${server.baseUrl}; 1 not probed (see above)\n`);
    const github = await runCli(['check', '--documents', 'ops.graphql', '--against', server.baseUrl, '--format', 'github'], {
      cwd: repo,
      env: { WANDB_API_KEY: server.adminApiKey },
    });
    expect(github.stdout).toContain(
      '::warning file=ops.graphql,line=5,col=1,title=wandb-schema%3A not probed Ping::a mutation without variables cannot be probed without running it\n',
    );
    expect(server.requests.map((r) => r.operationName)).not.toContain('Ping');
    for (const entry of server.requests) expect(entry.executed).toBe(false);

    // Nothing but such mutations: nothing could be verified, so the check fails.
    tempFile('only.graphql', 'mutation Ping {\n  __typename\n}\n', repo);
    const only = await runCli(['check', '--documents', 'only.graphql', '--against', server.baseUrl], { cwd: repo, env: { WANDB_API_KEY: server.adminApiKey } });
    expect(only.code).toBe(2);
    expect(only.stdout).toContain(`INCONCLUSIVE: the one operation could not be probed against ${server.baseUrl}\n`);
  });
});

describe('answers a probe cannot trust', () => {
  test('an answer that is neither a validation nor a variable error stops the probe there: exit 2, nothing more sent', async () => {
    const server = await fake({ introspection: false });
    server.injectFault({ operation: 'SearchUsers', times: Infinity, fault: { type: 'graphqlErrors', errors: [{ message: 'boom \u001b[2J' }] } });
    const result = await check(server, server.adminApiKey);
    expect([result.code, result.stdout]).toEqual([2, '']);
    const { operations } = await sdkOperations();
    const queries = operations.filter((o) => o.operation === 'query').map((o) => o.name?.value);
    const unsent = operations.length - queries.indexOf('SearchUsers') - 1;
    expect(result.stderr).toBe(
      `wandb-schema: ${server.baseUrl}/graphql refuses introspection; probing each operation instead (as with --probe): nothing is run on the server\n` +
        `wandb-schema: ${server.baseUrl}/graphql cannot be probed: SearchUsers (${shown(USERS)}:${lineOf(USERS, 'query SearchUsers')}): ` +
        "the server's answer is neither a validation nor a variable error (HTTP 200): boom \\u001b[2J; " +
        `a server that answers so may run what it is sent, so nothing more was sent (${unsent} operations not probed)\n`,
    );
    // The request log: nothing after SearchUsers, and no mutation at all (queries go first).
    const names = server.requests.map((r) => r.operationName);
    expect(names.at(-1)).toBe('SearchUsers');
    expect(names.slice(3)).toEqual(queries.slice(0, queries.indexOf('SearchUsers') + 1));
    const github = await check(server, server.adminApiKey, '--format', 'github');
    expect(github.stdout).toMatch(/^::error title=wandb-schema check could not run::.*SearchUsers \(packages\/users\/src\/graphql\/users\.graphql:\d+\): /);
  });

  test('a mutation without a GraphQL answer stops the probe: whether it ran cannot be told (exit 2)', async () => {
    const server = await fake({ introspection: false });
    server.injectFault({ operation: 'DeleteApiKey', times: Infinity, fault: { type: 'status', status: 503 } });
    const result = await check(server, server.adminApiKey, '--probe');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /cannot be probed: DeleteApiKey \(packages\/users\/src\/graphql\/api-keys\.graphql:\d+\): no GraphQL answer \(DeleteApiKey: server error \(HTTP 503\)[^)]*\), so whether it ran cannot be told; .* so nothing more was sent \(\d+ operations not probed\)\n$/,
    );
    expect(server.requests.at(-1)?.operationName).toBe('DeleteApiKey');
  });

  test('a key the server refuses: exit 2 with the reason, and the key appears nowhere', async () => {
    const server = await fake({ introspection: false });
    const wrong = 'w'.repeat(40);
    const result = await runCli(['check', '--against', server.baseUrl, '--probe'], { env: { WANDB_API_KEY: wrong } });
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'wandb-schema: WandbSchemaProbe: the server rejected the API key (HTTP 401): invalid API key\n' });
    expectNoSecret(result, wrong, server.adminApiKey);
    const github = await runCli(['check', '--against', server.baseUrl, '--probe', '--format', 'github'], { env: { WANDB_API_KEY: wrong } });
    expect(github.stdout).toBe(
      '::error title=wandb-schema check could not run::WandbSchemaProbe: the server rejected the API key (HTTP 401): invalid API key\n',
    );
  });
});

/** A GraphQL server on 127.0.0.1 that answers as `answer` says, and remembers what it was sent. */
type StubAnswer = { status: number; json: unknown };
async function stub(answer: (body: { query: string; variables: Record<string, unknown> }) => StubAnswer | Promise<StubAnswer>) {
  const received: { operationName: string | undefined; query: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      received.push({ operationName: body.operationName, query: body.query });
      const { status, json } = await answer(body);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** graphql-js over HTTP, answering 200 whatever happens (what the spec recommends for application/json). */
function answerWith200(schema: GraphQLSchema) {
  return async (body: { query: string; variables: Record<string, unknown> }) => {
    const document = parse(body.query);
    const errors = validate(schema, document);
    if (errors.length > 0) return { status: 200, json: { errors } };
    return { status: 200, json: await execute({ schema, document, variableValues: body.variables }) };
  };
}

describe('servers other than the fake', () => {
  test('a server answering 200 to refused documents: the same drift, located the same way', async () => {
    const server = await stub(answerWith200(snapshotSchemaWith(removeField('User', 'deletedAt'))));
    try {
      const result = await check(server, 'k'.repeat(40), '--probe', '--json');
      expect(result.code).toBe(1);
      expect(breakingPlaces(JSON.parse(result.stdout))).toEqual([
        expect.objectContaining({ file: shown(FRAGMENTS), line: lineOf(FRAGMENTS, '  deletedAt'), column: 3, coordinate: 'User.deletedAt' }),
        expect.objectContaining({ file: shown(ORGANIZATIONS), line: lineOf(ORGANIZATIONS, '  deletedAt'), column: 3, coordinate: 'User.deletedAt' }),
      ]);
    } finally {
      await server.close();
    }
  });

  test('a server that runs operations whatever their variables cannot be probed: exit 2, and no operation of ours is sent', async () => {
    const server = await stub(() => ({ status: 200, json: { data: { __typename: 'Query' } } }));
    try {
      const result = await check(server, 'k'.repeat(40), '--probe');
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `wandb-schema: ${server.baseUrl}/graphql cannot be probed: a query whose only variable had a value of the wrong type was not refused at variable coercion: ` +
          'the server ran the operation although its variables could not be coerced (HTTP 200): no errors\n',
      );
      expect(server.received.map((r) => r.operationName)).toEqual(['WandbSchemaProbe']);
    } finally {
      await server.close();
    }
  });

  test('a server that answers the calibration honestly, then runs a probed query: stopped there, and no mutation is ever sent', async () => {
    const honest = answerWith200(snapshotSchemaWith());
    const server = await stub((body) => (body.query.includes('WandbSchemaProbe') ? honest(body) : { status: 200, json: { data: { viewer: null } } }));
    try {
      const result = await check(server, 'k'.repeat(40), '--probe');
      expect([result.code, result.stdout]).toEqual([2, '']);
      const { operations } = await sdkOperations();
      const [first] = operations.filter((o) => o.operation === 'query');
      expect(result.stderr).toMatch(
        new RegExp(
          `cannot be probed: ${first?.name?.value} \\(.*\\): the server ran the operation although its variables could not be coerced \\(HTTP 200\\): no errors; ` +
            'a server that answers so may run what it is sent, so nothing more was sent',
        ),
      );
      expect(server.received.map((r) => r.operationName)).toEqual(['WandbSchemaProbe', 'WandbSchemaProbe', first?.name?.value]);
    } finally {
      await server.close();
    }
  });

  test('a query without a GraphQL answer is inconclusive (exit 2), and the probe goes on: a query that got no answer ran nothing', async () => {
    const honest = answerWith200(snapshotSchemaWith());
    const server = await stub((body) => (/query GetViewer\b/.test(body.query) ? { status: 404, json: {} } : honest(body)));
    try {
      const result = await check(server, 'k'.repeat(40), '--probe', '--json');
      expect(result.code).toBe(2);
      const report = JSON.parse(result.stdout);
      const { operations } = await sdkOperations();
      expect(report.probe.filter((p: { status: string }) => p.status === 'inconclusive')).toEqual([
        expect.objectContaining({ name: 'GetViewer', detail: expect.stringMatching(/^no GraphQL answer: GetViewer: .*HTTP 404/) }),
      ]);
      expect(report.probe.filter((p: { status: string }) => p.status === 'compatible')).toHaveLength(
        operations.filter((o) => o.operation === 'query' || (o.variableDefinitions ?? []).length > 0).length - 1,
      );
    } finally {
      await server.close();
    }
  });

  test('a server that refuses queries as it should but runs mutations: no mutation of the documents is sent', async () => {
    const honest = answerWith200(snapshotSchemaWith());
    const server = await stub((body) =>
      body.query.trimStart().startsWith('mutation') ? { status: 200, json: { data: { __typename: 'Mutation' } } } : honest(body),
    );
    try {
      const result = await check(server, 'k'.repeat(40), '--probe');
      expect([result.code, result.stdout]).toEqual([2, '']);
      expect(result.stderr).toBe(
        `wandb-schema: ${server.baseUrl}/graphql cannot be probed: a mutation that selects only __typename, whose variable had a value of the wrong type, ` +
          'was not refused at variable coercion (the server ran the operation although its variables could not be coerced (HTTP 200): no errors); ' +
          'no mutation of the documents was sent\n',
      );
      const { operations } = await sdkOperations();
      const mutations = new Set(operations.filter((o) => o.operation !== 'query').map((o) => o.name?.value));
      const received = server.received.map((r) => r.operationName);
      expect(received.filter((name) => mutations.has(name))).toEqual([]);
      // The queries were all probed, then the mutations' calibration, the last request.
      expect(received.at(-1)).toBe('WandbSchemaProbe');
      expect(server.received.at(-1)?.query).toMatch(/^mutation WandbSchemaProbe\(\$wandbSchemaProbe: Boolean!\) \{\n {2}__typename @include/);
    } finally {
      await server.close();
    }
  });

  test('a server that refuses an operation at its resolver as W&B does (403 with a path) although its variables could not be coerced: it ran, so the probe stops there, and no mutation is sent', async () => {
    const schema = snapshotSchemaWith();
    const server = await stub(async (body) => {
      const document = parse(body.query);
      const invalid = validate(schema, document);
      if (invalid.length > 0) return { status: 400, json: { errors: invalid } };
      if (body.query.includes('users(')) {
        return {
          status: 403,
          json: { errors: [{ message: 'permission denied', path: ['users'], extensions: { code: 'PERMISSION_ERROR' } }], data: { users: null } },
        };
      }
      const result = await execute({ schema, document, variableValues: body.variables });
      return { status: result.data === undefined ? 400 : 200, json: result };
    });
    try {
      const result = await check(server, 'k'.repeat(40), '--probe');
      expect([result.code, result.stdout]).toEqual([2, '']);
      expect(result.stderr).toMatch(
        /cannot be probed: SearchUsers \(.*\): the server ran the operation although its variables could not be coerced \(HTTP 403\): permission denied; a server that answers so may run what it is sent, so nothing more was sent/,
      );
      const received = server.received.map((r) => r.operationName);
      expect(received.at(-1)).toBe('SearchUsers');
      const { operations } = await sdkOperations();
      const mutations = new Set(operations.filter((o) => o.operation !== 'query').map((o) => o.name?.value));
      expect(received.filter((name) => mutations.has(name))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('a server that coerces variables before validating would hide drift: exit 2, and no operation of ours is sent', async () => {
    const server = await stub((body) => {
      const [name] = Object.keys(body.variables);
      return { status: 400, json: { errors: [{ message: `Variable "$${name}" got invalid value {}; Boolean cannot represent a non boolean value: {}` }] } };
    });
    try {
      const result = await check(server, 'k'.repeat(40), '--probe');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('was not refused as invalid');
      expect(result.stderr).toContain('the server may coerce variables before validating, which would hide every drift');
      expect(server.received.map((r) => r.operationName)).toEqual(['WandbSchemaProbe', 'WandbSchemaProbe']);
    } finally {
      await server.close();
    }
  });
});
