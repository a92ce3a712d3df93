import type { UserRef } from './actions.js';

// The ports of sync: what it needs from a W&B client, and nothing more. They
// mirror the @wandb-ts/users contract (Api, User, Team, Member),
// so the SDK's objects fit them as they are, through the few lines of
// sdk-client.ts; the tests use an in-memory implementation. Methods that change something
// return `false` when the server refuses (already done, not allowed, no such
// member), and throw for everything else (authentication, network, bad input),
// as the SDK does.

/** A user as sync reads them. */
export interface SyncClientUser {
  /** W&B's global ID of the user. */
  readonly id: string;
  /** The address; null when the server withheld it. */
  readonly email: string | null;
  /** The username. */
  readonly username: string | null;
  /** Instance admin; null when the server did not say. */
  readonly admin: boolean | null;
  /** When the account was deactivated; null when active. */
  readonly deletedAt: string | null;
  /** Where the client knows it (the SDK's User does not: see read-current.ts for how sync finds service accounts then). */
  readonly accountType?: string | null;
  /** Names of the user's teams, where the client lists them. */
  readonly teams?: readonly string[];
}

/**
 * The lifecycle calls sync makes on an account. Each is idempotent on W&B:
 * `true` when the account is as asked afterwards (already so included),
 * `false` when the server refuses.
 */
export interface SyncUserCalls {
  /** Deactivates the account (its keys stop working). */
  deactivate(): Promise<boolean>;
  /** Reactivates a deactivated account. */
  reactivate(): Promise<boolean>;
  /** Grants or revokes instance admin. */
  setAdmin(admin: boolean): Promise<boolean>;
}

/** A line of a team's member list, with the operations sync uses. */
export interface SyncClientMember {
  /** The user's ID once joined, the invitation's while pending. */
  readonly id: string;
  /** The member's username; null for an address without an account. */
  readonly username: string | null;
  /** The member's address, or the address invited. */
  readonly email: string | null;
  /** W&B's account type (`SERVICE` for service accounts), where known. */
  readonly accountType: string | null;
  /** The team role. */
  readonly role: string;
  /** An invitation not accepted yet. */
  readonly pending: boolean;
  /** Changes the role of a member who joined; false when the server refuses. */
  setRole(role: string): Promise<boolean>;
  /** Removes the member, or withdraws the invitation; false when the server refuses. */
  delete(): Promise<boolean>;
}

/** A team with its members, as loaded. */
export interface SyncClientTeam {
  /** W&B's ID of the team. */
  readonly id: string;
  /** The team's name. */
  readonly name: string;
  /** Members and pending invitations. */
  readonly members: readonly SyncClientMember[];
  /** Invites by address (containing `@`) or username, with a team role. */
  invite(usernameOrEmail: string, options: { role: string }): Promise<boolean>;
}

/** A member of an organization as sync reads it (the SDK's `OrganizationMember` fits). */
export interface SyncClientOrgMember {
  /** The user's ID. */
  readonly id: string;
  /** The username. */
  readonly username: string | null;
  /** The address; null when the server withheld it. */
  readonly email: string | null;
  /** The organization role. */
  readonly role: string;
  /** The member's account. */
  readonly user: SyncClientUser;
}

/**
 * An organization with its members, as loaded, and the calls sync makes on
 * it (the SDK's `Organization` fits). The calls return `false` when the server
 * refuses, and throw for everything else, the SDK's typed refusals included
 * (no seat left, the last admin).
 */
export interface SyncClientOrganization {
  /** W&B's ID of the organization. */
  readonly id: string;
  /** Its name. */
  readonly name: string;
  /** Its members. */
  readonly members: readonly SyncClientOrgMember[];
  /** Its pending invitations. */
  readonly pendingInvitations: readonly { readonly id: string; readonly email: string | null }[];
  /** Seats of both kinds: what it has, what is taken. */
  readonly seats: { readonly full: { readonly total: number; readonly used: number }; readonly viewOnly: { readonly total: number; readonly used: number } };
  /** Names of its teams, where the client lists them. */
  readonly teams?: readonly string[];
  /** Brings a username or an address in with an organization role: an account joins at once, an address without one is invited. */
  invite(usernameOrEmail: string, options: { role: string }): Promise<boolean>;
  /** Sets a member's organization role, by username or address. */
  setRole(usernameOrEmail: string, role: string): Promise<boolean>;
  /** Removes a member (by username or address), or withdraws the invitation of an address. */
  remove(usernameOrEmail: string): Promise<boolean>;
}

/** What sync reads the server's state through. */
export interface StateReader {
  /** The user the API key belongs to. */
  viewer(): Promise<Pick<SyncClientUser, 'id' | 'email' | 'username' | 'admin'>>;
  /**
   * Every user matching `query` ("" for all), a page at a time: each page's
   * users as one array. Pages, not single users: sync reads every account,
   * and one await per page instead of one per user is measurably cheaper.
   */
  userPages(query: string): AsyncIterable<readonly SyncClientUser[]>;
  /** The team with its members, or null when no team has this name. */
  team(name: string): Promise<SyncClientTeam | null>;
  /**
   * The organization named, or (no name) the one the key's user belongs to;
   * null when there is none, or the key may not read it. Optional: a client
   * without it cannot sync on W&B's cloud, nor organization roles.
   */
  organization?(name: string | undefined): Promise<SyncClientOrganization | null>;
}

/** What sync reads and changes the server through: {@link StateReader} and the creating calls. */
export interface SyncClient extends StateReader {
  /** Creates a user; W&B invites them by mail. Throws when the address is taken. */
  createUser(email: string, options: { admin: boolean }): Promise<SyncClientUser>;
  /** Creates a team, whose admin is `adminUsername`, or the caller when omitted. */
  createTeam(name: string, options: { adminUsername?: string }): Promise<SyncClientTeam>;
  /**
   * The lifecycle calls for the user a plan names, without a request first:
   * the plan was made from the server's state, and the calls settle an
   * "already so" themselves. Apply reads the user only after a refusal or a
   * failure, to tell "already done" from "failed".
   */
  userCalls(user: UserRef): SyncUserCalls;
}
