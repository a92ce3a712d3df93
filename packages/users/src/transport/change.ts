import { errorOfResult } from '../errors/classify.js';
import { AbortError } from '../errors/network-errors.js';
import { isAmbiguous } from '../errors/outcome.js';
import { ConflictError, GraphQLResponseError, NotFoundError, PermissionError, SchemaMismatchError } from '../errors/refusals.js';
import { WandbError } from '../errors/wandb-error.js';
import type { GraphQLResult } from './transport.js';

// The convention of the methods that change something and answer a boolean
// (team.invite, member.delete, member.setRole, user.deactivate, reactivate,
// setAdmin): `true` when the change holds, `false` when the server refused it,
// and an exception for everything no answer from the server decided (bad input,
// authentication, a schema or a network failure): a caller such as a sync job
// must stop there rather than note "refused" and go on.

/** Sends after unknown outcomes, each preceded by a look at the server's state. */
const MAX_ROUNDS = 3;

/**
 * A refusal by the server: a GraphQL answer saying not allowed, no such thing,
 * already so, or an error it did not explain (at HTTP 200, or 4xx as W&B
 * answers them). Other failures are thrown by the boolean methods: input the
 * server found invalid, authentication, a schema that lacks a field, network
 * failures that prove nothing was done, and HTTP errors without a GraphQL
 * answer (a proxy's 403 or 404 says nothing about W&B's rules).
 */
export function isRefusal(error: WandbError): boolean {
  if (error instanceof SchemaMismatchError || error.graphQLErrors.length === 0) return false;
  return error instanceof PermissionError || error instanceof NotFoundError || error instanceof ConflictError || error instanceof GraphQLResponseError;
}

/** One change, sent with {@link applyChange}. */
export interface Change<TData> {
  /** The GraphQL endpoint and operation, for errors. */
  url: string;
  operation: string;
  /** Sends the mutation once (a model client's `execute`). */
  send(): Promise<GraphQLResult<TData>>;
  /** Throw the server's refusal instead of answering false (the method's `throwOnRefusal` option). */
  throwOnRefusal?: boolean | undefined;
  /** Whether the payload proves the change was made; takes what it carries (fresh attributes). */
  applied(data: TData | null | undefined): boolean;
  /**
   * After an unknown outcome: whether the server's state shows the change made.
   * Throws when it cannot tell (the look itself failed). Sending again must be
   * harmless when it answers false: every change sent this way is idempotent,
   * or refused by the server when repeated.
   */
  holds(): Promise<boolean>;
}

/**
 * Sends `change` and answers whether it holds. An ambiguous failure (a reset, a
 * timeout, a 5xx, a body that is not GraphQL) is settled from the server's
 * state: made counts as done; not made is sent again (at most three rounds);
 * when the state cannot be read, the original failure is thrown. A refusal
 * after a resend is checked the same way, since the earlier send may have
 * landed late and made the change itself. A refusal is the same whether the
 * server answered it with HTTP 200 or with a 4xx (W&B's way): false, or thrown
 * with `throwOnRefusal`.
 */
export async function applyChange<TData>(change: Change<TData>): Promise<boolean> {
  // undefined: the state could not be read. Stopping was asked for: that is thrown.
  const holds = async (): Promise<boolean | undefined> => {
    try {
      return await change.holds();
    } catch (error) {
      if (error instanceof AbortError) throw error;
      return undefined;
    }
  };
  for (let round = 1; ; round++) {
    // What the server answered instead of the change: at HTTP 200, or at a 4xx (thrown).
    let refusal: WandbError;
    try {
      const result = await change.send();
      // A payload that proves the change is the truth, whatever errors came with it.
      if (change.applied(result.data)) return true;
      if (result.errors.length === 0) return false;
      refusal = errorOfResult(result, change.operation, change.url);
    } catch (error) {
      if (!(error instanceof WandbError)) throw error;
      if (isAmbiguous(error)) {
        const state = await holds();
        if (state === true) return true;
        if (state === undefined || round >= MAX_ROUNDS) throw error;
        continue;
      }
      refusal = error;
    }
    if (!isRefusal(refusal)) throw refusal;
    if (round > 1 && (await holds()) === true) return true;
    if (change.throwOnRefusal) throw refusal;
    return false;
  }
}
