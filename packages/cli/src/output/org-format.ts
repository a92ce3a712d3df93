import type { Organization, OrganizationInvitation, OrganizationMember, SeatCount, SeatType } from '@wandb-ts/users';
import { type Palette, type Printable, Styled, table } from './terminal/styled.js';

// How the `org` commands print an organization, its members and its seats.

/** A seat type in words. */
export function seatName(seat: SeatType | null): string {
  return seat === null ? 'unknown' : seat === 'full' ? 'full' : 'view-only';
}

/** `3 of 5 used, 2 left`. */
function seatLine(seats: SeatCount, c: Palette): Styled {
  const left = `${seats.available} left`;
  return Styled.join([`${seats.used} of ${seats.total} used, `, seats.available === 0 ? c.red(left) : left]);
}

/** The organization, one field a line, for `org show`. */
export function organizationDetail(org: Organization, c: Palette): Styled[] {
  const admins = org.members.filter((m) => m.admin).length;
  const pending = org.pendingInvitations.length;
  const rows: [string, Printable][] = [
    ['organization', org.name],
    ['id', org.id],
    ['entity', org.orgEntity?.name ?? '-'],
    ['members', `${org.members.length} (${admins} admin${admins === 1 ? '' : 's'})`],
    ['pending', `${pending} invitation${pending === 1 ? '' : 's'}`],
    ['full seats', seatLine(org.seats.full, c)],
    ['view-only', seatLine(org.seats.viewOnly, c)],
  ];
  return rows.map(([label, value]) => Styled.join([c.dim(label.padEnd(12)), value], ' '));
}

/** Members, then pending invitations, as a table (header first): who, name, email, role, seat, status. */
export function organizationTable(org: Organization, c: Palette): Styled[] {
  const rows = table([
    ['MEMBER', 'NAME', 'EMAIL', 'ROLE', 'SEAT', 'STATUS'],
    ...org.members.map((m) => [m.username, m.name || '-', m.email ?? '-', m.admin ? c.bold(m.role) : m.role, seatName(m.seatType), 'joined']),
    ...org.pendingInvitations.map((i) => [i.email ?? i.id, '-', i.email ?? '-', '-', '-', c.yellow('pending')]),
  ]);
  return rows.map((row, i) => (i === 0 ? c.dim(row) : row));
}

/** Who a member or an invitation is, in a message. */
export function orgLabel(who: OrganizationMember | OrganizationInvitation): string {
  return 'username' in who ? who.username : (who.email ?? who.id);
}

/** A member or an invitation as --json prints it, `pending` telling them apart. */
export function orgEntryJson(who: OrganizationMember | OrganizationInvitation) {
  return { ...who.toJSON(), pending: !('username' in who) };
}
