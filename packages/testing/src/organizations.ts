// Organizations: their members with organization roles, pending invitations,
// seats of two kinds, teams and the organization's own entity: the part of the
// fake's state that W&B's organization operations read and change. The rules
// that do not depend on who is asking (roles, seats, duplicates, the last
// admin) live here, so the fixtures refuse what the GraphQL operations refuse;
// who may ask is the resolvers' business (organization-resolvers.ts).
import { isPlausibleEmail } from './email.js';
import { decodeId, encodeId } from './ids.js';
import { randomString } from './secrets.js';
import { StoreError } from './store-error.js';
import type { TeamBook, TeamRecord } from './teams.js';
import type { UserRecord } from './user-record.js';

/** W&B's built-in organization roles; the instance's custom roles come on top. */
const BUILT_IN_ROLES: readonly string[] = ['admin', 'member', 'viewer'];

/** The organization role with the organization-admin powers. */
export const ORG_ADMIN_ROLE = 'admin';

/** The kinds of seat an organization has: full seats, and view-only seats for viewers. */
export type SeatKind = 'full' | 'viewOnly';

/** The seat a role takes: view-only for `viewer`, full for every other role (custom roles included). */
export function seatKindOf(role: string): SeatKind {
  return role === 'viewer' ? 'viewOnly' : 'full';
}

/** The organization's own entity (`Organization.orgEntity`, `entityType` `organization`). */
export interface OrgEntityRecord {
  kind: 'organization';
  n: number;
  id: string;
  name: string;
  createdAt: string;
  orgN: number;
}

/** A user who joined an organization, with their organization role. */
export interface OrgMembershipRecord {
  userN: number;
  role: string;
  joinedAt: string;
}

/** A pending invitation to an organization: an address without an account yet, with the role and teams it will get. */
export interface OrgInviteRecord {
  kind: 'orgInvite';
  n: number;
  id: string;
  orgN: number;
  email: string;
  role: string;
  /** Team numbers the invitee joins (as `member`) on accepting. */
  teamNs: number[];
  fromUserN: number;
  createdAt: string;
  /** What W&B's `Invite.name` holds: an opaque token, as for team invitations. */
  token: string;
}

export interface OrganizationRecord {
  n: number;
  id: string;
  name: string;
  createdAt: string;
  entity: OrgEntityRecord;
  /** Seats the organization has, of each kind (`seatAvailability`). */
  seats: number;
  viewOnlySeats: number;
  /** Joined members by user number, in the order they joined. */
  members: Map<number, OrgMembershipRecord>;
  /** User numbers of the members whose role is admin: the last-admin rule reads its size. */
  admins: Set<number>;
  /** Pending invitations by lower-cased address, in the order they were made. */
  invites: Map<string, OrgInviteRecord>;
  /** The organization's teams, by team number. */
  teamNs: Set<number>;
}

/** What the organization book needs from the rest of the store. */
export interface OrganizationBookHost {
  nextN(): number;
  now(): string;
  /** `base`, or `base` with a number after it: an entity name nobody has (entity names share one namespace). */
  freeEntityName(base: string): string;
  isEntityNameTaken(name: string): boolean;
  userByN(n: number): UserRecord;
  findUserByEmail(email: string): UserRecord | undefined;
  readonly teams: TeamBook;
  /** The kind of deployment played: on W&B's cloud, organization admins manage their organization's teams. */
  readonly deployment: 'server' | 'cloud';
}

/** A new organization, as `fake.addOrganization` describes it. */
export interface NewOrganization {
  name: string;
  entityName?: string | undefined;
  seats: number;
  viewOnlySeats: number;
}

// The same rule as team names: the organization's entity shares their namespace.
const ENTITY_NAME = /^[A-Za-z0-9_-]+$/;

/** The organizations of one fake W&B instance. */
export class OrganizationBook {
  private readonly byN = new Map<number, OrganizationRecord>();
  private readonly byName = new Map<string, OrganizationRecord>();
  private readonly byEntity = new Map<string, OrganizationRecord>();
  private readonly orgOfTeam = new Map<number, OrganizationRecord>();
  private readonly invitesByN = new Map<number, OrgInviteRecord>();
  private readonly roles: ReadonlySet<string>;

  constructor(
    private readonly host: OrganizationBookHost,
    customRoles: readonly string[] = [],
  ) {
    this.roles = new Set([...BUILT_IN_ROLES, ...customRoles]);
  }

  create(input: NewOrganization): OrganizationRecord {
    const name = input.name.trim();
    if (!name) throw new StoreError('BAD_USER_INPUT', 'an organization needs a name');
    if (this.byName.has(name.toLowerCase())) throw new StoreError('CONFLICT', `an organization named ${name} already exists`);
    for (const [what, count] of [
      ['seats', input.seats],
      ['viewOnlySeats', input.viewOnlySeats],
    ] as const) {
      if (!Number.isSafeInteger(count) || count < 0) throw new StoreError('BAD_USER_INPUT', `${what} must be a whole number, at least 0; got ${count}`);
    }
    let entityName = input.entityName;
    if (entityName === undefined) {
      const slug =
        name
          .toLowerCase()
          .replace(/[^a-z0-9_-]+/g, '-')
          .replace(/^-+|-+$/g, '') || 'org';
      entityName = this.host.freeEntityName(slug);
    } else if (!ENTITY_NAME.test(entityName)) {
      throw new StoreError('BAD_USER_INPUT', `invalid entity name ${JSON.stringify(entityName)}: use letters, digits, hyphens and underscores`);
    } else if (this.host.isEntityNameTaken(entityName)) {
      throw new StoreError('CONFLICT', `the entity name ${entityName} is taken by a team, a user or an organization`);
    }
    const n = this.host.nextN();
    const createdAt = this.host.now();
    const entityN = this.host.nextN();
    const org: OrganizationRecord = {
      n,
      id: encodeId('Organization', n),
      name,
      createdAt,
      entity: { kind: 'organization', n: entityN, id: encodeId('Entity', entityN), name: entityName, createdAt, orgN: n },
      seats: input.seats,
      viewOnlySeats: input.viewOnlySeats,
      members: new Map(),
      admins: new Set(),
      invites: new Map(),
      teamNs: new Set(),
    };
    this.byN.set(n, org);
    this.byName.set(name.toLowerCase(), org);
    this.byEntity.set(entityName, org);
    return org;
  }

  all(): IterableIterator<OrganizationRecord> {
    return this.byN.values();
  }

  /** By name, ignoring case (W&B's organization names are display names). */
  byOrganizationName(name: string): OrganizationRecord | undefined {
    return this.byName.get(name.toLowerCase());
  }

  byId(id: string): OrganizationRecord | undefined {
    const n = decodeId('Organization', id);
    return n === undefined ? undefined : this.byN.get(n);
  }

  byOrgN(n: number): OrganizationRecord {
    const org = this.byN.get(n);
    if (!org) throw new Error(`fake W&B store is inconsistent: no organization #${n}`);
    return org;
  }

  /** The organization whose own entity has this name. */
  byEntityName(name: string): OrganizationRecord | undefined {
    return this.byEntity.get(name);
  }

  /** The organization a team belongs to, if any. */
  ofTeam(team: TeamRecord): OrganizationRecord | undefined {
    return this.orgOfTeam.get(team.n);
  }

  /** The organizations the user has joined, in the order they were made. */
  orgsOf(user: UserRecord): OrganizationRecord[] {
    return [...this.byN.values()].filter((org) => org.members.has(user.n));
  }

  teamsOf(org: OrganizationRecord): TeamRecord[] {
    return [...org.teamNs].map((n) => this.host.teams.byTeamN(n)).filter((t): t is TeamRecord => t !== undefined);
  }

  /** `role` when the instance knows it (built in or custom); BAD_USER_INPUT otherwise. */
  checkRole(role: string): string {
    if (!this.roles.has(role)) throw new StoreError('BAD_USER_INPUT', `unknown organization role ${JSON.stringify(role)}: use ${[...this.roles].join(', ')}`);
    return role;
  }

  /** Seats of `kind` taken: by members and by pending invitations, which hold a seat until they are accepted or withdrawn. */
  used(org: OrganizationRecord, kind: SeatKind): number {
    let used = 0;
    for (const m of org.members.values()) if (seatKindOf(m.role) === kind) used++;
    for (const i of org.invites.values()) if (seatKindOf(i.role) === kind) used++;
    return used;
  }

  total(org: OrganizationRecord, kind: SeatKind): number {
    return kind === 'full' ? org.seats : org.viewOnlySeats;
  }

  /** The team joins the organization; a team belongs to at most one. */
  linkTeam(org: OrganizationRecord, team: TeamRecord): void {
    const holder = this.orgOfTeam.get(team.n);
    if (holder === org) return;
    if (holder) throw new StoreError('CONFLICT', `team ${team.name} already belongs to organization ${holder.name}`);
    org.teamNs.add(team.n);
    this.orgOfTeam.set(team.n, org);
  }

  /**
   * Whether `user` manages `team` as an admin of the organization it belongs
   * to: on W&B's cloud, organization admins create their organization's teams
   * and manage them from the team's dashboard, as its team admins do. Never on
   * W&B Server, where that is the instance admins' part.
   */
  managesTeam(user: UserRecord, team: TeamRecord): boolean {
    return this.host.deployment === 'cloud' && this.orgOfTeam.get(team.n)?.admins.has(user.n) === true;
  }

  /**
   * The organization a team created by `user` on W&B's cloud belongs to: the
   * first they are an admin of (W&B's "Default API organization" setting
   * chooses among several). Undefined when they administer none.
   */
  defaultOrganizationOf(user: UserRecord): OrganizationRecord | undefined {
    for (const org of this.byN.values()) if (org.admins.has(user.n)) return org;
    return undefined;
  }

  /** The organization's team named `name`; NOT_FOUND for any other name. */
  teamIn(org: OrganizationRecord, name: string): TeamRecord {
    const team = this.host.teams.byTeamName(name);
    if (!team || this.orgOfTeam.get(team.n) !== org) throw new StoreError('NOT_FOUND', `organization ${org.name} has no team named ${name}`);
    return team;
  }

  /**
   * Adds an existing account at once, or invites an address that has none yet
   * (the invitation holds a seat of the role's kind until it is accepted or
   * withdrawn). Refused for a member, an address already invited, a
   * deactivated user, a service account, and when no seat of the kind is left.
   */
  add(
    org: OrganizationRecord,
    target: UserRecord | string,
    role: string,
    teams: readonly TeamRecord[],
    from: UserRecord,
  ): OrgMembershipRecord | OrgInviteRecord {
    this.checkRole(role);
    if (typeof target !== 'string') {
      const membership = this.join(org, target, role);
      for (const team of teams) if (!team.members.has(target.n)) this.host.teams.join(team, target, 'member');
      return membership;
    }
    const email = target.trim();
    if (!isPlausibleEmail(email)) throw new StoreError('BAD_USER_INPUT', `invalid email address: ${JSON.stringify(email)}`);
    if (org.invites.has(email.toLowerCase())) throw new StoreError('CONFLICT', `${email} is already invited to organization ${org.name}`);
    this.checkSeat(org, seatKindOf(role));
    const n = this.host.nextN();
    const invite: OrgInviteRecord = {
      kind: 'orgInvite',
      n,
      id: encodeId('Invite', n),
      orgN: org.n,
      email,
      role,
      teamNs: teams.map((t) => t.n),
      fromUserN: from.n,
      createdAt: this.host.now(),
      token: randomString(32),
    };
    org.invites.set(email.toLowerCase(), invite);
    this.invitesByN.set(n, invite);
    return invite;
  }

  /** Adds a user to an organization with this role (fixtures, `add`, an accepted invitation). */
  join(org: OrganizationRecord, user: UserRecord, role: string): OrgMembershipRecord {
    this.checkRole(role);
    if (user.deletedAt) throw new StoreError('BAD_USER_INPUT', `${user.username} is deactivated`);
    if (user.accountType === 'SERVICE') throw new StoreError('BAD_USER_INPUT', `${user.username} is a service account: it belongs to the team that created it`);
    if (org.members.has(user.n)) throw new StoreError('CONFLICT', `${user.username} is already a member of organization ${org.name}`);
    const pending = user.email === null ? undefined : org.invites.get(user.email.toLowerCase());
    if (pending) throw new StoreError('CONFLICT', `${user.email} is already invited to organization ${org.name}`);
    this.checkSeat(org, seatKindOf(role));
    const membership: OrgMembershipRecord = { userN: user.n, role, joinedAt: this.host.now() };
    org.members.set(user.n, membership);
    if (role === ORG_ADMIN_ROLE) org.admins.add(user.n);
    return membership;
  }

  /** The invitee accepts: they join with the invitation's role and teams; its seat becomes theirs. */
  accept(org: OrganizationRecord, invite: OrgInviteRecord): OrgMembershipRecord {
    const user = this.host.findUserByEmail(invite.email);
    if (!user) throw new StoreError('NOT_FOUND', `no account has the address ${invite.email} yet: the invitation cannot be accepted`);
    this.withdraw(org, invite);
    let membership: OrgMembershipRecord;
    try {
      membership = this.join(org, user, invite.role);
    } catch (error) {
      // Refused (a deactivated account, say): the invitation stays as it was.
      org.invites.set(invite.email.toLowerCase(), invite);
      this.invitesByN.set(invite.n, invite);
      throw error;
    }
    for (const n of invite.teamNs) {
      const team = this.host.teams.byTeamN(n);
      if (team && !team.members.has(user.n)) this.host.teams.join(team, user, 'member');
    }
    return membership;
  }

  inviteById(id: string): OrgInviteRecord | undefined {
    const n = decodeId('Invite', id);
    return n === undefined ? undefined : this.invitesByN.get(n);
  }

  /** Withdraws a pending invitation: its seat is free again. */
  withdraw(org: OrganizationRecord, invite: OrgInviteRecord): void {
    org.invites.delete(invite.email.toLowerCase());
    this.invitesByN.delete(invite.n);
  }

  /**
   * Takes a member out of the organization, and out of its teams (even where
   * they were a team's last admin: the organization's admins manage its
   * teams); their seat is free again. The organization's last admin stays.
   */
  remove(org: OrganizationRecord, user: UserRecord): void {
    this.membershipOf(org, user);
    this.keepAnAdmin(org, user, 'removed');
    org.members.delete(user.n);
    org.admins.delete(user.n);
    for (const team of this.teamsOf(org)) if (team.members.has(user.n)) this.host.teams.leave(team, user);
  }

  /** Changes a member's role; the seat follows the role, so a change of seat kind needs a free seat of the new kind. */
  setRole(org: OrganizationRecord, user: UserRecord, role: string): OrgMembershipRecord {
    this.checkRole(role);
    const membership = this.membershipOf(org, user);
    if (role !== ORG_ADMIN_ROLE) this.keepAnAdmin(org, user, 'demoted');
    const kind = seatKindOf(role);
    if (kind !== seatKindOf(membership.role)) this.checkSeat(org, kind);
    membership.role = role;
    if (role === ORG_ADMIN_ROLE) org.admins.add(user.n);
    else org.admins.delete(user.n);
    return membership;
  }

  membershipOf(org: OrganizationRecord, user: UserRecord): OrgMembershipRecord {
    const membership = org.members.get(user.n);
    if (!membership) throw new StoreError('NOT_FOUND', `${user.username} is not a member of organization ${org.name}`);
    return membership;
  }

  private checkSeat(org: OrganizationRecord, kind: SeatKind): void {
    const total = this.total(org, kind);
    const used = this.used(org, kind);
    if (used >= total) {
      const what = kind === 'full' ? 'full seat' : 'view-only seat';
      throw new StoreError('CONFLICT', `no ${what} left in organization ${org.name}: ${used} of ${total} in use`);
    }
  }

  private keepAnAdmin(org: OrganizationRecord, user: UserRecord, change: string): void {
    if (org.admins.has(user.n) && org.admins.size === 1) {
      throw new StoreError(
        'CONFLICT',
        `${user.username} is the last admin of organization ${org.name} and cannot be ${change}: make another member admin first`,
      );
    }
  }
}
