import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { checkShape, type ShapeObject } from '../../packages/users/src/shape';

// tools/codegen-shapes.cjs: what shape it derives from an operation and the
// schema, for the kinds of selection W&B operations have today and any the
// later ones may bring (aliases, fragments on interfaces and unions,
// @include/@skip, nested lists, custom scalars, enums).

// Run in a plain Node process: the plugin loads @graphql-codegen/visitor-plugin-common,
// which needs an ES module that jest's module system cannot require.
const PLUGIN = join(__dirname, '..', 'codegen-shapes.cjs');
const RUNNER = `
  const { buildSchema, parse } = require('graphql');
  const { plugin } = require(${JSON.stringify(PLUGIN)});
  const { sdl, source, config } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  try {
    process.stdout.write(plugin(buildSchema(sdl), source === null ? [] : [{ location: 'test.graphql', document: parse(source) }], config));
  } catch (error) {
    process.stdout.write('ERROR ' + error.message);
  }`;

function plugin(source: string | null, pluginConfig: Record<string, unknown> = config): string {
  const run = spawnSync(process.execPath, ['-e', RUNNER], { input: JSON.stringify({ sdl: SDL, source, config: pluginConfig }), encoding: 'utf8', cwd: __dirname });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
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
const config = { documentsModule: './operations.js', shapeTypeModule: '../shape.js', scalars: { DateTime: 'string', JSON: 'unknown', Int64: 'number | string' } };

/** The shapes the plugin writes for `source`, by document name. */
function shapesOf(source: string): Record<string, ShapeObject> {
  const output = plugin(source);
  const entries = [...output.matchAll(/^ {2}\[(\w+), (.*)\],$/gm)];
  return Object.fromEntries(entries.map(([, name, json]) => [name!, JSON.parse(json!) as ShapeObject]));
}

test('scalars, enums, custom scalars (from codegen.yml), nested lists and nullability', () => {
  const { ViewerDocument } = shapesOf('query Viewer { viewer { id name role createdAt meta size scores friends { name } } }');
  expect(ViewerDocument).toEqual({
    viewer: { '': '?', id: 's', name: 's', role: '?s', createdAt: 's', meta: '?*', size: '?fs', scores: [['f', '?']], friends: [{ '': '?', name: 's' }, '?'] },
  });
});

test('aliases are response keys; the same field twice merges its selections', () => {
  const { AliasesDocument } = shapesOf('query Aliases { me: viewer { id } viewer { name } viewer { friends { id } } }');
  expect(AliasesDocument).toEqual({ me: { '': '?', id: 's' }, viewer: { '': '?', name: 's', friends: [{ '': '?', id: 's' }, '?'] } });
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
  expect(shapes.AbstractDocument).toEqual({
    node: { '': '?', id: 's', __typename: 's', name: '-s', members: [{ id: 's' }, '-'] },
    entities: [{ id: '-s', role: '?-s' }],
    viewer: { '': '?', name: 's', id: '-s' },
  });
  expect(shapes.TouchDocument).toEqual({ touch: 'b' });
});

test('the output imports each document under the name typed-document-node gives it, and the Shape type', () => {
  const output = plugin('query GetThing { viewer { id } } mutation Touch { touch }');
  expect(output).toContain("import type { Shape } from '../shape.js';");
  expect(output).toContain("import { GetThingDocument, TouchDocument } from './operations.js';");
  expect(output).toContain('export const shapes: ReadonlyMap<object, Shape> = new Map<object, Shape>([');
});

test('refuses to run without the modules to import from', () => {
  expect(plugin(null, {})).toMatch(/^ERROR codegen-shapes: set documentsModule and shapeTypeModule/);
});

test('the checker accepts what such a document returns, and names what departs from it', () => {
  const { ViewerDocument } = shapesOf('query Viewer { viewer { id scores friends { name } } }');
  expect(checkShape({ viewer: { id: '1', scores: [[1.5], null], friends: null } }, ViewerDocument!)).toBeUndefined();
  expect(checkShape({ viewer: { id: '1', scores: [[null]], friends: [] } }, ViewerDocument!)).toEqual({ path: 'viewer.scores[0][0]', problem: 'null, expected a number' });
});
