// What a plan does, one action at a time. Each action says what it changes
// and what the planner saw (`expect`): its precondition, which a saved plan is
// checked against before it is applied (check.ts). Together with the kind,
// `expect` also says what the action's goal is, so an action whose goal
// already holds counts as done rather than stale (a plan applied halfway).

/** Who a user action is about: the ID decides, address and username are for people. */
export interface UserRef {
  /** W&B's global ID of the user: what the action acts on. */
  readonly id: string;
  /** The address, for people (null when the server withheld it). */
  readonly email: string | null;
  /** The username, for people and lookups. */
  readonly username: string | null;
}

/** A line of a team's member list: `id` is the user's ID, or the invitation's while pending. */
export interface MemberRef {
  /** W&B's Member.id: what the action acts on. */
  readonly id: string;
  /** The member's address, or the address invited. */
  readonly email: string | null;
  /** The member's username, when they have an account. */
  readonly username: string | null;
}

interface ActionBase {
  /** 1-based, in the order apply starts them. */
  readonly id: number;
  /** Actions that must be done (or found done) first. */
  readonly dependsOn: readonly number[];
}

/** `+ create user`: W&B invites them by mail. Saw: no user with this address. */
export interface CreateUserAction extends ActionBase {
  /** The action's kind (discriminant). */
  readonly kind: 'create-user';
  /** The address, as the file writes it. */
  readonly email: string;
  /** Whether the new user is an instance admin. */
  readonly admin: boolean;
  /** Saw: no user with this address. */
  readonly expect: { readonly user: null };
}

/** `~ reactivate user`: a listed user whose account is deactivated. Saw: the account deactivated. */
export interface ReactivateUserAction extends ActionBase {
  /** The action's kind (discriminant). */
  readonly kind: 'reactivate-user';
  /** The deactivated account. */
  readonly user: UserRef;
  /** Saw: the account deactivated. */
  readonly expect: { readonly deactivated: true };
}

/** `~ set/unset instance admin`. Saw: the flag the other way. */
export interface SetAdminAction extends ActionBase {
  /** The action's kind (discriminant). */
  readonly kind: 'set-admin';
  /** The account. */
  readonly user: UserRef;
  /** The flag to set: true grants instance admin, false revokes it. */
  readonly admin: boolean;
  /** Saw: the flag the other way. */
  readonly expect: { readonly admin: boolean };
}

/** `- deactivate user` (prune only): an active account the file does not list. */
export interface DeactivateUserAction extends ActionBase {
  /** The action's kind (discriminant). */
  readonly kind: 'deactivate-user';
  /** The account to deactivate. */
  readonly user: UserRef;
  /** Saw: the account active, with this instance admin flag. */
  readonly expect: { readonly deactivated: false; readonly admin: boolean | null };
}

/** `+ create team`, with `adminUsername` joining as its admin (null: the API key's user does). Saw: no team. */
export interface CreateTeamAction extends ActionBase {
  /** The action's kind (discriminant). */
  readonly kind: 'create-team';
  /** The team's name. */
  readonly team: string;
  /** Who joins as its admin; null: the API key's user. */
  readonly adminUsername: string | null;
  /** Saw: no team with this name. */
  readonly expect: { readonly team: null };
}

/** `+ invite to team as ROLE`: pending until they accept. Saw: neither member nor invited. */
export interface InviteAction extends ActionBase {
  /** The action's kind (discriminant). */
  readonly kind: 'invite';
  /** The team. */
  readonly team: string;
  /** The address invited, as the file writes it. */
  readonly email: string;
  /** The user's username when they had an account at planning time. */
  readonly username: string | null;
  /** The team role to invite with. */
  readonly role: string;
  /** Saw: neither a member nor invited. */
  readonly expect: { readonly member: null };
}

/** `~ change role` of a member who joined. Saw: the member with the old role. */
export interface ChangeRoleAction extends ActionBase {
  /** The action's kind (discriminant). */
  readonly kind: 'change-role';
  /** The team. */
  readonly team: string;
  /** The member, who has joined. */
  readonly member: MemberRef;
  /** The new role. */
  readonly role: string;
  /** Saw: the member with this role. */
  readonly expect: { readonly role: string; readonly pending: false };
}

/**
 * `~ re-invite as ROLE`: a pending invitation with another role. W&B sets an
 * invitation's role only when inviting, so it is deleted and sent again.
 * Saw: the invitation with the old role (or, after an interrupted apply, none).
 */
export interface ReinviteAction extends ActionBase {
  /** The action's kind (discriminant). */
  readonly kind: 'reinvite';
  /** The team. */
  readonly team: string;
  /** The pending invitation. */
  readonly member: MemberRef;
  /** The address to invite again: the file's. */
  readonly email: string;
  /** The role to invite with. */
  readonly role: string;
  /** Saw: the invitation with this role. */
  readonly expect: { readonly role: string; readonly pending: true };
}

/** `- remove from team` (prune only): a member or invitation the file does not list. Saw: it, with this role. */
export interface RemoveFromTeamAction extends ActionBase {
  /** The action's kind (discriminant). */
  readonly kind: 'remove-from-team';
  /** The team. */
  readonly team: string;
  /** The member or invitation to remove. */
  readonly member: MemberRef;
  /** Saw: it, with this role, pending or not. */
  readonly expect: { readonly role: string; readonly pending: boolean };
}

/**
 * `+ invite to the organization as ROLE`: an account joins at once, an address
 * without one is invited (pending until they accept). Either takes a seat of
 * the kind the role needs. On W&B's cloud, how sync brings a listed person in;
 * on W&B Server, how an account gets the organization role the file gives.
 * Saw: neither a member of the organization nor invited to it.
 */
export interface OrgInviteAction extends ActionBase {
  /** The action's kind (discriminant). */
  readonly kind: 'org-invite';
  /** The address, as the file writes it. */
  readonly email: string;
  /** The account's username, when it had one at planning time (it joins at once). */
  readonly username: string | null;
  /** The organization role. */
  readonly role: string;
  /** Saw: neither a member nor invited. */
  readonly expect: { readonly member: null };
}

/** `~ change organization role`: the seat follows the role. Saw: the member with the old role. */
export interface OrgSetRoleAction extends ActionBase {
  /** The action's kind (discriminant). */
  readonly kind: 'org-set-role';
  /** The member (`id` is the user's ID). */
  readonly member: UserRef;
  /** The new organization role. */
  readonly role: string;
  /** Saw: the member with this role. */
  readonly expect: { readonly role: string };
}

/**
 * `- remove from the organization` (prune on W&B's cloud): a member, who
 * leaves its teams too (the account stays), or a pending invitation, which is
 * withdrawn. Either frees a seat. Saw: it, with this role (null for an
 * invitation: W&B does not list an invitation's role).
 */
export interface OrgRemoveAction extends ActionBase {
  /** The action's kind (discriminant). */
  readonly kind: 'org-remove';
  /** The member (`id`: the user's ID) or the invitation (`id`: the invitation's). */
  readonly member: MemberRef;
  /** Saw: the member with this role, or (pending) the invitation. */
  readonly expect: { readonly role: string | null; readonly pending: boolean };
}

/** One change of a plan; `kind` tells which. */
export type Action =
  | CreateUserAction
  | ReactivateUserAction
  | SetAdminAction
  | DeactivateUserAction
  | CreateTeamAction
  | InviteAction
  | ChangeRoleAction
  | ReinviteAction
  | RemoveFromTeamAction
  | OrgInviteAction
  | OrgSetRoleAction
  | OrgRemoveAction;

/** The kinds of action that change the organization, not an account or a team. */
export type OrgAction = OrgInviteAction | OrgSetRoleAction | OrgRemoveAction;

/** Whether the action changes the organization (its members, roles, invitations). */
export function isOrgAction(action: Action): action is OrgAction {
  return action.kind === 'org-invite' || action.kind === 'org-set-role' || action.kind === 'org-remove';
}

/** The kinds of {@link Action}. */
export type ActionKind = Action['kind'];

/** `+` adds, `~` changes, `-` removes: how a plan is read, like a diff. */
export type Sign = '+' | '~' | '-';

/** The sign an action is shown with. */
export function signOf(action: Action): Sign {
  switch (action.kind) {
    case 'create-user':
    case 'create-team':
    case 'invite':
    case 'org-invite':
      return '+';
    case 'remove-from-team':
    case 'deactivate-user':
    case 'org-remove':
      return '-';
    default:
      return '~';
  }
}

/** Whether the action takes access away: what --prune allows and --max-removals limits. */
export function isRemoval(action: Action): boolean {
  return action.kind === 'remove-from-team' || action.kind === 'deactivate-user' || action.kind === 'org-remove';
}

/** The team an action is about, if any. */
export function teamOf(action: Action): string | undefined {
  return 'team' in action ? action.team : undefined;
}

/** A name for the person an action is about: the address, else the username, else the ID. */
export function subjectOf(action: Action): string {
  switch (action.kind) {
    case 'create-user':
    case 'invite':
    case 'reinvite':
    case 'org-invite':
      return action.email;
    case 'create-team':
      return action.team;
    case 'change-role':
    case 'remove-from-team':
    case 'org-set-role':
    case 'org-remove':
      return action.member.email ?? action.member.username ?? action.member.id;
    default:
      return action.user.email ?? action.user.username ?? action.user.id;
  }
}

/** What the planner saw, in words: the precondition a saved plan is checked against. */
export function describeExpectation(action: Action): string {
  const who = subjectOf(action);
  switch (action.kind) {
    case 'create-user':
      return `no user has the address ${who}`;
    case 'reactivate-user':
      return `${who} is deactivated`;
    case 'set-admin':
      return `${who} is ${action.expect.admin ? '' : 'not '}an instance admin`;
    case 'deactivate-user':
      return `${who} is active${action.expect.admin ? ' and an instance admin' : ''}`;
    case 'create-team':
      return `no team is named ${action.team}`;
    case 'invite':
      return `${who} is neither a member of ${action.team} nor invited to it`;
    case 'change-role':
      return `${who} is a member of ${action.team} with role ${action.expect.role}`;
    case 'reinvite':
      return `${who} is invited to ${action.team} with role ${action.expect.role}`;
    case 'remove-from-team':
      return `${who} is ${action.expect.pending ? 'invited to' : 'a member of'} ${action.team} with role ${action.expect.role}`;
    case 'org-invite':
      return `${who} is neither a member of the organization nor invited to it`;
    case 'org-set-role':
      return `${who} is a member of the organization with role ${action.expect.role}`;
    case 'org-remove':
      return action.expect.pending ? `${who} is invited to the organization` : `${who} is a member of the organization with role ${action.expect.role}`;
  }
}

/** What the action does, in words (the renderer adds sign and colour). */
export function describeAction(action: Action): string {
  const who = subjectOf(action);
  switch (action.kind) {
    case 'create-user':
      return `create user ${who}${action.admin ? ' (instance admin)' : ''}`;
    case 'reactivate-user':
      return `reactivate user ${who}`;
    case 'set-admin':
      return `${action.admin ? 'set' : 'unset'} instance admin of ${who}`;
    case 'deactivate-user':
      return `deactivate user ${who}${action.user.username && action.user.email ? ` (${action.user.username})` : ''}`;
    case 'create-team':
      return `create team ${action.team}${action.adminUsername ? ` with ${action.adminUsername} as its admin` : ''}`;
    case 'invite':
      return `invite ${who} to ${action.team} as ${action.role}`;
    case 'change-role':
      return `change role of ${who} in ${action.team}: ${action.expect.role} -> ${action.role}`;
    case 'reinvite':
      return `re-invite ${who} to ${action.team} as ${action.role} (invited as ${action.expect.role}, not accepted yet)`;
    case 'remove-from-team':
      return action.expect.pending
        ? `withdraw the invitation of ${who} to ${action.team} (as ${action.expect.role})`
        : `remove ${who} from ${action.team} (${action.expect.role})`;
    case 'org-invite':
      return `invite ${who} to the organization as ${action.role}`;
    case 'org-set-role':
      return `change organization role of ${who}: ${action.expect.role} -> ${action.role}`;
    case 'org-remove':
      return action.expect.pending
        ? `withdraw the organization invitation of ${who}`
        : `remove ${who} from the organization (${action.expect.role ?? 'member'}; and from its teams)`;
  }
}
