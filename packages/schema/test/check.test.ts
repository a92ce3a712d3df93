import { join } from 'node:path';
import {
  addArgument,
  addEnumValue,
  lineOf,
  removeField,
  renameType,
  runCli,
  SDK_DOCUMENTS,
  sdkDocumentCounts,
  setFieldType,
  SNAPSHOT_FILE,
  snapshotWith,
  tempDir,
  tempFile,
} from './helpers';

// `wandb-schema check` run as a child process from the repository root, with
// its default documents: the operations of @wandb-ts/users.

const FRAGMENTS = join(SDK_DOCUMENTS, 'fragments.graphql');
const USERS = join(SDK_DOCUMENTS, 'users.graphql');
const API_KEYS = join(SDK_DOCUMENTS, 'api-keys.graphql');
const shown = (file: string) => `packages/users/src/graphql/${file.split('/').pop()}`;
const at = (file: string, line: number) => `${shown(file)}:${line}`;

const ORGANIZATIONS = join(SDK_DOCUMENTS, 'organizations.graphql');
const SDK = sdkDocumentCounts();

const OPERATIONS_WITH_USER_FRAGMENT = () =>
  `operations: GetViewer (${at(USERS, lineOf(USERS, 'query GetViewer'))}), SearchUsers (${at(USERS, lineOf(USERS, 'query SearchUsers'))}), ` +
  `CreateUserFromAdmin (${at(USERS, lineOf(USERS, 'mutation CreateUserFromAdmin'))}), DeleteUser (${at(USERS, lineOf(USERS, 'mutation DeleteUser'))}), ` +
  `UndeleteUser (${at(USERS, lineOf(USERS, 'mutation UndeleteUser'))}), UpdateUser (${at(USERS, lineOf(USERS, 'mutation UpdateUser'))})`;

function against(...edits: Parameters<typeof snapshotWith>): string {
  return tempFile('target.graphql', snapshotWith(...edits));
}

test('against the committed snapshot: exit 0, no changes, every operation valid', async () => {
  const result = await runCli(['check', '--against', 'schema/wandb.graphql']);
  expect(result).toEqual({
    code: 0,
    stderr: '',
    stdout:
      `Checked ${SDK.operations} operations in ${SDK.files} files against schema/wandb.graphql (changes measured from the bundled W&B schema snapshot).\n\n` +
      'no schema changes from the bundled W&B schema snapshot to schema/wandb.graphql\n' +
      `no impact: all ${SDK.operations} operations are valid against schema/wandb.graphql\n`,
  });
});

test('a field an operation uses is removed: exit 1, naming the field at file:line and every operation that sends it', async () => {
  const target = against(removeField('User', 'deletedAt'));
  const result = await runCli(['check', '--against', target]);
  expect(result.code).toBe(1);
  const line = lineOf(FRAGMENTS, '  deletedAt');
  const problem =
    '      Cannot query field "deletedAt" on type "User". Did you mean "createdAt" or "updatedAt"?\n' +
    "      Field 'deletedAt' was removed from object type 'User' (FIELD_REMOVED)\n";
  expect(result.stdout).toContain(
    'Breaking for the documents (2):\n' +
      `  ${at(FRAGMENTS, line)}:3  User.deletedAt  (in fragment UserFragment)\n${problem}` +
      `      ${OPERATIONS_WITH_USER_FRAGMENT()}\n` +
      `  ${at(ORGANIZATIONS, lineOf(ORGANIZATIONS, '  deletedAt'))}:3  User.deletedAt  (in fragment OrganizationUserFragment)\n${problem}` +
      `      operations: GetOrganization (${at(ORGANIZATIONS, lineOf(ORGANIZATIONS, 'query GetOrganization'))})\n`,
  );
  expect(result.stdout).toContain(`BREAKING: 7 of ${SDK.operations} operations break against ${target}\n`);
});

test('a field nothing uses is removed: exit 0, and the breaking change is still listed', async () => {
  const result = await runCli(['check', '--against', against(removeField('User', 'photoUrl'))]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(
    "Breaking schema changes that no document uses (1):\n  User.photoUrl  Field 'photoUrl' was removed from object type 'User'\n",
  );
  expect(result.stdout).not.toContain('Breaking for the documents');
  expect(result.stdout).toContain('1 breaking, 0 dangerous, 0 safe');
  expect(result.stdout).toContain(`no impact: all ${SDK.operations} operations are valid`);
});

test('a selected field made nullable breaks the documents (their types promise a value); made non-null it does not', async () => {
  const nullable = await runCli(['check', '--against', against(setFieldType('User', 'name', 'String'))]);
  expect(nullable.code).toBe(1);
  expect(nullable.stdout).toContain(
    `  ${at(FRAGMENTS, lineOf(FRAGMENTS, '  name', 'fragment UserFragment'))}:3  User.name  (in fragment UserFragment)\n` +
      "      Field 'User.name' changed type from 'String!' to 'String' (FIELD_TYPE_CHANGED)\n",
  );
  const nonNull = await runCli(['check', '--against', against(setFieldType('User', 'email', 'String!'))]);
  expect(nonNull.code).toBe(0);
  expect(nonNull.stdout).toContain('0 breaking, 0 dangerous, 1 safe');
});

test('a required argument added to a field an operation uses: exit 1 at the field; an optional one: exit 0', async () => {
  const required = await runCli(['check', '--against', against(addArgument('Query', 'users', 'flavor: String!'))]);
  expect(required.code).toBe(1);
  const line = lineOf(USERS, 'users(query:');
  expect(required.stdout).toContain(
    `  ${at(USERS, line)}:3  Query.users  (in operation SearchUsers)\n` +
      '      Field "users" argument "flavor" of type "String!" is required, but it was not provided.\n',
  );
  expect(required.stdout).toContain(`operations: SearchUsers (${at(USERS, lineOf(USERS, 'query SearchUsers'))})`);
  expect(required.stdout).toContain(`BREAKING: 1 of ${SDK.operations} operations`);

  const optional = await runCli(['check', '--against', against(addArgument('Query', 'users', 'flavor: String'))]);
  expect(optional.code).toBe(0);
  expect(optional.stdout).toContain('0 breaking, 1 dangerous, 0 safe');
});

test('a type renamed: exit 1, at the fragment on the old name, for every operation that spreads it', async () => {
  const result = await runCli(['check', '--json', '--against', against(renameType('ApiKey', 'AccessKey'))]);
  expect(result.code).toBe(1);
  const report = JSON.parse(result.stdout);
  const onType = report.impacts.find((i: { coordinate: string }) => i.coordinate === 'ApiKey');
  expect(onType).toMatchObject({
    severity: 'breaking',
    file: shown(FRAGMENTS),
    line: lineOf(FRAGMENTS, 'fragment ApiKeyFragment on ApiKey'),
    definition: 'ApiKeyFragment',
    definitionKind: 'fragment',
    reasons: ['Unknown type "ApiKey".', "Type 'ApiKey' was removed (TYPE_REMOVED)"],
  });
  // In document order: files by path, then by line.
  expect(onType.operations.map((o: { name: string }) => o.name)).toEqual([
    'GenerateApiKey',
    'GetViewer',
    'SearchUsers',
    'CreateUserFromAdmin',
    'DeleteUser',
    'UndeleteUser',
    'UpdateUser',
  ]);
  expect(onType.operations[0]).toEqual({
    name: 'GenerateApiKey',
    operation: 'mutation',
    file: shown(API_KEYS),
    line: lineOf(API_KEYS, 'mutation GenerateApiKey'),
    column: 1,
  });
  expect(report.exitCode).toBe(1);
});

describe('a downstream package checks its own documents with --documents', () => {
  // Run from a temporary "repository", so paths in reports are relative to it.
  const repo = tempDir();
  tempFile(
    'queries.graphql',
    [
      '# A downstream operation that reads an enum field and sends an enum argument',
      'query Me {',
      '  viewer {',
      '    accountType',
      '    username',
      '  }',
      '}',
      '',
    ].join('\n'),
    repo,
  );

  test('an enum value added to an enum a selected field returns: dangerous for the document, exit 0', async () => {
    const result = await runCli(['check', '--documents', '*.graphql', '--against', against(addEnumValue('UserAccountType', 'SUPERUSER'))], { cwd: repo });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Dangerous for the documents (1); valid, but results may change:\n' +
        '  queries.graphql:4:5  User.accountType  (in operation Me)\n' +
        "      Enum value 'SUPERUSER' was added to enum 'UserAccountType' (ENUM_VALUE_ADDED)\n" +
        '      operations: Me (queries.graphql:2)\n',
    );
    expect(result.stdout).toContain('Checked 1 operation in 1 file');
  });

  test('--format github: error annotations at file and line, notices for unused breaking changes, then the verdict', async () => {
    const result = await runCli(
      [
        'check',
        '--documents',
        'queries.graphql',
        '--format',
        'github',
        '--against',
        against(removeField('User', 'username'), removeField('User', 'photoUrl'), addEnumValue('UserAccountType', 'SUPERUSER')),
      ],
      { cwd: repo },
    );
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      '::error file=queries.graphql,line=5,col=5,title=wandb-schema%3A breaking User.username::Cannot query field "username" on type "User". Did you mean "name" or "userInfo"? ' +
        "Field 'username' was removed from object type 'User' (FIELD_REMOVED) Operations: Me (queries.graphql:2).",
      "::warning file=queries.graphql,line=4,col=5,title=wandb-schema%3A dangerous User.accountType::Enum value 'SUPERUSER' was added to enum 'UserAccountType' (ENUM_VALUE_ADDED) Operations: Me (queries.graphql:2).",
      "::notice title=wandb-schema%3A breaking change User.photoUrl::Field 'photoUrl' was removed from object type 'User' (no document uses it)",
      expect.stringMatching(/^schema changes from the bundled W&B schema snapshot to .*target\.graphql: 2 breaking, 1 dangerous, 0 safe/),
      expect.stringMatching(/^BREAKING: 1 of 1 operation breaks against /),
      '',
    ]);
  });
});

test('the default target and baseline are the bundled snapshot', async () => {
  const result = await runCli(['check', '--format', 'github']);
  expect(result).toEqual({
    code: 0,
    stderr: '',
    stdout: `no schema changes (the target is the baseline)\nno impact: all ${SDK.operations} operations are valid against the bundled W&B schema snapshot\n`,
  });
});

test('--baseline: changes are measured from the schema the documents were written for', async () => {
  const older = against(removeField('User', 'photoUrl'));
  const result = await runCli(['check', '--baseline', older, '--against', SNAPSHOT_FILE, '--json']);
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout).changes).toEqual([
    { criticality: 'safe', coordinate: 'User.photoUrl', type: 'FIELD_ADDED', message: "Field 'photoUrl' was added to object type 'User'", used: false },
  ]);
});
