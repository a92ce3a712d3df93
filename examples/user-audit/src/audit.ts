import type { Api, CallOptions, GraphQLErrorInfo, GraphQLResult } from '@wandb-ts/users';
import { type AuditedUserFragment, UserAuditDocument, type UserAuditQuery } from './generated/graphql.js';

/** A user as the audit reads it: the fields selected by `fragment AuditedUser`. */
export type AuditedUser = AuditedUserFragment;

/** What {@link auditUsers} could read, and what the server could not answer. */
export interface Audit {
  users: AuditedUser[];
  /** GraphQL errors next to the data (e.g. one user's teams could not be read); empty when all went well. */
  errors: GraphQLErrorInfo[];
}

/** How many users to ask for per request; the server may cap it lower. */
const PAGE_SIZE = 100;

/**
 * Every user matching `query` (username, email or name), page by page. Sent
 * with `api.execute`, so a partial answer (data and errors together) keeps
 * what was read and reports the rest instead of throwing it all away; a
 * failed request still throws the SDK's typed errors (AuthenticationError,
 * PermissionError, NetworkError...). Admin only on W&B.
 */
export async function auditUsers(api: Pick<Api, 'execute'>, query: string, options?: CallOptions): Promise<Audit> {
  const audit: Audit = { users: [], errors: [] };
  let after: string | null = null;
  do {
    // Annotated: `after` comes from the previous answer, a cycle TypeScript does not infer through.
    const answer: GraphQLResult<UserAuditQuery> = await api.execute(UserAuditDocument, { query, first: PAGE_SIZE, after }, options);
    audit.errors.push(...answer.errors);
    const page = answer.data?.users;
    if (!page) break;
    for (const edge of page.edges) if (edge.node) audit.users.push(edge.node);
    const next = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    // A server that hands back the cursor it was given would keep this loop going forever.
    if (next !== null && next === after) throw new Error(`UserAudit: the server returned the same cursor twice (${JSON.stringify(next)}); stopping`);
    after = next;
  } while (after !== null);
  return audit;
}
