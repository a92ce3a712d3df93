// A GraphQL Code Generator plugin: for each named operation, the shape its
// `data` must have (types, nullability, lists, which fields may be absent),
// worked out from the document and the schema, as compact JSON that the SDK's
// runtime checker (packages/users/src/transport/shape.ts, which documents the format)
// walks every answer against. The output maps each operation name to its
// shape; it imports no document, so that a bundle keeps only the documents it
// uses (operation names are unique within a codegen run).
//
// codegen.yml names it by path (`./tools/codegen-shapes.cjs`), and GraphQL
// Code Generator's CLI loads it from there (`npm run codegen` and
// `npm run codegen:check`). Config (besides the shared codegen config, whose
// `scalars` it reads):
//   shapeTypeModule: where the `Shape` type is imported from ('../shape.js')
'use strict';

const {
  GraphQLNonNull,
  Kind,
  isAbstractType,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} = require('graphql');

const BUILT_IN_KINDS = { String: 's', ID: 's', Int: 'i', Float: 'f', Boolean: 'b' };
const TS_KINDS = { string: 's', number: 'f', boolean: 'b' };

/** The kinds of JSON value a custom scalar may be, from the TypeScript type codegen.yml maps it to; `*` when that says nothing checkable. */
function scalarKinds(name, scalars) {
  if (BUILT_IN_KINDS[name]) return BUILT_IN_KINDS[name];
  const mapped = scalars?.[name];
  const tsType = typeof mapped === 'object' && mapped !== null ? mapped.output : mapped;
  if (typeof tsType !== 'string') return '*';
  const kinds = tsType.split('|').map((part) => TS_KINDS[part.trim()]);
  return kinds.every(Boolean) ? [...new Set(kinds)].join('') : '*';
}

const hasCondition = (node) => (node.directives ?? []).some((d) => d.name.value === 'include' || d.name.value === 'skip');

/** Whether a fragment on `condition` applies to every value of `parent` (else its fields may be absent). */
function alwaysApplies(schema, parent, condition) {
  if (condition === parent) return true;
  return isObjectType(parent) && isAbstractType(condition) && schema.isSubType(condition, parent);
}

/**
 * The fields a selection set asks of a value of type `parent`, by response
 * key, merged across fragments: each with its schema type, the sub-selections
 * to merge, and whether it is always there.
 */
function collectFields(context, parent, selectionSet, conditional, out = new Map()) {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      const key = selection.alias?.value ?? name;
      const type = name === '__typename' ? '__typename' : parent.getFields()[name]?.type;
      if (type === undefined) throw new Error(`codegen-shapes: ${parent.name} has no field ${name}`);
      const mayBeAbsent = conditional || hasCondition(selection);
      const entry = out.get(key);
      if (entry) {
        entry.mayBeAbsent &&= mayBeAbsent;
        if (selection.selectionSet) entry.selectionSets.push(selection.selectionSet);
      } else {
        out.set(key, { type, mayBeAbsent, selectionSets: selection.selectionSet ? [selection.selectionSet] : [] });
      }
      continue;
    }
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? context.fragments.get(selection.name.value) : selection;
    if (!fragment) throw new Error(`codegen-shapes: unknown fragment ${selection.name.value}`);
    const condition = fragment.typeCondition ? context.schema.getType(fragment.typeCondition.name.value) : parent;
    const applies = alwaysApplies(context.schema, parent, condition) && !hasCondition(selection);
    collectFields(context, condition, fragment.selectionSet, conditional || !applies, out);
  }
  return out;
}

/** The shape of a value of schema type `type` selected by `selectionSets`. */
function shapeOf(context, type, selectionSets, mayBeAbsent) {
  const nullable = !isNonNullType(type);
  const inner = nullable ? type : type.ofType;
  const flags = `${nullable ? '?' : ''}${mayBeAbsent ? '-' : ''}`;
  if (isListType(inner)) {
    const item = shapeOf(context, inner.ofType, selectionSets, false);
    return flags ? [item, flags] : [item];
  }
  if (isScalarType(inner)) return flags + scalarKinds(inner.name, context.scalars);
  if (isEnumType(inner)) return `${flags}s`;
  if (!(isObjectType(inner) || isInterfaceType(inner) || isUnionType(inner))) throw new Error(`codegen-shapes: unexpected type ${String(inner)}`);
  const fields = new Map();
  for (const set of selectionSets) collectFields(context, inner, set, false, fields);
  const shape = flags ? { '': flags } : {};
  for (const [key, field] of fields) {
    shape[key] = field.type === '__typename' ? (field.mayBeAbsent ? '-s' : 's') : shapeOf(context, field.type, field.selectionSets, field.mayBeAbsent);
  }
  return shape;
}

const plugin = (schema, documents, config) => {
  const { shapeTypeModule } = config;
  if (typeof shapeTypeModule !== 'string') throw new Error('codegen-shapes: set shapeTypeModule in the config of its output');
  const definitions = documents.flatMap((file) => (file.document ? file.document.definitions : []));
  const fragments = new Map(definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const context = { schema, scalars: config.scalars, fragments };
  const entries = definitions
    .filter((d) => d.kind === Kind.OPERATION_DEFINITION && d.name)
    .map((operation) => {
      const root = schema.getRootType(operation.operation);
      if (!root) throw new Error(`codegen-shapes: the schema has no ${operation.operation} type`);
      return { name: operation.name.value, shape: shapeOf(context, new GraphQLNonNull(root), [operation.selectionSet], false) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return [
    `import type { ShapeObject } from '${shapeTypeModule}';`,
    '',
    "/** The shape of each operation's `data`, by operation name; the transport checks every answer to the SDK's own documents against it. */",
    'export const shapes: ReadonlyMap<string, ShapeObject> = new Map<string, ShapeObject>([',
    ...entries.map((e) => `  [${JSON.stringify(e.name)}, ${JSON.stringify(e.shape)}],`),
    ']);',
    '',
  ].join('\n');
};

module.exports = { plugin, shapeOf, collectFields };
