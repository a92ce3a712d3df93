import type { GraphQLFieldResolver } from 'graphql';
import { fakeError, notImplemented, type RequestContext, type Resolver } from './resolver-kit.js';
import * as organizations from './organization-resolvers.js';
import * as server from './server-info-resolvers.js';
import * as teams from './team-resolvers.js';
import * as users from './user-resolvers.js';

export { fakeError, type FakeErrorCode, type RequestContext } from './resolver-kit.js';

/** Types whose fields are resolved only by the functions of these tables; anything else is "not implemented". */
const TYPED: Record<string, Record<string, Resolver>> = {
  Query: { ...users.Query, ...teams.Query, ...organizations.Query, ...server.Query },
  Mutation: { ...users.Mutation, ...teams.Mutation, ...organizations.Mutation },
  User: { ...users.User, ...organizations.User },
  ApiKey: users.ApiKey,
  // Entities and invitations of teams, with those of organizations.
  Entity: organizations.Entity,
  Member: teams.Member,
  Invite: organizations.Invite,
  Organization: organizations.Organization,
  OrganizationMember: organizations.OrganizationMember,
  ServerInfo: server.ServerInfo,
};

/**
 * Every field the fake resolves from its tables, as schema coordinates
 * (`User.createdAt`), sorted. The connections, edges, page info and payloads
 * these fields return are plain objects whose fields come from whatever the
 * returning resolver filled in; every other field of the schema answers
 * `NOT_IMPLEMENTED`. The table in the package README is generated from this
 * (scripts/field-table.mjs).
 */
export function implementedFields(): string[] {
  return Object.entries(TYPED)
    .flatMap(([type, table]) => Object.keys(table).map((field) => `${type}.${field}`))
    .sort();
}

/**
 * The single field resolver of the fake. Records (users, keys, teams, members,
 * invitations) are resolved field by field from the tables above, so an
 * unlisted field such as `User.apiKey` or `Query.runs` is answered with a
 * NOT_IMPLEMENTED error rather than an invented value. Plain shapes built here
 * (connections, edges, page info, payloads) resolve by own property, with the
 * same refusal when absent.
 */
export const fieldResolver: GraphQLFieldResolver<unknown, RequestContext> = (source, args, ctx, info) => {
  const typeName = info.parentType.name;
  // An injected `refuse` fault: the operation is refused where W&B's resolvers refuse, before any change.
  if (ctx.refusal && (info.parentType === info.schema.getQueryType() || info.parentType === info.schema.getMutationType())) {
    throw fakeError(ctx.refusal.code, ctx.refusal.message);
  }
  const table = TYPED[typeName];
  if (table) {
    const resolve = table[info.fieldName];
    if (!resolve) notImplemented(`${typeName}.${info.fieldName}`);
    return resolve(source, args, ctx);
  }
  if (source !== null && typeof source === 'object' && Object.hasOwn(source, info.fieldName)) {
    return (source as Record<string, unknown>)[info.fieldName];
  }
  return notImplemented(`${typeName}.${info.fieldName}`);
};
