import { ConflictError } from './refusals.js';
import { ValidationError } from './validation-error.js';
import type { WandbErrorDetails } from './wandb-error.js';

/**
 * The kind of seat an organization role takes on W&B: `full` for `admin` and
 * `member`, `viewOnly` for `viewer`. W&B's API sets the seat through the role
 * only (its organization mutations take a role and no seat).
 */
export type SeatType = 'full' | 'viewOnly';

// Refusals of the organization changes that a caller must tell apart from a
// plain `false` (organizations/operations.ts).

/**
 * W&B refused to add, invite or change the role of someone because the
 * organization has no seat of the kind the role needs left: every full seat,
 * or every view-only seat (viewers take those), is taken by a member or held
 * by a pending invitation. The numbers are the organization's as read right
 * after the refusal. Free a seat (remove someone, withdraw an invitation, make
 * someone a viewer) or buy more; sending again cannot help.
 */
export class SeatLimitError extends ConflictError {
  /** The organization's name. */
  readonly organization: string;
  /** The kind of seat that is missing. */
  readonly seatType: SeatType;
  /** Seats of that kind the organization has. */
  readonly total: number;
  /** Seats of that kind taken, by members and pending invitations. */
  readonly used: number;

  constructor(message: string, details: WandbErrorDetails & { organization: string; seatType: SeatType; total: number; used: number }) {
    super(message, details);
    this.organization = details.organization;
    this.seatType = details.seatType;
    this.total = details.total;
    this.used = details.used;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), organization: this.organization, seatType: this.seatType, total: this.total, used: this.used };
  }
}

/**
 * The change would leave the organization without an admin: removing its last
 * admin, or giving them another role. W&B asks for at least one admin at all
 * times, and warns that automated deprovisioning can remove the last one, so
 * the SDK refuses before sending when the organization's members show it, and
 * says so when W&B refuses it. Make another member admin first.
 */
export class LastOrganizationAdminError extends ConflictError {
  /** The organization's name. */
  readonly organization: string;
  /** The username of its last admin. */
  readonly username: string;

  constructor(message: string, details: WandbErrorDetails & { organization: string; username: string }) {
    super(message, details);
    this.organization = details.organization;
    this.username = details.username;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), organization: this.organization, username: this.username };
  }
}

/**
 * `api.organization()` was given no name, and the key's user belongs to more
 * than one organization: which one is meant cannot be guessed. `organizations`
 * lists their names; pass one of them.
 */
export class OrganizationChoiceError extends ValidationError {
  /** The names of the organizations the key's user belongs to. */
  readonly organizations: readonly string[];

  constructor(message: string, details: WandbErrorDetails & { organizations: readonly string[] }) {
    super(message, { ...details, argument: 'name' });
    this.organizations = details.organizations;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), organizations: this.organizations };
  }
}
