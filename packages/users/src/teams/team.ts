import { errorOfResult } from '../errors/classify.js';
import { isAmbiguous } from '../errors/outcome.js';
import { NotFoundError } from '../errors/refusals.js';
import { WandbError } from '../errors/wandb-error.js';
import { describeName } from '../errors/redact.js';
import { CreateInviteDocument, CreateServiceAccountDocument, type CreateServiceAccountMutation, DeleteTeamDocument } from '../generated/operations.js';
import { applyChange, isRefusal } from '../transport/change.js';
import type { ModelClient } from '../transport/model-client.js';
import type { CallOptions, ChangeOptions, GraphQLResult } from '../transport/transport.js';
import { fetchTeamEntity, type TeamEntity } from './entity.js';
import { Member } from './member.js';
import { checkAccountDescription, checkInvitee, checkRole, type Invitee } from './validate.js';

/** Options of {@link Api.createTeam}. */
export interface CreateTeamOptions extends CallOptions {
  /** The username of the team's first admin. Default: the user the Api's key belongs to. */
  adminUsername?: string;
}

/** Options of {@link Team.invite}. */
export interface InviteOptions extends ChangeOptions {
  /**
   * The team role the invitee gets: `admin`, `member`, `viewer` or a custom
   * role's name. Default: the server's (`member` on W&B).
   */
  role?: string;
}

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
    this.#take(await fetchTeam(this.#client, this.name, options));
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
    return invite(this, this.#client, invitee, role, options);
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
    return createServiceAccount(this, this.#client, text, options);
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
    return deleteTeam(this.#client, this.name, options);
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

/** `team.reload`: the team's entity now; `NotFoundError` when no team has the name any more. */
async function fetchTeam(client: ModelClient, name: string, options?: CallOptions): Promise<TeamEntity> {
  const entity = await fetchTeamEntity(client, name, options);
  if (!entity?.isTeam) throw new NotFoundError(`there is no team named ${describeName(name)} any more`, { operation: 'GetTeamEntity', url: client.graphqlUrl });
  return entity;
}

/** `team.delete` (see there): done when the name no longer finds a team. */
function deleteTeam(client: ModelClient, name: string, options?: ChangeOptions): Promise<boolean> {
  return applyChange({
    url: client.graphqlUrl,
    operation: 'DeleteTeam',
    send: () => client.execute(DeleteTeamDocument, { teamName: name }, options),
    throwOnRefusal: options?.throwOnRefusal,
    applied: (data) => data?.deleteTeam?.success === true,
    holds: async () => (await fetchTeamEntity(client, name, options))?.isTeam !== true,
  });
}

/** `team.invite` (see there), with its input checked. */
async function invite(team: Team, client: ModelClient, invitee: Invitee, role: string | undefined, options?: ChangeOptions): Promise<boolean> {
  const isInvitee = (m: Member) => ('email' in invitee ? m.email?.toLowerCase() === invitee.email.toLowerCase() : m.username === invitee.username);
  return applyChange({
    url: client.graphqlUrl,
    operation: 'CreateInvite',
    // `role` alone, never the deprecated `admin` flag derived from it: the flag
    // cannot say viewer or a custom role (admin: false would read as member,
    // more rights than a viewer has), and a server too old to know `role`
    // refuses the document whatever else it carries.
    send: () => client.execute(CreateInviteDocument, { entity: team.name, ...invitee, role: role ?? null }, options),
    throwOnRefusal: options?.throwOnRefusal,
    applied: (data) => Boolean(data?.createInvite?.invite),
    holds: async () => {
      await team.reload(options);
      const listed = team.members.find(isInvitee);
      return listed !== undefined && (role === undefined || listed.role === role);
    },
  });
}

/** `team.createServiceAccount` (see there), with its input checked. */
async function createServiceAccount(team: Team, client: ModelClient, description: string, options?: ChangeOptions): Promise<NewServiceAccount | null> {
  let result: GraphQLResult<CreateServiceAccountMutation>;
  try {
    result = await client.execute(CreateServiceAccountDocument, { entity: team.name, description }, options);
  } catch (error) {
    if (!(error instanceof WandbError)) throw error;
    if (isAmbiguous(error)) return unknownOutcome(team, options);
    if (isRefusal(error) && !options?.throwOnRefusal) return null;
    throw error;
  }
  // An ID in the payload proves the account exists, whatever errors came with it.
  const id = result.data?.createServiceAccount?.user?.id;
  if (id === undefined) {
    if (result.errors.length === 0) return unknownOutcome(team, options);
    const refusal = errorOfResult(result, 'CreateServiceAccount', client.graphqlUrl);
    if (isRefusal(refusal) && !options?.throwOnRefusal) return null;
    throw refusal;
  }
  if (!(await catchUp(team, options))) return null;
  const member = team.members.find((m) => m.id === id);
  const apiKey = member?.revealApiKey();
  if (!member || !apiKey) return null;
  return new CreatedServiceAccount(member, apiKey);
}

/**
 * What createServiceAccount returns: the key behind a getter over a private
 * field, so that printing the result (`console.log`, `JSON.stringify`,
 * `util.inspect`, even with `showHidden`) shows the member and not the key.
 */
class CreatedServiceAccount implements NewServiceAccount {
  readonly #apiKey: string;
  constructor(
    readonly member: Member,
    apiKey: string,
  ) {
    this.#apiKey = apiKey;
  }
  get apiKey(): string {
    return this.#apiKey;
  }
}

/** After an unknown outcome: null, with the member list reloaded (when it can be) to show what was made. */
async function unknownOutcome(team: Team, options?: CallOptions): Promise<null> {
  await catchUp(team, options);
  return null;
}

/** Reloads the team to catch up with a change; false (the members as they were) when that fails. */
async function catchUp(team: Team, options?: CallOptions): Promise<boolean> {
  try {
    await team.reload(options);
    return true;
  } catch (error) {
    if (error instanceof WandbError) return false;
    throw error;
  }
}
