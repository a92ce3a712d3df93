import type { User } from '@wandb-ts/users';
import type { Context } from '../context.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { closeNames, didYouMean } from '../suggest.js';

/** Whether `user` is the one named: the exact username, or the email in any case. */
export function isNamed(user: User, usernameOrEmail: string): boolean {
  const wanted = usernameOrEmail.trim();
  return user.username === wanted || user.email?.toLowerCase() === wanted.toLowerCase();
}

/** How many users a failed lookup reads to suggest the one meant. */
const NEAR_PAGE = 50;

/**
 * The user with exactly this username or email (`api.exactUser`): a mere
 * substring match is never taken for the user asked for, since a command
 * that deletes keys or deactivates must not act on the wrong person. When
 * there is none, the users it was most likely meant for are offered ("did you
 * mean"): those whose name, username or email contains it, else those whose
 * username or address is a typo away (among those that start like it).
 */
export async function findUser(ctx: Context, usernameOrEmail: string): Promise<User> {
  const wanted = usernameOrEmail.trim();
  if (wanted === '') throw usageError('the username or email must not be empty', 'Name the person by their username or email address.');
  const user = await ctx.api().exactUser(wanted);
  if (user) return user;
  const near = await nearUsers(ctx, wanted);
  throw new CliError(
    `no user with the username or email ${JSON.stringify(wanted)}`,
    EXIT.NOT_FOUND,
    didYouMean(near) ?? 'Usernames are exact and case-sensitive; `wandb-users users search TEXT` finds users by part of their name, username or email.',
  );
}

/** Who `wanted` was most likely meant to name: one page of a search, by containment first, then by edit distance. */
async function nearUsers(ctx: Context, wanted: string): Promise<string[]> {
  const label = (u: User) => u.username ?? u.email ?? u.id;
  const firstPage = async (query: string) => {
    for await (const page of ctx.api().userPages(query, { pageSize: NEAR_PAGE })) return page;
    return [];
  };
  const containing = await firstPage(wanted);
  if (containing.length > 0) return containing.map(label);
  if (wanted.length < 4) return [];
  const byName = new Map<string, string>();
  for (const u of await firstPage(wanted.slice(0, 3))) {
    for (const name of [u.username, u.email]) if (name) byName.set(name, label(u));
  }
  return [...new Set(closeNames(wanted, byName.keys()).map((name) => byName.get(name) ?? name))];
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
