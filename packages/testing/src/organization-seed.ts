// Seeding organizations from fixtures, and reading them back for assertions
// (`fake.addOrganization`, `startFakeWandb({ organizations })`,
// `fake.getOrganization`): everything is checked before anything is made, so a
// fixture W&B would refuse leaves no half-made organization.
import { memberFixtureParts, type OrganizationFixture, type OrganizationMemberFixture } from './fixtures.js';
import { isPlausibleEmail } from './email.js';
import { type OrganizationRecord, type SeatKind, seatKindOf } from './organizations.js';
import type { FakeWandbStore, UserRecord } from './store.js';

/** A member of an organization as the server holds it. */
export interface FakeOrganizationMemberSnapshot {
  /** The user's global ID. */
  id: string;
  /** The user's username. */
  username: string;
  /** The user's address; null for a service account. */
  email: string | null;
  /** Organization role (`admin`, `member`, `viewer` or a custom role). */
  role: string;
  /** The seat the role takes: `viewOnly` for `viewer`, `full` for every other role. */
  seat: 'full' | 'viewOnly';
}

/** A pending invitation to an organization as the server holds it. */
export interface FakeOrganizationInviteSnapshot {
  /** The invitation's global ID (`Invite.id`). */
  id: string;
  /** The address invited. */
  email: string;
  /** The role (and so the seat) it will give. */
  role: string;
  /** The seat it holds until accepted or withdrawn. */
  seat: 'full' | 'viewOnly';
  /** Names of the teams the invitee joins on accepting. */
  teams: string[];
}

/** An organization as the server holds it, for assertions. */
export interface FakeOrganizationSnapshot {
  /** Global ID (`Organization.id`, what the organization mutations take). */
  id: string;
  /** The organization's name. */
  name: string;
  /** The name of its own entity (`orgEntity.name`). */
  entityName: string;
  /** Seats of each kind it has, and how many members and pending invitations take. */
  seats: { full: { total: number; used: number }; viewOnly: { total: number; used: number } };
  /** Members, in the order they joined. */
  members: FakeOrganizationMemberSnapshot[];
  /** Pending invitations, in the order they were made. */
  pendingInvites: FakeOrganizationInviteSnapshot[];
  /** Names of its teams. */
  teams: string[];
}

/** Default seats of each kind of a seeded organization. */
const DEFAULT_SEATS = 10;

/** A fixture's member, found before the organization is made. */
function resolveMember(store: FakeWandbStore, orgName: string, member: OrganizationMemberFixture) {
  const { lookup, role, pending } = memberFixtureParts(member, `organization ${orgName}`);
  store.organizations.checkRole(role);
  if (pending) {
    if (!isPlausibleEmail(lookup)) throw new Error(`fake W&B: organization ${orgName} invites ${JSON.stringify(lookup)}, which is not an email address`);
    return { target: lookup, role, pending };
  }
  const user = store.findUserByUsername(lookup) ?? store.findUserByEmail(lookup);
  if (!user) throw new Error(`fake W&B: organization ${orgName} names unknown member ${lookup}`);
  return { target: user, role, pending };
}

/** Creates the organization a fixture describes; `inviter` is who the seeded invitations are from. */
export function seedOrganization(store: FakeWandbStore, fixture: OrganizationFixture, inviter: UserRecord) {
  const members = (fixture.members ?? []).map((member) => resolveMember(store, fixture.name, member));
  const seats = { full: fixture.seats ?? DEFAULT_SEATS, viewOnly: fixture.viewOnlySeats ?? DEFAULT_SEATS };
  const wanted: Record<SeatKind, number> = { full: 0, viewOnly: 0 };
  const seen = new Set<string>();
  for (const { target, role } of members) {
    wanted[seatKindOf(role)]++;
    const key = typeof target === 'string' ? target.toLowerCase() : `user:${target.n}`;
    if (seen.has(key)) throw new Error(`fake W&B: organization ${fixture.name} names ${typeof target === 'string' ? target : target.username} twice`);
    seen.add(key);
  }
  for (const kind of ['full', 'viewOnly'] as const) {
    if (wanted[kind] > seats[kind]) {
      throw new Error(
        `fake W&B: organization ${fixture.name} has ${seats[kind]} ${kind === 'full' ? 'full' : 'view-only'} seats for ${wanted[kind]} members and invitations`,
      );
    }
  }
  for (const name of fixture.teams ?? []) {
    const holder = store.teams.byTeamName(name);
    const org = holder && store.organizations.ofTeam(holder);
    if (org) throw new Error(`fake W&B: team ${name} already belongs to organization ${org.name}`);
  }
  const org = store.organizations.create({ name: fixture.name, entityName: fixture.entityName, seats: seats.full, viewOnlySeats: seats.viewOnly });
  for (const name of fixture.teams ?? []) store.organizations.linkTeam(org, store.teams.byTeamName(name) ?? store.teams.create(name));
  for (const { target, role } of members) {
    if (typeof target === 'string') store.organizations.add(org, target, role, [], inviter);
    else store.organizations.join(org, target, role);
  }
  return { id: org.id, name: org.name, entityName: org.entity.name };
}

/** The organization as the server holds it. */
export function snapshotOrganization(store: FakeWandbStore, org: OrganizationRecord): FakeOrganizationSnapshot {
  const book = store.organizations;
  return {
    id: org.id,
    name: org.name,
    entityName: org.entity.name,
    seats: {
      full: { total: book.total(org, 'full'), used: book.used(org, 'full') },
      viewOnly: { total: book.total(org, 'viewOnly'), used: book.used(org, 'viewOnly') },
    },
    members: [...org.members.values()].map((m) => {
      const user = store.userByN(m.userN);
      return { id: user.id, username: user.username, email: user.email, role: m.role, seat: seatKindOf(m.role) };
    }),
    pendingInvites: [...org.invites.values()].map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      seat: seatKindOf(i.role),
      teams: i.teamNs.flatMap((n) => store.teams.byTeamN(n)?.name ?? []),
    })),
    teams: book.teamsOf(org).map((t) => t.name),
  };
}
