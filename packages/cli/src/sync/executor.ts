import type { Action, OrgAction } from './actions.js';
import { actionState } from './check.js';
import type { SyncClient, SyncClientMember, SyncClientOrganization, SyncClientTeam, SyncClientUser } from './client.js';
import type { CurrentState } from './current.js';
import { compactOrganization, compactTeam, compactUser } from './read-current.js';
import { StateIndex } from './state-index.js';

/**
 * What became of an action: `done` by this apply; `already-done` (its goal
 * held: an earlier, interrupted apply, or someone else); `failed` (with the
 * reason); `blocked` (an action it depends on did not succeed, so it was not
 * tried); `not-run` (apply stopped first: interrupted, --fail-fast, or an
 * error that every call would hit).
 */
export type ActionStatus = 'done' | 'already-done' | 'failed' | 'blocked' | 'not-run';

/** What became of one action. */
export interface ActionResult {
  /** The action. */
  readonly action: Action;
  /** What became of it. */
  readonly status: ActionStatus;
  /** Why, for every status but done and already-done. */
  readonly reason?: string;
  /** For failed actions: the error's class name (`PermissionError`...). */
  readonly errorName?: string;
  /** For a `create-user` action done: the account the server made (what undoing it deactivates). */
  readonly account?: { readonly id: string; readonly username: string | null };
}

/** What a call did: a status, and for a creation the account the server made. */
type Ran = 'done' | 'already-done' | { status: 'done'; account: NonNullable<ActionResult['account']> };

/** A call the server answered with "no" whose goal does not hold either. */
class RefusedError extends Error {
  override readonly name = 'RefusedError';
}

const NO_VIEWER = { id: '', username: null, email: null, admin: null };

function stateOf(users: readonly SyncClientUser[], teams: ReadonlyMap<string, SyncClientTeam | null>, organization?: SyncClientOrganization): StateIndex {
  const state: CurrentState = {
    viewer: NO_VIEWER,
    users: users.map(compactUser),
    teams: new Map([...teams].map(([name, team]) => [name, team ? compactTeam(team) : null])),
    ...(organization && { organization: compactOrganization(organization) }),
  };
  return new StateIndex(state);
}

/**
 * Runs one action at a time against a W&B client, with what one apply shares
 * (each team loaded once), and tells what became of it: done, already done
 * (its goal held: a refused or failed call is followed by a look at the
 * server), or failed. Knows nothing of order or concurrency: schedule.ts
 * decides what runs when.
 */
export class Executor {
  readonly #teams = new Map<string, Promise<SyncClientTeam | null>>();
  #organization: Promise<SyncClientOrganization> | undefined;

  constructor(
    private readonly client: SyncClient,
    private readonly reasonOf: (error: unknown) => string,
    /** The organization the plan's organization actions are for (its ID decides: the name only finds it). */
    private readonly organizationRef?: { readonly id: string; readonly name: string },
  ) {}

  /** The plan's organization, as loaded by this apply; refused when it is gone, or another has its name now. */
  organization(): Promise<SyncClientOrganization> {
    this.#organization ??= this.#loadOrganization();
    // A failed load is not remembered: the next action tries again.
    this.#organization.catch(() => {
      this.#organization = undefined;
    });
    return this.#organization;
  }

  /** The organization as the server has it now (and remembered from now on). */
  freshOrganization(): Promise<SyncClientOrganization> {
    this.#organization = undefined;
    return this.organization();
  }

  async #loadOrganization(): Promise<SyncClientOrganization> {
    const ref = this.organizationRef;
    if (!ref) throw new RefusedError('the plan does not say which organization it changes');
    if (!this.client.organization) throw new RefusedError('this client changes no organizations');
    const org = await this.client.organization(ref.name);
    if (!org) throw new RefusedError(`organization ${ref.name} cannot be read any more`);
    if (org.id !== ref.id) throw new RefusedError(`the organization named ${ref.name} is not the one planned for`);
    return org;
  }

  /** The team as loaded by this apply (or created by it). */
  team(name: string): Promise<SyncClientTeam | null> {
    let team = this.#teams.get(name);
    if (!team) {
      team = this.client.team(name);
      this.#teams.set(name, team);
      // A failed load is not remembered: the next action tries again.
      team.catch(() => this.#teams.delete(name));
    }
    return team;
  }

  /** The team as the server has it now (and remembered from now on). */
  freshTeam(name: string): Promise<SyncClientTeam | null> {
    this.#teams.delete(name);
    return this.team(name);
  }

  async user(ref: { id: string; email: string | null; username: string | null }): Promise<SyncClientUser | undefined> {
    const query = ref.email ?? ref.username;
    if (query === null) throw new Error(`sync: cannot look up user ${ref.id} without an address or username`);
    for await (const page of this.client.userPages(query)) {
      const user = page.find((u) => u.id === ref.id);
      if (user) return user;
    }
    return undefined;
  }

  async usersWithEmail(email: string): Promise<SyncClientUser[]> {
    const found: SyncClientUser[] = [];
    const wanted = email.toLowerCase();
    for await (const page of this.client.userPages(email)) for (const user of page) if (user.email?.toLowerCase() === wanted) found.push(user);
    return found;
  }

  async member(team: string, id: string): Promise<{ team: SyncClientTeam; member: SyncClientMember | undefined }> {
    const loaded = await this.team(team);
    if (!loaded) throw new RefusedError(`no team is named ${team}`);
    const member = loaded.members.find((m) => m.id === id);
    if (member) return { team: loaded, member };
    const fresh = await this.freshTeam(team);
    if (!fresh) throw new RefusedError(`no team is named ${team}`);
    return { team: fresh, member: fresh.members.find((m) => m.id === id) };
  }

  /** Whether the action's goal holds on the server now. */
  async goalHolds(action: Action): Promise<boolean> {
    let index: StateIndex;
    switch (action.kind) {
      case 'create-user':
        index = stateOf(await this.usersWithEmail(action.email), new Map());
        break;
      case 'reactivate-user':
      case 'set-admin':
      case 'deactivate-user': {
        const user = await this.user(action.user);
        index = stateOf(user ? [user] : [], new Map());
        break;
      }
      case 'org-invite':
      case 'org-set-role':
      case 'org-remove': {
        const org = await this.freshOrganization();
        index = stateOf([], new Map(), org);
        break;
      }
      default:
        index = stateOf([], new Map([[action.team, await this.freshTeam(action.team)]]));
    }
    return actionState(action, index).state === 'done';
  }

  /** `true` from the server is done; `false` is already done when the goal holds, else refused. */
  async settle(accepted: boolean, action: Action): Promise<'done' | 'already-done'> {
    if (accepted) return 'done';
    if (await this.goalHolds(action)) return 'already-done';
    throw new RefusedError('the server refused');
  }

  async run(action: Action): Promise<Ran> {
    switch (action.kind) {
      case 'create-user': {
        const user = await this.client.createUser(action.email, { admin: action.admin });
        return { status: 'done', account: { id: user.id, username: user.username } };
      }
      case 'reactivate-user':
        return this.settle(await this.client.userCalls(action.user).reactivate(), action);
      case 'deactivate-user':
        return this.settle(await this.client.userCalls(action.user).deactivate(), action);
      case 'set-admin':
        return this.settle(await this.client.userCalls(action.user).setAdmin(action.admin), action);
      case 'create-team': {
        const created = this.client.createTeam(action.team, action.adminUsername === null ? {} : { adminUsername: action.adminUsername });
        this.#teams.set(action.team, created);
        created.catch(() => this.#teams.delete(action.team));
        await created;
        return 'done';
      }
      case 'invite': {
        const team = await this.team(action.team);
        if (!team) throw new RefusedError(`no team is named ${action.team}`);
        return this.settle(await team.invite(action.email, { role: action.role }), action);
      }
      case 'reinvite': {
        const { team, member } = await this.member(action.team, action.member.id);
        // W&B sets an invitation's role only when inviting: withdraw it, invite again.
        if (member && !(await member.delete()) && (await this.member(action.team, action.member.id)).member)
          throw new RefusedError('the server refused to withdraw the invitation');
        return this.settle(await team.invite(action.email, { role: action.role }), action);
      }
      case 'change-role': {
        const { member } = await this.member(action.team, action.member.id);
        if (!member) throw new RefusedError(`not a member of ${action.team} any more`);
        return member.role === action.role && !member.pending ? 'already-done' : this.settle(await member.setRole(action.role), action);
      }
      case 'remove-from-team': {
        const { member } = await this.member(action.team, action.member.id);
        if (!member) return 'already-done';
        return this.settle(await member.delete(), action);
      }
      case 'org-invite':
      case 'org-set-role':
      case 'org-remove':
        return this.runOrg(action);
    }
  }

  /** An organization action: by username where the member has one (an address names an invitation, or an account W&B matches it to). */
  async runOrg(action: OrgAction): Promise<Ran> {
    const org = await this.organization();
    switch (action.kind) {
      case 'org-invite': {
        if (await org.invite(action.username ?? action.email, { role: action.role })) return 'done';
        // Refused: already there. Someone a server made a member when their account was created has a role of its choosing: set the file's.
        const now = await this.freshOrganization();
        const member = now.members.find(
          (m) => m.email?.toLowerCase() === action.email.toLowerCase() || (action.username !== null && m.username === action.username),
        );
        if (member && member.role !== action.role) return this.settle(await now.setRole(member.username ?? action.email, action.role), action);
        return this.settle(false, action);
      }
      case 'org-set-role':
        return this.settle(await org.setRole(action.member.username ?? action.member.email ?? action.member.id, action.role), action);
      case 'org-remove': {
        const who = action.expect.pending ? action.member.email : (action.member.username ?? action.member.email);
        if (who === null) throw new RefusedError('neither a username nor an address to name them by');
        return this.settle(await org.remove(who), action);
      }
    }
  }

  /** Runs one action; a failure whose goal holds anyway (an answer lost, someone else) counts as already done. */
  async execute(action: Action, isFatal: (error: unknown) => boolean): Promise<{ result: ActionResult; fatal?: unknown }> {
    try {
      const ran = await this.run(action);
      return { result: typeof ran === 'string' ? { action, status: ran } : { action, ...ran } };
    } catch (error) {
      if (isFatal(error)) return { result: this.failed(action, error), fatal: error };
      if (!(error instanceof RefusedError)) {
        try {
          if (await this.goalHolds(action)) return { result: { action, status: 'already-done' } };
        } catch {
          // Cannot tell: report the original failure.
        }
      }
      return { result: this.failed(action, error) };
    }
  }

  failed(action: Action, error: unknown): ActionResult {
    return { action, status: 'failed', reason: this.reasonOf(error), errorName: error instanceof Error ? error.name : 'Error' };
  }
}
