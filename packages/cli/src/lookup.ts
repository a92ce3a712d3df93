import type { User } from '@wandb-ts/users';
import type { Context } from './context.js';
import { CliError, EXIT, usageError } from './exit-codes.js';

/** Whether `user` is the one named: the exact username, or the email in any case. */
export function isNamed(user: User, usernameOrEmail: string): boolean {
  const wanted = usernameOrEmail.trim();
  return user.username === wanted || user.email?.toLowerCase() === wanted.toLowerCase();
}

const SUGGESTIONS = 5;

/**
 * The user with exactly this username or email. Unlike `api.user()`, a mere
 * substring match is never taken for the user asked for: a CLI that deletes
 * keys must not act on the wrong person. Near matches are offered instead.
 */
export async function findUser(ctx: Context, usernameOrEmail: string): Promise<User> {
  const wanted = usernameOrEmail.trim();
  if (wanted === '') throw usageError('the username or email must not be empty');
  const near: string[] = [];
  for await (const user of ctx.api().iterUsers(wanted)) {
    if (isNamed(user, wanted)) return user;
    if (near.length < SUGGESTIONS) near.push(user.username ?? user.email ?? user.id);
  }
  throw new CliError(
    `no user with the username or email ${JSON.stringify(wanted)}`,
    EXIT.NOT_FOUND,
    near.length > 0 ? `Users whose name, username or email contains it: ${near.join(', ')}${near.length === SUGGESTIONS ? ', ...' : ''}` : undefined,
  );
}

/**
 * The viewer when `usernameOrEmail` is absent or names the viewer (which needs
 * no admin rights), otherwise the user found by `findUser` (admin only on W&B).
 */
export async function viewerOrUser(ctx: Context, usernameOrEmail: string | undefined): Promise<{ user: User; isViewer: boolean }> {
  const viewer = await ctx.api().viewer();
  if (usernameOrEmail === undefined || isNamed(viewer, usernameOrEmail)) return { user: viewer, isViewer: true };
  return { user: await findUser(ctx, usernameOrEmail), isViewer: false };
}
