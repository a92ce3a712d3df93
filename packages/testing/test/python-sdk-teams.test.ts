import { type FakeWandb, startFakeWandb } from '../src';
import { basic } from './helpers';

// The documents the W&B Python SDK sends for teams, as it sends them: the
// codegen texts of wandb/wandb tools/graphql_codegen/api/teams.graphql
// (commit b6e29505, with their `result:` aliases and `$entity` variables; the
// same as wandb/apis/_generated/operations.py since commit dcd81dc5), the
// generated GetTeamEntity from before `entityType` was added to it (commit
// ac83f008, 2026-01, until dcd81dc5, 2026-07), and the inline texts of
// wandb/apis/public/teams.py before it moved to codegen (commit 008ddc3e,
// `$entityName`). The fake must answer real W&B clients, not only ours, so they
// go raw over HTTP with the Python SDK's headers, and each test walks a flow of
// the Python SDK's Team and Member classes. Its methods answer False (or None)
// when the request fails with an HTTP error (teams.py `except HTTPError`): W&B's
// refusals come as 4xx, and so do the fake's.

const CODEGEN = {
  GetTeamEntity: `query GetTeamEntity($name: String!) {
  entity(name: $name) {
    id
    name
    available
    photoUrl
    readOnly
    readOnlyAdmin
    isTeam
    entityType
    privateOnly
    storageBytes
    codeSavingEnabled
    defaultAccess
    isPaid
    members {
      id
      admin
      pending
      email
      username
      name
      photoUrl
      accountType
      apiKey
    }
  }
}`,
  CreateTeam: `mutation CreateTeam($teamName: String!, $teamAdminUserName: String) {
  result: createTeam(input: { teamName: $teamName, teamAdminUserName: $teamAdminUserName }) {
    entity {
      id
      name
      available
      photoUrl
      limits
    }
  }
}`,
  CreateInvite: `mutation CreateInvite($entity: String!, $email: String, $username: String, $admin: Boolean) {
  result: createInvite(input: { entityName: $entity, email: $email, username: $username, admin: $admin }) {
    invite {
      id
      name
      email
      createdAt
      toUser {
        name
      }
    }
  }
}`,
  DeleteInvite: `mutation DeleteInvite($id: String, $entity: String) {
  result: deleteInvite(input: { id: $id, entityName: $entity }) {
    success
  }
}`,
  CreateServiceAccount: `mutation CreateServiceAccount($entity: String!, $description: String!) {
  result: createServiceAccount(input: { description: $description, entityName: $entity }) {
    user {
      id
    }
  }
}`,
};

/** wandb/apis/_generated/operations.py at ac83f008: GetTeamEntity as today but without `entityType`; the other texts as today. */
const GENERATED_BEFORE_ENTITY_TYPE = { ...CODEGEN, GetTeamEntity: CODEGEN.GetTeamEntity.replace('    entityType\n', '') };

const INLINE = {
  GetTeamEntity: `
    query Entity($name: String!) {
        entity(name: $name) {
            id
            name
            available
            photoUrl
            readOnly
            readOnlyAdmin
            isTeam
            privateOnly
            storageBytes
            codeSavingEnabled
            defaultAccess
            isPaid
            members {
                id
                admin
                pending
                email
                username
                name
                photoUrl
                accountType
                apiKey
            }
        }
    }
    `,
  CreateTeam: `
    mutation CreateTeam($teamName: String!, $teamAdminUserName: String) {
        createTeam(input: {teamName: $teamName, teamAdminUserName: $teamAdminUserName}) {
            entity {
                id
                name
                available
                photoUrl
                limits
            }
        }
    }
    `,
  CreateInvite: `
    mutation CreateInvite($entityName: String!, $email: String, $username: String, $admin: Boolean) {
        createInvite(input: {entityName: $entityName, email: $email, username: $username, admin: $admin}) {
            invite {
                id
                name
                email
                createdAt
                toUser {
                    name
                }
            }
        }
    }
    `,
  DeleteInvite: `
    mutation DeleteInvite($id: String, $entityName: String) {
        deleteInvite(input: {id: $id, entityName: $entityName}) {
            success
        }
    }
  `,
  CreateServiceAccount: `
    mutation CreateServiceAccount($entityName: String!, $description: String!) {
        createServiceAccount(
            input: {description: $description, entityName: $entityName}
        ) {
            user {
                id
            }
        }
    }
    `,
};

const PYTHON_HEADERS = { 'user-agent': 'W&B Public Client 0.21.0', 'use-admin-privileges': 'true' };

let fake: FakeWandb;
beforeEach(async () => {
  fake = await startFakeWandb();
});
afterEach(() => fake.close());

async function send(apiKey: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(`${fake.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(apiKey), ...PYTHON_HEADERS },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

/** Sends a document that must succeed; returns its data. */
async function data(apiKey: string, query: string, variables: Record<string, unknown>) {
  const answer = await send(apiKey, query, variables);
  expect(answer).toEqual({ status: 200, body: { data: expect.anything() } });
  return answer.body.data;
}

test('the generated GetTeamEntity from before entityType selects everything else', () => {
  expect(GENERATED_BEFORE_ENTITY_TYPE.GetTeamEntity).not.toContain('entityType');
  expect(GENERATED_BEFORE_ENTITY_TYPE.GetTeamEntity.split('\n')).toHaveLength(CODEGEN.GetTeamEntity.split('\n').length - 1);
});

describe.each([
  ['codegen (teams.graphql, _generated since 2026-07)', CODEGEN, 'entity', 'result'],
  ['_generated before entityType (2026-01 to 2026-07)', GENERATED_BEFORE_ENTITY_TYPE, 'entity', 'result'],
  ['inline (teams.py)', INLINE, 'entityName', null],
] as const)('%s', (_flavour, texts, entityVariable, alias) => {
  /** The payload of a mutation, under the Python text's alias or W&B's field name. */
  const payload = (answer: Record<string, any>, field: string) => answer[alias ?? field];

  test('Team.create then Team.load: the team with its admin', async () => {
    fake.addUser({ email: 'ann@example.com', username: 'ann' });
    const created = payload(await data(fake.adminApiKey, texts.CreateTeam, { teamName: 'vision', teamAdminUserName: 'ann' }), 'createTeam');
    expect(created.entity).toEqual({ id: expect.any(String), name: 'vision', available: true, photoUrl: null, limits: '{}' });
    const { entity } = await data(fake.adminApiKey, texts.GetTeamEntity, { name: 'vision' });
    expect(entity).toEqual({
      id: created.entity.id,
      name: 'vision',
      available: true,
      photoUrl: null,
      readOnly: false,
      readOnlyAdmin: false,
      isTeam: true,
      ...(texts === CODEGEN && { entityType: 'team' }),
      privateOnly: false,
      storageBytes: 0,
      codeSavingEnabled: false,
      defaultAccess: 'PRIVATE',
      isPaid: false,
      members: [
        {
          id: fake.getUser('ann')!.id,
          admin: true,
          pending: false,
          email: 'ann@example.com',
          username: 'ann',
          name: 'ann',
          photoUrl: null,
          accountType: 'USER',
          apiKey: null,
        },
      ],
    });
    // A taken name: Team.create carries on past the HTTP error (and loads the team that has the name).
    const taken = await send(fake.adminApiKey, texts.CreateTeam, { teamName: 'vision', teamAdminUserName: null });
    expect([taken.status, taken.body.errors.map((e: any) => e.extensions.code)]).toEqual([409, ['CONFLICT']]);
  });

  test('Team.invite by email and by username (as the Python SDK chooses); a second invite of the same person, or an unknown username, is an HTTP error', async () => {
    fake.addUser({ email: 'bob@example.com', username: 'bob', name: 'Bob' });
    fake.addTeam({ name: 'vision', members: [{ username: 'admin', role: 'admin' }] });
    const byEmail = payload(
      await data(fake.adminApiKey, texts.CreateInvite, { [entityVariable]: 'vision', admin: false, email: 'new@example.com' }),
      'createInvite',
    );
    expect(byEmail.invite).toEqual({ id: expect.any(String), name: expect.any(String), email: 'new@example.com', createdAt: expect.any(String), toUser: null });
    const byName = payload(await data(fake.adminApiKey, texts.CreateInvite, { [entityVariable]: 'vision', admin: true, username: 'bob' }), 'createInvite');
    expect(byName.invite).toMatchObject({ email: 'bob@example.com', toUser: { name: 'Bob' } });
    const members = (await data(fake.adminApiKey, texts.GetTeamEntity, { name: 'vision' })).entity.members;
    expect(members.map((m: any) => [m.email, m.admin, m.pending])).toEqual([
      ['admin@example.com', true, false],
      ['new@example.com', false, true],
      ['bob@example.com', true, true],
    ]);
    // Python's invite() returns False when the request fails with an HTTP error: the server must refuse with one.
    const again = await send(fake.adminApiKey, texts.CreateInvite, { [entityVariable]: 'vision', admin: false, username: 'bob' });
    expect([again.status, again.body.errors.map((e: any) => e.extensions.code)]).toEqual([409, ['CONFLICT']]);
    const unknown = await send(fake.adminApiKey, texts.CreateInvite, { [entityVariable]: 'vision', admin: false, username: 'nobody' });
    expect([unknown.status, unknown.body.errors.map((e: any) => e.extensions.code)]).toEqual([404, ['NOT_FOUND']]);
  });

  test('Team.create_service_account: the service account is the last member after reloading, and its key is listed to the admin', async () => {
    fake.addTeam({
      name: 'vision',
      members: [
        { username: 'admin', role: 'admin' },
        { email: 'pending@example.com', pending: true },
      ],
    });
    const made = payload(
      await data(fake.adminApiKey, texts.CreateServiceAccount, { [entityVariable]: 'vision', description: 'CI runner' }),
      'createServiceAccount',
    );
    const members = (await data(fake.adminApiKey, texts.GetTeamEntity, { name: 'vision' })).entity.members;
    const last = members.at(-1);
    expect(last).toMatchObject({ id: made.user.id, accountType: 'SERVICE', name: 'CI runner', email: null, pending: false, apiKey: expect.any(String) });
    expect(fake.issuedSecrets()).toContain(last.apiKey);
  });

  test('Member.delete: DeleteInvite with the member id removes a member, and with an invitation id deletes it', async () => {
    fake.addUser({ email: 'bob@example.com', username: 'bob' });
    fake.addTeam({ name: 'vision', members: [{ username: 'admin', role: 'admin' }, 'bob', { email: 'p@example.com', pending: true }] });
    const members = (await data(fake.adminApiKey, texts.GetTeamEntity, { name: 'vision' })).entity.members;
    for (const member of members.slice(1)) {
      const removed = payload(await data(fake.adminApiKey, texts.DeleteInvite, { id: member.id, [entityVariable]: 'vision' }), 'deleteInvite');
      expect(removed).toEqual({ success: true });
    }
    expect(fake.getTeam('vision')!.members.map((m) => m.username)).toEqual(['admin']);
    // The last admin stays: Member.delete returns False, on the HTTP error.
    const last = await send(fake.adminApiKey, texts.DeleteInvite, { id: members[0].id, [entityVariable]: 'vision' });
    expect([last.status, last.body.errors.map((e: any) => e.extensions.code)]).toEqual([409, ['CONFLICT']]);
  });
});
