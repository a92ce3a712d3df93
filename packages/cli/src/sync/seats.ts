import type { Action } from './actions.js';
import type { CurrentOrganization } from './current.js';

// An organization's seats, as a plan uses them. W&B's organizations have two
// kinds, paid and counted: full seats and view-only seats. W&B sets a member's
// seat through their organization role only (`addUserToOrganization` and
// `updateOrganizationUser` take `userOrgRole`, and nothing else that a seat
// could be; the schema's `seatAvailability { seats viewOnlySeats }` and
// `usedSeats`/`usedViewOnlySeats` count them), so a sync file gives a role,
// and the seat follows it.

/** The kinds of seat: `full` (every role but `viewer`), `viewOnly` (`viewer`). */
export type SeatKind = 'full' | 'viewOnly';

/** Every {@link SeatKind}. */
export const SEAT_KINDS: readonly SeatKind[] = ['full', 'viewOnly'];

/**
 * The seat a role takes: a view-only seat for `viewer`, a full seat for every
 * other role. W&B lists no seat for a custom role; counting it as a full seat
 * is the cautious choice (a plan may then be blocked where W&B would have had
 * room, never the other way round).
 */
export function seatOf(role: string): SeatKind {
  return role === 'viewer' ? 'viewOnly' : 'full';
}

/** A seat kind in words, `n` of them: `1 full seat`, `2 view-only seats`. */
export function seatWords(kind: SeatKind, n: number): string {
  return `${n} ${kind === 'full' ? 'full' : 'view-only'} seat${n === 1 ? '' : 's'}`;
}

/**
 * What an action does to the organization's seats: an invitation takes a seat
 * of its role's kind, a role change of another kind takes one and frees one,
 * a member's removal frees theirs. A withdrawn invitation frees a seat too, of
 * a kind W&B does not list: it is not counted (a plan is never let through on
 * a seat that may not come free).
 */
export function seatChange(action: Action): { readonly takes?: SeatKind; readonly frees?: SeatKind } {
  switch (action.kind) {
    case 'org-invite':
      return { takes: seatOf(action.role) };
    case 'org-set-role': {
      const from = seatOf(action.expect.role);
      const to = seatOf(action.role);
      return from === to ? {} : { takes: to, frees: from };
    }
    case 'org-remove':
      return action.expect.pending || action.expect.role === null ? {} : { frees: seatOf(action.expect.role) };
    default:
      return {};
  }
}

/** Seats of one kind that a plan needs and the organization lacks. */
export interface SeatShortage {
  /** The kind. */
  readonly seat: SeatKind;
  /** Taken by the plan's invitations and role changes. */
  readonly needed: number;
  /** Freed by its removals and role changes. */
  readonly freed: number;
  /** Left now (what the organization has, less what its members and invitations take). */
  readonly available: number;
  /** What the organization has. */
  readonly total: number;
  /** How many more it would take: `needed - freed - available`. */
  readonly missing: number;
}

/** What `actions` take and free of each kind. */
export function seatBalance(actions: readonly Action[]): Record<SeatKind, { needed: number; freed: number }> {
  const balance = { full: { needed: 0, freed: 0 }, viewOnly: { needed: 0, freed: 0 } };
  for (const action of actions) {
    const { takes, frees } = seatChange(action);
    if (takes) balance[takes].needed++;
    if (frees) balance[frees].freed++;
  }
  return balance;
}

/** Seats left of a kind: what the organization has less what is taken, never below 0. */
export function seatsLeft(org: CurrentOrganization, kind: SeatKind): number {
  const { total, used } = org.seats[kind];
  return Math.max(0, total - used);
}

/** The kinds of seat `actions` need more of than `org` has left, counting what they free. Empty when they fit. */
export function seatShortages(actions: readonly Action[], org: CurrentOrganization): SeatShortage[] {
  const balance = seatBalance(actions);
  return SEAT_KINDS.flatMap((seat) => {
    const { needed, freed } = balance[seat];
    const available = seatsLeft(org, seat);
    const missing = needed - freed - available;
    return missing > 0 ? [{ seat, needed, freed, available, total: org.seats[seat].total, missing }] : [];
  });
}
