// The desired state: what a sync file says W&B should look like, after
// validation (see parse-document.ts and parse-csv.ts). Emails keep the case they
// were written in; `key` is the address in lower case, which is how sync
// compares addresses (W&B treats them case-insensitively).

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
  /** Where the file lists the user (1-based). */
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
}

/** The lower-case form sync compares addresses by. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Whether the file lists an address, compared by {@link emailKey} as the
 * planner matches users: one rule for every "not listed" decision (prune's
 * deactivations and the teams read for them), built once per call.
 */
export function listedBy(desired: { readonly users: readonly { readonly key: string }[] }): (email: string) => boolean {
  const keys = new Set(desired.users.map((user) => user.key));
  return (email) => keys.has(emailKey(email));
}
