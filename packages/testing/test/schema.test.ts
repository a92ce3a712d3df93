import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildClientSchema, buildSchema, getIntrospectionQuery, isIntrospectionType, isSpecifiedScalarType, parse, printSchema, validateSchema } from 'graphql';
import { type FakeWandb, loadWandbSchema, startFakeWandb, WANDB_SCHEMA_PATH } from '../src';
import { post } from './helpers';

// The fake must serve exactly the repository's snapshot: these tests are what
// "CI fails if they could differ" means.
const snapshotPath = join(__dirname, '..', '..', '..', 'schema', 'wandb.graphql');

let fake: FakeWandb;
beforeAll(async () => {
  fake = await startFakeWandb();
});
afterAll(() => fake.close());

test('the packaged schema is byte-identical to schema/wandb.graphql', () => {
  expect(readFileSync(WANDB_SCHEMA_PATH, 'utf8')).toBe(readFileSync(snapshotPath, 'utf8'));
});

test('the parse shipped for fast start-up is the parse of the packaged schema', () => {
  const shipped = JSON.parse(readFileSync(join(dirname(WANDB_SCHEMA_PATH), 'wandb.ast.json'), 'utf8'));
  expect(shipped).toEqual(JSON.parse(JSON.stringify(parse(readFileSync(WANDB_SCHEMA_PATH, 'utf8'), { noLocation: true }))));
  expect(shipped.definitions.length).toBeGreaterThan(600);
});

test('the snapshot is a valid schema (the fake skips this check at start-up)', () => {
  const schema = buildSchema(readFileSync(snapshotPath, 'utf8'));
  expect(validateSchema(schema)).toEqual([]);
  const own = Object.values(schema.getTypeMap()).filter((type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type));
  expect(own).toHaveLength(621);
});

test('what the server answers to introspection is the snapshot, type for type', async () => {
  const answer = await post(fake, fake.adminApiKey, getIntrospectionQuery());
  expect(answer.status).toBe(200);
  const served = printSchema(buildClientSchema(answer.body.data));
  expect(served).toBe(printSchema(buildSchema(readFileSync(snapshotPath, 'utf8'))));
});

test('the schema object is built once per process and shared by servers', async () => {
  const other = await startFakeWandb();
  try {
    expect(other.schema).toBe(fake.schema);
    expect(loadWandbSchema()).toBe(fake.schema);
  } finally {
    await other.close();
  }
});
