import type { Deployment } from './deployment.js';

// The current state: what sync read from the server, held compactly (plain
// records of a few strings each, never the SDK's objects with their key
// listings), so 10,000 users cost a few megabytes.

/** The account type W&B gives service accounts; sync never touches them. */
export const SERVICE_ACCOUNT = 'SERVICE';

/** A user as sync needs them. */
export interface CurrentUser {
  /** W&B's global ID of the user. */
  readonly id: string;
  /** Null when the server withholds it (and for service accounts): such users are never matched or deactivated. */
  readonly email: string | null;
  /** The username. */
  readonly username: string | null;
  /** Instance admin; null when the server did not say. */
  readonly admin: boolean | null;
  /** When the account was deactivated, or null for an active one. */
  readonly deletedAt: string | null;
  /** W&B's account type (`USER`, `SERVICE`...) where the server said; null otherwise. */
  readonly accountType: string | null;
  /** Names of the teams the user belongs to, where the server listed them. */
  readonly teams: readonly string[];
}

/** A line of a team's member list: a member, or a pending invitation. */
export interface CurrentMember {
  /** W&B's Member.id: the user's ID for a member who joined, the invitation's ID while pending. */
  readonly id: string;
  /** The member's username; null for an address without an account. */
  readonly username: string | null;
  /** The member's address, or the address invited. */
  readonly email: string | null;
  /** The team role. */
  readonly role: string;
  /** An invitation not accepted yet. */
  readonly pending: boolean;
  /** W&B's account type, where the server said. */
  readonly accountType: string | null;
}

/** A team as sync needs it. */
export interface CurrentTeam {
  /** W&B's ID of the team. */
  readonly id: string;
  /** The team's name. */
  readonly name: string;
  /** Members and pending invitations, in the server's order. */
  readonly members: readonly CurrentMember[];
}

/** Who the API key in use belongs to. */
export interface CurrentViewer {
  /** The user's ID. */
  readonly id: string;
  /** The username. */
  readonly username: string | null;
  /** The address. */
  readonly email: string | null;
  /** Instance admin; null when the server did not say. */
  readonly admin: boolean | null;
}

/** A member of the organization, with their organization role. */
export interface CurrentOrgMember {
  /** The user's ID. */
  readonly userId: string;
  /** The username. */
  readonly username: string | null;
  /** The address; null when the server withholds it. */
  readonly email: string | null;
  /** The organization role: `admin`, `member`, `viewer` or a custom role's name. */
  readonly role: string;
}

/** A pending invitation to the organization. W&B lists neither the role it gives nor its seat. */
export interface CurrentOrgInvitation {
  /** The invitation's ID. */
  readonly id: string;
  /** The address invited; null when the server withholds it. */
  readonly email: string | null;
}

/** Seats of one kind: what the organization has, and what its members and pending invitations take. */
export interface SeatCount {
  /** The seats of this kind the organization has. */
  readonly total: number;
  /** The seats its members and pending invitations take. */
  readonly used: number;
}

/** The organization sync works in: its members and their roles, pending invitations, seats and teams. */
export interface CurrentOrganization {
  /** W&B's ID of the organization. */
  readonly id: string;
  /** Its name. */
  readonly name: string;
  /** Members, in the server's order. */
  readonly members: readonly CurrentOrgMember[];
  /** Pending invitations. */
  readonly invitations: readonly CurrentOrgInvitation[];
  /** Full seats (every role but `viewer`) and view-only seats (`viewer`). */
  readonly seats: { readonly full: SeatCount; readonly viewOnly: SeatCount };
  /** Names of its teams, where the client lists them. */
  readonly teams: readonly string[];
}

/** Everything sync read from the server. */
export interface CurrentState {
  /** Who the API key belongs to. */
  readonly viewer: CurrentViewer;
  /**
   * Every user of the instance; on W&B's cloud, where nobody may list them,
   * the accounts of the organization's members.
   */
  readonly users: readonly CurrentUser[];
  /** The teams read, by name: null for a name with no team. A plan only looks at teams read. */
  readonly teams: ReadonlyMap<string, CurrentTeam | null>;
  /** The kind of W&B read (see deployment.ts); undefined is W&B Server. */
  readonly deployment?: Deployment | undefined;
  /** The organization, when it was read (always on W&B's cloud; on W&B Server for organization roles); null or undefined otherwise. */
  readonly organization?: CurrentOrganization | null | undefined;
}

/** Whether sync must leave this account alone: a service account. */
export function isServiceAccount(account: { accountType: string | null }): boolean {
  return account.accountType === SERVICE_ACCOUNT;
}
