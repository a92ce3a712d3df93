import { type Member, PermissionError, type Team } from '@wandb-ts/users';
import type { Context } from '../context.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { closeNames, didYouMean } from '../suggest.js';

// Finding a team and one of its members for the `teams` commands. Why the
// server refused a change is its own message: the commands ask the SDK to
// throw refusals (throwOnRefusal) rather than guess from what they loaded.

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
