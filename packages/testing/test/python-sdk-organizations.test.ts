import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, type GraphQLSchema, parse, validate } from 'graphql';
import { type FakeWandb, startFakeWandb } from '../src';
import { post } from './helpers';

// The organization documents W&B's Python SDK sends, as it sends them: the
// codegen texts of wandb/wandb tools/graphql_codegen/artifacts/misc.graphql
// (commit b6e29505: FetchOrganization, FetchOrgInfoFromEntity with
// OrgInfoFragment; commit 68992233: FetchOrgEntityFromOrganization). Each is
// valid against the repository's schema snapshot (schema/README.md lists the
// sources of the fields they select), and the fake answers them raw over HTTP
// with the Python SDK's headers, walking the flows of its `Api.organization()`
// (wandb/apis/public/api.py) and of the organization lookup behind it
// (wandb/sdk/artifacts/_gqlutils.py).

const FETCH_ORGANIZATION = `query FetchOrganization($org: String!) {
  organization(name: $org) {
    id
    name
    orgEntity {
      __typename
      id
      name
      entityType
    }
  }
}`;

const FETCH_ORG_INFO_FROM_ENTITY = `fragment OrgInfoFragment on Organization {
  name
  orgEntity {
    name
  }
}

query FetchOrgInfoFromEntity($entity: String!) {
  entity(name: $entity) {
    organization {
      ...OrgInfoFragment
    }
    user {
      organizations {
        ...OrgInfoFragment
      }
    }
  }
}`;

const FETCH_ORG_ENTITY_FROM_ORGANIZATION = `query FetchOrgEntityFromOrganization($organization: String!) {
  organization(name: $organization) {
    orgEntity {
      name
    }
  }
}`;

const OPERATIONS = {
  FetchOrganization: FETCH_ORGANIZATION,
  FetchOrgInfoFromEntity: FETCH_ORG_INFO_FROM_ENTITY,
  FetchOrgEntityFromOrganization: FETCH_ORG_ENTITY_FROM_ORGANIZATION,
};

describe('against the schema snapshot', () => {
  const sdl = readFileSync(join(__dirname, '..', '..', '..', 'schema', 'wandb.graphql'), 'utf8');
  const errorsOf = (schema: GraphQLSchema, text: string) => validate(schema, parse(text)).map((error) => error.message);

  test.each(Object.entries(OPERATIONS))('%s, as W&B wrote it, is valid', (_name, text) => {
    expect(errorsOf(buildSchema(sdl), text)).toEqual([]);
  });

  test('Organization.orgEntity is a nullable Entity, as W&B generated Python code has it', () => {
    const organization = buildSchema(sdl).getType('Organization') as unknown as { getFields(): Record<string, { type: { toString(): string } }> };
    expect(organization.getFields().orgEntity?.type.toString()).toBe('Entity');
  });

  test('without the addition of Organization.orgEntity, each fails on it (the check can fail)', () => {
    const start = sdl.indexOf('extend type Organization {');
    expect(start).toBeGreaterThan(0);
    const without = buildSchema(sdl.slice(0, start) + sdl.slice(sdl.indexOf('}', start) + 1));
    for (const text of Object.values(OPERATIONS)) {
      expect(errorsOf(without, text)).toContain('Cannot query field "orgEntity" on type "Organization".');
    }
  });
});

const PYTHON_HEADERS = { 'user-agent': 'W&B Public Client 0.25.0', 'use-admin-privileges': 'true' };

let fake: FakeWandb;
let keys: Record<string, string>;
beforeAll(async () => {
  fake = await startFakeWandb({
    users: ['ann', 'bob', 'eve'].map((username) => ({ email: `${username}@example.com`, username })),
    organizations: [
      { name: 'Acme', entityName: 'acme-org', teams: ['vision'], members: [{ username: 'ann', role: 'admin' }, 'bob'] },
      { name: 'Globex', members: ['bob'] },
    ],
  });
  keys = Object.fromEntries(['ann', 'bob', 'eve'].map((username) => [username, fake.addApiKey(fake.getUser(username)!.id).secret]));
});
afterAll(() => fake.close());

async function send(key: string, query: string, variables: Record<string, unknown>) {
  const answer = await post(fake, key, query, variables, PYTHON_HEADERS);
  expect(answer.status).toBe(200);
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data;
}

test("Api.organization() without a name: the personal entity's only organization, then FetchOrganization", async () => {
  const info = await send(keys.ann!, FETCH_ORG_INFO_FROM_ENTITY, { entity: 'ann' });
  expect(info).toEqual({ entity: { organization: null, user: { organizations: [{ name: 'Acme', orgEntity: { name: 'acme-org' } }] } } });
  const org = await send(keys.ann!, FETCH_ORGANIZATION, { org: 'Acme' });
  expect(org).toEqual({
    organization: {
      id: fake.getOrganization('Acme')!.id,
      name: 'Acme',
      orgEntity: { __typename: 'Entity', id: expect.any(String), name: 'acme-org', entityType: 'organization' },
    },
  });
});

test('a user in two organizations gets both, which is what makes the Python SDK ask for a name', async () => {
  const info = await send(keys.bob!, FETCH_ORG_INFO_FROM_ENTITY, { entity: 'bob' });
  expect(info.entity.user.organizations.map((o: { name: string }) => o.name)).toEqual(['Acme', 'Globex']);
});

test('a team entity answers with its organization, and no user', async () => {
  expect(await send(keys.bob!, FETCH_ORG_INFO_FROM_ENTITY, { entity: 'vision' })).toEqual({
    entity: { organization: { name: 'Acme', orgEntity: { name: 'acme-org' } }, user: null },
  });
});

test('FetchOrgEntityFromOrganization names the organization entity', async () => {
  expect(await send(keys.ann!, FETCH_ORG_ENTITY_FROM_ORGANIZATION, { organization: 'Acme' })).toEqual({ organization: { orgEntity: { name: 'acme-org' } } });
});

test('an unknown or unreadable organization is null, which the Python SDK reports as not found', async () => {
  expect(await send(keys.ann!, FETCH_ORGANIZATION, { org: 'no-such-org' })).toEqual({ organization: null });
  expect(await send(keys.eve!, FETCH_ORGANIZATION, { org: 'Acme' })).toEqual({ organization: null });
  expect(await send(keys.eve!, FETCH_ORG_INFO_FROM_ENTITY, { entity: 'eve' })).toEqual({ entity: { organization: null, user: { organizations: [] } } });
});
