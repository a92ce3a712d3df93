import type { CurrentMember, CurrentState, CurrentTeam, CurrentUser } from './current.js';
import { emailKey } from './desired.js';

/** Who to look for in a team's member list: any of these that is known. */
export interface MemberQuery {
  readonly email?: string | null;
  readonly username?: string | null;
  readonly userId?: string | null;
}

/**
 * Lookups over a {@link CurrentState}: users by address (any case), ID and
 * username, and a team's member for a person, however the server shows them
 * (a member's address, or the account behind their ID or username).
 */
export class StateIndex {
  readonly #byEmail = new Map<string, CurrentUser[]>();
  readonly #byId = new Map<string, CurrentUser>();
  readonly #byUsername = new Map<string, CurrentUser>();
  readonly #membersByEmail = new Map<string, Map<string, CurrentMember>>();

  constructor(readonly state: CurrentState) {
    for (const user of state.users) {
      this.#byId.set(user.id, user);
      if (user.username !== null) this.#byUsername.set(user.username, user);
      if (user.email !== null) {
        const key = emailKey(user.email);
        const list = this.#byEmail.get(key);
        if (list) list.push(user);
        else this.#byEmail.set(key, [user]);
      }
    }
  }

  /** Users with this address, ignoring case: more than one is a state sync cannot act on. */
  usersWithEmail(email: string): readonly CurrentUser[] {
    return this.#byEmail.get(emailKey(email)) ?? [];
  }

  userById(id: string): CurrentUser | undefined {
    return this.#byId.get(id);
  }

  userByUsername(username: string): CurrentUser | undefined {
    return this.#byUsername.get(username);
  }

  /** The team read under this name: a team, null (read: no such team), or undefined (not read). */
  team(name: string): CurrentTeam | null | undefined {
    return this.state.teams.get(name);
  }

  /** The account behind a member: by ID once they joined, else by username. */
  userOfMember(member: CurrentMember): CurrentUser | undefined {
    return (member.pending ? undefined : this.#byId.get(member.id)) ?? (member.username !== null ? this.#byUsername.get(member.username) : undefined);
  }

  /** A member's address in lower case: theirs, or their account's; null when the server shows neither. */
  emailOfMember(member: CurrentMember): string | null {
    const email = member.email ?? this.userOfMember(member)?.email ?? null;
    return email === null ? null : emailKey(email);
  }

  /** The member (or invitation) of `team` for this person; a joined member wins over an invitation. */
  memberOf(team: CurrentTeam, who: MemberQuery): CurrentMember | undefined {
    if (who.email) {
      const found = this.#memberMap(team).get(emailKey(who.email));
      if (found) return found;
    }
    return team.members.find((m) => (who.userId && !m.pending && m.id === who.userId) || (who.username && m.username === who.username));
  }

  #memberMap(team: CurrentTeam): Map<string, CurrentMember> {
    let map = this.#membersByEmail.get(team.name);
    if (!map) {
      map = new Map();
      for (const member of team.members) {
        const key = this.emailOfMember(member);
        if (key === null) continue;
        const seen = map.get(key);
        if (!seen || (seen.pending && !member.pending)) map.set(key, member);
      }
      this.#membersByEmail.set(team.name, map);
    }
    return map;
  }
}
