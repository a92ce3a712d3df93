import { type Member, PermissionError, type Team, type User } from '@wandb-ts/users';
import type { Context } from './context.js';
import { CliError, EXIT, usageError } from './exit-codes.js';
import { closeNames, didYouMean } from './suggest.js';

// Finding a team and one of its members for the `teams` commands, and telling
// why the server refused a change: the SDK answers `false` for a refusal
// without the reason, so the CLI works out what it can from what it loaded.

/** The team named `name`; exit 5 when there is none, 4 (with the reason) when its members are hidden from the caller. */
export async function loadTeam(ctx: Context, name: string): Promise<Team> {
  let team: Team | null;
  try {
    team = await ctx.api().team(name);
  } catch (error) {
    if (!(error instanceof PermissionError)) throw error;
    throw new CliError(`only members of team ${JSON.stringify(name)} and instance admins can see its members`, EXIT.PERMISSION, undefined, { cause: error });
  }
  if (!team) throw new CliError(`no team named ${JSON.stringify(name)}`, EXIT.NOT_FOUND, 'Team names are case-sensitive; `wandb-users teams` lists yours.');
  return team;
}

/** Whether `member` is the one named: the exact username, or the address in any case (pending invitations have only that). */
export function isMemberNamed(member: Member, usernameOrEmail: string): boolean {
  const wanted = usernameOrEmail.trim();
  return member.username === wanted || member.email?.toLowerCase() === wanted.toLowerCase();
}

/** Who a member is, in a message: the username, else the address invited, else the name. */
export function memberLabel(member: Member): string {
  return member.username ?? member.email ?? member.name;
}

/**
 * The member (or pending invitation) with exactly this username or address:
 * a partial match is never taken for it, as for users (lookup.ts); near
 * matches are offered instead.
 */
export function findMember(team: Team, usernameOrEmail: string): Member {
  const wanted = usernameOrEmail.trim();
  if (wanted === '') throw usageError('the username or email must not be empty');
  const found = team.members.find((member) => isMemberNamed(member, wanted));
  if (found) return found;
  const text = wanted.toLowerCase();
  const containing = team.members.filter((m) => [m.username, m.email, m.name].some((field) => field?.toLowerCase().includes(text))).map(memberLabel);
  const near =
    containing.length > 0
      ? containing
      : closeNames(
          wanted,
          team.members.flatMap((m) => [m.username, m.email].filter((f): f is string => f !== null)),
        );
  throw new CliError(
    `${JSON.stringify(wanted)} is not a member of team ${team.name}, nor invited to it`,
    EXIT.NOT_FOUND,
    didYouMean(near) ?? `\`wandb-users teams show ${team.name}\` lists its members.`,
  );
}

/** The admins of `team` who joined (pending invitations give no rights yet). */
export function joinedAdmins(team: Team): Member[] {
  return team.members.filter((m) => m.admin && !m.pending);
}

/**
 * Why the server refused `action` on `team`, when the caller's rights explain
 * it: only the team's admins and instance admins change a team. Otherwise
 * `otherwise`, the most likely reason left.
 */
export async function teamRefusal(ctx: Context, team: Team, action: string, otherwise: CliError): Promise<CliError> {
  const viewer = await ctx.api().viewer();
  const isTeamAdmin = joinedAdmins(team).some((m) => m.id === viewer.id);
  if (isTeamAdmin || viewer.admin === true) return otherwise;
  return new CliError(
    `only admins of team ${team.name} and instance admins can ${action}`,
    EXIT.PERMISSION,
    "Ask an admin of the team (`wandb-users teams show` lists them), or use an instance admin's key.",
  );
}

/** Why the server refused a lifecycle change of `user`: only instance admins may; otherwise `otherwise`. */
export async function adminRefusal(ctx: Context, user: User, action: string, otherwise: CliError): Promise<CliError> {
  const viewer = await ctx.api().viewer();
  if (viewer.admin === true) return otherwise;
  return new CliError(`only instance admins can ${action} ${user.username ?? String(user)}`, EXIT.PERMISSION, 'Use the API key of an instance admin.');
}
