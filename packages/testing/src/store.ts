import { decodeId, encodeId } from './ids.js';
import { issueSecret } from './secrets.js';

export interface UserRecord {
  n: number;
  id: string;
  email: string;
  username: string;
  name: string;
  admin: boolean;
  accountType: 'USER' | 'SERVICE';
  flags: string | null;
  createdAt: string;
  deletedAt: string | null;
  teamIds: Set<number>;
}

export interface ApiKeyRecord {
  n: number;
  id: string;
  userN: number;
  secret: string;
  name: string;
  description: string | null;
  createdAt: string;
  deletedAt: string | null;
}

export interface TeamRecord {
  n: number;
  id: string;
  name: string;
  createdAt: string;
  memberIds: Set<number>;
}

export interface NewUser {
  email: string;
  username?: string;
  name?: string;
  admin?: boolean;
  accountType?: 'USER' | 'SERVICE';
  flags?: string | null;
  teams?: readonly string[];
}

/** Thrown by the store when a request would break an invariant; the resolvers turn it into a GraphQL error. */
export class StoreError extends Error {
  constructor(
    readonly code: 'CONFLICT' | 'NOT_FOUND' | 'BAD_USER_INPUT',
    message: string,
  ) {
    super(message);
  }
}

// Deliberately simple: one "@", no spaces, a dot in the domain. The fake must
// refuse what W&B refuses, and W&B refuses addresses it cannot send mail to.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email);
}

/** The in-memory state of one fake W&B instance. Every mutation goes through here. */
export class FakeWandbStore {
  private nextN = 1;
  readonly users = new Map<number, UserRecord>();
  readonly keys = new Map<number, ApiKeyRecord>();
  readonly teams = new Map<number, TeamRecord>();
  private readonly keysBySecret = new Map<string, ApiKeyRecord>();
  // Lookups by email, username and owner are indexed: benchmarks and load
  // tests hold tens of thousands of users, and a scan per request made the
  // fake, not the client, what they measured.
  private readonly usersByEmail = new Map<string, UserRecord>();
  private readonly usersByUsername = new Map<string, UserRecord>();
  private readonly keysByUser = new Map<number, ApiKeyRecord[]>();
  /** Lower-cased username, email and name of each user, made once: searches compare against them. */
  private readonly searchable = new Map<number, readonly string[]>();
  private readonly listingNames = new Set<string>();
  private readonly issued = new Set<string>();

  constructor(private readonly keyPrefix: string) {}

  private now(): string {
    return new Date().toISOString();
  }

  createUser(input: NewUser): UserRecord {
    const email = input.email.trim();
    if (!isPlausibleEmail(email)) throw new StoreError('BAD_USER_INPUT', `invalid email address: ${JSON.stringify(email)}`);
    if (this.findUserByEmail(email)) throw new StoreError('CONFLICT', `a user with email ${email} already exists`);
    const username = input.username ?? this.freeUsername(email);
    if (this.findUserByUsername(username)) throw new StoreError('CONFLICT', `the username ${username} is taken`);
    const n = this.nextN++;
    const user: UserRecord = {
      n,
      id: encodeId('User', n),
      email,
      username,
      name: input.name ?? email.slice(0, email.indexOf('@')),
      admin: input.admin ?? false,
      accountType: input.accountType ?? 'USER',
      flags: input.flags ?? null,
      createdAt: this.now(),
      deletedAt: null,
      teamIds: new Set(),
    };
    this.users.set(n, user);
    this.usersByEmail.set(email.toLowerCase(), user);
    this.usersByUsername.set(username, user);
    this.searchable.set(n, [user.username.toLowerCase(), user.email.toLowerCase(), user.name.toLowerCase()]);
    for (const team of input.teams ?? []) this.addMember(this.teamByName(team) ?? this.createTeam(team), user);
    return user;
  }

  /** A username W&B-style: the email's local part, lower-cased, made unique with a number. */
  private freeUsername(email: string): string {
    const base = email.slice(0, email.indexOf('@')).toLowerCase().replace(/[^a-z0-9_-]/g, '-') || 'user';
    let candidate = base;
    for (let i = 2; this.findUserByUsername(candidate); i++) candidate = `${base}${i}`;
    return candidate;
  }

  deleteUser(user: UserRecord): void {
    user.deletedAt ??= this.now();
  }

  findUserByEmail(email: string): UserRecord | undefined {
    return this.usersByEmail.get(email.toLowerCase());
  }

  findUserByUsername(username: string): UserRecord | undefined {
    return this.usersByUsername.get(username);
  }

  userById(id: string): UserRecord | undefined {
    const n = decodeId('User', id);
    return n === undefined ? undefined : this.users.get(n);
  }

  userByN(n: number): UserRecord {
    const user = this.users.get(n);
    if (!user) throw new Error(`fake W&B store is inconsistent: no user #${n}`);
    return user;
  }

  issueKey(user: UserRecord, description: string | null = null): ApiKeyRecord {
    let issued = issueSecret(this.keyPrefix);
    // Listing names must identify one key; a clash of 12 random characters is
    // astronomically unlikely, but retrying costs nothing.
    while (this.listingNames.has(issued.listingName)) issued = issueSecret(this.keyPrefix);
    const n = this.nextN++;
    const key: ApiKeyRecord = {
      n,
      id: encodeId('ApiKey', n),
      userN: user.n,
      secret: issued.secret,
      name: issued.listingName,
      description,
      createdAt: this.now(),
      deletedAt: null,
    };
    this.keys.set(n, key);
    const owned = this.keysByUser.get(user.n);
    if (owned) owned.push(key);
    else this.keysByUser.set(user.n, [key]);
    this.keysBySecret.set(key.secret, key);
    this.listingNames.add(key.name);
    this.issued.add(key.secret);
    return key;
  }

  keyById(id: string): ApiKeyRecord | undefined {
    const n = decodeId('ApiKey', id);
    const key = n === undefined ? undefined : this.keys.get(n);
    return key && !key.deletedAt ? key : undefined;
  }

  deleteKey(key: ApiKeyRecord): void {
    key.deletedAt ??= this.now();
    this.keysBySecret.delete(key.secret);
  }

  activeKeysOf(user: UserRecord): ApiKeyRecord[] {
    return (this.keysByUser.get(user.n) ?? []).filter((k) => !k.deletedAt);
  }

  /** The live, undeleted user a secret authenticates, if any. */
  authenticate(secret: string): UserRecord | undefined {
    const key = this.keysBySecret.get(secret);
    if (!key) return undefined;
    const user = this.users.get(key.userN);
    return user && !user.deletedAt ? user : undefined;
  }

  /** Every secret this instance has issued, live or not: the request log masks them all. */
  allSecrets(): Set<string> {
    return new Set([...this.keys.values()].map((k) => k.secret));
  }

  /** Whether this instance ever issued `value` as a secret (constant time, for the request log). */
  isIssuedSecret(value: string): boolean {
    return this.issued.has(value);
  }

  createTeam(name: string): TeamRecord {
    if (!name.trim()) throw new StoreError('BAD_USER_INPUT', 'a team needs a name');
    if (this.teamByName(name)) throw new StoreError('CONFLICT', `a team named ${name} already exists`);
    const n = this.nextN++;
    const team: TeamRecord = { n, id: encodeId('Entity', n), name, createdAt: this.now(), memberIds: new Set() };
    this.teams.set(n, team);
    return team;
  }

  teamByName(name: string): TeamRecord | undefined {
    for (const team of this.teams.values()) if (team.name === name) return team;
    return undefined;
  }

  addMember(team: TeamRecord, user: UserRecord): void {
    team.memberIds.add(user.n);
    user.teamIds.add(team.n);
  }

  teamsOf(user: UserRecord): TeamRecord[] {
    return [...user.teamIds].map((n) => this.teams.get(n)).filter((t): t is TeamRecord => t !== undefined);
  }

  /** Users in creation order whose username, email or name contains `query` (case-insensitive). */
  searchUsers(query: string | null | undefined): UserRecord[] {
    const all = [...this.users.values()];
    if (!query) return all;
    const q = query.toLowerCase();
    return all.filter((u) => this.searchable.get(u.n)?.some((field) => field.includes(q)));
  }
}
