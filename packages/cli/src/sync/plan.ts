import type { Action, MemberRef, UserRef } from './actions.js';
import { type CurrentMember, type CurrentState, type CurrentTeam, type CurrentUser, isServiceAccount } from './current.js';
import { type DesiredState, type DesiredUser, emailKey, keptBy, statusOf } from './desired.js';
import { type Blocker, type HeldChange, PLAN_VERSION, type Plan } from './plan-types.js';
import { ADMIN_ROLE } from './rules.js';
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

  constructor(
    readonly desired: DesiredState,
    readonly current: CurrentState,
    readonly options: PlanOptions,
  ) {
    this.index = new StateIndex(current);
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
      // Listed means wanted, as an active account unless the file says otherwise (see AccountStatus).
      if (!existing) {
        if (status === 'active') ready.push(this.add({ kind: 'create-user', email: wanted.email, admin: wanted.admin ?? false, expect: { user: null } }));
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
        else this.add(action);
      }
    }
    // A team keeps an admin who can act for it (joined, account active or
    // reactivated by this plan), and W&B refuses to take away the last joined
    // admin, deactivated or not: of the admins the plan would remove or demote,
    // one is held back when either would run out. Promotions count; pending
    // admins do not.
    const acting = new Set(team.members.filter((m) => this.index.isActingAdmin(m)).map((m) => m.id));
    const reactivated = team.members.flatMap((m) => {
      const reactivation = isJoinedAdmin(m) && !acting.has(m.id) ? this.#reactivations.get(m.id) : undefined;
      return reactivation ? [{ id: m.id, reactivation }] : [];
    });
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
      this.add(loss.action, waitFor);
    }
    for (const id of promoted) admins.add(id);
    this.finalAdmins.set(team.name, admins);
  }

  planTeams(): void {
    for (const name of this.desired.teams.keys()) {
      const team = this.index.team(name);
      if (team === undefined) throw new Error(`sync: team ${name} is declared but was not read; read every declared team before planning`);
      if (team === null) this.planNewTeam(name);
      else this.planExistingTeam(team);
    }
    // Teams read but not managed (those of accounts to deactivate): their admins stay as they are.
    for (const [name, team] of this.current.teams) {
      if (team && !this.finalAdmins.has(name)) this.finalAdmins.set(name, new Set(team.members.filter((m) => this.index.isActingAdmin(m)).map((m) => m.id)));
    }
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
      this.add({ kind: 'deactivate-user', user: userRef(user), expect: { deactivated: false, admin: user.admin } });
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
  const ordered = [...drafts].sort((a, b) => phaseOf(a.action) - phaseOf(b.action) || a.seq - b.seq);
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
  return ruleViolations(actions, index, settings).map(
    (violation): Blocker =>
      violation.rule === 'removal-limit'
        ? { reason: 'too-many-removals', removals: violation.actions.length, limit }
        : { reason: 'safety-rule', rule: violation.rule, actions: violation.actions, message: violation.message },
  );
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
  if (options.prune) planner.planDeactivations();
  const actions = planner.finish();
  const accounts = activeAccounts(current);
  const limit = removalLimit(options, accounts);
  // The rules a saved plan is checked against again: what the planner made must pass them too.
  const blocked = [...planner.blocked, ...ruleBlockers(actions, planner.index, { ...options, scope: desired.scope ?? null })];
  return {
    version: PLAN_VERSION,
    server: options.server,
    createdAt: (options.now ?? new Date()).toISOString(),
    source: desired.source,
    ...(desired.scope && { scope: desired.scope }),
    viewer: { id: current.viewer.id, username: current.viewer.username },
    settings: { prune: options.prune === true, includeAdmins: options.includeAdmins === true, maxRemovals: options.maxRemovals ?? null },
    accounts,
    removalLimit: limit,
    actions,
    held: planner.held,
    blocked,
  };
}
