import { buildSchema, parse } from 'graphql';
import { checkShape, type ShapeObject } from '../../packages/users/src/transport/shape';

// tools/codegen-shapes.cjs: what shape it derives from an operation and the
// schema, for the kinds of selection W&B operations have today and any the
// later ones may bring (aliases, fragments on interfaces and unions,
// @include/@skip, nested lists, custom scalars, enums).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const codegenShapes = require('../codegen-shapes.cjs') as { plugin: (schema: unknown, documents: unknown[], config: Record<string, unknown>) => string };

function plugin(source: string | null, pluginConfig: Record<string, unknown> = config): string {
  return codegenShapes.plugin(buildSchema(SDL), source === null ? [] : [{ location: 'test.graphql', document: parse(source) }], pluginConfig);
}

const SDL = `
  scalar DateTime
  scalar JSON
  scalar Int64
  enum Role { ADMIN MEMBER }
  interface Node { id: ID! }
  type User implements Node { id: ID! name: String! role: Role createdAt: DateTime! meta: JSON size: Int64 scores: [[Float!]]! friends: [User] }
  type Team implements Node { id: ID! members(first: Int): [User!]! }
  union Entity = User | Team
  type Query { viewer: User node(id: ID!): Node entities: [Entity!]! }
  type Mutation { touch: Boolean! }
`;
const config = { shapeTypeModule: '../shape.js', scalars: { DateTime: 'string', JSON: 'unknown', Int64: 'number | string' } };

/** The shapes the plugin writes for `source`, by operation name. */
function shapesOf(source: string): Record<string, ShapeObject> {
  const output = plugin(source);
  const entries = [...output.matchAll(/^ {2}\["(\w+)", (.*)\],$/gm)];
  return Object.fromEntries(entries.map(([, name, json]) => [name!, JSON.parse(json!) as ShapeObject]));
}

test('scalars, enums, custom scalars (from codegen.yml), nested lists and nullability', () => {
  const { Viewer } = shapesOf('query Viewer { viewer { id name role createdAt meta size scores friends { name } } }');
  expect(Viewer).toEqual({
    viewer: { '': '?', id: 's', name: 's', role: '?s', createdAt: 's', meta: '?*', size: '?fs', scores: [['f', '?']], friends: [{ '': '?', name: 's' }, '?'] },
  });
});

test('aliases are response keys; the same field twice merges its selections', () => {
  const { Aliases } = shapesOf('query Aliases { me: viewer { id } viewer { name } viewer { friends { id } } }');
  expect(Aliases).toEqual({ me: { '': '?', id: 's' }, viewer: { '': '?', name: 's', friends: [{ '': '?', id: 's' }, '?'] } });
});

test('fragments that always apply are required; type conditions on abstract types and @include/@skip may be absent', () => {
  const source = `
    fragment Named on User { name }
    query Abstract($withRole: Boolean!) {
      node(id: "1") { id __typename ... on User { name } ...on Team { members { id } } }
      entities { ... on Node { id } ... on User { role @include(if: $withRole) } }
      viewer { ...Named id @skip(if: $withRole) }
    }
    mutation Touch { touch }`;
  const shapes = shapesOf(source);
  expect(shapes.Abstract).toEqual({
    node: { '': '?', id: 's', __typename: 's', name: '-s', members: [{ id: 's' }, '-'] },
    entities: [{ id: '-s', role: '?-s' }],
    viewer: { '': '?', name: 's', id: '-s' },
  });
  expect(shapes.Touch).toEqual({ touch: 'b' });
});

test('the output maps operation names to shapes, imports no document, and only the ShapeObject type', () => {
  const output = plugin('query GetThing { viewer { id } } mutation Touch { touch }');
  expect(output).toBe(
    [
      "import type { ShapeObject } from '../shape.js';",
      '',
      "/** The shape of each operation's `data`, by operation name; the transport checks every answer to the SDK's own documents against it. */",
      'export const shapes: ReadonlyMap<string, ShapeObject> = new Map<string, ShapeObject>([',
      '  ["GetThing", {"viewer":{"":"?","id":"s"}}],',
      '  ["Touch", {"touch":"b"}],',
      ']);',
      '',
    ].join('\n'),
  );
});

test('refuses to run without the module of the Shape type', () => {
  expect(() => plugin(null, {})).toThrow(/^codegen-shapes: set shapeTypeModule/);
});

test('the checker accepts what such a document returns, and names what departs from it', () => {
  const { Viewer } = shapesOf('query Viewer { viewer { id scores friends { name } } }');
  expect(checkShape({ viewer: { id: '1', scores: [[1.5], null], friends: null } }, Viewer!)).toBeUndefined();
  expect(checkShape({ viewer: { id: '1', scores: [[null]], friends: [] } }, Viewer!)).toEqual({
    path: 'viewer.scores[0][0]',
    problem: 'null, expected a number',
  });
});
