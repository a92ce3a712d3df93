// The ports of sync: what it needs from a W&B client, and nothing more. They
// mirror the @wandb-ts/users contract (Api, User, Team, Member of issue 13),
// so the SDK's objects fit them as they are, or through a few lines of adapter;
// the tests use an in-memory implementation. Methods that change something
// return `false` when the server refuses (already done, not allowed, no such
// member), and throw for everything else (authentication, network, bad input),
// as the SDK does.

/** A user, with the lifecycle operations sync uses. */
export interface SyncClientUser {
  readonly id: string;
  readonly email: string | null;
  readonly username: string | null;
  readonly admin: boolean | null;
  readonly deletedAt: string | null;
  /** Where the client knows it (the SDK's User may not). */
  readonly accountType?: string | null;
  /** Names of the user's teams, where the client lists them. */
  readonly teams?: readonly string[];
  deactivate(): Promise<boolean>;
  reactivate(): Promise<boolean>;
  setAdmin(admin: boolean): Promise<boolean>;
}

/** A line of a team's member list, with the operations sync uses. */
export interface SyncClientMember {
  readonly id: string;
  readonly username: string | null;
  readonly email: string | null;
  readonly accountType: string | null;
  readonly role: string;
  readonly pending: boolean;
  setRole(role: string): Promise<boolean>;
  delete(): Promise<boolean>;
}

/** A team with its members, as loaded. */
export interface SyncClientTeam {
  readonly id: string;
  readonly name: string;
  readonly members: readonly SyncClientMember[];
  /** Invites by address (containing `@`) or username, with a team role. */
  invite(usernameOrEmail: string, options: { role: string }): Promise<boolean>;
}

/** What sync reads the server's state through. */
export interface StateReader {
  /** The user the API key belongs to. */
  viewer(): Promise<Pick<SyncClientUser, 'id' | 'email' | 'username' | 'admin'>>;
  /** Every user matching `query` ("" for all), page by page. */
  iterUsers(query: string): AsyncIterable<SyncClientUser>;
  /** The team with its members, or null when no team has this name. */
  team(name: string): Promise<SyncClientTeam | null>;
}

/** What sync reads and changes the server through: {@link StateReader} and the creating calls. */
export interface SyncClient extends StateReader {
  /** Creates a user; W&B invites them by mail. Throws when the address is taken. */
  createUser(email: string, options: { admin: boolean }): Promise<SyncClientUser>;
  /** Creates a team, whose admin is `adminUsername`, or the caller when omitted. */
  createTeam(name: string, options: { adminUsername?: string }): Promise<SyncClientTeam>;
}
