import { Option } from '@commander-js/extra-typings';
import {
  LastOrganizationAdminError,
  type Organization,
  OrganizationChoiceError,
  type OrganizationInvitation,
  type OrganizationMember,
  SeatLimitError,
} from '@wandb-ts/users';
import type { Context } from '../context.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';

// Finding the organization and one of its members or invitations for the
// `org` commands, and telling why the server refused a change: the SDK
// answers `false` for a refusal without the reason, so the CLI works out what
// it can from what it loaded, as for teams (lookup/team.ts).

const SUGGESTIONS = 5;

/** --org, shared by every `org` command. */
export function orgOption() {
  return new Option('--org <name>', 'the organization (default: yours, when you belong to exactly one)');
}

/**
 * The organization named, or the caller's only one: exit 5 when there is none
 * (or the key may not read it: W&B answers both alike), 2 when no name was
 * given and the caller belongs to several.
 */
export async function loadOrganization(ctx: Context, name: string | undefined): Promise<Organization> {
  let org: Organization | null;
  try {
    org = await ctx.api().organization(name);
  } catch (error) {
    if (!(error instanceof OrganizationChoiceError)) throw error;
    const [first = 'NAME'] = error.organizations;
    throw new CliError(
      `you belong to ${error.organizations.length} organizations (${error.organizations.join(', ')}): say which with --org`,
      EXIT.USAGE,
      `For example: --org ${JSON.stringify(first)}`,
      { cause: error },
    );
  }
  if (org) return org;
  if (name === undefined) {
    throw new CliError('the account of this API key belongs to no organization', EXIT.NOT_FOUND, 'Name one with --org (instance admins may read any).');
  }
  throw new CliError(
    `no organization named ${JSON.stringify(name)} that this API key may read`,
    EXIT.NOT_FOUND,
    'Its members and instance admins may read an organization; `wandb-users org show` without --org shows yours.',
  );
}

/** Whether `member` is the one named: the exact username, or the address in any case. */
export function isOrgMemberNamed(member: OrganizationMember, usernameOrEmail: string): boolean {
  const wanted = usernameOrEmail.trim();
  return member.username === wanted || member.email?.toLowerCase() === wanted.toLowerCase();
}

/** The pending invitation of this address, if any. */
export function invitationFor(org: Organization, usernameOrEmail: string): OrganizationInvitation | undefined {
  const wanted = usernameOrEmail.trim().toLowerCase();
  return org.pendingInvitations.find((i) => i.email?.toLowerCase() === wanted);
}

/**
 * The member with exactly this username or address, or the pending invitation
 * of this address: a partial match is never taken for it; near matches are
 * offered instead (exit 5).
 */
export function findInOrganization(org: Organization, usernameOrEmail: string): OrganizationMember | OrganizationInvitation {
  const wanted = usernameOrEmail.trim();
  if (wanted === '') throw usageError('the username or email must not be empty');
  const found = org.members.find((m) => isOrgMemberNamed(m, wanted)) ?? invitationFor(org, wanted);
  if (found) return found;
  const text = wanted.toLowerCase();
  const near = [
    ...org.members.filter((m) => [m.username, m.email, m.name].some((field) => field?.toLowerCase().includes(text))).map((m) => m.username),
    ...org.pendingInvitations.flatMap((i) => (i.email?.toLowerCase().includes(text) ? [i.email] : [])),
  ];
  throw new CliError(
    `${JSON.stringify(wanted)} is not a member of organization ${org.name}, nor invited to it`,
    EXIT.NOT_FOUND,
    near.length > 0
      ? `Members and invitations whose name, username or email contains it: ${near.slice(0, SUGGESTIONS).join(', ')}${near.length > SUGGESTIONS ? ', ...' : ''}`
      : '`wandb-users org members` lists them.',
  );
}

/**
 * Why the server refused `action` in `org`, when the caller's rights explain
 * it: only its admins and instance admins change an organization. Otherwise
 * `otherwise`, the most likely reason left.
 */
export async function orgRefusal(ctx: Context, org: Organization, action: string, otherwise: CliError): Promise<CliError> {
  const viewer = await ctx.api().viewer();
  const isOrgAdmin = org.members.some((m) => m.id === viewer.id && m.admin);
  if (isOrgAdmin || viewer.admin === true) return otherwise;
  return new CliError(
    `only admins of organization ${org.name} and instance admins can ${action}`,
    EXIT.PERMISSION,
    "Ask an admin of the organization (`wandb-users org members` lists them), or use an instance admin's key.",
  );
}

/**
 * The SDK's typed refusals of an organization change, with what to do about
 * them (both exit 6); anything else as it is.
 */
export function orgConflict(error: unknown): unknown {
  if (error instanceof SeatLimitError) {
    const fix = error.seatType === 'full' ? ', make a member a viewer (`wandb-users org set-role USER viewer`)' : '';
    return new CliError(error.message, EXIT.CONFLICT, `\`wandb-users org show\` shows the seats. Free one (\`wandb-users org remove\`${fix}) or get more.`, {
      cause: error,
    });
  }
  if (error instanceof LastOrganizationAdminError) {
    return new CliError(`${error.message}; nothing was changed`, EXIT.CONFLICT, 'Make another member admin first: wandb-users org set-role USER admin', {
      cause: error,
    });
  }
  return error;
}
