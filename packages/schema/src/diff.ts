import { type Change, CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildClientSchema, type GraphQLSchema, introspectionFromSchema } from 'graphql';
import { coordinateOf } from './coordinates.js';

/**
 * How a change affects clients, as graphql-inspector judges it:
 * - `breaking`: operations that use the element can fail (removed field, new required argument, nullable output);
 * - `dangerous`: valid operations may behave differently (new enum value, new optional argument, changed default);
 * - `safe`: no existing operation can notice.
 */
export type Criticality = 'breaking' | 'dangerous' | 'safe';

/** One difference between two schemas that a client can observe, from {@link diffSchemas}. */
export interface SchemaChange {
  /** How the change affects clients that use the element. */
  criticality: Criticality;
  /** Schema coordinate of the changed element: `User.apiKeys`, `Query.users(first:)`, `UserAccountType.ADMIN`, `@auth`. */
  coordinate: string;
  /** graphql-inspector's change type, e.g. `FIELD_REMOVED`. */
  type: string;
  /** graphql-inspector's description, e.g. `Field 'deletedAt' was removed from object type 'User'`. */
  message: string;
  /** Why it is breaking or dangerous, when graphql-inspector says. */
  reason?: string;
}

const LEVELS: Record<CriticalityLevel, Criticality> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe',
};

const ORDER: Record<Criticality, number> = { breaking: 0, dangerous: 1, safe: 2 };

function toSchemaChange(change: Change): SchemaChange {
  const out: SchemaChange = {
    criticality: LEVELS[change.criticality.level],
    coordinate: coordinateOf(change),
    type: change.type,
    message: change.message,
  };
  if (change.criticality.reason) out.reason = change.criticality.reason;
  return out;
}

/**
 * The schema as clients see it. graphql-inspector also compares the SDL
 * spelling of applied directives, so the same schema read from SDL and from
 * introspection (or written `@deprecated(reason: "No longer supported")` and
 * `@deprecated`) would differ; seen through introspection, both sides carry
 * exactly what a client can observe: types, fields, arguments, deprecations.
 */
const clientViews = new WeakMap<GraphQLSchema, GraphQLSchema>();

function clientView(schema: GraphQLSchema): GraphQLSchema {
  let view = clientViews.get(schema);
  if (!view) {
    view = buildClientSchema(introspectionFromSchema(schema), { assumeValid: true });
    clientViews.set(schema, view);
  }
  return view;
}

/**
 * Every difference between two schemas that a client can observe, classified,
 * most severe first, then by coordinate, so the same pair always gives the same list.
 */
export async function diffSchemas(oldSchema: GraphQLSchema, newSchema: GraphQLSchema): Promise<SchemaChange[]> {
  const changes = (await diff(clientView(oldSchema), clientView(newSchema))).map(toSchemaChange);
  return changes.sort(
    (a, b) => ORDER[a.criticality] - ORDER[b.criticality] || compare(a.coordinate, b.coordinate) || compare(a.type, b.type) || compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many changes there are of each {@link Criticality}. */
export interface ChangeCounts {
  /** Changes that can make operations using the element fail. */
  breaking: number;
  /** Changes after which valid operations may behave differently. */
  dangerous: number;
  /** Changes no existing operation can notice. */
  safe: number;
}

/** Counts the changes by criticality (zero for a class with none). */
export function countChanges(changes: readonly SchemaChange[]): ChangeCounts {
  const counts: ChangeCounts = { breaking: 0, dangerous: 0, safe: 0 };
  for (const change of changes) counts[change.criticality]++;
  return counts;
}
