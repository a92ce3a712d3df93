import { applyChange } from '../transport/change.js';
import { DeleteUserDocument, UndeleteUserDocument, UpdateUserDocument, type UserFragment } from '../generated/operations.js';
import type { ModelClient } from '../transport/model-client.js';
import type { ChangeOptions } from '../transport/transport.js';

// user.deactivate, reactivate and setAdmin (user.ts holds the class): the
// three share one way of confirming a change, kept apart from the class.

/** A lifecycle change of a user. */
export type LifecycleChange = { kind: 'deactivate' } | { kind: 'reactivate' } | { kind: 'setAdmin'; admin: boolean };

/** The User a change is for: its ID, its attributes on the server now, and where fresh ones go. */
export interface LifecycleTarget {
  readonly id: string;
  /** The user's attributes as the server has them now; null when it no longer finds them. */
  fetch(): Promise<UserFragment | null>;
  /** Takes attributes the server returned as the User's. */
  take(attrs: UserFragment): void;
}

/** Whether a user's attributes show the change made. */
function shows(change: LifecycleChange, user: UserFragment): boolean {
  if (change.kind === 'deactivate') return user.deletedAt !== null;
  if (change.kind === 'reactivate') return user.deletedAt === null;
  return user.admin === change.admin;
}

/**
 * Sends `change` for `target` (all three are idempotent on W&B: repeating one
 * changes nothing): answered by the payload (the user as the server has them
 * now, which the User takes), or after an unknown outcome by the user's
 * attributes on the server.
 */
export function changeUser(client: ModelClient, target: LifecycleTarget, change: LifecycleChange, options?: ChangeOptions): Promise<boolean> {
  const take = (user: UserFragment | null | undefined): boolean => {
    if (!user || user.id !== target.id || !shows(change, user)) return false;
    target.take(user);
    return true;
  };
  const common = {
    url: client.graphqlUrl,
    throwOnRefusal: options?.throwOnRefusal,
    holds: async () => {
      const fresh = await target.fetch();
      if (!fresh) throw new Error('the user is not found any more');
      return take(fresh);
    },
  };
  const id = target.id;
  switch (change.kind) {
    case 'deactivate':
      return applyChange({
        ...common,
        operation: 'DeleteUser',
        send: () => client.execute(DeleteUserDocument, { id }, options),
        applied: (d) => take(d?.deleteUser?.user),
      });
    case 'reactivate':
      return applyChange({
        ...common,
        operation: 'UndeleteUser',
        send: () => client.execute(UndeleteUserDocument, { id }, options),
        applied: (d) => take(d?.undeleteUser?.user),
      });
    case 'setAdmin':
      return applyChange({
        ...common,
        operation: 'UpdateUser',
        send: () => client.execute(UpdateUserDocument, { id, admin: change.admin }, options),
        applied: (d) => take(d?.updateUser?.user),
      });
  }
}
