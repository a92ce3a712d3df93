import { buildClientSchema, buildSchema, type GraphQLSchema, introspectionFromSchema } from 'graphql';
import { diffSchemas, type SchemaChange } from '../src';
import {
  addArgument,
  addEnumValue,
  deprecateField,
  removeField,
  renameType,
  runCli,
  setArgumentType,
  setFieldType,
  SNAPSHOT_FILE,
  SNAPSHOT_SDL,
  snapshotSchemaWith,
  snapshotWith,
  tempFile,
} from './helpers';

let snapshot: GraphQLSchema;
beforeAll(() => {
  snapshot = buildSchema(SNAPSHOT_SDL);
});

async function changesTo(...edits: Parameters<typeof snapshotWith>): Promise<Pick<SchemaChange, 'criticality' | 'coordinate' | 'type'>[]> {
  const changes = await diffSchemas(snapshot, snapshotSchemaWith(...edits));
  return changes.map(({ criticality, coordinate, type }) => ({ criticality, coordinate, type }));
}

describe('classification of real changes to the snapshot', () => {
  test('identical schemas: no changes', async () => {
    expect(await diffSchemas(snapshot, buildSchema(SNAPSHOT_SDL))).toEqual([]);
  });

  test('the same schema from SDL and from introspection: no changes (only what clients can observe counts)', async () => {
    expect(await diffSchemas(snapshot, buildClientSchema(introspectionFromSchema(snapshot)))).toEqual([]);
    expect(await diffSchemas(buildClientSchema(introspectionFromSchema(snapshot)), snapshot)).toEqual([]);
  });

  test('a deprecation is observable, and safe', async () => {
    expect(await changesTo(deprecateField('User', 'email', 'use emails'))).toEqual([
      { criticality: 'safe', coordinate: 'User.email', type: 'FIELD_DEPRECATION_ADDED' },
    ]);
  });

  test('a field removed is breaking, at its coordinate', async () => {
    expect(await changesTo(removeField('User', 'deletedAt'))).toEqual([{ criticality: 'breaking', coordinate: 'User.deletedAt', type: 'FIELD_REMOVED' }]);
  });

  test('an output field made non-null is safe; made nullable is breaking', async () => {
    expect(await changesTo(setFieldType('User', 'email', 'String!'))).toEqual([{ criticality: 'safe', coordinate: 'User.email', type: 'FIELD_TYPE_CHANGED' }]);
    expect(await changesTo(setFieldType('User', 'name', 'String'))).toEqual([{ criticality: 'breaking', coordinate: 'User.name', type: 'FIELD_TYPE_CHANGED' }]);
  });

  test('an argument made non-null is breaking; made nullable is safe', async () => {
    expect(await changesTo(setArgumentType('Query', 'users', 'query', 'String!'))).toEqual([
      { criticality: 'breaking', coordinate: 'Query.users(query:)', type: 'FIELD_ARGUMENT_TYPE_CHANGED' },
    ]);
    expect(await changesTo(setArgumentType('User', 'dailyRunCount', 'limit', 'Int'))).toEqual([
      { criticality: 'safe', coordinate: 'User.dailyRunCount(limit:)', type: 'FIELD_ARGUMENT_TYPE_CHANGED' },
    ]);
  });

  test('an enum value added is dangerous', async () => {
    expect(await changesTo(addEnumValue('UserAccountType', 'SUPERUSER'))).toEqual([
      { criticality: 'dangerous', coordinate: 'UserAccountType.SUPERUSER', type: 'ENUM_VALUE_ADDED' },
    ]);
  });

  test('an optional argument added is dangerous; a required one is breaking', async () => {
    expect(await changesTo(addArgument('User', 'apiKeys', 'kind: String'))).toEqual([
      { criticality: 'dangerous', coordinate: 'User.apiKeys(kind:)', type: 'FIELD_ARGUMENT_ADDED' },
    ]);
    expect(await changesTo(addArgument('Query', 'users', 'flavor: String!'))).toEqual([
      { criticality: 'breaking', coordinate: 'Query.users(flavor:)', type: 'FIELD_ARGUMENT_ADDED' },
    ]);
  });

  test('a type renamed is the old type removed (breaking), the new one added (safe), and every field returning it changed (breaking)', async () => {
    const changes = await changesTo(renameType('ApiKey', 'AccessKey'));
    expect(changes.filter((c) => c.criticality === 'breaking')).toEqual([
      { criticality: 'breaking', coordinate: 'ApiKey', type: 'TYPE_REMOVED' },
      { criticality: 'breaking', coordinate: 'ApiKeyEdge.node', type: 'FIELD_TYPE_CHANGED' },
      { criticality: 'breaking', coordinate: 'CreateEntityPayload.apiKey', type: 'FIELD_TYPE_CHANGED' },
      { criticality: 'breaking', coordinate: 'GenerateApiKeyPayload.apiKey', type: 'FIELD_TYPE_CHANGED' },
    ]);
    expect(changes).toContainEqual({ criticality: 'safe', coordinate: 'AccessKey', type: 'TYPE_ADDED' });
  });

  test('changes come most severe first, then by coordinate, whatever the edit order', async () => {
    const a = await changesTo(
      addEnumValue('UserAccountType', 'SUPERUSER'),
      removeField('User', 'photoUrl'),
      setFieldType('User', 'email', 'String!'),
      removeField('ApiKey', 'ips'),
    );
    expect(a.map((c) => `${c.criticality} ${c.coordinate}`)).toEqual([
      'breaking ApiKey.ips',
      'breaking User.photoUrl',
      'dangerous UserAccountType.SUPERUSER',
      'safe User.email',
    ]);
    const b = await changesTo(
      removeField('ApiKey', 'ips'),
      setFieldType('User', 'email', 'String!'),
      removeField('User', 'photoUrl'),
      addEnumValue('UserAccountType', 'SUPERUSER'),
    );
    expect(b).toEqual(a);
  });
});

describe('wandb-schema diff', () => {
  const pair = () => {
    const changed = tempFile(
      'changed.graphql',
      snapshotWith(removeField('User', 'deletedAt'), addEnumValue('UserAccountType', 'SUPERUSER'), setFieldType('User', 'email', 'String!')),
    );
    return [SNAPSHOT_FILE, changed] as const;
  };

  test('prints every change under its class with its coordinate, and exits 1 when one is breaking', async () => {
    const [before, after] = pair();
    const result = await runCli(['diff', before, after]);
    expect(result).toMatchObject({ code: 1, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`Changes from ${before} to ${after}: 1 breaking, 1 dangerous, 1 safe`);
    expect(lines.slice(1)).toEqual([
      '',
      'Breaking (1)',
      "  User.deletedAt  Field 'deletedAt' was removed from object type 'User'",
      '',
      'Dangerous (1)',
      "  UserAccountType.SUPERUSER  Enum value 'SUPERUSER' was added to enum 'UserAccountType'",
      '',
      'Safe (1)',
      "  User.email  Field 'User.email' changed type from 'String' to 'String!'",
      '',
    ]);
  });

  test('--json gives the same changes as data, with reasons', async () => {
    const [before, after] = pair();
    const result = await runCli(['diff', '--json', before, after]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.summary).toEqual({ breaking: 1, dangerous: 1, safe: 1 });
    expect(report.changes[0]).toMatchObject({ criticality: 'breaking', coordinate: 'User.deletedAt', type: 'FIELD_REMOVED' });
    expect(report.changes[0].reason).toMatch(/deprecate the field before removing it/);
    expect(report.changes.map((c: SchemaChange) => c.criticality)).toEqual(['breaking', 'dangerous', 'safe']);
  });

  test('exits 0 when nothing is breaking, and says when nothing changed', async () => {
    const safe = tempFile('safe.graphql', snapshotWith(addEnumValue('UserAccountType', 'SUPERUSER')));
    expect(await runCli(['diff', SNAPSHOT_FILE, safe])).toMatchObject({ code: 0 });
    const same = await runCli(['diff', SNAPSHOT_FILE, SNAPSHOT_FILE]);
    expect(same).toEqual({ code: 0, stdout: `No changes between ${SNAPSHOT_FILE} and ${SNAPSHOT_FILE}.\n`, stderr: '' });
  });
});
