// W&B's error codes, and the one place where a refused operation's code
// becomes the HTTP status of the answer. Every refusal of the fake (its
// resolvers, its store, an injected `refuse` fault) goes through `fakeError`,
// and http.ts asks `statusOfErrors` for the status: a resolver added later gets
// W&B's status without doing anything. Sources of each status: the package
// README, "What the fake assumes about W&B".
import type { GraphQLError } from 'graphql';
/** Error codes the fake puts in `extensions.code`, so clients can branch without parsing messages. */
export type FakeErrorCode = 'RELOGIN_REQUIRED' | 'PERMISSION_ERROR' | 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT' | 'NOT_IMPLEMENTED';

/**
 * How the fake answers an operation that it ran and refused (see {@link StartFakeWandbOptions.refusalStatus}):
 * - `'wandb'`: with the HTTP status W&B gives the refusal's code (403, 404, 409, 400, 401), as W&B does;
 * - `'always-200'`: with HTTP 200, the style of many GraphQL servers.
 */
export type RefusalStatus = 'wandb' | 'always-200';

/**
 * The HTTP status W&B answers a refusal with, by code. `NOT_IMPLEMENTED` is the
 * fake's own (a field it does not resolve), not a refusal of W&B's: HTTP 200,
 * as an execution error without a code.
 */
export const WANDB_STATUS: Readonly<Record<FakeErrorCode, number>> = {
  RELOGIN_REQUIRED: 401,
  PERMISSION_ERROR: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BAD_USER_INPUT: 400,
  NOT_IMPLEMENTED: 200,
};

function isFakeErrorCode(code: unknown): code is FakeErrorCode {
  return typeof code === 'string' && Object.hasOwn(WANDB_STATUS, code);
}

/**
 * The HTTP status of an executed operation's answer: that of its first error
 * with a refusal code (in the `'wandb'` style), else 200. `data` travels with
 * it either way, null where the refusal struck.
 */
export function statusOfErrors(errors: readonly GraphQLError[] | undefined, style: RefusalStatus): number {
  if (style === 'always-200') return 200;
  for (const error of errors ?? []) {
    const code = error.extensions?.code;
    if (isFakeErrorCode(code) && WANDB_STATUS[code] !== 200) return WANDB_STATUS[code];
  }
  return 200;
}
