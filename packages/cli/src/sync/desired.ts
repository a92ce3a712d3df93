// The desired state: what a sync file says W&B should look like, after
// validation (see parse-document.ts and parse-csv.ts). Emails keep the case they
// were written in; `key` is the address in lower case, which is how sync
// compares addresses (W&B treats them case-insensitively).

/** The versions of the sync file format this reader knows; a file without `version` is version 1. */
export const SYNC_FILE_VERSIONS = [1, 2] as const;

/** The version `sync export` writes: the first that can express every state (statuses, scope, service accounts). */
export const SYNC_FILE_VERSION = 2;

/**
 * What the file says of a listed address's account:
 *
 * - `active` (the default): an active account. Created when there is none,
 *   reactivated when deactivated.
 * - `deactivated`: no active account. Never created or reactivated; an active
 *   account is deactivated, like every removal only with --prune; its team
 *   lines are kept as listed, but it is never invited.
 * - `invited`: an address invited to teams, with no account made by sync.
 *   Invited to its teams (W&B mails a link; the account comes when they
 *   accept); an account it has is left as it is, neither reactivated nor
 *   deactivated.
 */
export type AccountStatus = 'active' | 'deactivated' | 'invited';

/** What a partial file covers (`scope:`); a file without one covers the whole instance. See scope.ts. */
export interface SyncScope {
  /**
   * The teams it covers, or null for every team. A file scoped to teams
   * manages their memberships only: it never deactivates an account.
   */
  readonly teams: readonly string[] | null;
  /**
   * The email domains it covers (lower case), or null for every address:
   * accounts and member lines with an address in another domain, or none, are
   * outside.
   */
  readonly emailDomains: readonly string[] | null;
}

/** A team the file declares. Sync manages the membership of declared teams only. */
export interface DesiredTeam {
  /** The team's name. */
  readonly name: string;
  /** Where the file declares it (1-based), for messages. */
  readonly line: number;
}

/** A user the file lists. */
export interface DesiredUser {
  /** The address as written. */
  readonly email: string;
  /** The address in lower case: how users are matched. */
  readonly key: string;
  /**
   * The instance admin flag: `undefined` when the file leaves it out, which
   * leaves an existing user's flag alone (a new user is created without it).
   */
  readonly admin: boolean | undefined;
  /** Team name to role, for the declared teams this user belongs to. */
  readonly teams: ReadonlyMap<string, string>;
  /** What the file says of the account; undefined is `active`. */
  readonly status?: AccountStatus | undefined;
  /**
   * The organization role (`admin`, `member`, `viewer` or a custom role's
   * name), which decides the seat they take (`viewer`: a view-only seat);
   * undefined leaves a member's role as it is (someone invited to the
   * organization gets `member`). Separate from {@link admin}, the instance
   * admin flag of W&B Server.
   */
  readonly orgRole?: string | undefined;
  /** Where the file lists the user (1-based). */
  readonly line: number;
}

/**
 * A service account the file records. Sync never creates, changes or removes
 * service accounts (they are made by a team, with their own key): the list is
 * what an export found, for people to read, and plans ignore it.
 */
export interface DesiredServiceAccount {
  /** Its username (service accounts have no address). */
  readonly username: string;
  /** Team name to role, as recorded. */
  readonly teams: ReadonlyMap<string, string>;
  /** As recorded: `active`, or `deactivated`. */
  readonly status: 'active' | 'deactivated';
  /** Where the file lists it (1-based). */
  readonly line: number;
}

/** A validated sync file. */
export interface DesiredState {
  /** The file's name, or "standard input", for messages. */
  readonly source: string;
  /** Declared teams by name, in file order. */
  readonly teams: ReadonlyMap<string, DesiredTeam>;
  /** Listed users, in file order; no two share an address (any case). */
  readonly users: readonly DesiredUser[];
  /** The file's format version: 1 when it does not say. */
  readonly version?: number | undefined;
  /** What a partial file covers; null or undefined: the whole instance. */
  readonly scope?: SyncScope | null | undefined;
  /** Service accounts the file records (never acted on). */
  readonly serviceAccounts?: readonly DesiredServiceAccount[] | undefined;
}

/** A listed user's status, `active` when the file does not say. */
export function statusOf(user: { readonly status?: AccountStatus | undefined }): AccountStatus {
  return user.status ?? 'active';
}

/** The lower-case form sync compares addresses by. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Whether the file keeps an address's account active, or at least leaves it
 * be: listed, with a status other than `deactivated`. Compared by
 * {@link emailKey} as the planner matches users: one rule for every "prune may
 * deactivate it" decision (the planner's, and the teams read for them), built
 * once per call.
 */
export function keptBy(desired: {
  readonly users: readonly { readonly key: string; readonly status?: AccountStatus | undefined }[];
}): (email: string) => boolean {
  const keys = new Set(desired.users.filter((user) => user.status !== 'deactivated').map((user) => user.key));
  return (email) => keys.has(emailKey(email));
}
