// Users, their API keys and their lifecycle (create, deactivate, reactivate, admin flag).
import type { ApiKeyRecord, UserRecord } from './store.js';
import {
  encodeCursor,
  fakeError,
  page,
  type RequestContext,
  refuseArgs,
  requireAdmin,
  requireFirstParty,
  required,
  type Resolver,
  storeCall,
} from './resolver-kit.js';

/** An ApiKey as a response shows it: only the generateApiKey payload reveals the secret. */
interface ApiKeyView {
  key: ApiKeyRecord;
  revealSecret: boolean;
}

function userById(ctx: RequestContext, id: string | null | undefined): UserRecord {
  const user = ctx.store.userById(required(id, 'the id of the user'));
  if (!user) throw fakeError('NOT_FOUND', 'no such user');
  return user;
}

export const Query: Record<string, Resolver> = {
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

export const Mutation: Record<string, Resolver> = {
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
  // W&B keeps a deleted user's account (deletedAt set); repeating the call changes nothing.
  deleteUser(_source, { input }, ctx) {
    requireAdmin(ctx, 'deactivating users');
    refuseArgs(input, ['id', 'clientMutationId'], 'Mutation.deleteUser');
    const user = userById(ctx, input.id);
    storeCall(() => ctx.store.deleteUser(user));
    return { user, clientMutationId: input.clientMutationId ?? null };
  },
  undeleteUser(_source, { input }, ctx) {
    requireAdmin(ctx, 'reactivating users');
    refuseArgs(input, ['id', 'clientMutationId'], 'Mutation.undeleteUser');
    const user = userById(ctx, input.id);
    ctx.store.undeleteUser(user);
    return { user, clientMutationId: input.clientMutationId ?? null };
  },
  // Only the instance admin flag is modelled; the profile fields of UpdateUserInput are refused as not implemented.
  updateUser(_source, { input }, ctx) {
    requireAdmin(ctx, 'changing instance admin rights');
    refuseArgs(input, ['id', 'admin', 'clientMutationId'], 'Mutation.updateUser');
    const user = input.id == null ? ctx.viewer : userById(ctx, input.id);
    const admin = required<boolean>(input.admin, 'updateUser: `admin`');
    storeCall(() => ctx.store.setAdmin(user, admin));
    return { user, clientMutationId: input.clientMutationId ?? null };
  },
};

// The fake returns every key in one page; W&B users have a handful of keys.
const SINGLE_PAGE = { startCursor: null, endCursor: null, hasNextPage: false, hasPreviousPage: false };

export const User: Record<string, Resolver> = {
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
    if (u.n !== ctx.viewer.n && !ctx.viewer.admin) throw fakeError('PERMISSION_ERROR', "permission denied: only admins can list another user's API keys");
    refuseArgs(args, [], 'User.apiKeys');
    const views: ApiKeyView[] = ctx.store.activeKeysOf(u).map((key) => ({ key, revealSecret: false }));
    return { edges: views.map((node) => ({ node, cursor: encodeCursor(node.key.n) })), pageInfo: SINGLE_PAGE };
  },
  teams(u: UserRecord, args, ctx) {
    refuseArgs(args, [], 'User.teams');
    return { edges: ctx.store.teamsOf(u).map((node) => ({ node, cursor: encodeCursor(node.n) })) };
  },
};

export const ApiKey: Record<string, Resolver> = {
  id: (v: ApiKeyView) => v.key.id,
  name: (v: ApiKeyView) => (v.revealSecret ? v.key.secret : v.key.name),
  description: (v: ApiKeyView) => v.key.description,
  user: (v: ApiKeyView, _args, ctx) => ctx.store.userByN(v.key.userN),
};
