// Builders for seed data. Each call returns fresh, unique values (a counter per
// process), so tests can build as many users as they need without clashes, and
// override only what the test is about.

/** A user to seed into the fake server. */
export interface UserFixture {
  email: string;
  username: string;
  name: string;
  admin: boolean;
  /** Names of teams the user belongs to; missing teams are created. */
  teams: string[];
  /** Keys issued to the user when seeded. A user without keys cannot authenticate. */
  apiKeys: ApiKeyFixture[];
}

/** An API key to issue to a seeded user. The secret is always made by the server. */
export interface ApiKeyFixture {
  description: string | null;
}

/** A team (a W&B entity) to seed, with the usernames or emails of its members. */
export interface TeamFixture {
  name: string;
  members: string[];
}

let sequence = 0;
const next = () => ++sequence;

export function apiKeyFixture(overrides: Partial<ApiKeyFixture> = {}): ApiKeyFixture {
  return { description: null, ...overrides };
}

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

export function teamFixture(overrides: Partial<TeamFixture> = {}): TeamFixture {
  return { name: `team-${next()}`, members: [], ...overrides };
}
