import { type Api, type CallOptions, ConflictError } from '@wandb-ts/users';
import { ProvisionUserDocument } from './generated/graphql.js';
import type { AuditedUser } from './audit.js';

/** The kinds of account {@link provisionUser} creates. */
export type AccountType = 'USER' | 'SERVICE';

/**
 * Creates a user (or a service account) with `admin: false`, and returns it as
 * the audit sees it; `null` when the email is already taken. Sent with
 * `api.request`, so the SDK's retry rules for mutations apply (resent only when
 * the server provably did nothing) and failures arrive as its typed errors, of
 * which this handles one: `ConflictError`. Admin only on W&B.
 */
export async function provisionUser(
  api: Pick<Api, 'request'>,
  email: string,
  accountType: AccountType = 'USER',
  options?: CallOptions,
): Promise<AuditedUser | null> {
  try {
    const { createUser } = await api.request(ProvisionUserDocument, { email, accountType }, options);
    return createUser?.user ?? null;
  } catch (error) {
    if (error instanceof ConflictError) return null;
    throw error;
  }
}
