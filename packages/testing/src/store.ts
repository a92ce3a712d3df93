import { isPlausibleEmail } from './email.js';
import { decodeId, encodeId } from './ids.js';
import { type OrgEntityRecord, OrganizationBook } from './organizations.js';
import { issueSecret } from './secrets.js';
import { StoreError } from './store-error.js';
import { TeamBook, type TeamRecord } from './teams.js';
import type { UserRecord } from './user-record.js';

export { isPlausibleEmail } from './email.js';
export { StoreError } from './store-error.js';
export type { InviteRecord, MembershipRecord, TeamRecord } from './teams.js';
export type { OrganizationRecord, OrgEntityRecord, OrgInviteRecord, OrgMembershipRecord } from './organizations.js';
export type { UserRecord } from './user-record.js';

/**
 * The kind of W&B deployment the fake plays. `server`: W&B Server (Dedicated
 * Cloud or Self-Managed), an instance with its own instance admins, who create
 * and deactivate accounts. `cloud`: W&B's multi-tenant cloud, where no
 * customer's account is an instance admin: people join an organization, whose
 * admins manage its members and its teams.
 */
export type Deployment = 'server' | 'cloud';

/** What the instance says about itself through `serverInfo` (startFakeWandb's `serverInfo` option). */
/** The W&B Server version the fake reports unless told otherwise. */
export const DEFAULT_SERVER_VERSION = '0.70.0';
/** The `cliVersionInfo` the fake reports unless told otherwise: the two fields W&B's Python SDK reads. */
export const DEFAULT_CLI_VERSION_INFO: Readonly<Record<string, unknown>> = { min_cli_version: '0.10.0', max_cli_version: '0.23.0' };

export interface ServerInfoRecord {
  /** The W&B Server version the instance runs. */
  version: string;
  /** The newest W&B Server release it knows of. */
  latestVersion: string;
  /** W&B's free-form `cliVersionInfo` JSON, sent as it is. */
  cliVersionInfo: Record<string, unknown>;
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

/** A user's personal entity, as `entity(name:)` answers it: not a team. Made on demand, never stored. */
export interface PersonalEntity {
  kind: 'personal';
  n: number;
  id: string;
  name: string;
  createdAt: string;
  owner: UserRecord;
}

/** What `Query.entity` and `User.teams` answer: a team or a user's personal entity. */
export type EntityRecord = TeamRecord | PersonalEntity;

export interface NewUser {
  email: string;
  username?: string;
  name?: string;
  admin?: boolean;
  accountType?: 'USER' | 'SERVICE';
  flags?: string | null;
  teams?: readonly string[];
}

/** The in-memory state of one fake W&B instance. Every mutation goes through here. */
export class FakeWandbStore {
  private nextN = 1;
  readonly users = new Map<number, UserRecord>();
  readonly keys = new Map<number, ApiKeyRecord>();
  readonly teams: TeamBook;
  readonly organizations: OrganizationBook;
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
  /** Instance admins whose account is active: the last of them cannot be deactivated or demoted. */
  private readonly activeAdmins = new Set<number>();
  /** What `serverInfo` answers; startFakeWandb sets it from its options. */
  serverInfo: ServerInfoRecord = { version: DEFAULT_SERVER_VERSION, latestVersion: DEFAULT_SERVER_VERSION, cliVersionInfo: { ...DEFAULT_CLI_VERSION_INFO } };

  constructor(
    private readonly keyPrefix: string,
    customRoles: readonly string[] = [],
    /** Which kind of W&B deployment the fake plays: see {@link Deployment}. */
    readonly deployment: Deployment = 'server',
  ) {
    this.teams = new TeamBook(
      {
        nextN: () => this.nextN++,
        now: () => this.now(),
        isEntityNameTaken: (name) => this.isEntityNameTaken(name),
        userByN: (n) => this.userByN(n),
        findUserByEmail: (email) => this.findUserByEmail(email),
      },
      customRoles,
    );
    this.organizations = new OrganizationBook(
      {
        nextN: () => this.nextN++,
        now: () => this.now(),
        freeEntityName: (base) => this.freeName(base),
        isEntityNameTaken: (name) => this.isEntityNameTaken(name),
        userByN: (n) => this.userByN(n),
        findUserByEmail: (email) => this.findUserByEmail(email),
        teams: this.teams,
        deployment,
      },
      customRoles,
    );
  }

  private now(): string {
    return new Date().toISOString();
  }

  /** Usernames, team names and organizations' entity names share W&B's one namespace of entity names. */
  isEntityNameTaken(name: string): boolean {
    return this.usersByUsername.has(name) || this.teams.byTeamName(name) !== undefined || this.organizations.byEntityName(name) !== undefined;
  }

  createUser(input: NewUser): UserRecord & { email: string } {
    const email = input.email.trim();
    if (!isPlausibleEmail(email)) throw new StoreError('BAD_USER_INPUT', `invalid email address: ${JSON.stringify(email)}`);
    if (this.findUserByEmail(email)) throw new StoreError('CONFLICT', `a user with email ${email} already exists`);
    // W&B-style: the email's local part, lower-cased, other characters as hyphens.
    const username =
      input.username ??
      this.freeName(
        email
          .slice(0, email.indexOf('@'))
          .toLowerCase()
          .replace(/[^a-z0-9_-]/g, '-') || 'user',
      );
    if (this.isEntityNameTaken(username)) throw new StoreError('CONFLICT', `the username ${username} is taken by a user or a team`);
    const user = this.addUserRecord({
      email,
      username,
      name: input.name ?? email.slice(0, email.indexOf('@')),
      admin: input.admin ?? false,
      accountType: input.accountType ?? 'USER',
      flags: input.flags ?? null,
    });
    for (const team of input.teams ?? []) this.teams.join(this.teams.byTeamName(team) ?? this.teams.create(team), user, 'member');
    return user as UserRecord & { email: string }; // made with an address above
  }

  private addUserRecord(fields: Pick<UserRecord, 'email' | 'username' | 'name' | 'admin' | 'accountType' | 'flags'>): UserRecord {
    const n = this.nextN++;
    const user: UserRecord = { n, id: encodeId('User', n), ...fields, createdAt: this.now(), deletedAt: null, teamIds: new Set() };
    this.users.set(n, user);
    if (user.email !== null) this.usersByEmail.set(user.email.toLowerCase(), user);
    this.usersByUsername.set(user.username, user);
    if (user.admin) this.activeAdmins.add(n);
    this.searchable.set(n, [user.username.toLowerCase(), user.email?.toLowerCase() ?? '', user.name.toLowerCase()]);
    return user;
  }

  /** `base`, or `base` followed by the first number from 2 that makes it an unused entity name. */
  private freeName(base: string): string {
    let candidate = base;
    for (let i = 2; this.isEntityNameTaken(candidate); i++) candidate = `${base}${i}`;
    return candidate;
  }

  /**
   * A service account of `team`, made as W&B's createServiceAccount does: account type SERVICE, no
   * email, named after its description, a member of the team, with a key of its own.
   */
  createServiceAccount(team: TeamRecord, description: string): { account: UserRecord; key: ApiKeyRecord } {
    const name = description.trim();
    if (!name) throw new StoreError('BAD_USER_INPUT', 'a service account needs a description');
    // A slug of the description: what W&B's UI asks for is a name for the account.
    const slug =
      name
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 32) || 'service-account';
    const account = this.addUserRecord({ email: null, username: this.freeName(slug), name, admin: false, accountType: 'SERVICE', flags: null });
    this.teams.joinServiceAccount(team, account);
    return { account, key: this.issueKey(account) };
  }

  /** Deactivates a user as W&B's deleteUser does: the account stays, with `deletedAt` set, and its keys stop working. */
  deleteUser(user: UserRecord): void {
    if (user.deletedAt) return;
    this.keepAnInstanceAdmin(user, 'deactivated');
    user.deletedAt = this.now();
    this.activeAdmins.delete(user.n);
  }

  /** Reactivates a deactivated user: `deletedAt` is cleared and their keys authenticate again. */
  undeleteUser(user: UserRecord): void {
    user.deletedAt = null;
    if (user.admin) this.activeAdmins.add(user.n);
  }

  /** Grants or revokes the instance admin flag; the last active instance admin keeps it. */
  setAdmin(user: UserRecord, admin: boolean): void {
    if (!admin) this.keepAnInstanceAdmin(user, 'demoted');
    user.admin = admin;
    if (admin && !user.deletedAt) this.activeAdmins.add(user.n);
    else this.activeAdmins.delete(user.n);
  }

  // W&B's docs ask for at least one instance admin at all times, so that someone can still manage the instance.
  private keepAnInstanceAdmin(user: UserRecord, change: string): void {
    if (this.activeAdmins.has(user.n) && this.activeAdmins.size === 1) {
      throw new StoreError('CONFLICT', `${user.username} is the last active instance admin and cannot be ${change}`);
    }
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

  /** The team, the personal entity of the user, or the organization's own entity with this name. */
  entityByName(name: string): EntityRecord | OrgEntityRecord | undefined {
    const team = this.teams.byTeamName(name);
    if (team) return team;
    const org = this.organizations.byEntityName(name);
    if (org) return org.entity;
    const owner = this.findUserByUsername(name);
    return owner && { kind: 'personal', n: owner.n, id: encodeId('Entity', owner.n), name: owner.username, createdAt: owner.createdAt, owner };
  }

  /** The teams the user has joined, in the order they joined. */
  teamsOf(user: UserRecord): TeamRecord[] {
    return [...user.teamIds].map((n) => this.teams.byTeamN(n)).filter((t): t is TeamRecord => t !== undefined);
  }

  /** Users in creation order whose username, email or name contains `query` (case-insensitive). */
  searchUsers(query: string | null | undefined): UserRecord[] {
    const all = [...this.users.values()];
    if (!query) return all;
    const q = query.toLowerCase();
    return all.filter((u) => this.searchable.get(u.n)?.some((field) => field.includes(q)));
  }
}
