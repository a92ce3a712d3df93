import { buildSchema, type GraphQLSchema, parse, validate } from 'graphql';
import { SNAPSHOT_SDL } from './helpers';

// The organization operations of W&B's Python SDK, as W&B wrote them: the
// snapshot must accept what W&B's own client sends. From wandb/wandb,
// tools/graphql_codegen/artifacts/misc.graphql at b6e29505 (FetchOrganization,
// FetchOrgInfoFromEntity with its OrgInfoFragment) and at 68992233
// (FetchOrgEntityFromOrganization, which FetchOrganization later replaced).
// schema/README.md lists the sources of the fields they select.

const OPERATIONS: Record<string, string> = {
  FetchOrganization: `query FetchOrganization($org: String!) {
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
}`,
  FetchOrgInfoFromEntity: `fragment OrgInfoFragment on Organization {
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
}`,
  FetchOrgEntityFromOrganization: `query FetchOrgEntityFromOrganization($organization: String!) {
  organization(name: $organization) {
    orgEntity {
      name
    }
  }
}`,
};

const snapshot = buildSchema(SNAPSHOT_SDL);

function errorsOf(schema: GraphQLSchema, text: string): string[] {
  return validate(schema, parse(text)).map((error) => error.message);
}

test.each(Object.entries(OPERATIONS))('%s, as W&B wrote it, is valid against the snapshot', (_name, text) => {
  expect(errorsOf(snapshot, text)).toEqual([]);
});

test('Organization.orgEntity has the type and nullability of W&B generated Python code: a nullable Entity', () => {
  const field = snapshot.getType('Organization') as unknown as { getFields(): Record<string, { type: { toString(): string } }> };
  expect(field.getFields().orgEntity?.type.toString()).toBe('Entity');
});

test('without the addition, each of them fails on Organization.orgEntity (the test can fail)', () => {
  const start = SNAPSHOT_SDL.indexOf('extend type Organization {');
  expect(start).toBeGreaterThan(0);
  const end = SNAPSHOT_SDL.indexOf('}', start) + 1;
  const without = buildSchema(SNAPSHOT_SDL.slice(0, start) + SNAPSHOT_SDL.slice(end));
  for (const text of Object.values(OPERATIONS)) {
    expect(errorsOf(without, text)).toEqual(expect.arrayContaining(['Cannot query field "orgEntity" on type "Organization".']));
  }
});
