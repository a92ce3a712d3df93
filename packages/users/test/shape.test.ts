import { checkShape, type ShapeObject } from '../src/transport/shape';
import { shapes } from '../src/generated/shapes';
import * as operations from '../src/generated/operations';

// The checker of src/shape.ts, on its own: every kind of departure, named by
// its path. (Through the SDK, over HTTP: test/hostile/malformed-data.test.ts.)

const shape: ShapeObject = {
  id: 's',
  count: 'i',
  ratio: '?f',
  flag: '-b',
  anything: '*',
  bigId: 'fs',
  tags: ['?s', '?'],
  owner: { '': '?', name: 's', constructor: '-s' },
  items: [{ value: 'i', labels: ['s'] }],
};
const good = {
  id: 'x',
  count: 3,
  ratio: null,
  anything: { any: ['thing'] },
  bigId: 12,
  tags: ['a', null],
  owner: { name: 'n' },
  items: [{ value: 1, labels: [] }],
};

test('data that has the shape passes', () => {
  expect(checkShape(good, shape)).toBeUndefined();
  expect(checkShape({ ...good, flag: true, bigId: '9007199254740993', tags: null, owner: null }, shape)).toBeUndefined();
});

test.each([
  ['a missing field', { ...good, id: undefined }, 'id', 'missing'],
  ['null where the schema has no null', { ...good, count: null }, 'count', 'null, expected an integer'],
  ['a float for an Int', { ...good, count: 1.5 }, 'count', 'a number, expected an integer'],
  ['a string for a Float', { ...good, ratio: '1.5' }, 'ratio', 'a string, expected a number'],
  ['a boolean for a number or string', { ...good, bigId: true }, 'bigId', 'a boolean, expected a string or a number'],
  ['an object for a list', { ...good, tags: {} }, 'tags', 'an object, expected a list'],
  ['a list for an object', { ...good, owner: [] }, 'owner', 'a list, expected an object'],
  [
    'a wrong item deep in lists',
    {
      ...good,
      items: [
        { value: 1, labels: ['a'] },
        { value: 2, labels: ['b', 3] },
      ],
    },
    'items[1].labels[1]',
    'an integer, expected a string',
  ],
  ['null as a list item that may not be null', { ...good, items: [null] }, 'items[0]', 'null, expected an object'],
  ['a string for a boolean that may be absent', { ...good, flag: 'yes' }, 'flag', 'a string, expected a boolean'],
])('%s is found, with its path', (_what, data, path, problem) => {
  const cleaned = JSON.parse(JSON.stringify(data)); // undefined = absent, as in JSON
  expect(checkShape(cleaned, shape)).toEqual({ path, problem });
});

test('only own fields count: a missing "constructor" is not found on Object.prototype', () => {
  expect(checkShape({ name: 'n' }, { name: 's', constructor: 's' })).toEqual({ path: 'constructor', problem: 'missing' });
  expect(checkShape(JSON.parse('{"name":"n","constructor":"c"}'), { name: 's', constructor: 's' })).toBeUndefined();
});

test('data that is not an object is named as "data"', () => {
  expect(checkShape('x', shape)).toEqual({ path: 'data', problem: 'a string, expected an object' });
});

test('with GraphQL errors, a null is excused at an error path or above it, nowhere else', () => {
  const data = { ...good, owner: { name: null }, items: [null] };
  expect(
    checkShape(data, shape, [
      ['owner', 'name'],
      ['items', 0, 'value'],
    ]),
  ).toBeUndefined();
  expect(checkShape(data, shape, [['owner', 'name']])).toEqual({ path: 'items[0]', problem: 'null, expected an object' });
  expect(checkShape({ ...good, count: null }, shape, [['owner', 'name']])).toEqual({ path: 'count', problem: 'null, expected an integer' });
});

test('every operation of the SDK has a generated shape, by operation name', () => {
  const names = Object.entries(operations)
    .filter(([name]) => name.endsWith('Document'))
    .map(([, document]) => /^\s*(?:query|mutation)\s+(\w+)/.exec(String(document))![1]);
  expect(names.length).toBeGreaterThanOrEqual(5);
  expect([...shapes.keys()].sort()).toEqual(names.sort());
  // Spot check against the schema: a secret is a non-null String; pageInfo is required.
  expect(shapes.get('GenerateApiKey')).toEqual({ generateApiKey: { '': '?', apiKey: { '': '?', id: 's', name: 's', description: '?s' } } });
  expect((shapes.get('SearchUsers') as { users: { pageInfo: unknown } }).users.pageInfo).toEqual({ endCursor: '?s', hasNextPage: 'b' });
});
