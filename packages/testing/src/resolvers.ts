import { GraphQLError, type GraphQLFieldResolver } from 'graphql';
import { type ApiKeyRecord, type FakeWandbStore, StoreError, type TeamRecord, type UserRecord } from './store.js';

/** What a resolver knows about the request it is answering. */
export interface RequestContext {
  store: FakeWandbStore;
  viewer: UserRecord;
  /** The request carried `Use-Admin-Privileges: true` and a `W&B Public Client` User-Agent. */
  firstParty: boolean;
  pageSize: number;
  maxPageSize: number;
}

/** Error codes the fake puts in `extensions.code`, so clients can branch without parsing messages. */
export type FakeErrorCode =
  | 'RELOGIN_REQUIRED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BAD_USER_INPUT'
  | 'NOT_IMPLEMENTED';

export function fakeError(code: FakeErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

type Resolver = (source: any, args: any, ctx: RequestContext) => unknown;

// W&B hides admin-only operations and first-party fields from clients that do
// not identify as its own SDK with admin privileges requested; it answers
// "relogin required". The fake does the same so clients that forget the
// headers fail here first rather than in production.
function requireFirstParty(ctx: RequestContext): void {
  if (!ctx.firstParty) throw fakeError('RELOGIN_REQUIRED', 'relogin required');
}

function requireAdmin(ctx: RequestContext, what: string): void {
  requireFirstParty(ctx);
  if (!ctx.viewer.admin) throw fakeError('PERMISSION_DENIED', `permission denied: ${what} requires instance admin privileges`);
}

function notImplemented(what: string): never {
  throw fakeError('NOT_IMPLEMENTED', `${what} is not implemented by the fake W&B server`);
}

/** Arguments the fake does not implement are refused rather than silently ignored. */
function refuseArgs(args: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const [name, value] of Object.entries(args)) {
    if (value !== undefined && value !== null && !allowed.includes(name)) notImplemented(`the argument ${where}(${name}:)`);
  }
}

function storeCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof StoreError) throw fakeError(error.code, error.message);
    throw error;
  }
}

const CURSOR_PREFIX = 'cursor:';

function encodeCursor(n: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${n}`, 'utf8').toString('base64');
}

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const n = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isSafeInteger(n)) throw fakeError('BAD_USER_INPUT', `invalid cursor: ${JSON.stringify(cursor)}`);
  return n;
}

/** A page of `items` (ordered by record number) after `after`, at most `first` long, capped by the server. */
function page<T extends { n: number }>(items: T[], first: number | null | undefined, after: string | null | undefined, ctx: RequestContext) {
  if (first != null && first < 0) throw fakeError('BAD_USER_INPUT', '`first` must not be negative');
  const size = Math.min(first ?? ctx.pageSize, ctx.maxPageSize);
  const start = after ? decodeCursor(after) : 0;
  const rest = items.filter((item) => item.n > start);
  const slice = rest.slice(0, size);
  const last = slice[slice.length - 1];
  return {
    edges: slice.map((node) => ({ node, cursor: encodeCursor(node.n) })),
    pageInfo: {
      startCursor: slice[0] ? encodeCursor(slice[0].n) : null,
      endCursor: last ? encodeCursor(last.n) : null,
      hasNextPage: rest.length > slice.length,
      hasPreviousPage: start > 0,
    },
  };
}

/** An ApiKey as a response shows it: only the generateApiKey payload reveals the secret. */
interface ApiKeyView {
  key: ApiKeyRecord;
  revealSecret: boolean;
}

const Query: Record<string, Resolver> = {
  viewer(_source, args, ctx) {
    refuseArgs(args, [], 'Query.viewer');
    return ctx.viewer;
  },
  user(_source, args: { id?: string | null; userName?: string | null }, ctx) {
    const user = args.id ? ctx.store.userById(args.id) : args.userName ? ctx.store.findUserByUsername(args.userName) : undefined;
    if (user?.n !== ctx.viewer.n) requireAdmin(ctx, 'looking up another user');
    return user ?? null;
  },
  users(_source, args, ctx) {
    requireAdmin(ctx, 'listing users');
    refuseArgs(args, ['query', 'first', 'after', 'ids', 'usernames'], 'Query.users');
    let found = ctx.store.searchUsers(args.query);
    if (args.ids) found = found.filter((u) => args.ids.includes(u.id));
    if (args.usernames) found = found.filter((u) => args.usernames.includes(u.username));
    return page(found, args.first, args.after, ctx);
  },
};

const Mutation: Record<string, Resolver> = {
  createUser(_source, { input }, ctx) {
    requireAdmin(ctx, 'creating users');
    refuseArgs(input, ['email', 'admin', 'accountType', 'clientMutationId'], 'Mutation.createUser');
    const accountType = input.accountType ?? 'USER';
    if (accountType !== 'USER' && accountType !== 'SERVICE') throw fakeError('BAD_USER_INPUT', `unknown accountType: ${JSON.stringify(accountType)}`);
    const user = storeCall(() => ctx.store.createUser({ email: input.email, admin: input.admin ?? false, accountType }));
    return { user, clientMutationId: input.clientMutationId ?? null };
  },
  generateApiKey(_source, { input }, ctx) {
    // A key is always issued to the caller: there is no way to name another user.
    const key = ctx.store.issueKey(ctx.viewer, input.description ?? null);
    const view: ApiKeyView = { key, revealSecret: true };
    return { apiKey: view, clientMutationId: input.clientMutationId ?? null };
  },
  deleteApiKey(_source, { input }, ctx) {
    if (!input.id) throw fakeError('BAD_USER_INPUT', 'deleteApiKey needs the id of the key');
    const key = ctx.store.keyById(input.id);
    if (!key) throw fakeError('NOT_FOUND', 'no such API key');
    if (key.userN !== ctx.viewer.n) requireAdmin(ctx, "deleting another user's API key");
    ctx.store.deleteKey(key);
    return { success: true, clientMutationId: input.clientMutationId ?? null };
  },
};

// The fake returns every key in one page; W&B users have a handful of keys.
const SINGLE_PAGE = { startCursor: null, endCursor: null, hasNextPage: false, hasPreviousPage: false };

const User: Record<string, Resolver> = {
  id: (u: UserRecord) => u.id,
  name: (u: UserRecord) => u.name,
  username: (u: UserRecord) => u.username,
  email: (u: UserRecord) => u.email,
  admin: (u: UserRecord) => u.admin,
  accountType: (u: UserRecord) => u.accountType,
  flags: (u: UserRecord) => u.flags,
  entity: (u: UserRecord) => u.username,
  createdAt: (u: UserRecord) => u.createdAt,
  deletedAt: (u: UserRecord) => u.deletedAt,
  apiKeys(u: UserRecord, args, ctx) {
    requireFirstParty(ctx);
    if (u.n !== ctx.viewer.n && !ctx.viewer.admin) throw fakeError('PERMISSION_DENIED', "permission denied: only admins can list another user's API keys");
    refuseArgs(args, [], 'User.apiKeys');
    const views: ApiKeyView[] = ctx.store.activeKeysOf(u).map((key) => ({ key, revealSecret: false }));
    return { edges: views.map((node) => ({ node, cursor: encodeCursor(node.key.n) })), pageInfo: SINGLE_PAGE };
  },
  teams(u: UserRecord, args, ctx) {
    refuseArgs(args, [], 'User.teams');
    return { edges: ctx.store.teamsOf(u).map((node) => ({ node, cursor: encodeCursor(node.n) })) };
  },
};


const ApiKey: Record<string, Resolver> = {
  id: (v: ApiKeyView) => v.key.id,
  name: (v: ApiKeyView) => (v.revealSecret ? v.key.secret : v.key.name),
  description: (v: ApiKeyView) => v.key.description,
  user: (v: ApiKeyView, _args, ctx) => ctx.store.userByN(v.key.userN),
};

const Entity: Record<string, Resolver> = {
  id: (t: TeamRecord) => t.id,
  name: (t: TeamRecord) => t.name,
  isTeam: () => true,
  memberCount: (t: TeamRecord) => t.memberIds.size,
  createdAt: (t: TeamRecord) => t.createdAt,
};

/** Types whose fields are resolved only by the functions above; anything else is "not implemented". */
const TYPED: Record<string, Record<string, Resolver>> = { Query, Mutation, User, ApiKey, Entity };

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
 * The single field resolver of the fake. Records (users, keys, teams) are
 * resolved field by field from the tables above, so an unlisted field such as
 * `User.apiKey` or `Query.runs` is answered with a NOT_IMPLEMENTED error rather
 * than an invented value. Plain shapes built here (connections, edges, page
 * info, payloads) resolve by own property, with the same refusal when absent.
 */
export const fieldResolver: GraphQLFieldResolver<unknown, RequestContext> = (source, args, ctx, info) => {
  const typeName = info.parentType.name;
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
