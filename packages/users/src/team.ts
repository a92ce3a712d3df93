import { Member } from './member.js';
import type { ModelClient } from './model-client.js';
import type { TeamEntity } from './team-entity.js';
import type { CreateTeamOptions, InviteOptions } from './team-types.js';
import type { CallOptions, ChangeOptions } from './transport.js';
import { checkAccountDescription, checkInvitee, checkRole } from './validate-teams.js';

export type { CreateTeamOptions, InviteOptions } from './team-types.js';

// The class only: what it does is in team-ops.ts, loaded with the first call
// that sends something (team-lazy.ts).

/** What {@link Team.create} needs: an `Api`, or anything that creates teams as it does. */
export interface TeamCreator {
  /** Creates the team `name`, whose admin is `options.adminUsername` (default: the caller), as `Api.createTeam` does. */
  createTeam(name: string, options?: CreateTeamOptions): Promise<Team>;
}

/**
 * A new service account as {@link Team.createServiceAccount} returns it.
 * `apiKey` is a getter, not an own property: `console.log`, `util.inspect` and
 * `JSON.stringify` of this object show the member and leave the key out.
 */
export interface NewServiceAccount {
  /** The account, as the team lists it. */
  readonly member: Member;
  /** Its secret API key: whoever holds it acts as the account. Store it, never print it. */
  readonly apiKey: string;
}

const ops = () => import('./team-lazy.js');

/**
 * A W&B team with its members, as the server returned it, with the operations
 * W&B allows on it. `members` is a snapshot of the member list when the team
 * was loaded; {@link Team.reload} brings it up to date (changes made through
 * this object or its members do not edit it).
 */
export class Team {
  readonly #client: ModelClient;
  #attrs!: TeamEntity;
  #members!: readonly Member[];

  /**
   * Wraps a team loaded through `client` (normally an `Api`: you get Teams
   * from `api.team` and `api.createTeam`). Throws `UnexpectedResponseError`
   * for a member without an id.
   */
  constructor(client: ModelClient, attrs: TeamEntity) {
    this.#client = client;
    this.#take(attrs);
  }

  #take(attrs: TeamEntity): void {
    const members = attrs.members.map((m) => new Member(this.#client, attrs.name, m));
    this.#attrs = attrs;
    this.#members = members;
  }

  /** Creates a team (instance admins only on W&B); the same as `api.createTeam(name, { adminUsername })`. */
  static create(api: TeamCreator, name: string, adminUsername?: string): Promise<Team> {
    return api.createTeam(name, adminUsername === undefined ? {} : { adminUsername });
  }

  /** W&B's global ID of the team (an entity ID). */
  get id(): string {
    return this.#attrs.id;
  }
  /** The team's name. */
  get name(): string {
    return this.#attrs.name;
  }
  /** Members and pending invitations, in the server's order, as loaded. */
  get members(): readonly Member[] {
    return this.#members;
  }

  /**
   * Loads the team and its members again. Throws `NotFoundError` when no team
   * has this name any more, and the errors of `api.team` otherwise.
   */
  async reload(options?: CallOptions): Promise<void> {
    this.#take(await (await ops()).fetchTeam(this.#client, this.name, options));
  }

  /**
   * Invites a user to the team (team admins and instance admins on W&B): an
   * argument containing `@` is sent as `email`, anything else as `username`.
   * The invitee appears in `members` as `pending` until they accept (after a
   * {@link Team.reload}). `true` when the server accepted; `false` when it
   * refused (already a member or invited, no such user, not allowed). Bad
   * input is a `ValidationError`, before sending; a role the instance does not
   * know, or an account W&B will not invite, is one from the server. After a
   * failure that leaves the outcome unknown, the reloaded member list decides:
   * the invitee listed (with the role asked for) counts as invited; otherwise
   * the invitation is sent again, which W&B refuses for someone already
   * invited, so it is never made twice. Throws for authentication, schema and
   * network failures (see `docs/reliability.md`); with `throwOnRefusal`, the
   * server's refusal too, with its message.
   */
  async invite(usernameOrEmail: string, options: InviteOptions = {}): Promise<boolean> {
    const invitee = checkInvitee(usernameOrEmail, 'CreateInvite');
    const role = options.role === undefined ? undefined : checkRole(options.role, 'CreateInvite');
    return (await ops()).invite(this, this.#client, invitee, role, options);
  }

  /**
   * Creates a service account in the team (team admins and instance admins on
   * W&B): a user of account type `SERVICE`, named after `description`, with a
   * key of its own. Returns the account, found by the ID the server returned
   * (not guessed from the member list), and its secret key; the team is
   * reloaded to read the key, so `members` lists the account.
   *
   * `null` when no account can be handed over: the server refused (not a team
   * admin, no such team), or the outcome is unknown (a reset, a timeout, a 5xx:
   * an account may have been made without the answer reaching us). It is never
   * sent twice: a second request would make a second account. After an unknown
   * outcome the team is reloaded (when it can be), so an account the request
   * made shows in `members`, its key behind `revealApiKey()`: look there
   * before trying again. Throws `ValidationError` for bad input, and the
   * errors no answer decided (authentication, schema, a network failure that
   * proves nothing was made, an abort); with `throwOnRefusal`, the server's
   * refusal too.
   */
  async createServiceAccount(description: string, options?: ChangeOptions): Promise<NewServiceAccount | null> {
    const text = checkAccountDescription(description, 'CreateServiceAccount');
    return (await ops()).createServiceAccount(this, this.#client, text, options);
  }

  /**
   * Deletes the team (team admins and instance admins on W&B; `deleteTeam`,
   * as W&B's Terraform provider sends it). The accounts of its members stay,
   * service accounts included. `true` when the team is gone; `false` when
   * the server refused (not an admin of it, no such team any more), or with
   * `throwOnRefusal` the refusal in the server's words. After a failure that
   * leaves the outcome unknown, whether the name still finds a team decides.
   * Throws for authentication, schema and network failures.
   */
  async delete(options?: ChangeOptions): Promise<boolean> {
    return (await ops()).deleteTeam(this.#client, this.name, options);
  }

  /** W&B's representation: `<Team NAME>`. */
  toString(): string {
    return `<Team ${this.name}>`;
  }

  /** What `JSON.stringify` shows: ID, name and members (never a service account's key). */
  toJSON(): Record<string, unknown> {
    return { id: this.id, name: this.name, members: this.#members.map((m) => m.toJSON()) };
  }

  /** What `console.log` and `util.inspect` show: the same fields as {@link Team.toJSON}. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, _options: object, inspect: (value: unknown) => string): string {
    return `Team ${inspect(this.toJSON())}`;
  }
}
