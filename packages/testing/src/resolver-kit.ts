// What every resolver table of the fake shares: the request context, W&B's
// error codes, the access gates, and paging.
import { GraphQLError } from 'graphql';
import type { FakeErrorCode } from './error-codes.js';
import { type FakeWandbStore, StoreError, type UserRecord } from './store.js';

export type { FakeErrorCode } from './error-codes.js';

/** What a resolver knows about the request it is answering. */
export interface RequestContext {
  store: FakeWandbStore;
  viewer: UserRecord;
  /** The request carried `Use-Admin-Privileges: true` and a `W&B Public Client` User-Agent. */
  firstParty: boolean;
  pageSize: number;
  maxPageSize: number;
  /** An injected `refuse` fault: every root field of the operation refuses with it, before doing anything. */
  refusal?: { code: FakeErrorCode; message: string } | undefined;
}

/** A refusal as W&B words it: a GraphQL error with the code in `extensions.code` (its HTTP status: error-codes.ts). */
export function fakeError(code: FakeErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

// biome-ignore lint/suspicious/noExplicitAny: each resolver declares the source and arguments it expects, which graphql-js has already checked against the schema; `unknown` here would reject those declarations.
export type Resolver = (source: any, args: any, ctx: RequestContext) => unknown;

// W&B hides admin-only operations and first-party fields from clients that do
// not identify as its own SDK with admin privileges requested; it answers
// "relogin required". The fake does the same so clients that forget the
// headers fail here first rather than in production.
export function requireFirstParty(ctx: RequestContext): void {
  if (!ctx.firstParty) throw fakeError('RELOGIN_REQUIRED', 'relogin required');
}

export function requireAdmin(ctx: RequestContext, what: string): void {
  requireFirstParty(ctx);
  if (!ctx.viewer.admin) throw fakeError('PERMISSION_ERROR', `permission denied: ${what} requires instance admin privileges`);
}

/** Whether the caller acts with instance admin powers: an instance admin who asked for them (first-party headers). */
export function actsAsInstanceAdmin(ctx: RequestContext): boolean {
  return ctx.viewer.admin && ctx.firstParty;
}

export function notImplemented(what: string): never {
  throw fakeError('NOT_IMPLEMENTED', `${what} is not implemented by the fake W&B server`);
}

/** Arguments the fake does not implement are refused rather than silently ignored. */
export function refuseArgs(args: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const [name, value] of Object.entries(args)) {
    if (value !== undefined && value !== null && !allowed.includes(name)) notImplemented(`the argument ${where}(${name}:)`);
  }
}

/** A required argument the schema leaves nullable: W&B refuses the request without it. */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined || value === '') throw fakeError('BAD_USER_INPUT', `${what} is required`);
  return value;
}

export function storeCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof StoreError) throw fakeError(error.code, error.message);
    throw error;
  }
}

const CURSOR_PREFIX = 'cursor:';

export function encodeCursor(n: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${n}`, 'utf8').toString('base64');
}

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const n = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isSafeInteger(n)) throw fakeError('BAD_USER_INPUT', `invalid cursor: ${JSON.stringify(cursor)}`);
  return n;
}

/** A page of `items` (ordered by record number) after `after`, at most `first` long, capped by the server. */
export function page<T extends { n: number }>(items: T[], first: number | null | undefined, after: string | null | undefined, ctx: RequestContext) {
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
