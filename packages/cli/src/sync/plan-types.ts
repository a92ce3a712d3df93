import type { Action, ActionKind } from './actions.js';
import type { Deployment } from './deployment.js';
import type { SyncScope } from './desired.js';
import type { RuleName } from './safety.js';
import type { SeatKind } from './seats.js';

/** The shape version of {@link Plan} documents; a reader refuses any other. */
export const PLAN_VERSION = 1;

/**
 * Why the planner held back a change the file asks for (or, with prune,
 * implies): the safety rules.
 *
 * - `key-in-use`: the account of the API key in use is never deactivated,
 *   removed from a team or stripped of instance admin (the rest of the apply
 *   would fail, and nobody could undo it with this key).
 * - `last-team-admin`: a team keeps at least one admin who has joined (pending
 *   admins do not count: W&B does not let them act yet).
 * - `instance-admin`: instance admins are deactivated only with `includeAdmins`.
 * - `needs-prune`: the file lists an active account as deactivated; like every
 *   removal, its deactivation needs `prune`.
 * - `outside-scope`: the file lists as deactivated an account its scope does
 *   not let it deactivate (a file scoped to teams deactivates nobody).
 * - `deactivated`: an invitation the file implies for an address it lists as
 *   deactivated, or whose account is deactivated and stays so: W&B does not
 *   invite a deactivated account.
 * - `last-org-admin`: the organization keeps an admin whose account is active
 *   (W&B warns that automated deprovisioning can remove the last one).
 * - `org-admin`: an admin of the organization is removed from it (on W&B's
 *   cloud) only with `includeAdmins`, as instance admins are deactivated.
 * - `cloud`: what W&B's cloud lets no organization's key do: set the instance
 *   admin flag, or reactivate an account.
 */
export type HeldReason =
  | 'key-in-use'
  | 'last-team-admin'
  | 'instance-admin'
  | 'needs-prune'
  | 'outside-scope'
  | 'deactivated'
  | 'last-org-admin'
  | 'org-admin'
  | 'cloud';

/** Every {@link HeldReason}, for readers of saved plans. */
export const HELD_REASONS: readonly HeldReason[] = [
  'key-in-use',
  'last-team-admin',
  'instance-admin',
  'needs-prune',
  'outside-scope',
  'deactivated',
  'last-org-admin',
  'org-admin',
  'cloud',
];

/** A change the planner did not plan, and why. */
export interface HeldChange {
  /** The kind of action held back. */
  readonly kind: ActionKind;
  /** The address, username or ID of who it is about. */
  readonly subject: string;
  /** The team it is about, if any. */
  readonly team: string | null;
  /** Which rule held it back. */
  readonly reason: HeldReason;
  /** For `last-team-admin`: the teams that would be left without a joined admin. */
  readonly teams?: readonly string[];
}

/** Why a plan must not be applied as it is. Apply refuses a plan with any. */
export type Blocker =
  /** More removals than the limit: raise it explicitly (`maxRemovals`) if they are meant. */
  | { readonly reason: 'too-many-removals'; readonly removals: number; readonly limit: number }
  /** A team to create whose name a user has (W&B entity names share one namespace). */
  | { readonly reason: 'team-name-taken'; readonly team: string; readonly username: string }
  /** Several accounts share a listed address (in different case): sync cannot tell which one is meant. */
  | { readonly reason: 'ambiguous-email'; readonly email: string; readonly userIds: readonly string[] }
  /**
   * The organization lacks seats of a kind for the invitations and role
   * changes of the plan: `needed` are taken, `freed` freed by its removals and
   * role changes, `available` left now (of `total`); `missing` more are needed.
   */
  | {
      readonly reason: 'seats';
      readonly seat: SeatKind;
      readonly needed: number;
      readonly freed: number;
      readonly available: number;
      readonly total: number;
      readonly missing: number;
    }
  /** The file gives organization roles, and no organization was read to give them in. */
  | { readonly reason: 'no-organization' }
  /**
   * Planned actions that break a safety rule (safety.ts): what the planner
   * holds back never gets here, so this is a plan made from a desired state
   * that the file rules did not check (built in code), or a planner bug.
   */
  | { readonly reason: 'safety-rule'; readonly rule: RuleName; readonly actions: readonly number[]; readonly message: string };

/** The organization a plan works in, as the planner saw it (its seats are for people to read; apply reads them again). */
export interface PlanOrganization {
  /** W&B's ID of the organization: a saved plan is applied only to it. */
  readonly id: string;
  /** Its name. */
  readonly name: string;
  /** Its seats when the plan was made. */
  readonly seats: { readonly full: { readonly total: number; readonly used: number }; readonly viewOnly: { readonly total: number; readonly used: number } };
}

/** The options a plan was made with, as recorded in it. */
export interface PlanSettings {
  /** Whether removals (from teams, deactivations) were planned for what the file does not list. */
  readonly prune: boolean;
  /** Whether instance admins the file does not list may be deactivated. */
  readonly includeAdmins: boolean;
  /** The removal limit asked for, or null for the default. */
  readonly maxRemovals: number | null;
}

/**
 * What sync would change on a server to make it match a file: a pure value,
 * printed by `sync plan`, saved with `--json`, executed by `apply`.
 */
export interface Plan {
  /** The document's shape version: {@link PLAN_VERSION}. */
  readonly version: typeof PLAN_VERSION;
  /** The server planned against (its base URL); a saved plan is applied only there. */
  readonly server: string;
  /** When it was made (ISO 8601). */
  readonly createdAt: string;
  /** The desired-state file it was made from. */
  readonly source: string;
  /**
   * The scope of a partial file (see scope.ts), present only for one: every
   * action of the plan must stay inside it, checked again when it is applied.
   */
  readonly scope?: SyncScope;
  /** The user of the API key that read the state; the key-in-use rule protects them. */
  readonly viewer: { readonly id: string; readonly username: string | null };
  /**
   * The kind of W&B it was made for (deployment.ts): a saved plan is applied
   * only to the same kind. Undefined (plans made by code before it was
   * recorded) is W&B Server.
   */
  readonly deployment?: Deployment;
  /** The organization read for it (on W&B's cloud, or for organization roles); absent when none was. */
  readonly organization?: PlanOrganization;
  /** The options it was made with. */
  readonly settings: PlanSettings;
  /** Active accounts, service accounts excluded: what the default removal limit is 5% of. */
  readonly accounts: number;
  /** The most removals this plan may hold. */
  readonly removalLimit: number;
  /** In the order apply starts them (dependencies first). */
  readonly actions: readonly Action[];
  /** Changes the safety rules held back. */
  readonly held: readonly HeldChange[];
  /** Why it must not be applied; empty for a plan that may be. */
  readonly blocked: readonly Blocker[];
}
