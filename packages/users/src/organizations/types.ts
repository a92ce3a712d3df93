import type { SeatType } from '../errors/organization-errors.js';
import type { CallOptions } from '../transport/transport.js';

// Seats, and the options of the organization models: apart from the classes,
// which import the operations (operations.ts) that need these too.

export type { SeatType } from '../errors/organization-errors.js';

/** Seats of one kind. */
export interface SeatCount {
  /** What the organization has. */
  readonly total: number;
  /** What its members and pending invitations take. */
  readonly used: number;
  /** What is left: `total - used`, never below 0. */
  readonly available: number;
}

/** An organization's seats of both kinds. */
export interface OrganizationSeats {
  /** Full seats: every role but `viewer` takes one. */
  readonly full: SeatCount;
  /** View-only seats: `viewer` takes one. */
  readonly viewOnly: SeatCount;
}

/** Options of {@link Organization.invite}. */
export interface OrganizationInviteOptions extends CallOptions {
  /**
   * The organization role: `admin`, `member`, `viewer` or a custom role's
   * name. It decides the seat taken (`viewer`: a view-only seat). Default
   * `member`, as in W&B's own dashboard.
   */
  role?: string;
  /** Names of the organization's teams they join, as `member`. Default none. */
  teams?: readonly string[];
}

/** The seat a role takes, when W&B's documentation says: null for a custom role. */
export function seatTypeOf(role: string): SeatType | null {
  if (role === 'viewer') return 'viewOnly';
  return role === 'admin' || role === 'member' ? 'full' : null;
}
