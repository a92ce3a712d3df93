#!/usr/bin/env node
// The README's table of the fields the fake implements, generated from the
// resolver tables themselves (`implementedFields()`), so the documentation
// cannot promise a field the fake does not answer, or hide one it does.
//
//   node scripts/field-table.mjs --write            rewrite the table in README.md (after `npm run build`)
//   node scripts/field-table.mjs --check            exit 1 when README.md's table is not what --write writes
//   node scripts/field-table.mjs --check --readme FILE   the same for another file (the tests use a copy)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getNamedType, isObjectType } from 'graphql';
import { implementedFields, loadWandbSchema } from '../dist/esm/index.js';

const START = '<!-- fields:start (generated from the resolver tables by `npm run readme:fields`; do not edit by hand) -->';
const END = '<!-- fields:end -->';
const ROOTS = ['Query', 'Mutation'];

/** The fields of `fields` grouped by type: the root types first, then by name. */
function byType(fields) {
  const types = new Map();
  for (const coordinate of fields) {
    const [type, field] = coordinate.split('.');
    types.set(type, [...(types.get(type) ?? []), field]);
  }
  const order = (name) => (ROOTS.includes(name) ? ROOTS.indexOf(name) : ROOTS.length);
  return [...types].sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b));
}

/**
 * The object types the implemented fields return that have no resolver table
 * (connections, edges, page info, payloads), found through the schema: the
 * resolver returning one builds it as a plain object.
 */
function plainTypes(fields, schema) {
  const tabled = new Set(fields.map((coordinate) => coordinate.split('.')[0]));
  const found = new Set();
  const visit = (type) => {
    if (!isObjectType(type) || tabled.has(type.name) || found.has(type.name)) return;
    found.add(type.name);
    for (const field of Object.values(type.getFields())) visit(getNamedType(field.type));
  };
  for (const coordinate of fields) {
    const [type, field] = coordinate.split('.');
    const definition = schema.getType(type);
    if (!isObjectType(definition) || !definition.getFields()[field])
      throw new Error(`the resolver tables implement ${coordinate}, which the schema snapshot does not have`);
    visit(getNamedType(definition.getFields()[field].type));
  }
  return [...found].sort();
}

/** The generated block, markers included. */
export function fieldTable(fields, schema) {
  const rows = byType(fields).map(([type, names]) => `| \`${type}\` | ${names.map((name) => `\`${name}\``).join(' ')} |`);
  return [
    START,
    '| type | fields the fake implements |',
    '|---|---|',
    ...rows,
    '',
    `Returned by those fields as plain objects, with the fields their resolver fills in: ${plainTypes(fields, schema)
      .map((name) => `\`${name}\``)
      .join(', ')}.`,
    'Every other field answers a `NOT_IMPLEMENTED` GraphQL error naming it, e.g. `User.apiKey is not implemented by the fake W&B server`.',
    END,
  ].join('\n');
}

function currentBlock(text, file) {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file} has no field table between the markers\n  ${START}\n  ${END}`);
  return { start, end: end + END.length, block: text.slice(start, end + END.length) };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const { values } = parseArgs({ options: { write: { type: 'boolean' }, check: { type: 'boolean' }, readme: { type: 'string' } } });
  const file = values.readme ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
  const text = readFileSync(file, 'utf8');
  const { start, end, block } = currentBlock(text, file);
  const expected = fieldTable(implementedFields(), loadWandbSchema());
  if (values.write) {
    if (block !== expected) writeFileSync(file, text.slice(0, start) + expected + text.slice(end));
    console.log(`field table: ${block === expected ? 'unchanged' : `written to ${file}`}`);
  } else if (block !== expected) {
    const have = new Set(block.split('\n'));
    const want = new Set(expected.split('\n'));
    console.error(
      `field table: ${file} is not what the resolver tables implement; run \`npm run readme:fields -w @wandb-ts/testing\` after \`npm run build\`.`,
    );
    for (const line of expected.split('\n')) if (!have.has(line)) console.error(`  expected: ${line}`);
    for (const line of block.split('\n')) if (!want.has(line)) console.error(`  found:    ${line}`);
    process.exit(1);
  } else {
    console.log('field table: up to date');
  }
}
