import {
  type CurrentMember,
  type CurrentOrganization,
  type CurrentOrgInvitation,
  type CurrentOrgMember,
  type CurrentState,
  type CurrentTeam,
  type CurrentUser,
  isServiceAccount,
} from './current.js';
import { emailKey } from './desired.js';
import { ADMIN_ROLE } from './rules.js';

/** Who to look for in a team's member list: any of these that is known. */
export interface MemberQuery {
  /** Their address (any case). */
  readonly email?: string | null;
  /** Their username. */
  readonly username?: string | null;
  /** Their user ID (matches members who joined). */
  readonly userId?: string | null;
}

/**
 * Lookups over a {@link CurrentState}: users by address (any case), ID and
 * username, and a team's member for a person, however the server shows them
 * (a member's address, or the account behind their ID or username).
 */
export class StateIndex {
  readonly #byEmail = new Map<string, CurrentUser[]>();
  #accounts: AccountMaps | undefined;
  readonly #members = new Map<string, MemberMaps>();
  #org: OrgMaps | undefined;

  constructor(
    /** The state indexed. */
    readonly state: CurrentState,
  ) {
    for (const user of state.users) {
      if (user.email === null) continue;
      const key = emailKey(user.email);
      const list = this.#byEmail.get(key);
      if (list) list.push(user);
      else this.#byEmail.set(key, [user]);
    }
  }

  /** Users with this address, ignoring case: more than one is a state sync cannot act on. */
  usersWithEmail(email: string): readonly CurrentUser[] {
    return this.usersWithKey(emailKey(email));
  }

  /** Users whose address has this {@link emailKey} (a listed user's `key`): {@link usersWithEmail} without normalising again. */
  usersWithKey(key: string): readonly CurrentUser[] {
    return this.#byEmail.get(key) ?? [];
  }

  /** The user with this ID. */
  userById(id: string): CurrentUser | undefined {
    return this.#accountMaps().byId.get(id);
  }

  /** The user with this username (exact). */
  userByUsername(username: string): CurrentUser | undefined {
    return this.#accountMaps().byUsername.get(username);
  }

  /**
   * Whether a member line is an admin who can act for the team: joined, with
   * the admin role, and an account that is not deactivated. W&B still lists a
   * deactivated admin among the members, but they cannot administer the team,
   * so they never count as the admin a team keeps. A line whose account is not
   * among the users read counts as active, as the server shows it.
   */
  isActingAdmin(member: CurrentMember): boolean {
    if (member.pending || member.role !== ADMIN_ROLE) return false;
    return (this.userById(member.id)?.deletedAt ?? null) === null;
  }

  /** The team read under this name: a team, null (read: no such team), or undefined (not read). */
  team(name: string): CurrentTeam | null | undefined {
    return this.state.teams.get(name);
  }

  /** The account behind a member: by ID once they joined, else by username. */
  userOfMember(member: CurrentMember): CurrentUser | undefined {
    const { byId, byUsername } = this.#accountMaps();
    return (member.pending ? undefined : byId.get(member.id)) ?? (member.username !== null ? byUsername.get(member.username) : undefined);
  }

  /** A member's address in lower case: theirs, or their account's; null when the server shows neither. */
  emailOfMember(member: CurrentMember): string | null {
    const email = member.email ?? this.userOfMember(member)?.email ?? null;
    return email === null ? null : emailKey(email);
  }

  /**
   * The member (or invitation) of `team` for this person; a joined member wins
   * over an invitation. Never a service account's line, whatever address or
   * name it shows: sync does not touch service accounts, and one sharing a
   * person's address is not that person.
   */
  memberOf(team: CurrentTeam, who: MemberQuery): CurrentMember | undefined {
    const maps = this.#memberMaps(team);
    const byEmail = who.email ? maps.byEmail.get(emailKey(who.email)) : undefined;
    if (byEmail !== undefined || (!who.userId && !who.username)) return byEmail;
    maps.byAccount ??= membersByAccount(team);
    return (who.userId ? maps.byAccount.byUserId.get(who.userId) : undefined) ?? (who.username ? maps.byAccount.byUsername.get(who.username) : undefined);
  }

  /** The organization read, or null. */
  get organization(): CurrentOrganization | null {
    return this.state.organization ?? null;
  }

  /** The organization's member with this user ID. */
  orgMemberById(userId: string): CurrentOrgMember | undefined {
    return this.#orgMaps().byUserId.get(userId);
  }

  /** The organization's member with this address (any case): theirs, or their account's. */
  orgMemberByEmail(email: string): CurrentOrgMember | undefined {
    return this.#orgMaps().byEmail.get(emailKey(email));
  }

  /** The organization's pending invitation of this address (any case). */
  orgInvitationByEmail(email: string): CurrentOrgInvitation | undefined {
    return this.#orgMaps().invitationByEmail.get(emailKey(email));
  }

  /** The organization's pending invitation with this ID. */
  orgInvitationById(id: string): CurrentOrgInvitation | undefined {
    return this.#orgMaps().invitationById.get(id);
  }

  /** A member's address in lower case: the member line's, or their account's; null when the server shows neither. */
  emailOfOrgMember(member: CurrentOrgMember): string | null {
    const email = member.email ?? this.userById(member.userId)?.email ?? null;
    return email === null ? null : emailKey(email);
  }

  /**
   * Whether a member can act as an admin of the organization: the `admin`
   * role, and an account that is not deactivated (one not among the users
   * read counts as active, as the server shows it).
   */
  isActingOrgAdmin(member: CurrentOrgMember): boolean {
    return member.role === ADMIN_ROLE && (this.userById(member.userId)?.deletedAt ?? null) === null;
  }

  #orgMaps(): OrgMaps {
    if (this.#org) return this.#org;
    const maps: OrgMaps = { byUserId: new Map(), byEmail: new Map(), invitationByEmail: new Map(), invitationById: new Map() };
    for (const member of this.state.organization?.members ?? []) {
      maps.byUserId.set(member.userId, member);
      const email = this.emailOfOrgMember(member);
      if (email !== null) maps.byEmail.set(email, member);
    }
    for (const invitation of this.state.organization?.invitations ?? []) {
      maps.invitationById.set(invitation.id, invitation);
      if (invitation.email !== null) maps.invitationByEmail.set(emailKey(invitation.email), invitation);
    }
    this.#org = maps;
    return maps;
  }

  /**
   * Users by ID and by username, built on first use: a plan needs them only for
   * members the server shows without an address, and for new teams.
   */
  #accountMaps(): AccountMaps {
    if (this.#accounts) return this.#accounts;
    const accounts: AccountMaps = { byId: new Map(), byUsername: new Map() };
    for (const user of this.state.users) {
      accounts.byId.set(user.id, user);
      if (user.username !== null) accounts.byUsername.set(user.username, user);
    }
    this.#accounts = accounts;
    return accounts;
  }

  /**
   * A team's members by address, built once per team: lookups stay O(1) for
   * large teams. By user ID and username only when an address does not match
   * (someone not in the team yet, or shown without an address): a plan where
   * everyone is in place never builds those.
   */
  #memberMaps(team: CurrentTeam): MemberMaps {
    let maps = this.#members.get(team.name);
    if (maps) return maps;
    maps = { byEmail: new Map(), byAccount: undefined };
    for (const member of team.members) {
      if (isServiceAccount(member)) continue;
      const email = this.emailOfMember(member);
      if (email !== null) keep(maps.byEmail, email, member);
    }
    this.#members.set(team.name, maps);
    return maps;
  }
}

/** Records `member` under `key` unless a member already there wins: a joined member wins over an invitation. */
function keep(map: Map<string, CurrentMember>, key: string, member: CurrentMember): void {
  const seen = map.get(key);
  if (!seen || (seen.pending && !member.pending)) map.set(key, member);
}

/** A team's members by user ID (those who joined) and by username. */
function membersByAccount(team: CurrentTeam): MembersByAccount {
  const maps: MembersByAccount = { byUserId: new Map(), byUsername: new Map() };
  for (const member of team.members) {
    if (isServiceAccount(member)) continue;
    if (!member.pending) keep(maps.byUserId, member.id, member);
    if (member.username !== null) keep(maps.byUsername, member.username, member);
  }
  return maps;
}

interface OrgMaps {
  byUserId: Map<string, CurrentOrgMember>;
  byEmail: Map<string, CurrentOrgMember>;
  invitationByEmail: Map<string, CurrentOrgInvitation>;
  invitationById: Map<string, CurrentOrgInvitation>;
}

interface AccountMaps {
  byId: Map<string, CurrentUser>;
  byUsername: Map<string, CurrentUser>;
}

interface MemberMaps {
  byEmail: Map<string, CurrentMember>;
  /** Built on first need (see #memberMaps). */
  byAccount: MembersByAccount | undefined;
}

interface MembersByAccount {
  byUserId: Map<string, CurrentMember>;
  byUsername: Map<string, CurrentMember>;
}
