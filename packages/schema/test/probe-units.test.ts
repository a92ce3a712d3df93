import { buildSchema, Kind, type OperationDefinitionNode, parse, Source } from 'graphql';
import { classifyError, judge, type ProbeError } from '../src/probe-answer';
import { planProbe, type ProbeRequest } from '../src/probe-request';
import { ProbeText } from '../src/probe-text';
import { NOT_A_SCALAR, NOT_AN_OBJECT } from '../src/probe-values';
import { printable, serverMessage } from '../src/printable';

// The parts of probe mode that need no server.

const schema = buildSchema(`
  scalar JSON
  enum Role { ADMIN MEMBER }
  input NewUser { email: String!, role: Role }
  type User { id: ID!, name: String }
  type Query { viewer: User, users(ids: [ID!], role: Role, filter: JSON): [User] }
  type Mutation { createUser(input: NewUser!): User, ping: Boolean, setConfig(config: JSON): Boolean }
`);

function operation(text: string, name = 'ops.graphql'): OperationDefinitionNode {
  const definition = parse(new Source(text, name)).definitions[0];
  if (definition?.kind !== Kind.OPERATION_DEFINITION) throw new Error('not an operation');
  return definition;
}

function sent(text: string): ProbeRequest {
  const plan = planProbe(operation(text), new Map(), schema);
  if (!('send' in plan)) throw new Error(`not sent: ${plan.skip}`);
  return plan.send;
}

describe('which operations are sent, and with what', () => {
  test('every declared variable gets a value of the wrong shape for its type', () => {
    const request = sent('query Q($ids: [ID!], $role: Role, $filter: JSON) { users(ids: $ids, role: $role, filter: $filter) { id } }');
    expect(request.variables).toEqual({ ids: NOT_A_SCALAR, role: NOT_A_SCALAR, filter: NOT_A_SCALAR });
    expect(sent('mutation M($input: NewUser!) { createUser(input: $input) { id } }').variables).toEqual({ input: NOT_AN_OBJECT });
  });

  test("a query without such a variable gets one of the probe's own, used by a __typename at its root", () => {
    expect(sent('query Me {\n  viewer { id }\n}').text.text).toBe(
      'query Me($wandbSchemaProbe: Boolean!) { wandbSchemaProbe: __typename @include(if: $wandbSchemaProbe) \n  viewer { id }\n}',
    );
    expect(sent('{ viewer { id } }').text.text).toBe(
      'query ($wandbSchemaProbe: Boolean!) { wandbSchemaProbe: __typename @include(if: $wandbSchemaProbe)  viewer { id } }',
    );
    expect(sent('query { viewer { id } }').text.text).toBe(
      'query ($wandbSchemaProbe: Boolean!) { wandbSchemaProbe: __typename @include(if: $wandbSchemaProbe)  viewer { id } }',
    );
    // Only a custom scalar (which may accept anything): the probe's variable joins the list, under a free name.
    const custom = sent('query Q($wandbSchemaProbe: JSON) { users(filter: $wandbSchemaProbe) { id } }');
    expect(custom.text.text).toBe(
      'query Q($wandbSchemaProbe2: Boolean!, $wandbSchemaProbe: JSON) { wandbSchemaProbe2: __typename @include(if: $wandbSchemaProbe2)  users(filter: $wandbSchemaProbe) { id } }',
    );
    expect(custom.variableNames).toEqual(['wandbSchemaProbe', 'wandbSchemaProbe2']);
  });

  test('a mutation that could run is never sent', () => {
    expect(planProbe(operation('mutation Ping { ping }'), new Map(), schema)).toEqual({
      skip: 'a mutation without variables cannot be probed without running it',
    });
    expect(planProbe(operation('mutation Set($config: JSON) { setConfig(config: $config) }'), new Map(), schema)).toEqual({
      skip: 'none of its variables has a type whose wrong values every server refuses (custom scalars may accept anything), so probing could run it',
    });
    // A type the baseline does not know may be a custom scalar on the server.
    expect(planProbe(operation('mutation Set($config: Settings) { setConfig(config: $config) }'), new Map(), schema)).toHaveProperty('skip');
  });

  test('fragments follow the operation, copied from where they are written', () => {
    const source = new Source('fragment U on User {\n  id\n}\n\nquery Q($ids: [ID!]) {\n  users(ids: $ids) { ...U }\n}\n', 'f.graphql');
    const document = parse(source);
    const [fragment, query] = document.definitions;
    if (fragment?.kind !== Kind.FRAGMENT_DEFINITION || query?.kind !== Kind.OPERATION_DEFINITION) throw new Error('unexpected document');
    const plan = planProbe(query, new Map([['U', fragment]]), schema);
    if (!('send' in plan)) throw new Error('not sent');
    expect(plan.send.text.text).toBe('query Q($ids: [ID!]) {\n  users(ids: $ids) { ...U }\n}\n\nfragment U on User {\n  id\n}');
    // Line 6, column 3 of what was sent is `id` in the fragment: line 2, column 3 of the file.
    const place = plan.send.text.locate(6, 3);
    expect(place).toEqual({ source, offset: source.body.indexOf('  id') + 2 });
  });
});

describe('ProbeText', () => {
  test("locates lines ended by \\n, \\r\\n or \\r, and tells the probe's own text from the files'", () => {
    const source = new Source('a\r\nbc\rd\ne', 'x.graphql');
    const text = new ProbeText().add('>>').copy(source, 0, source.body.length);
    expect(text.text).toBe('>>a\r\nbc\rd\ne');
    expect(text.locate(1, 1)).toBe('probe');
    expect(text.locate(1, 3)).toEqual({ source, offset: 0 });
    expect(text.locate(2, 2)).toEqual({ source, offset: source.body.indexOf('c') });
    expect(text.locate(4, 1)).toEqual({ source, offset: source.body.indexOf('e') });
    expect(text.locate(5, 1)).toBeUndefined();
    expect(text.locate(1, 99)).toBeUndefined();
    expect(text.locate(0, 1)).toBeUndefined();
  });
});

describe('what an answer says', () => {
  const error = (message: string, extra: Partial<ProbeError> = {}): ProbeError => ({ message, locations: [], ...extra });
  const names = ['email', 'first'];

  test.each([
    [
      'graphql-js coercion',
      error('Variable "$email" got invalid value {}; String cannot represent a non string value: {}', { locations: [{ line: 1, column: 20 }] }),
      'coercion',
    ],
    ['graphql-core coercion (single quotes)', error("Variable '$email' got invalid value {}; String cannot represent a non string value: {}"), 'coercion'],
    ['graph-gophers coercion', error('Variable "email" has invalid value map[].\nExpected type "String!", found map[].'), 'coercion'],
    ['gqlgen coercion', error('cannot use map as String', { path: ['variable', 'email'] }), 'coercion'],
    ['Apollo coercion', error('Variable "$first" got invalid value {}', { code: 'BAD_USER_INPUT' }), 'coercion'],
    [
      'a variable in a position of another type',
      error('Variable "$first" of type "Int" used in position expecting type "String".', { locations: [{ line: 1, column: 1 }] }),
      'validation',
    ],
    ['an unknown field', error('Cannot query field "deletedAt" on type "User".', { locations: [{ line: 3, column: 5 }] }), 'validation'],
    ['an unknown field, without locations', error('Cannot query field "deletedAt" on type "User".'), 'validation'],
    ['a validation error by code', error('Document is invalid', { code: 'GRAPHQL_VALIDATION_FAILED' }), 'validation'],
    ['an error from running the operation', error('relogin required', { path: ['viewer'] }), 'execution'],
    ['anything else', error('internal error'), 'unknown'],
    ["another variable's coercion", error('Variable "$other" got invalid value {}'), 'unknown'],
  ])('%s', (_, given, kind) => {
    expect(classifyError(given, names)).toBe(kind);
  });

  const request = sent('query Q($ids: [ID!]) {\n  users(ids: $ids) { name }\n}');
  const answer = (errors: ProbeError[], executed = false) => ({ status: 400, errors, executed });

  test('only coercion errors: compatible', () => {
    expect(judge(answer([error('Variable "$ids" got invalid value {}; ID cannot represent value: {}')]), request)).toEqual({ status: 'compatible' });
  });

  test('a validation error: breaking, at the place in the file it points to', () => {
    const verdict = judge(answer([error('Cannot query field "name" on type "User".', { locations: [{ line: 2, column: 22 }] })]), request);
    expect(verdict).toMatchObject({ status: 'breaking', refusals: [{ places: [{ offset: 'query Q($ids: [ID!]) {\n  users(ids: $ids) { '.length }] }] });
  });

  test("data, execution errors, errors about the probe's own text, or none at all: inconclusive, and all but the probe's own unsafe", () => {
    const own = sent('query Me { viewer { id } }');
    expect(judge(answer([error('Unknown directive "@include".', { locations: [{ line: 1, column: 80 }] })]), own)).toMatchObject({
      status: 'inconclusive',
      reason: expect.stringContaining('refused what the probe added'),
      unsafe: false,
    });
    expect(judge(answer([], true), request)).toMatchObject({ status: 'inconclusive', reason: expect.stringContaining('ran the operation'), unsafe: true });
    expect(judge(answer([error('boom', { path: ['users'] })]), request)).toMatchObject({ status: 'inconclusive', unsafe: true });
    expect(judge(answer([]), request)).toEqual({ status: 'inconclusive', reason: 'the server answered HTTP 400 without errors or data', unsafe: true });
    expect(judge(answer([error('Variable "$ids" got invalid value {}'), error('rate limit')]), request)).toMatchObject({
      status: 'inconclusive',
      reason: "the server's answer is neither a validation nor a variable error (HTTP 400): rate limit",
      unsafe: true,
    });
  });
});

describe('server text on a terminal', () => {
  test('control characters, reordering marks and line breaks are shown as escapes, or joined for a one-line message', () => {
    expect(printable('red \u001b[31malert\u0007 \u202eevil\nnext\u2028\u{e0041}')).toBe('red \\u001b[31malert\\u0007 \\u202eevil\\u000anext\\u2028\\u{e0041}');
    expect(serverMessage('line one\r\n  line two\u001b')).toBe('line one line two\\u001b');
    expect(serverMessage('x'.repeat(600))).toMatch(/^x{500}… \(600 characters\)$/);
  });
});
