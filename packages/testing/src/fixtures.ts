// Builders for seed data. Each call returns fresh, unique values (a counter per
// process), so tests can build as many users as they need without clashes, and
// override only what the test is about.

/** A user to seed into the fake server. */
export interface UserFixture {
  /** Email address; unique on the server (ignoring case). */
  email: string;
  /** Username; unique on the server. */
  username: string;
  /** Display name. */
  name: string;
  /** Whether the user is an instance admin. */
  admin: boolean;
  /** Names of teams the user belongs to; missing teams are created. */
  teams: string[];
  /** Keys issued to the user when seeded. A user without keys cannot authenticate. */
  apiKeys: ApiKeyFixture[];
}

/** An API key to issue to a seeded user. The secret is always made by the server. */
export interface ApiKeyFixture {
  /** The key's description, as `generateApiKey` takes it; null for none. */
  description: string | null;
}

/**
 * A member of a seeded team: a username or email (joins as `member`), or an object naming the user
 * by `username` or `email` with a role, or a pending invitation (`pending: true`).
 */
export type TeamMemberFixture =
  | string
  | {
      /** Username of an existing user; give this or `email`. */
      username?: string;
      /** Email of an existing user, or (with `pending`) an address without an account yet. */
      email?: string;
      /** Team role: `admin`, `member` (the default), `viewer`, or a custom role of the instance. */
      role?: string;
      /** Invite instead of adding: the member is listed as pending until the invitation is accepted. Default false. */
      pending?: boolean;
    };

/** A team (a W&B entity) to seed, with its members and pending invitations. */
export interface TeamFixture {
  /** The team's name (its entity name on W&B): letters, digits, hyphens and underscores. */
  name: string;
  /** Its members, who must exist when the team is seeded (pending invitations excepted); default none. */
  members?: TeamMemberFixture[];
}

/**
 * A member of a seeded organization: a username or email (joins as `member`), or an object naming
 * the user by `username` or `email` with a role, or a pending invitation (`pending: true`).
 */
export type OrganizationMemberFixture =
  | string
  | {
      /** Username of an existing user; give this or `email`. */
      username?: string;
      /** Email of an existing user, or (with `pending`) an address, typically one without an account yet. */
      email?: string;
      /** Organization role: `admin`, `member` (the default), `viewer`, or a custom role of the instance. */
      role?: string;
      /** Invite the address instead of adding: listed in `pendingInvites`, holding a seat, until accepted. Default false. */
      pending?: boolean;
    };

/** An organization to seed: its seats, members, pending invitations and teams. */
export interface OrganizationFixture {
  /** The organization's name (W&B's display name; unique on the server, ignoring case). */
  name: string;
  /** The name of its own entity (`orgEntity`); default: the name lower-cased, other characters as hyphens, made unique. */
  entityName?: string;
  /** Full seats it has (`seatAvailability.seats`): every role but `viewer` takes one. Default 10. */
  seats?: number;
  /** View-only seats it has (`seatAvailability.viewOnlySeats`): `viewer` takes one. Default 10. */
  viewOnlySeats?: number;
  /** Its members and pending invitations (members must exist when it is seeded); default none. */
  members?: OrganizationMemberFixture[];
  /** Names of its teams; missing teams are created. Default none. */
  teams?: string[];
}

/**
 * What a member of a seeded team or organization says: the username or email
 * to look up (exactly one of them), the role (default `member`) and whether it
 * is a pending invitation. `where` names the team or organization in the error.
 */
export function memberFixtureParts(member: TeamMemberFixture | OrganizationMemberFixture, where: string): { lookup: string; role: string; pending: boolean } {
  if (typeof member === 'string') return { lookup: member, role: 'member', pending: false };
  if ((member.username === undefined) === (member.email === undefined)) {
    throw new Error(`fake W&B: a member of ${where} needs a username or an email (one of them)`);
  }
  return { lookup: (member.username ?? member.email) as string, role: member.role ?? 'member', pending: member.pending ?? false };
}

let sequence = 0;
const next = () => ++sequence;

/** An API key to seed: no description unless overridden. */
export function apiKeyFixture(overrides: Partial<ApiKeyFixture> = {}): ApiKeyFixture {
  return { description: null, ...overrides };
}

/**
 * A user to seed, with a unique username (`user-N`), an email derived from it, one API key, no
 * teams and no admin rights; `overrides` replace any of these.
 */
export function userFixture(overrides: Partial<UserFixture> = {}): UserFixture {
  const n = next();
  const username = overrides.username ?? `user-${n}`;
  return {
    email: `${username}@example.com`,
    username,
    name: `Test User ${n}`,
    admin: false,
    teams: [],
    apiKeys: [apiKeyFixture()],
    ...overrides,
  };
}

/** A team to seed, with a unique name (`team-N`) and no members unless overridden. */
export function teamFixture(overrides: Partial<TeamFixture> = {}): TeamFixture {
  return { name: `team-${next()}`, members: [], ...overrides };
}

/** An organization to seed, with a unique name (`org-N`), the default seats and no members unless overridden. */
export function organizationFixture(overrides: Partial<OrganizationFixture> = {}): OrganizationFixture {
  return { name: `org-${next()}`, members: [], ...overrides };
}
