import { ValidationError } from '../errors/validation-error.js';
import type { OrganizationFragment } from '../generated/operations.js';
import type { ModelClient } from '../transport/model-client.js';
import { OrganizationInvitation } from './invitation.js';
import { OrganizationMember } from './member.js';
import { currentOrganization, inviteToOrganization, type OrganizationTarget, removeFromOrganization, setOrganizationRole } from './operations.js';
import type { OrganizationInviteOptions, OrganizationSeats, SeatCount } from './types.js';
import type { CallOptions } from '../transport/transport.js';
import { User } from '../users/user.js';
import { checkInvitee } from '../teams/validate.js';
import { checkLookup } from '../validation/validate.js';

export type { OrganizationInviteOptions, OrganizationSeats, SeatCount, SeatType } from './types.js';

/**
 * Whom `organization.setRole` and `organization.remove` act on: a username, an
 * address (a member's, or a pending invitation's), a `User`, an
 * `OrganizationMember`, or (for `remove`) an `OrganizationInvitation`.
 */
export type OrganizationMemberRef = string | User | OrganizationMember | OrganizationInvitation;

const DEFAULT_ROLE = 'member';

function seatCount(total: number, used: number): SeatCount {
  return { total, used, available: Math.max(0, total - used) };
}

/** The target a reference names, checked before anything is sent. */
function targetOf(who: unknown, operation: string): OrganizationTarget {
  if (who instanceof User || who instanceof OrganizationMember) return { id: who.id };
  if (who instanceof OrganizationInvitation) {
    if (who.email === null) throw new ValidationError('the invitation has no address to name it by', { operation, argument: 'member' });
    return { email: who.email };
  }
  const text = checkLookup(who, 'member', 'the username or email', operation, { allowEmpty: false });
  return text.includes('@') ? { email: text } : { username: text };
}

/**
 * An organization role: `admin`, `member`, `viewer` or a custom role's name.
 * Which custom roles exist only the server knows, so anything printable passes here.
 */
function checkRole(value: unknown, operation: string): string {
  return checkLookup(value, 'role', 'the organization role', operation, { allowEmpty: false });
}

/** The names of teams to join: a list of names, without repeats; undefined when not given. */
function checkTeams(value: unknown, operation: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new ValidationError(`the teams must be a list of team names, got ${typeof value}`, { operation, argument: 'teams' });
  return [...new Set(value.map((name) => checkLookup(name, 'teams', 'a team name', operation, { allowEmpty: false })))];
}

/**
 * A W&B organization, as the server returned it: its members with their
 * organization roles, its pending invitations and its seats, with the
 * operations W&B allows on it. On W&B's multi-tenant cloud people join an
 * organization by invitation, and its seats are paid and counted; a W&B
 * Server instance is one organization.
 *
 * `members`, `pendingInvitations` and `seats` are a snapshot of when the
 * organization was loaded: {@link Organization.reload} brings them up to date.
 * The changes read the organization's state on the server themselves (to find
 * the member, protect the last admin, and settle an unknown outcome), and
 * leave the snapshot as it was.
 */
export class Organization {
  readonly #client: ModelClient;
  #attrs!: OrganizationFragment;
  #members!: readonly OrganizationMember[];
  #invitations!: readonly OrganizationInvitation[];

  /**
   * Wraps an organization loaded through `client`. You get Organizations
   * from `api.organization`.
   */
  constructor(client: ModelClient, attrs: OrganizationFragment) {
    this.#client = client;
    this.#take(attrs);
  }

  #take(attrs: OrganizationFragment): void {
    // The organization lists each account without key names, teams or flags: `api.user()` loads those.
    // Field by field, not `{ ...m.user, flags: null, ... }`: on Node 20 a spread
    // followed by new fields takes V8's slow path, about 10 µs a member (100 ms
    // for an organization of 10,000; sync plan on W&B's cloud, benchmark 8).
    const user = ({ user: u }: OrganizationFragment['members'][number]) =>
      new User(this.#client, {
        id: u.id,
        name: u.name,
        username: u.username,
        email: u.email,
        admin: u.admin,
        entity: u.entity,
        deletedAt: u.deletedAt,
        flags: null,
        accountType: null,
        apiKeys: null,
        teams: null,
      });
    this.#members = attrs.members.map((m) => new OrganizationMember(attrs.name, m, user(m)));
    this.#invitations = attrs.pendingInvites.map((i) => new OrganizationInvitation(attrs.name, i));
    this.#attrs = attrs;
  }

  /** W&B's global ID of the organization. */
  get id(): string {
    return this.#attrs.id;
  }
  /** The organization's name (a display name on W&B's cloud, where it can be changed). */
  get name(): string {
    return this.#attrs.name;
  }
  /**
   * The organization's own entity (W&B's `orgEntity`, as the Python SDK's
   * `Organization.org_entity`): where its registries live. Null when the
   * server did not say.
   */
  get orgEntity(): { readonly id: string; readonly name: string } | null {
    const entity = this.#attrs.orgEntity;
    return entity && { id: entity.id, name: entity.name };
  }
  /** Its members, in the server's order, as loaded. */
  get members(): readonly OrganizationMember[] {
    return this.#members;
  }
  /** Invitations not accepted yet, as loaded: each holds a seat. */
  get pendingInvitations(): readonly OrganizationInvitation[] {
    return this.#invitations;
  }
  /** The names of the organization's teams, as loaded. */
  get teams(): readonly string[] {
    return this.#attrs.teams.map((team) => team.name);
  }
  /** Seats of both kinds, as loaded: what the organization has, what its members and pending invitations take, what is left. */
  get seats(): OrganizationSeats {
    const { seatAvailability, usedSeats, usedViewOnlySeats } = this.#attrs;
    return { full: seatCount(seatAvailability.seats, usedSeats), viewOnly: seatCount(seatAvailability.viewOnlySeats, usedViewOnlySeats) };
  }

  /**
   * Loads the organization again. Throws `NotFoundError` when it is gone, or
   * when this API key may no longer read it, and the errors of
   * `api.organization` otherwise.
   */
  async reload(options?: CallOptions): Promise<void> {
    this.#take(await currentOrganization(this.#client, this, options));
  }

  /**
   * Brings someone into the organization (organization admins and instance
   * admins on W&B) with an organization role and, optionally, into some of its
   * teams. An argument containing `@` is an address, anything else a username.
   * Someone with an account joins at once; an address without one gets a
   * pending invitation, which holds a seat until it is accepted. Both take a
   * seat of the kind the role needs (`viewer`: a view-only seat, `admin` and
   * `member`: a full seat).
   *
   * `true` when they are in (or invited); `false` when W&B refused (already a
   * member or invited, no such user, not allowed). `SeatLimitError` when it
   * refused because no seat of that kind is left, with the numbers. Bad input
   * is a `ValidationError` before sending; a role the server does not know, a
   * `ValidationError` from the server. After a failure that leaves the outcome
   * unknown, the organization's state decides: the invitee listed counts as
   * done; otherwise it is sent again, which W&B refuses for someone already
   * there, so nobody is added twice.
   */
  async invite(usernameOrEmail: string, options: OrganizationInviteOptions = {}): Promise<boolean> {
    const operation = 'AddUserToOrganization';
    const invitee = checkInvitee(usernameOrEmail, operation);
    const role = checkRole(options.role ?? DEFAULT_ROLE, operation);
    const teams = checkTeams(options.teams, operation);
    return inviteToOrganization(this.#client, this, invitee, role, teams, options);
  }

  /**
   * Sets a member's organization role (organization admins and instance
   * admins on W&B); the seat follows the role. `true` when the member has the
   * role now (already so counts, and sends nothing); `false` when W&B refused
   * (not allowed), or when `who` is not a member (a pending invitation's role
   * is set when inviting). Throws `LastOrganizationAdminError` before sending
   * when it would demote the last admin, and `SeatLimitError` when W&B refused
   * because no seat of the kind the new role needs is left. After an unknown
   * outcome, the member's role on the server decides.
   */
  async setRole(who: OrganizationMemberRef, role: string, options?: CallOptions): Promise<boolean> {
    const operation = 'UpdateOrganizationUser';
    const target = targetOf(who, operation);
    return setOrganizationRole(this.#client, this, target, checkRole(role, operation), options);
  }

  /**
   * Removes a member from the organization, or withdraws a pending invitation
   * (organization admins and instance admins on W&B); their seat is free
   * again. The account itself stays. `true` when they are gone; `false` when
   * W&B refused (not allowed), or when `who` is neither a member nor invited.
   * Throws `LastOrganizationAdminError` before sending when it would remove
   * the last admin. After an unknown outcome, the organization's state decides.
   */
  async remove(who: OrganizationMemberRef, options?: CallOptions): Promise<boolean> {
    return removeFromOrganization(this.#client, this, targetOf(who, 'RemoveUserFromOrganization'), options);
  }

  /** `<Organization NAME>`. */
  toString(): string {
    return `<Organization ${this.name}>`;
  }

  /** What `JSON.stringify` shows: ID, name, entity, seats, members and pending invitations. */
  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      name: this.name,
      orgEntity: this.orgEntity,
      seats: this.seats,
      members: this.#members.map((m) => m.toJSON()),
      pendingInvitations: this.#invitations.map((i) => i.toJSON()),
    };
  }

  /** What `console.log` and `util.inspect` show: the same fields as {@link Organization.toJSON}. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, _options: object, inspect: (value: unknown) => string): string {
    return `Organization ${inspect(this.toJSON())}`;
  }
}
