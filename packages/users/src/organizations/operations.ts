import { applyChange } from '../transport/change.js';
import { AbortError } from '../errors/network-errors.js';
import { LastOrganizationAdminError, SeatLimitError } from '../errors/organization-errors.js';
import { NotFoundError } from '../errors/refusals.js';
import { WandbError } from '../errors/wandb-error.js';
import {
  AddUserToOrganizationDocument,
  GetOrganizationDocument,
  type OrganizationFragment,
  RemoveUserFromOrganizationDocument,
  UpdateOrganizationUserDocument,
} from '../generated/operations.js';
import type { ModelClient } from '../transport/model-client.js';
import { type SeatType, seatTypeOf } from './types.js';
import { describeName } from '../errors/redact.js';
import type { CallOptions } from '../transport/transport.js';

// What Organization does (organization.ts holds the class). Every change is
// answered as the team changes are (transport/change.ts): true when it holds, false when
// W&B refused it, an ambiguous failure settled from the organization's state.
// Two refusals get typed errors instead of false, because a caller must act
// differently on them: no seat of the kind needed (SeatLimitError, with the
// numbers) and the organization's last admin (LastOrganizationAdminError),
// which is refused before sending, as W&B warns automation can remove it.

type Member = OrganizationFragment['members'][number];
type Invitation = OrganizationFragment['pendingInvites'][number];

/** The organization a change is for. */
export interface OrganizationRef {
  readonly id: string;
  readonly name: string;
}

/** Whom a change is for: a user's ID (a User or a member), a username, or an address (a member's, or a pending invitation's). */
export type OrganizationTarget = { readonly id: string } | { readonly username: string } | { readonly email: string };

const ADMIN_ROLE = 'admin';

/** The organization by name or by ID as the server has it now; null when it does not exist or the key may not read it. */
export async function fetchOrganization(
  client: Pick<ModelClient, 'request'>,
  by: { name: string } | { id: string },
  options?: CallOptions,
): Promise<OrganizationFragment | null> {
  const data = await client.request(GetOrganizationDocument, by, options);
  return data.organization;
}

/** `organization.reload`: the organization now; NotFoundError when it is gone or no longer readable with this key. */
export async function currentOrganization(client: ModelClient, org: OrganizationRef, options?: CallOptions): Promise<OrganizationFragment> {
  const state = await fetchOrganization(client, { id: org.id }, options);
  if (!state) {
    throw new NotFoundError(`there is no organization ${describeName(org.name)} any more, or this API key may no longer read it`, {
      operation: 'GetOrganization',
      url: client.graphqlUrl,
    });
  }
  return state;
}

/** The member `target` names in `state`: by user ID, exact username, or address ignoring case. */
export function memberOf(state: OrganizationFragment, target: OrganizationTarget): Member | undefined {
  if ('id' in target) return state.members.find((m) => m.id === target.id || m.user.id === target.id);
  if ('username' in target) return state.members.find((m) => m.username === target.username);
  const email = target.email.toLowerCase();
  return state.members.find((m) => m.user.email?.toLowerCase() === email);
}

/** The pending invitation of the address `target` names in `state`. */
export function invitationOf(state: OrganizationFragment, target: OrganizationTarget): Invitation | undefined {
  if (!('email' in target)) return undefined;
  const email = target.email.toLowerCase();
  return state.pendingInvites.find((i) => i.email?.toLowerCase() === email);
}

/** Seats of `type` in `state`: what it has and what is taken. */
function seatsOf(state: OrganizationFragment, type: SeatType): { total: number; used: number } {
  return type === 'full'
    ? { total: state.seatAvailability.seats, used: state.usedSeats }
    : { total: state.seatAvailability.viewOnlySeats, used: state.usedViewOnlySeats };
}

function seatLimit(state: OrganizationFragment, type: SeatType, operation: string, url: string): SeatLimitError | undefined {
  const { total, used } = seatsOf(state, type);
  if (used < total) return undefined;
  const kind = type === 'full' ? 'full seat' : 'view-only seat';
  return new SeatLimitError(
    `no ${kind} left in organization ${describeName(state.name)}: ${used} of ${total} in use. Free one (remove someone, withdraw an invitation${type === 'full' ? ', make someone a viewer' : ''}) or get more seats.`,
    { operation, url, organization: state.name, seatType: type, total, used },
  );
}

function isLastAdmin(state: OrganizationFragment, member: Member): boolean {
  return member.role === ADMIN_ROLE && state.members.filter((m) => m.role === ADMIN_ROLE).length === 1;
}

function lastAdmin(state: OrganizationFragment, member: Member, change: string, operation: string, url: string): LastOrganizationAdminError {
  return new LastOrganizationAdminError(
    `${describeName(member.username)} is the last admin of organization ${describeName(state.name)} and cannot be ${change}: make another member admin first`,
    { operation, url, organization: state.name, username: member.username },
  );
}

/** After a refusal: the organization now, to say why; undefined when it cannot be read (the refusal stands as false). */
async function afterRefusal(client: ModelClient, org: OrganizationRef, options?: CallOptions): Promise<OrganizationFragment | undefined> {
  try {
    return (await fetchOrganization(client, { id: org.id }, options)) ?? undefined;
  } catch (error) {
    if (error instanceof AbortError || !(error instanceof WandbError)) throw error;
    return undefined;
  }
}

/** `organization.invite` (see there), with its input checked. */
export async function inviteToOrganization(
  client: ModelClient,
  org: OrganizationRef,
  invitee: { username: string } | { email: string },
  role: string,
  teams: readonly string[] | undefined,
  options?: CallOptions,
): Promise<boolean> {
  const operation = 'AddUserToOrganization';
  const userName = 'email' in invitee ? invitee.email : invitee.username;
  const done = await applyChange({
    url: client.graphqlUrl,
    operation,
    send: () =>
      client.execute(AddUserToOrganizationDocument, { organizationId: org.id, userName, userOrgRole: role, teams: teams ? [...teams] : null }, options),
    applied: (data) => data?.addUserToOrganization?.success === true,
    holds: async () => {
      const state = await currentOrganization(client, org, options);
      const member = memberOf(state, invitee);
      return member ? member.role === role : invitationOf(state, invitee) !== undefined;
    },
  });
  if (done) return true;
  // Refused. When the organization now lacks a seat of the kind the role takes, that is why.
  const state = await afterRefusal(client, org, options);
  const type = seatTypeOf(role);
  if (state && type && !memberOf(state, invitee) && !invitationOf(state, invitee)) {
    const limit = seatLimit(state, type, operation, client.graphqlUrl);
    if (limit) throw limit;
  }
  return false;
}

/** `organization.setRole` (see there), with its input checked. */
export async function setOrganizationRole(
  client: ModelClient,
  org: OrganizationRef,
  target: OrganizationTarget,
  role: string,
  options?: CallOptions,
): Promise<boolean> {
  const operation = 'UpdateOrganizationUser';
  const url = client.graphqlUrl;
  const state = await currentOrganization(client, org, options);
  const member = memberOf(state, target);
  // Not a member (a pending invitation's role is set when inviting): W&B would refuse.
  if (!member) return false;
  if (member.role === role) return true;
  if (role !== ADMIN_ROLE && isLastAdmin(state, member)) throw lastAdmin(state, member, 'demoted', operation, url);
  const done = await applyChange({
    url,
    operation,
    send: () => client.execute(UpdateOrganizationUserDocument, { organizationId: org.id, userName: member.username, userOrgRole: role }, options),
    applied: (data) => data?.updateOrganizationUser?.success === true,
    holds: async () => memberOf(await currentOrganization(client, org, options), { id: member.id })?.role === role,
  });
  if (done) return true;
  const after = await afterRefusal(client, org, options);
  const now = after && memberOf(after, { id: member.id });
  if (after && now) {
    if (role !== ADMIN_ROLE && isLastAdmin(after, now)) throw lastAdmin(after, now, 'demoted', operation, url);
    // The seat follows the role: a role of another seat kind needs a free seat of that kind.
    const type = seatTypeOf(role);
    const limit = type && type !== seatTypeOf(now.role) ? seatLimit(after, type, operation, url) : undefined;
    if (limit) throw limit;
  }
  return false;
}

/** `organization.remove` (see there), with its input checked. */
export async function removeFromOrganization(client: ModelClient, org: OrganizationRef, target: OrganizationTarget, options?: CallOptions): Promise<boolean> {
  const operation = 'RemoveUserFromOrganization';
  const url = client.graphqlUrl;
  const state = await currentOrganization(client, org, options);
  const member = memberOf(state, target);
  const invitation = member ? undefined : invitationOf(state, target);
  const userName = member?.username ?? invitation?.email;
  // Neither a member nor invited: nothing to remove, and W&B would refuse.
  if (userName == null) return false;
  if (member && isLastAdmin(state, member)) throw lastAdmin(state, member, 'removed', operation, url);
  const gone = (now: OrganizationFragment) => (member ? !memberOf(now, { id: member.id }) : !invitationOf(now, { email: userName }));
  const done = await applyChange({
    url,
    operation,
    send: () => client.execute(RemoveUserFromOrganizationDocument, { organizationId: org.id, userName }, options),
    applied: (data) => data?.removeUserFromOrganization?.success === true,
    holds: async () => gone(await currentOrganization(client, org, options)),
  });
  if (done) return true;
  const after = await afterRefusal(client, org, options);
  const now = after && member && memberOf(after, { id: member.id });
  if (after && now && isLastAdmin(after, now)) throw lastAdmin(after, now, 'removed', operation, url);
  return false;
}
