import type { Action, MemberRef, UserRef } from './actions.js';
import {
  type CurrentMember,
  type CurrentOrganization,
  type CurrentOrgMember,
  type CurrentState,
  type CurrentTeam,
  type CurrentUser,
  isServiceAccount,
} from './current.js';
import { type DesiredState, type DesiredUser, emailKey, keptBy, statusOf } from './desired.js';
import { type Blocker, type HeldChange, PLAN_VERSION, type Plan, type PlanOrganization } from './plan-types.js';
import { ADMIN_ROLE } from './rules.js';
import { SEAT_KINDS, type SeatKind, seatChange, seatsLeft } from './seats.js';

/** The organization role of someone sync invites to an organization without a role in the file: W&B's dashboard's default. */
export const DEFAULT_ORG_ROLE = 'member';
import { activeAccounts, isServiceMember, isViewerMember, type RuleSettings, removalLimit, ruleViolations } from './safety.js';
import { addressInScope, mayDeactivate } from './scope.js';
import { StateIndex } from './state-index.js';

/** Options of {@link plan}. */
export interface PlanOptions {
  /** The server's base URL, recorded in the plan (a saved plan is applied only there). */
  server: string;
  /**
   * Also remove what the file does not list: members and invitations of the
   * declared teams, and active accounts (deactivated). Default false: sync only adds and changes.
   */
  prune?: boolean;
  /** Let prune deactivate instance admins the file does not list. Default false. */
  includeAdmins?: boolean;
  /**
   * The most removals the plan may hold; more blocks it. Default: 10, or 5% of
   * the active accounts (service accounts aside), whichever is larger.
   */
  maxRemovals?: number;
  /** The plan's date. Default: now. */
  now?: Date;
}

type DraftOf<A> = A extends Action ? Omit<A, 'id' | 'dependsOn'> : never;
/** An action before it is numbered. */
export type ActionDraft = DraftOf<Action>;

// The order apply starts actions in: accounts and teams first, then what puts
// people in teams and promotions, then demotions, removals, and last what
// takes accounts away. Dependencies (below) make the order binding where it matters.
function phaseOf(action: ActionDraft): number {
  switch (action.kind) {
    case 'create-user':
    case 'reactivate-user':
    case 'create-team':
      return 1;
    case 'set-admin':
      return action.admin ? 1 : 5;
    case 'invite':
    case 'reinvite':
      return 2;
    case 'change-role':
      return action.role === ADMIN_ROLE ? 2 : 3;
    case 'remove-from-team':
      return 4;
    case 'deactivate-user':
      return 5;
    // Into the organization before its teams (the team invitations wait for it where they must).
    case 'org-invite':
      return 1;
    case 'org-set-role':
      return action.role === ADMIN_ROLE ? 2 : 3;
    case 'org-remove':
      return 5;
  }
}

/** An action being planned: what it does, what it waits for, and when it was made (for a stable order). */
export interface Draft {
  action: ActionDraft;
  deps: Draft[];
  seq: number;
}

/** A listed user in one of their teams. */
interface Membership {
  readonly user: DesiredUser;
  readonly role: string;
  /** The user's account (service accounts aside), by which their member line is also looked for; undefined for a new user. */
  readonly account: CurrentUser | undefined;
  /** The drafts that must be done before the user can join a team. */
  readonly ready: Draft[];
  /**
   * Whether sync may invite them: not when the file lists them as
   * deactivated, nor when their account is deactivated and stays so (W&B
   * refuses to invite a deactivated account).
   */
  readonly invitable: boolean;
}

const userRef = (user: CurrentUser): UserRef => ({ id: user.id, email: user.email, username: user.username });
const memberRef = (member: CurrentMember): MemberRef => ({ id: member.id, email: member.email, username: member.username });
const orgMemberRef = (member: CurrentOrgMember, email: string | null): UserRef => ({ id: member.userId, email, username: member.username });

/** An organization admin the plan would demote or remove from it: decided once every change is known (the last one stays). */
interface OrgLoss {
  readonly member: CurrentOrgMember;
  readonly action: ActionDraft;
  readonly subject: string;
  readonly deps: Draft[];
}
/** A joined member with the admin role: whom W&B counts when it protects a team's last admin. */
const isJoinedAdmin = (member: CurrentMember) => !member.pending && member.role === ADMIN_ROLE;

/** Builds a plan: the working state of one {@link plan} call. */
class Planner {
  readonly drafts: Draft[] = [];
  readonly held: HeldChange[] = [];
  readonly blocked: Blocker[] = [];
  readonly index: StateIndex;
  /** Per declared team: its listed users, in file order, filled by {@link planUsers}. */
  readonly #wanted = new Map<string, Membership[]>();
  /** Per team read: the IDs of its joined admins once the plan is applied. */
  readonly finalAdmins = new Map<string, Set<string>>();
  /** The reactivations planned, by user ID: an admin reactivated acts for their teams again. */
  readonly #reactivations = new Map<string, Draft>();
  /** Per team read but not managed: the reactivations of its admins, which a deactivation of another admin waits for. */
  readonly #teamReactivations = new Map<string, Draft[]>();
  /** On W&B's cloud: people join the organization instead of having accounts made, and leave it instead of being deactivated. */
  readonly cloud: boolean;
  /** Promotions to organization admin. */
  readonly orgPromotions: Draft[] = [];
  /** Organization admins the plan would demote or remove. */
  readonly orgLosses: OrgLoss[] = [];
  /** Per address (lower case): the plan's removals of it from teams, which its removal from the organization waits for. */
  readonly teamRemovals = new Map<string, Draft[]>();

  constructor(
    readonly desired: DesiredState,
    readonly current: CurrentState,
    readonly options: PlanOptions,
  ) {
    this.index = new StateIndex(current);
    this.cloud = current.deployment === 'cloud';
  }

  add(action: ActionDraft, deps: Draft[] = []): Draft {
    const draft = { action, deps, seq: this.drafts.length };
    this.drafts.push(draft);
    return draft;
  }

  isViewer(user: { id: string } | undefined): boolean {
    return user !== undefined && user.id === this.current.viewer.id;
  }

  planUsers(): void {
    for (const wanted of this.desired.users) {
      const status = statusOf(wanted);
      const accounts = this.index.usersWithKey(wanted.key);
      const matches = accounts.some(isServiceAccount) ? accounts.filter((u) => !isServiceAccount(u)) : accounts;
      if (matches.length > 1) {
        this.blocked.push({ reason: 'ambiguous-email', email: wanted.email, userIds: matches.map((u) => u.id) });
        continue;
      }
      const existing = matches[0];
      const ready: Draft[] = [];
      if (this.cloud) this.planCloudUser(wanted, existing, ready);
      // Listed means wanted, as an active account unless the file says otherwise (see AccountStatus).
      else if (!existing) {
        if (status === 'active') ready.push(this.add({ kind: 'create-user', email: wanted.email, admin: wanted.admin ?? false, expect: { user: null } }));
        this.planOrgRole(wanted, undefined, ready);
      } else {
        if (existing.deletedAt !== null && status === 'active') {
          const reactivation = this.add({ kind: 'reactivate-user', user: userRef(existing), expect: { deactivated: true } });
          this.#reactivations.set(existing.id, reactivation);
          ready.push(reactivation);
        }
        // A deactivation is a removal: only with prune (planDeactivations), else shown as held back.
        if (existing.deletedAt === null && status === 'deactivated' && !this.options.prune && !isServiceAccount(existing))
          this.held.push({ kind: 'deactivate-user', subject: wanted.email, team: null, reason: 'needs-prune' });
        this.planAdmin(wanted, existing, ready);
        this.planOrgRole(wanted, existing, ready);
      }
      const invitable = status === 'active' || (status === 'invited' && (existing === undefined || existing.deletedAt === null));
      for (const [team, role] of wanted.teams) {
        const membership: Membership = { user: wanted, role, account: existing, ready, invitable };
        const list = this.#wanted.get(team);
        if (list) list.push(membership);
        else this.#wanted.set(team, [membership]);
      }
    }
  }

  /** Sets or unsets a listed user's instance admin flag where the file says so. */
  planAdmin(wanted: DesiredUser, existing: CurrentUser, ready: Draft[]): void {
    if (wanted.admin === undefined || existing.admin === null || existing.admin === wanted.admin) return;
    if (!wanted.admin && this.isViewer(existing)) {
      this.held.push({ kind: 'set-admin', subject: wanted.email, team: null, reason: 'key-in-use' });
      return;
    }
    this.add({ kind: 'set-admin', user: userRef(existing), admin: wanted.admin, expect: { admin: existing.admin } }, ready);
  }

  /**
   * A listed person on W&B's cloud, where the accounts read are the
   * organization's members: an active one who is neither a member nor invited
   * is invited to the organization (with `orgRole`, else `member`), before
   * their teams; a member's role is set where the file gives another. What
   * only W&B Server allows (the instance admin flag, reactivation) is held
   * back, and so is a removal the file asks for without prune.
   */
  planCloudUser(wanted: DesiredUser, existing: CurrentUser | undefined, ready: Draft[]): void {
    const status = statusOf(wanted);
    const member = existing && this.index.orgMemberById(existing.id);
    if (existing) {
      if (wanted.admin !== undefined && existing.admin !== null && existing.admin !== wanted.admin)
        this.held.push({ kind: 'set-admin', subject: wanted.email, team: null, reason: 'cloud' });
      if (existing.deletedAt !== null && status === 'active') this.held.push({ kind: 'reactivate-user', subject: wanted.email, team: null, reason: 'cloud' });
    }
    if (status === 'deactivated') {
      const there = (member && existing?.deletedAt === null) || this.index.orgInvitationByEmail(wanted.email);
      if (there && !this.options.prune) this.held.push({ kind: 'org-remove', subject: wanted.email, team: null, reason: 'needs-prune' });
      return;
    }
    if (member) this.changeOrgRole(member, wanted, []);
    else if (status === 'active' && !this.index.orgInvitationByEmail(wanted.email))
      ready.push(this.add({ kind: 'org-invite', email: wanted.email, username: null, role: wanted.orgRole ?? DEFAULT_ORG_ROLE, expect: { member: null } }));
  }

  /**
   * A listed user's organization role on W&B Server, where the file gives
   * one: a member's is changed; an account outside the organization is added
   * to it (a new account, once created).
   */
  planOrgRole(wanted: DesiredUser, existing: CurrentUser | undefined, ready: readonly Draft[]): void {
    if (wanted.orgRole === undefined || this.index.organization === null) return;
    const member = existing && this.index.orgMemberById(existing.id);
    if (member) {
      this.changeOrgRole(member, wanted, []);
      return;
    }
    const status = statusOf(wanted);
    if (existing ? status === 'deactivated' || (existing.deletedAt !== null && status !== 'active') : status !== 'active') {
      // W&B adds no deactivated account to an organization; an address without an account gets one only as active.
      if (existing) this.held.push({ kind: 'org-invite', subject: wanted.email, team: null, reason: 'deactivated' });
      return;
    }
    this.add({ kind: 'org-invite', email: wanted.email, username: existing?.username ?? null, role: wanted.orgRole, expect: { member: null } }, [...ready]);
  }

  /** A member's organization role set to the file's: promotions at once, demotions of admins decided with the others (planOrgAdmins). */
  changeOrgRole(member: CurrentOrgMember, wanted: DesiredUser, deps: Draft[]): void {
    const role = wanted.orgRole;
    if (role === undefined || member.role === role) return;
    const action: ActionDraft = { kind: 'org-set-role', member: orgMemberRef(member, wanted.email), role, expect: { role: member.role } };
    if (role === ADMIN_ROLE) this.orgPromotions.push(this.add(action, deps));
    else if (member.role === ADMIN_ROLE) {
      if (this.isViewer({ id: member.userId })) this.held.push({ kind: 'org-set-role', subject: wanted.email, team: null, reason: 'key-in-use' });
      else this.orgLosses.push({ member, action, subject: wanted.email, deps });
    } else this.add(action, deps);
  }

  /** The listed users of `team` with their roles, in file order; users whose address is ambiguous are left out (blocked). */
  membersWanted(team: string): readonly Membership[] {
    return this.#wanted.get(team) ?? [];
  }

  planNewTeam(name: string): void {
    const owner = this.index.userByUsername(name);
    if (owner) {
      this.blocked.push({ reason: 'team-name-taken', team: name, username: name });
      return;
    }
    const wanted = this.membersWanted(name);
    // A listed admin with an active account joins as the team's admin when it is
    // created (W&B's createTeam); with none, the API key's user does.
    const firstAdmin = wanted.find(
      ({ role, account, invitable }) => invitable && role === ADMIN_ROLE && account !== undefined && account.deletedAt === null && account.username !== null,
    );
    const created = this.add({ kind: 'create-team', team: name, adminUsername: firstAdmin?.account?.username ?? null, expect: { team: null } });
    for (const membership of wanted) {
      if (membership === firstAdmin) continue;
      const { user, role, account, ready } = membership;
      if (!membership.invitable) this.holdInvitation(membership, name);
      else
        this.add({ kind: 'invite', team: name, email: user.email, username: account?.username ?? null, role, expect: { member: null } }, [created, ...ready]);
    }
  }

  /** An invitation the file implies but sync does not send: the account is deactivated, or listed so. */
  holdInvitation(membership: Membership, team: string): void {
    this.held.push({ kind: 'invite', subject: membership.user.email, team, reason: 'deactivated' });
  }

  planExistingTeam(team: CurrentTeam): void {
    const matched = new Set<CurrentMember>();
    const promotions: Draft[] = [];
    const losing: { member: CurrentMember; action: ActionDraft; subject: string }[] = [];
    for (const membership of this.membersWanted(team.name)) {
      const { user, role, account, ready } = membership;
      const member = this.index.memberOf(team, { email: user.email, username: account?.username ?? null, userId: account?.id ?? null });
      if (member) matched.add(member);
      if (!member || (member.pending && member.role !== role && !membership.invitable)) {
        if (!membership.invitable) this.holdInvitation(membership, team.name);
        else this.add({ kind: 'invite', team: team.name, email: user.email, username: account?.username ?? null, role, expect: { member: null } }, ready);
      } else if (member.role === role) {
        // Done, or (pending) waiting for them to accept with the right role: nothing to do.
      } else if (member.pending) {
        this.add(
          { kind: 'reinvite', team: team.name, member: memberRef(member), email: user.email, role, expect: { role: member.role, pending: true } },
          ready,
        );
      } else {
        const action: ActionDraft = { kind: 'change-role', team: team.name, member: memberRef(member), role, expect: { role: member.role, pending: false } };
        if (role === ADMIN_ROLE) promotions.push(this.add(action, ready));
        else if (member.role === ADMIN_ROLE) losing.push({ member, action, subject: user.email });
        else this.add(action, ready);
      }
    }
    if (this.options.prune) {
      for (const member of team.members) {
        if (matched.has(member) || isServiceMember(member, this.index)) continue;
        const email = this.index.emailOfMember(member);
        // Someone whose address the server does not show cannot be told apart from a listed user: left alone.
        // So is an address outside a partial file's scope: the file says nothing of it.
        if (email === null || !addressInScope(this.desired.scope, email)) continue;
        const subject = member.email ?? email;
        if (isViewerMember(member, this.index)) {
          this.held.push({ kind: 'remove-from-team', subject, team: team.name, reason: 'key-in-use' });
          continue;
        }
        const action: ActionDraft = {
          kind: 'remove-from-team',
          team: team.name,
          member: memberRef(member),
          expect: { role: member.role, pending: member.pending },
        };
        if (isJoinedAdmin(member)) losing.push({ member, action, subject });
        else this.noteTeamRemoval(email, this.add(action));
      }
    }
    // A team keeps an admin who can act for it (joined, account active or
    // reactivated by this plan), and W&B refuses to take away the last joined
    // admin, deactivated or not: of the admins the plan would remove or demote,
    // one is held back when either would run out. Promotions count; pending
    // admins do not.
    const acting = new Set(team.members.filter((m) => this.index.isActingAdmin(m)).map((m) => m.id));
    const reactivated = this.reactivatedAdmins(team);
    const admins = new Set([...acting, ...reactivated.map((r) => r.id)]);
    const joined = team.members.filter(isJoinedAdmin).length;
    const promoted = promotions.map((d) => (d.action as { member: MemberRef }).member.id);
    const actingLost = losing.filter((loss) => admins.has(loss.member.id)).length;
    const actingRunsOut = admins.size > 0 && admins.size - actingLost + promoted.length === 0;
    const joinedRunsOut = joined - losing.length + promoted.length === 0;
    // The one kept: an acting admin when those would run out, else the first.
    const keep = actingRunsOut ? losing.find((loss) => admins.has(loss.member.id)) : joinedRunsOut ? losing[0] : undefined;
    // When the admins who act now all go, the losses wait for the admins the plan adds.
    const actingKept = [...acting].filter((id) => !losing.some((loss) => loss.member.id === id)).length;
    const waitFor = actingKept === 0 || joined - losing.length <= 0 ? [...promotions, ...reactivated.map((r) => r.reactivation)] : [];
    for (const loss of losing) {
      if (loss === keep) {
        this.held.push({ kind: loss.action.kind, subject: loss.subject, team: team.name, reason: 'last-team-admin', teams: [team.name] });
        continue;
      }
      admins.delete(loss.member.id);
      // Relying on a promotion: not before it is done.
      const draft = this.add(loss.action, waitFor);
      const email = loss.action.kind === 'remove-from-team' ? this.index.emailOfMember(loss.member) : null;
      if (email !== null) this.noteTeamRemoval(email, draft);
    }
    for (const id of promoted) admins.add(id);
    this.finalAdmins.set(team.name, admins);
  }

  /** Records a removal from a team of the person with this address (lower case). */
  noteTeamRemoval(email: string, draft: Draft): void {
    const list = this.teamRemovals.get(email);
    if (list) list.push(draft);
    else this.teamRemovals.set(email, [draft]);
  }

  planTeams(): void {
    for (const name of this.desired.teams.keys()) {
      const team = this.index.team(name);
      if (team === undefined) throw new Error(`sync: team ${name} is declared but was not read; read every declared team before planning`);
      if (team === null) this.planNewTeam(name);
      else this.planExistingTeam(team);
    }
    // Teams read but not managed (those of accounts to deactivate): their admins stay as they are,
    // and those the plan reactivates act for the team again once reactivated.
    for (const [name, team] of this.current.teams) {
      if (!team || this.finalAdmins.has(name)) continue;
      const reactivated = this.reactivatedAdmins(team);
      const acting = team.members.filter((m) => this.index.isActingAdmin(m)).map((m) => m.id);
      this.finalAdmins.set(name, new Set([...acting, ...reactivated.map((r) => r.id)]));
      if (reactivated.length > 0)
        this.#teamReactivations.set(
          name,
          reactivated.map((r) => r.reactivation),
        );
    }
  }

  /** The team's joined admins who cannot act now (deactivated) and whom the plan reactivates, with their reactivations. */
  reactivatedAdmins(team: CurrentTeam): { id: string; reactivation: Draft }[] {
    return team.members.flatMap((m) => {
      const reactivation = isJoinedAdmin(m) && !this.index.isActingAdmin(m) ? this.#reactivations.get(m.id) : undefined;
      return reactivation ? [{ id: m.id, reactivation }] : [];
    });
  }

  planDeactivations(): void {
    const keeps = keptBy(this.desired);
    const { scope } = this.desired;
    const listedAsDeactivated = new Set(this.desired.users.filter((u) => statusOf(u) === 'deactivated').map((u) => u.key));
    // The teams each user is a joined admin of once the plan is applied: one pass over the teams, not one per user.
    const adminOf = new Map<string, string[]>();
    for (const [name, admins] of this.finalAdmins) for (const id of admins) adminOf.set(id, [...(adminOf.get(id) ?? []), name]);
    for (const user of this.current.users) {
      if (user.email === null || user.deletedAt !== null || isServiceAccount(user) || keeps(user.email)) continue;
      const subject = user.email;
      if (!mayDeactivate(scope, user.email)) {
        // Outside a partial file's scope: left alone, and said so only where the file asked for it.
        if (listedAsDeactivated.has(emailKey(user.email))) this.held.push({ kind: 'deactivate-user', subject, team: null, reason: 'outside-scope' });
        continue;
      }
      if (this.isViewer(user)) {
        this.held.push({ kind: 'deactivate-user', subject, team: null, reason: 'key-in-use' });
        continue;
      }
      if (user.admin === true && !this.options.includeAdmins) {
        this.held.push({ kind: 'deactivate-user', subject, team: null, reason: 'instance-admin' });
        continue;
      }
      // Deactivations count against each other: of two unlisted admins of a team, the second is kept.
      const teams = adminOf.get(user.id) ?? [];
      const orphaned = teams.filter((name) => this.finalAdmins.get(name)?.size === 1);
      if (orphaned.length > 0) {
        this.held.push({ kind: 'deactivate-user', subject, team: null, reason: 'last-team-admin', teams: orphaned });
        continue;
      }
      for (const name of teams) this.finalAdmins.get(name)?.delete(user.id);
      // The team keeps an admin who acts throughout: not before the admins the plan reactivates are back.
      const waitFor = teams.flatMap((name) => this.#teamReactivations.get(name) ?? []);
      this.add({ kind: 'deactivate-user', user: userRef(user), expect: { deactivated: false, admin: user.admin } }, waitFor);
    }
  }

  /**
   * Prune on W&B's cloud: members of the organization the file does not keep
   * are removed from it (and so from its teams), and pending invitations it
   * does not list are withdrawn. Held back: the API key's own account, admins
   * of the organization without includeAdmins, the last admin of a team (all
   * the organization's teams were read), and what a partial file's scope
   * leaves out (a file scoped to teams removes nobody). A member's removal
   * waits for their removals from the file's teams, which the journal records
   * with their roles.
   */
  planOrgRemovals(): void {
    const org = this.index.organization;
    if (!org) return;
    const keeps = keptBy(this.desired);
    const { scope } = this.desired;
    const listedAsDeactivated = new Set(this.desired.users.filter((u) => statusOf(u) === 'deactivated').map((u) => u.key));
    const adminOf = new Map<string, string[]>();
    for (const [name, admins] of this.finalAdmins) for (const id of admins) adminOf.set(id, [...(adminOf.get(id) ?? []), name]);
    for (const member of org.members) {
      const account = this.index.userById(member.userId);
      const email = this.index.emailOfOrgMember(member);
      if (email === null || (account && isServiceAccount(account)) || keeps(email)) continue;
      // Listed as deactivated, and so it is: left as it is, as on W&B Server.
      if (account?.deletedAt != null && listedAsDeactivated.has(email)) continue;
      const subject = member.email ?? account?.email ?? email;
      if (!mayDeactivate(scope, email)) {
        if (listedAsDeactivated.has(email)) this.held.push({ kind: 'org-remove', subject, team: null, reason: 'outside-scope' });
        continue;
      }
      if (this.isViewer({ id: member.userId })) {
        this.held.push({ kind: 'org-remove', subject, team: null, reason: 'key-in-use' });
        continue;
      }
      if (member.role === ADMIN_ROLE && !this.options.includeAdmins) {
        this.held.push({ kind: 'org-remove', subject, team: null, reason: 'org-admin' });
        continue;
      }
      const teams = adminOf.get(member.userId) ?? [];
      const orphaned = teams.filter((name) => this.finalAdmins.get(name)?.size === 1);
      if (orphaned.length > 0) {
        this.held.push({ kind: 'org-remove', subject, team: null, reason: 'last-team-admin', teams: orphaned });
        continue;
      }
      for (const name of teams) this.finalAdmins.get(name)?.delete(member.userId);
      const action: ActionDraft = { kind: 'org-remove', member: orgMemberRef(member, subject), expect: { role: member.role, pending: false } };
      const deps = this.teamRemovals.get(email) ?? [];
      if (member.role === ADMIN_ROLE) this.orgLosses.push({ member, action, subject, deps });
      else this.add(action, deps);
    }
    for (const invitation of org.invitations) {
      if (invitation.email === null || keeps(invitation.email) || !mayDeactivate(scope, invitation.email)) continue;
      this.add({
        kind: 'org-remove',
        member: { id: invitation.id, email: invitation.email, username: null },
        expect: { role: null, pending: true },
      });
    }
  }

  /**
   * The organization keeps an admin who can act (the admin role, an active
   * account): of the admins the plan would demote or remove from it, one is
   * held back when all would go (promotions count). When the admins there are
   * now all go, the others wait for the promotions.
   */
  planOrgAdmins(): void {
    const org = this.index.organization;
    if (!org || this.orgLosses.length === 0) return;
    const acting = new Set(org.members.filter((m) => this.index.isActingOrgAdmin(m)).map((m) => m.userId));
    const actingLost = this.orgLosses.filter((loss) => acting.has(loss.member.userId)).length;
    const runsOut = acting.size > 0 && acting.size - actingLost + this.orgPromotions.length === 0;
    const keep = runsOut ? this.orgLosses.find((loss) => acting.has(loss.member.userId)) : undefined;
    const waitFor = acting.size - actingLost <= 0 ? this.orgPromotions : [];
    for (const loss of this.orgLosses) {
      if (loss === keep) this.held.push({ kind: loss.action.kind, subject: loss.subject, team: null, reason: 'last-org-admin' });
      else this.add(loss.action, [...loss.deps, ...waitFor]);
    }
  }

  /**
   * Where the organization has too few seats of a kind for the plan's
   * invitations and role changes but its removals and other role changes free
   * enough, what takes a seat waits for what frees one of that kind.
   */
  orderSeats(): void {
    const org = this.index.organization;
    if (!org) return;
    const change = (draft: Draft) => seatChange(draft.action as Action);
    const tight = (seat: SeatKind) => this.drafts.filter((d) => change(d).takes === seat).length > seatsLeft(org, seat);
    for (const seat of SEAT_KINDS) {
      if (!tight(seat)) continue;
      // Not a role change that itself waits for a seat of the other kind: two such changes would wait for each other.
      const freers = this.drafts.filter((d) => {
        const { takes, frees } = change(d);
        return frees === seat && (takes === undefined || !tight(takes));
      });
      for (const taker of this.drafts.filter((d) => change(d).takes === seat)) taker.deps.push(...freers);
    }
  }

  /** The drafts in the order apply starts them, numbered, with dependencies as numbers. */
  finish(): Action[] {
    return numberActions(this.drafts);
  }
}

/**
 * Drafts (actions without IDs, in the order they were made, with the drafts
 * they depend on) as a plan's actions: sorted by phase, then in the order
 * made, numbered from 1, each depending on IDs before its own.
 */
export function numberActions(drafts: readonly Draft[]): Action[] {
  const sorted = [...drafts].sort((a, b) => phaseOf(a.action) - phaseOf(b.action) || a.seq - b.seq);
  // Each action after those it depends on, even of a later phase (an invitation waiting for the removal that frees its seat).
  const ordered: Draft[] = [];
  const state = new Map<Draft, 'visiting' | 'done'>();
  const visit = (draft: Draft) => {
    const seen = state.get(draft);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error('internal error: the actions of a plan depend on each other in a circle');
    state.set(draft, 'visiting');
    for (const dep of draft.deps) visit(dep);
    state.set(draft, 'done');
    ordered.push(draft);
  };
  for (const draft of sorted) visit(draft);
  const ids = new Map(ordered.map((draft, i) => [draft, i + 1]));
  const idOf = (draft: Draft) => {
    const id = ids.get(draft);
    if (id === undefined) throw new Error('internal error: an action depends on one that is not in the plan');
    return id;
  };
  return ordered.map((draft, i) => ({ ...draft.action, id: i + 1, dependsOn: [...new Set(draft.deps.map(idOf))].sort((a, b) => a - b) }) as Action);
}

/** The safety rules `actions` break on `index`'s state with `settings`, as a plan's blockers. */
export function ruleBlockers(actions: readonly Action[], index: StateIndex, settings: RuleSettings): Blocker[] {
  const limit = removalLimit(settings, activeAccounts(index.state));
  return ruleViolations(actions, index, settings).map((violation): Blocker => {
    if (violation.rule === 'removal-limit') return { reason: 'too-many-removals', removals: violation.actions.length, limit };
    if (violation.seats) return { reason: 'seats', ...violation.seats };
    return { reason: 'safety-rule', rule: violation.rule, actions: violation.actions, message: violation.message };
  });
}

/** The organization as a plan records it: which one, and its seats then. */
export function planOrganization(org: CurrentOrganization): PlanOrganization {
  return { id: org.id, name: org.name, seats: { full: { ...org.seats.full }, viewOnly: { ...org.seats.viewOnly } } };
}

/**
 * What to change on the server (`current`) to make it match the file
 * (`desired`): a pure function, so a plan can be shown, saved and checked
 * before anything is sent.
 *
 * Semantics (documented in the CLI README):
 * - Users are matched by address, ignoring case. A listed user without an
 *   account is created; a deactivated one is reactivated; `admin` is set only
 *   when the file says it (omitted leaves the flag alone; a new user gets false).
 *   A user's `status` says otherwise (see AccountStatus): `deactivated` is
 *   never created, reactivated or invited, and with prune an active account
 *   is deactivated; `invited` is invited to its teams without an account made.
 * - Team roles: a member or invitation with the listed role satisfies the
 *   file, pending or not (W&B makes every invitee pending until they accept);
 *   a member with another role has it changed; an invitation with another role
 *   is withdrawn and sent again with the listed role.
 * - With `prune` only: members and invitations of declared teams that the file
 *   does not list are removed, and active accounts it does not list deactivated.
 *   Teams not declared are never changed. Service accounts, and members whose
 *   address the server withholds, are never touched; nor, in a partial file,
 *   anything outside its scope (scope.ts: a file scoped to teams deactivates
 *   nobody).
 * - Safety (see HeldReason): the API key's user, the last joined admin of a
 *   team, and (without `includeAdmins`) instance admins are held back; more
 *   removals than the limit block the plan.
 *
 * Applying a plan and planning again gives a plan without actions.
 */
export function plan(desired: DesiredState, current: CurrentState, options: PlanOptions): Plan {
  const planner = new Planner(desired, current, options);
  planner.planUsers();
  planner.planTeams();
  if (options.prune && planner.cloud) planner.planOrgRemovals();
  else if (options.prune) planner.planDeactivations();
  planner.planOrgAdmins();
  planner.orderSeats();
  const actions = planner.finish();
  const accounts = activeAccounts(current);
  const limit = removalLimit(options, accounts);
  const organization = current.organization ?? null;
  const noOrganization: Blocker[] = organization === null && desired.users.some((u) => u.orgRole !== undefined) ? [{ reason: 'no-organization' }] : [];
  // The rules a saved plan is checked against again: what the planner made must pass them too.
  const blocked = [...planner.blocked, ...noOrganization, ...ruleBlockers(actions, planner.index, { ...options, scope: desired.scope ?? null })];
  return {
    version: PLAN_VERSION,
    server: options.server,
    createdAt: (options.now ?? new Date()).toISOString(),
    source: desired.source,
    ...(desired.scope && { scope: desired.scope }),
    viewer: { id: current.viewer.id, username: current.viewer.username },
    deployment: current.deployment ?? 'server',
    ...(organization && { organization: planOrganization(organization) }),
    settings: { prune: options.prune === true, includeAdmins: options.includeAdmins === true, maxRemovals: options.maxRemovals ?? null },
    accounts,
    removalLimit: limit,
    actions,
    held: planner.held,
    blocked,
  };
}
