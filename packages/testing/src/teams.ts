// Teams, their members and pending invitations: the part of the fake's state
// that W&B's team operations read and change. The rules that do not depend on
// who is asking (names, roles, duplicates, the last admin) live here, so the
// fixtures refuse what the GraphQL operations refuse; who may ask is the
// resolvers' business (team-resolvers.ts).
import { isPlausibleEmail } from './email.js';
import { decodeId, encodeId } from './ids.js';
import { randomString } from './secrets.js';
import { StoreError } from './store-error.js';
import type { UserRecord } from './user-record.js';

/** W&B's built-in team roles; custom roles are configured per instance. */
const BUILT_IN_ROLES: readonly string[] = ['admin', 'member', 'viewer'];

/** The role that carries the deprecated `admin` flag and the team-admin powers. */
export const ADMIN_ROLE = 'admin';

/** A user who joined a team. */
export interface MembershipRecord {
  kind: 'membership';
  /** Sequence number: the team lists members and invitations in the order they were added. */
  n: number;
  userN: number;
  role: string;
  joinedAt: string;
}

/** A pending invitation: an email (with or without an account yet) or an existing user, with the role they will get. */
export interface InviteRecord {
  kind: 'invite';
  n: number;
  id: string;
  teamN: number;
  /** The address invited, or the invited user's address when invited by username (null for a user without one). */
  email: string | null;
  /** The invited user when invited by username or by the address of an existing account. */
  userN: number | null;
  role: string;
  fromUserN: number;
  createdAt: string;
  /** What W&B's `Invite.name` holds: an opaque token (W&B looks invitations up by key, `Query.invite(key:)`). */
  token: string;
}

export interface TeamRecord {
  kind: 'team';
  n: number;
  id: string;
  name: string;
  createdAt: string;
  /** Joined members by user number. */
  members: Map<number, MembershipRecord>;
  /** User numbers of the members whose role is admin: the last-admin rule reads its size. */
  admins: Set<number>;
  /** Pending invitations by lower-cased email, and by user number for invitations that name an account. */
  invitesByEmail: Map<string, InviteRecord>;
  invitesByUser: Map<number, InviteRecord>;
  /** Members and invitations by sequence number, in the order they were added. */
  roster: Map<number, MembershipRecord | InviteRecord>;
}

/** A line of a team's member list, as W&B's `Entity.members` shows it: a member, or a pending invitation. */
export interface RosterRow {
  /** W&B's `Member.id`: the user's ID once they joined, the invitation's ID while pending. */
  id: string;
  pending: boolean;
  role: string;
  /** The member, or the account a pending invitation is for (undefined: an address without an account yet). */
  user: UserRecord | undefined;
  /** The member's address, or the address invited. */
  email: string | null;
}

/** The roster line of a user who is a member with this role. */
export function memberRow(user: UserRecord, role: string): RosterRow {
  return { id: user.id, pending: false, role, user, email: user.email };
}

/** What the team book needs from the rest of the store. */
export interface TeamBookHost {
  nextN(): number;
  now(): string;
  /** Whether a team or a user already has this name: W&B entity names share one namespace. */
  isEntityNameTaken(name: string): boolean;
  userByN(n: number): UserRecord;
  findUserByEmail(email: string): UserRecord | undefined;
}

// The schema's description of CreateTeamInput's team name (attached to the
// neighbouring field in the snapshot, see SCHEMA-NOTES.md): "allows
// alphanumeric chars, hyphens, and underscores".
const TEAM_NAME = /^[A-Za-z0-9_-]+$/;

/** The teams of one fake W&B instance. */
export class TeamBook {
  private readonly byName = new Map<string, TeamRecord>();
  private readonly byN = new Map<number, TeamRecord>();
  private readonly invites = new Map<number, InviteRecord>();
  private readonly roles: ReadonlySet<string>;

  constructor(
    private readonly host: TeamBookHost,
    customRoles: readonly string[] = [],
  ) {
    for (const role of customRoles) {
      if (!role.trim()) throw new StoreError('BAD_USER_INPUT', 'a custom role needs a name');
    }
    this.roles = new Set([...BUILT_IN_ROLES, ...customRoles]);
  }

  /** Creates a team; with `admin`, that user joins it as its admin. */
  create(name: string, admin?: UserRecord): TeamRecord {
    if (!TEAM_NAME.test(name)) {
      throw new StoreError('BAD_USER_INPUT', `invalid team name ${JSON.stringify(name)}: use letters, digits, hyphens and underscores`);
    }
    if (this.host.isEntityNameTaken(name)) throw new StoreError('CONFLICT', `the name ${name} is taken by a team or a user`);
    if (admin) this.checkJoinable(admin);
    const n = this.host.nextN();
    const team: TeamRecord = {
      kind: 'team',
      n,
      id: encodeId('Entity', n),
      name,
      createdAt: this.host.now(),
      members: new Map(),
      admins: new Set(),
      invitesByEmail: new Map(),
      invitesByUser: new Map(),
      roster: new Map(),
    };
    this.byName.set(name, team);
    this.byN.set(n, team);
    if (admin) this.addMembership(team, admin, ADMIN_ROLE);
    return team;
  }

  byTeamName(name: string): TeamRecord | undefined {
    return this.byName.get(name);
  }

  byTeamN(n: number): TeamRecord | undefined {
    return this.byN.get(n);
  }

  all(): IterableIterator<TeamRecord> {
    return this.byN.values();
  }

  /** `role` when W&B knows it (built in or a custom role of this instance); BAD_USER_INPUT otherwise. */
  checkRole(role: string): string {
    if (!this.roles.has(role)) {
      throw new StoreError('BAD_USER_INPUT', `unknown role ${JSON.stringify(role)}: use ${[...this.roles].join(', ')}`);
    }
    return role;
  }

  /** Adds a user to a team at once (fixtures, a team's creation, an accepted invitation). */
  join(team: TeamRecord, user: UserRecord, role: string): MembershipRecord {
    this.checkRole(role);
    this.checkJoinable(user);
    if (team.members.has(user.n)) throw new StoreError('CONFLICT', `${user.username} is already a member of ${team.name}`);
    return this.addMembership(team, user, role);
  }

  /** Adds a service account to the team that made it (no invitability checks: service accounts join only this way). */
  joinServiceAccount(team: TeamRecord, account: UserRecord): MembershipRecord {
    return this.addMembership(team, account, 'member');
  }

  /**
   * Invites an existing user, or an address without an account, to a team. Refused for a member,
   * someone already invited (by this address or as this user), a deactivated user and a service account.
   */
  invite(team: TeamRecord, target: UserRecord | string, role: string, from: UserRecord): InviteRecord {
    this.checkRole(role);
    const user = typeof target === 'string' ? undefined : target;
    const email = typeof target === 'string' ? target.trim() : target.email;
    if (!user && !isPlausibleEmail(email ?? '')) throw new StoreError('BAD_USER_INPUT', `invalid email address: ${JSON.stringify(email)}`);
    if (user) {
      this.checkJoinable(user);
      if (team.members.has(user.n)) throw new StoreError('CONFLICT', `${user.username} is already a member of ${team.name}`);
    }
    if (this.pendingInvite(team, user, email)) {
      throw new StoreError('CONFLICT', `${user?.username ?? email} is already invited to ${team.name}`);
    }
    const n = this.host.nextN();
    const invite: InviteRecord = {
      kind: 'invite',
      n,
      id: encodeId('Invite', n),
      teamN: team.n,
      email,
      userN: user?.n ?? null,
      role,
      fromUserN: from.n,
      createdAt: this.host.now(),
      token: randomString(32),
    };
    this.invites.set(n, invite);
    team.roster.set(n, invite);
    if (email !== null) team.invitesByEmail.set(email.toLowerCase(), invite);
    if (user) team.invitesByUser.set(user.n, invite);
    return invite;
  }

  /** The pending invitation for this user or address in this team, if any. */
  pendingInvite(team: TeamRecord, user: UserRecord | undefined, email: string | null): InviteRecord | undefined {
    return (user && team.invitesByUser.get(user.n)) ?? (email !== null ? team.invitesByEmail.get(email.toLowerCase()) : undefined);
  }

  /** The team's members and pending invitations, in the order they were added. */
  rosterOf(team: TeamRecord): RosterRow[] {
    return [...team.roster.values()].map((row) =>
      row.kind === 'membership'
        ? memberRow(this.host.userByN(row.userN), row.role)
        : { id: row.id, pending: true, role: row.role, user: this.invitee(row), email: row.email },
    );
  }

  inviteById(id: string): InviteRecord | undefined {
    const n = decodeId('Invite', id);
    return n === undefined ? undefined : this.invites.get(n);
  }

  /** The account an invitation is for: the user it named, or the account that now has its address. */
  invitee(invite: InviteRecord): UserRecord | undefined {
    if (invite.userN !== null) return this.host.userByN(invite.userN);
    return invite.email === null ? undefined : this.host.findUserByEmail(invite.email);
  }

  /** The invitee accepts: they join with the invitation's role, and the invitation is gone. */
  accept(invite: InviteRecord): MembershipRecord {
    const team = this.teamOf(invite);
    const user = this.invitee(invite);
    if (!user) throw new StoreError('NOT_FOUND', `no account has the address ${invite.email} yet: the invitation cannot be accepted`);
    return this.join(team, user, invite.role);
  }

  deleteInvite(invite: InviteRecord): void {
    const team = this.teamOf(invite);
    this.invites.delete(invite.n);
    team.roster.delete(invite.n);
    if (invite.email !== null && team.invitesByEmail.get(invite.email.toLowerCase()) === invite) team.invitesByEmail.delete(invite.email.toLowerCase());
    if (invite.userN !== null && team.invitesByUser.get(invite.userN) === invite) team.invitesByUser.delete(invite.userN);
  }

  /** Takes a member out of a team; the team's last admin stays. */
  remove(team: TeamRecord, user: UserRecord): void {
    this.membershipOf(team, user);
    this.keepAnAdmin(team, user, 'removed');
    this.leave(team, user);
  }

  /** Takes a member out of a team whatever their role: their organization removed them (organizations.ts). */
  leave(team: TeamRecord, user: UserRecord): void {
    const membership = this.membershipOf(team, user);
    team.members.delete(user.n);
    team.admins.delete(user.n);
    team.roster.delete(membership.n);
    user.teamIds.delete(team.n);
  }

  /**
   * Deletes a team: its memberships and pending invitations go with it; the
   * accounts stay, service accounts included (W&B's `deleteTeam` takes the
   * team's name only).
   */
  delete(team: TeamRecord): void {
    for (const row of team.roster.values()) {
      if (row.kind === 'membership') this.host.userByN(row.userN).teamIds.delete(team.n);
      else this.invites.delete(row.n);
    }
    this.byName.delete(team.name);
    this.byN.delete(team.n);
  }

  /** Changes a member's role; the team's last admin cannot be demoted. */
  setRole(team: TeamRecord, user: UserRecord, role: string): MembershipRecord {
    this.checkRole(role);
    const membership = this.membershipOf(team, user);
    if (role !== ADMIN_ROLE) this.keepAnAdmin(team, user, 'demoted');
    membership.role = role;
    if (role === ADMIN_ROLE) team.admins.add(user.n);
    else team.admins.delete(user.n);
    return membership;
  }

  membershipOf(team: TeamRecord, user: UserRecord): MembershipRecord {
    const membership = team.members.get(user.n);
    if (!membership) throw new StoreError('NOT_FOUND', `${user.username} is not a member of ${team.name}`);
    return membership;
  }

  private teamOf(invite: InviteRecord): TeamRecord {
    const team = this.byN.get(invite.teamN);
    if (!team) throw new Error(`fake W&B store is inconsistent: no team #${invite.teamN}`);
    return team;
  }

  private keepAnAdmin(team: TeamRecord, user: UserRecord, change: string): void {
    if (team.admins.has(user.n) && team.admins.size === 1) {
      throw new StoreError('CONFLICT', `${user.username} is the last admin of ${team.name} and cannot be ${change}: make another member admin first`);
    }
  }

  private checkJoinable(user: UserRecord): void {
    if (user.deletedAt) throw new StoreError('BAD_USER_INPUT', `${user.username} is deactivated`);
    if (user.accountType === 'SERVICE') throw new StoreError('BAD_USER_INPUT', `${user.username} is a service account: it belongs to the team that created it`);
  }

  private addMembership(team: TeamRecord, user: UserRecord, role: string): MembershipRecord {
    // Someone who joins directly no longer needs the invitation they had.
    const pending = this.pendingInvite(team, user, user.email);
    if (pending) this.deleteInvite(pending);
    const membership: MembershipRecord = { kind: 'membership', n: this.host.nextN(), userN: user.n, role, joinedAt: this.host.now() };
    team.members.set(user.n, membership);
    if (role === ADMIN_ROLE) team.admins.add(user.n);
    team.roster.set(membership.n, membership);
    user.teamIds.add(team.n);
    return membership;
  }
}
