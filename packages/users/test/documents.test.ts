import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { getOperationAST, Kind, parse, print, Source } from 'graphql';
import { GraphQLClient } from 'graphql-request';
import { USER_AGENT, ValidationError } from '../src';
import { type DescribedDocument, describeDocument } from '../src/transport/documents';
import * as strings from '../src/generated/operations';
import { shapes } from '../src/generated/shapes';
import * as asts from '../src/graphql';
import { apiFor } from './helpers';

// The SDK sends its own operations as codegen-printed strings (no GraphQL
// printer at run time) and prints ASTs that callers pass, once each. These
// tests pin that both forms say the same thing on the wire.

let fake: FakeWandb;
beforeEach(async () => {
  fake = await startFakeWandb();
});
afterEach(() => fake.close());

const operationNames = Object.keys(strings).filter((name) => name.endsWith('Document'));

/** The operations folder: every .graphql file in it is compiled by codegen.yml's glob. */
const OPERATIONS_DIR = join(__dirname, '..', 'src', 'graphql');

/** Every operation written in the folder, with the file it is in. */
function operationsInFolder(): { file: string; name: string | undefined; kind: string }[] {
  const files = readdirSync(OPERATIONS_DIR, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.graphql'));
  return files.sort().flatMap((file) =>
    // A Source named after the file: a file that does not parse fails here, saying where.
    parse(new Source(readFileSync(join(OPERATIONS_DIR, file), 'utf8'), `src/graphql/${file}`)).definitions.flatMap((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION ? [{ file, name: definition.name?.value, kind: definition.operation }] : [],
    ),
  );
}

// A .graphql file in the folder is all it takes to add an operation; this is
// what fails when one is not sendable (a file the generation left out, an
// unnamed operation, a subscription the HTTP transport cannot carry).
test('every operation in src/graphql can be sent by the SDK: its own document, named, with the shape its answers are checked against', () => {
  const operations = operationsInFolder();
  expect(operations.length).toBeGreaterThanOrEqual(14);
  const unsendable = operations.flatMap(({ file, name, kind }) => {
    if (name === undefined) return [`${file}: an unnamed ${kind}: the SDK sends documents by name`];
    if (kind === 'subscription') return [`${file}: ${name}: a subscription, which the HTTP transport cannot carry`];
    const problems: string[] = [];
    const document: unknown = strings[`${name}Document` as keyof typeof strings];
    // graphql-client.ts knows the SDK's own documents (whose answers it checks) by this class.
    if (!(document instanceof strings.TypedDocumentString)) problems.push(`no ${name}Document string in generated/operations.ts`);
    else {
      const described = describeDocument(document as never) as DescribedDocument;
      if (described.operationName !== name || described.isMutation !== (kind !== 'query'))
        problems.push(`generated/operations.ts's ${name}Document is sent as ${described.operation} (mutation: ${described.isMutation})`);
    }
    if (!shapes.has(name)) problems.push(`no shape for ${name} in generated/shapes.ts`);
    return problems.map((problem) => `${file}: ${problem}`);
  });
  expect(unsendable).toEqual([]);
});

test('there is a string twin for every public AST document', () => {
  expect(operationNames.sort()).toEqual(
    Object.keys(asts)
      .filter((name) => name.endsWith('Document'))
      .sort(),
  );
  expect(operationNames.length).toBeGreaterThanOrEqual(5);
});

test.each(operationNames)('%s: the string form names the same operation, kind and text as the AST', async (name) => {
  const text = String(strings[name as keyof typeof strings]);
  const ast = asts[name as keyof typeof asts] as never;
  const fromString = await describeDocument(strings[name as keyof typeof strings] as never);
  const op = getOperationAST(parse(text));
  expect(fromString.operation).toBe(op?.name?.value);
  expect(fromString.operationName).toBe(op?.name?.value);
  expect(fromString.isMutation).toBe(op?.operation === 'mutation');
  // Same document, two spellings: equal once both are printed from a parse.
  expect(print(parse(text))).toBe(print(ast));
  const fromAst = await describeDocument(ast);
  expect(fromAst).toEqual({ ...fromString, text: print(ast) });
  expect(fromString.text).toBe(text);
});

test('a string that does not start as a query is treated as a mutation (never resent after an ambiguous failure)', async () => {
  expect(await describeDocument('{ viewer { id } }')).toMatchObject({ operation: 'anonymous operation', isMutation: false, operationName: undefined });
  expect(await describeDocument('query { viewer { id } }')).toMatchObject({ isMutation: false, operationName: undefined });
  expect(await describeDocument('mutation M { x }')).toMatchObject({ operation: 'M', isMutation: true });
  expect(await describeDocument('fragment F on User { id } query Q { viewer { ...F } }')).toMatchObject({ operation: 'anonymous operation', isMutation: true });
  expect(await describeDocument('# leading comment\nquery Q { viewer { id } }')).toMatchObject({ isMutation: true });
});

test('an AST with several operations is not known to be a query, so it counts as a mutation', async () => {
  const both = parse('query A { viewer { id } } mutation B { x }');
  expect(await describeDocument(both)).toMatchObject({ operation: 'anonymous operation', isMutation: true });
});

test('on the wire: one JSON body with the query, the variables and the operation name', async () => {
  const bodies: string[] = [];
  const recording: typeof fetch = (input, init) => {
    bodies.push(String(init?.body));
    return fetch(input, init);
  };
  const api = apiFor(fake, fake.adminApiKey, { fetch: recording });
  await api.users('adm');
  await api.request(asts.SearchUsersDocument, { query: 'adm' });
  const [sdk, ast] = bodies.map((b) => JSON.parse(b));
  expect(sdk).toEqual({ query: String(strings.SearchUsersDocument), variables: { query: 'adm', first: 50, after: null }, operationName: 'SearchUsers' });
  expect(ast).toEqual({ query: print(asts.SearchUsersDocument), variables: { query: 'adm' }, operationName: 'SearchUsers' });
  expect(fake.requests.map((r) => [r.operationName, r.status])).toEqual([
    ['SearchUsers', 200],
    ['SearchUsers', 200],
  ]);
});

test('variables JSON cannot carry are a ValidationError, and nothing is sent', async () => {
  const api = apiFor(fake);
  const error = await api.request(asts.SearchUsersDocument, { query: 10n as never }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as Error).message).toMatch(/^SearchUsers: the variables cannot be sent as JSON/);
  expect((error as ValidationError).argument).toBe('variables');
  expect(fake.requests).toHaveLength(0);
});

test('the public AST documents still work with plain graphql-request', async () => {
  const client = new GraphQLClient(`${fake.baseUrl}/graphql`, {
    headers: { authorization: `Basic ${btoa(`api:${fake.adminApiKey}`)}`, 'use-admin-privileges': 'true', 'user-agent': USER_AGENT },
  });
  const data = await client.request(asts.GetViewerDocument);
  expect(data.viewer?.username).toBe('admin');
});
