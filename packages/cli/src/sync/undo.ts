import { type Action, isOrgAction, type MemberRef, type OrgAction } from './actions.js';
import { actionState } from './check.js';
import { type CurrentMember, type CurrentState, isServiceAccount } from './current.js';
import { emailKey } from './desired.js';
import type { Journal, JournalEntry } from './journal.js';
import { type ActionDraft, type Draft, numberActions, planOrganization, ruleBlockers } from './plan.js';
import { PLAN_VERSION, type Plan } from './plan-types.js';
import type { ReadScope } from './read-current.js';
import { ADMIN_ROLE } from './rules.js';
import { activeAccounts, removalLimit } from './safety.js';
import { StateIndex } from './state-index.js';

// `sync undo`: the reverse of what one apply did, planned from its journal and
// the server's state now, as a plan like any other (shown, asked about,
// checked by the safety rules, applied and journaled). Each action done is
// reversed from the state it recorded before it; an action undo cannot
// reverse, or whose result someone changed since, is listed with the reason
// instead, never guessed at.

/** Options of {@link planUndo}: the flags of the run, as for a plan. */
export interface UndoOptions {
  /** The journal's name, recorded as the plan's source. */
  readonly source: string;
  /** Deactivating an instance admin (undoing their creation or reactivation) is allowed. Default false. */
  readonly includeAdmins?: boolean | undefined;
  /** The most removals allowed (deactivations, withdrawn invitations). Default: 10, or 5% of the active accounts. */
  readonly maxRemovals?: number | undefined;
  /** The plan's date. Default: now. */
  readonly now?: Date;
}

/** An action of the journal that undo leaves as it is, and why. */
export interface NotReversed {
  /** The action of the journal. */
  readonly action: Action;
  /** Why it is left as it is, in words. */
  readonly why: string;
}

/** What {@link planUndo} makes: the plan that reverses the journal, and what it does not reverse. */
export interface UndoPlan {
  /** The reverse, as a plan to show, check and apply. */
  readonly plan: Plan;
  /** The journal's actions it leaves as they are, newest first. */
  readonly notReversed: readonly NotReversed[];
}

/** Whether the journal's line asks for a reversal: done by that apply, or sent before it quit (then only if the server shows it done). */
const reversible = (entry: JournalEntry) => entry.status === 'done' || entry.status === 'in-flight';

/**
 * What {@link planUndo} needs read: every team the journal's actions name,
 * and the teams of the accounts they changed (deactivating one may leave a
 * team without an admin).
 */
export function undoScope(journal: Journal): ReadScope {
  const teams = new Set<string>();
  const accounts = new Set<string>();
  let organization = false;
  for (const { action, account, status } of journal.entries) {
    if (status !== 'done' && status !== 'in-flight') continue;
    if ('team' in action) teams.add(action.team);
    if ('user' in action) accounts.add(action.user.id);
    if (account) accounts.add(account.id);
    if (isOrgAction(action)) organization = true;
  }
  return {
    teams,
    teamsOf: (user) => accounts.has(user.id),
    ...(journal.header.deployment !== undefined && { deployment: journal.header.deployment }),
    // Undoing an invitation to the organization removes someone from it, and so from every team of it: each is read for the admin it keeps.
    ...(organization && { organization: { name: journal.header.organization?.name, required: true }, organizationTeams: true }),
  };
}

const memberRef = (member: CurrentMember): MemberRef => ({ id: member.id, email: member.email, username: member.username });
const describe = (member: CurrentMember) => `${member.pending ? 'invited' : 'a member'} with role ${member.role}`;

/**
 * Plans the reverse of a journal's apply against the server's state now
 * (pure; `state` must hold the teams of {@link undoScope}):
 *
 * - a user created is deactivated, a user reactivated deactivated again, a
 *   user deactivated reactivated, an instance admin flag set back;
 * - an invitation sent is withdrawn (or the member removed, if it was
 *   accepted since), a member removed invited again with their old role, a
 *   role changed set back (an invitation re-sent with its old role);
 * - a team created is listed as not reversed: sync never deletes a team;
 * - someone invited to the organization is removed from it again (their
 *   invitation withdrawn), an organization role set back, a member removed
 *   from the organization invited back with their role (W&B's cloud: "re-add
 *   the user"), before the teams they are invited back to; a withdrawn
 *   invitation to the organization is listed as not reversed (W&B does not
 *   list the role it gave).
 *
 * Only what still stands as the apply left it is reversed: what someone has
 * changed since is listed, with what is there now. The plan is checked by the
 * safety rules with removals allowed (undo names exactly what it reverses) and
 * this run's `includeAdmins` and `maxRemovals`; what they refuse blocks it.
 */
export function planUndo(journal: Journal, state: CurrentState, options: UndoOptions): UndoPlan {
  const index = new StateIndex(state);
  const drafts: Draft[] = [];
  const notReversed: NotReversed[] = [];
  const reactivated = new Map<string, Draft>();
  /** Invitations back into the organization, by address (lower case): team invitations of the same person wait for them. */
  const rejoined = new Map<string, Draft>();
  const promotions = new Map<string, Draft[]>();
  const demotions: { team: string; action: ActionDraft }[] = [];
  const orgPromotions: Draft[] = [];
  const orgDemotions: ActionDraft[] = [];
  const add = (action: ActionDraft, deps: Draft[] = []): Draft => {
    const draft = { action, deps, seq: drafts.length };
    drafts.push(draft);
    return draft;
  };
  const skip = (action: Action, why: string) => notReversed.push({ action, why });
  const teamOf = (action: Action, name: string) => {
    const team = index.team(name);
    if (!team) skip(action, `no team is named ${name} now`);
    return team ?? undefined;
  };

  // The newest first: an apply is reversed from its end (phases and dependencies order the result).
  for (const entry of [...journal.entries].reverse()) {
    const { action } = entry;
    if (entry.status === 'already-done') {
      skip(action, 'it was found done when applied (an earlier apply, or someone else): not this apply’s doing');
      continue;
    }
    if (!reversible(entry)) continue;
    if (entry.status === 'in-flight' && actionState(action, index).state !== 'done') {
      skip(action, 'sent when the apply quit, and the server does not show it done: nothing to reverse');
      continue;
    }
    switch (action.kind) {
      case 'create-user': {
        const account = entry.account ? index.userById(entry.account.id) : index.usersWithEmail(action.email).find((u) => !isServiceAccount(u));
        if (!account) skip(action, 'no account has it now');
        else if (account.deletedAt !== null) skip(action, 'the account is deactivated already');
        else
          add({
            kind: 'deactivate-user',
            // Named as the journal names it: an account ID edited to point at someone else is a mismatch the safety rules refuse.
            user: { id: account.id, email: action.email, username: entry.account?.username ?? account.username },
            expect: { deactivated: false, admin: account.admin },
          });
        break;
      }
      case 'reactivate-user':
      case 'deactivate-user': {
        const user = index.userById(action.user.id);
        const active = action.kind === 'reactivate-user';
        if (!user) skip(action, 'no user has this ID now');
        else if ((user.deletedAt === null) !== active) skip(action, `the account is ${active ? 'deactivated' : 'active'} again`);
        else if (active) add({ kind: 'deactivate-user', user: action.user, expect: { deactivated: false, admin: user.admin } });
        else reactivated.set(user.id, add({ kind: 'reactivate-user', user: action.user, expect: { deactivated: true } }));
        break;
      }
      case 'set-admin': {
        const user = index.userById(action.user.id);
        if (!user) skip(action, 'no user has this ID now');
        else if (user.admin !== action.admin)
          skip(action, `changed since: ${user.admin === null ? 'the server does not say whether the user is an instance admin' : 'set back already'}`);
        else add({ kind: 'set-admin', user: action.user, admin: action.expect.admin, expect: { admin: action.admin } });
        break;
      }
      case 'create-team':
        skip(action, 'sync never deletes a team (that deletes its projects): delete it in W&B if it is not wanted; its invitations are withdrawn');
        break;
      case 'invite':
      case 'reinvite': {
        const team = teamOf(action, action.team);
        if (!team) break;
        const username = action.kind === 'invite' ? action.username : action.member.username;
        const member = index.memberOf(team, { email: action.email, username });
        if (!member) skip(action, 'neither a member nor invited now: nothing to withdraw');
        else if (member.role !== action.role) skip(action, `changed since: ${describe(member)}`);
        else if (action.kind === 'invite')
          add({ kind: 'remove-from-team', team: team.name, member: memberRef(member), expect: { role: member.role, pending: member.pending } });
        else if (member.pending)
          add({
            kind: 'reinvite',
            team: team.name,
            member: memberRef(member),
            email: action.email,
            role: action.expect.role,
            expect: { role: member.role, pending: true },
          });
        else changeRole(team.name, member, action.expect.role);
        break;
      }
      case 'change-role': {
        const team = teamOf(action, action.team);
        if (!team) break;
        const member = team.members.find((m) => !m.pending && m.id === action.member.id);
        if (!member) skip(action, 'not a member now');
        else if (member.role !== action.role) skip(action, `changed since: ${describe(member)}`);
        else changeRole(team.name, { ...member, email: action.member.email, username: action.member.username }, action.expect.role);
        break;
      }
      case 'remove-from-team': {
        const team = teamOf(action, action.team);
        if (!team) break;
        const back = index.memberOf(team, { email: action.member.email, username: action.member.username });
        const email = action.member.email ?? (action.member.username === null ? undefined : index.userByUsername(action.member.username)?.email);
        if (back) skip(action, `back in the team: ${describe(back)}`);
        else if (email == null) skip(action, 'no address to invite again');
        else {
          const user = index.usersWithEmail(email).find((u) => !isServiceAccount(u));
          const waitFor = [user && reactivated.get(user.id), rejoined.get(emailKey(email))].filter((d): d is Draft => d !== undefined);
          add(
            { kind: 'invite', team: team.name, email, username: user?.username ?? action.member.username, role: action.expect.role, expect: { member: null } },
            waitFor,
          );
        }
        break;
      }
      case 'org-invite':
      case 'org-set-role':
      case 'org-remove':
        if (index.organization === null) skip(action, 'the organization was not read');
        else reverseOrg(action);
        break;
    }
  }

  /** An organization action reversed: an invitation withdrawn (a member who joined since, removed), a role set back, a member invited back with their role. */
  function reverseOrg(action: OrgAction): void {
    switch (action.kind) {
      case 'org-invite': {
        const account = action.username === null ? undefined : index.userByUsername(action.username);
        const member = index.orgMemberByEmail(action.email) ?? (account && index.orgMemberById(account.id));
        const invitation = member ? undefined : index.orgInvitationByEmail(action.email);
        if (member && member.role !== action.role) skip(action, `changed since: a member of the organization with role ${member.role}`);
        else if (member)
          add({
            kind: 'org-remove',
            member: { id: member.userId, email: action.email, username: member.username },
            expect: { role: member.role, pending: false },
          });
        else if (invitation)
          add({
            kind: 'org-remove',
            member: { id: invitation.id, email: invitation.email ?? action.email, username: null },
            expect: { role: null, pending: true },
          });
        else skip(action, 'neither a member of the organization nor invited to it now: nothing to withdraw');
        return;
      }
      case 'org-set-role': {
        const member = index.orgMemberById(action.member.id);
        if (!member) skip(action, 'not a member of the organization now');
        else if (member.role !== action.role) skip(action, `changed since: a member of the organization with role ${member.role}`);
        else {
          const back: ActionDraft = { kind: 'org-set-role', member: action.member, role: action.expect.role, expect: { role: member.role } };
          if (action.expect.role === ADMIN_ROLE) orgPromotions.push(add(back));
          else orgDemotions.push(back);
        }
        return;
      }
      case 'org-remove': {
        if (action.expect.pending || action.expect.role === null) {
          skip(action, 'W&B does not list the role an invitation gives: invite them again with `wandb-users org invite` and the role meant');
          return;
        }
        const email = action.member.email ?? index.userById(action.member.id)?.email ?? null;
        const back = index.orgMemberById(action.member.id) ?? (email === null ? undefined : index.orgMemberByEmail(email));
        if (back) skip(action, `back in the organization: a member with role ${back.role}`);
        else if (email === null) skip(action, 'no address to invite again');
        else
          rejoined.set(
            emailKey(email),
            add({ kind: 'org-invite', email, username: action.member.username, role: action.expect.role, expect: { member: null } }),
          );
        return;
      }
    }
  }

  /** A joined member's role set back; a demotion waits for the promotions of its team in this undo. */
  function changeRole(team: string, member: CurrentMember, role: string): void {
    const action: ActionDraft = { kind: 'change-role', team, member: memberRef(member), role, expect: { role: member.role, pending: false } };
    if (role === ADMIN_ROLE) {
      const list = promotions.get(team) ?? [];
      list.push(add(action));
      promotions.set(team, list);
    } else demotions.push({ team, action });
  }
  for (const { team, action } of demotions) add(action, promotions.get(team) ?? []);
  for (const action of orgDemotions) add(action, orgPromotions);
  // Removals of a team's admins too wait for its promotions.
  for (const draft of drafts) {
    const { action } = draft;
    if (action.kind === 'remove-from-team' && !action.expect.pending && action.expect.role === ADMIN_ROLE)
      draft.deps.push(...(promotions.get(action.team) ?? []));
  }

  const actions = numberActions(drafts);
  const settings = { prune: true, includeAdmins: options.includeAdmins === true, maxRemovals: options.maxRemovals ?? null };
  const accounts = activeAccounts(state);
  return {
    plan: {
      version: PLAN_VERSION,
      server: journal.header.server,
      createdAt: (options.now ?? new Date()).toISOString(),
      source: options.source,
      viewer: { id: state.viewer.id, username: state.viewer.username },
      deployment: state.deployment ?? 'server',
      ...(state.organization && { organization: planOrganization(state.organization) }),
      settings,
      accounts,
      removalLimit: removalLimit(settings, accounts),
      actions,
      held: [],
      blocked: ruleBlockers(actions, index, settings),
    },
    notReversed,
  };
}
