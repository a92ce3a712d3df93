import { UnexpectedResponseError } from '../errors/response-errors.js';
import { DeleteInviteDocument, type MemberFragment, UpdateMemberDocument } from '../generated/operations.js';
import { applyChange } from '../transport/change.js';
import type { ModelClient } from '../transport/model-client.js';
import type { CallOptions, ChangeOptions } from '../transport/transport.js';
import { fetchTeamEntity } from './entity.js';
import { checkRole } from './validate.js';

/** W&B's team role that carries the team-admin powers (and the deprecated `admin` flag). */
const ADMIN_ROLE = 'admin';

/**
 * A line of a team's member list: a user who joined, or a pending invitation
 * (`pending`), with the operations W&B allows on it. Get Members from
 * `team.members`.
 *
 * A service account's secret key, which W&B lists to the team's admins, is
 * kept in a private field: it is in no property, not in `toJSON()`,
 * `util.inspect` or `String()`; {@link Member.revealApiKey} is the one way to read it.
 */
export class Member {
  readonly #client: ModelClient;
  readonly #team: string;
  #attrs: MemberFragment & { id: string };
  #apiKey: string | null;

  /**
   * Wraps a member of `team` as the server listed it (`MemberFragment`),
   * loaded through `client` (normally an `Api`). Throws
   * `UnexpectedResponseError` for a member without an id, which nothing could
   * be done with.
   */
  constructor(client: ModelClient, team: string, attrs: MemberFragment) {
    this.#client = client;
    this.#team = team;
    this.#attrs = Member.#withId(attrs, client.graphqlUrl);
    this.#apiKey = attrs.apiKey;
  }

  static #withId(attrs: MemberFragment, url: string): MemberFragment & { id: string } {
    if (attrs.id === null) throw new UnexpectedResponseError('the server listed a team member without an id', { url });
    // The key goes to its own field; the attributes never hold it.
    return { ...attrs, id: attrs.id, apiKey: null };
  }

  /** The user's global ID for a member who joined; the invitation's ID while `pending`. */
  get id(): string {
    return this.#attrs.id;
  }
  /** The display name; for an invitation to an address without an account, W&B shows the address. */
  get name(): string {
    return this.#attrs.name;
  }
  /** The username; null for an invitation to an address without an account. */
  get username(): string | null {
    return this.#attrs.username;
  }
  /** The address; null when the server withheld it, and for service accounts. */
  get email(): string | null {
    return this.#attrs.email;
  }
  /** W&B's account type: `USER`, `SERVICE` (a service account)...; null when the server did not say (an address without an account). */
  get accountType(): string | null {
    return this.#attrs.accountType;
  }
  /**
   * The team role: `admin`, `member`, `viewer` or a custom role's name. A
   * server that lists no role is read through the deprecated `admin` flag
   * (`admin` or `member`), as W&B maps it.
   */
  get role(): string {
    return this.#attrs.role ?? (this.#attrs.admin === true ? ADMIN_ROLE : 'member');
  }
  /** An invitation not accepted yet. */
  get pending(): boolean {
    return this.#attrs.pending === true;
  }
  /** Whether the role is `admin`: derived from {@link Member.role}, as W&B's deprecated `Member.admin` is. */
  get admin(): boolean {
    return this.role === ADMIN_ROLE;
  }
  /** The name of the team this member belongs to. */
  get team(): string {
    return this.#team;
  }

  /**
   * A service account's secret API key, as W&B lists it to the team's admins
   * and instance admins; null for anyone else, for members that are not
   * service accounts, and for pending invitations. Whoever holds it acts as
   * the service account: store it, never print or log it.
   */
  revealApiKey(): string | null {
    return this.#apiKey;
  }

  /**
   * Removes the member from the team, or withdraws a pending invitation (W&B's
   * `deleteInvite` with the member's ID, as the Python SDK's `Member.delete`).
   * `true` when the member is gone; `false` when the server refuses (not a
   * team admin, the team's last admin, no longer a member). After a failure
   * that leaves the outcome unknown, the team's member list decides: gone
   * counts as removed, still there is removed again. The team's `members` is
   * a snapshot: `team.reload()` shows the change. Throws for authentication,
   * schema and network failures (see `docs/reliability.md`); with
   * `throwOnRefusal`, the server's refusal too, with its message.
   */
  async delete(options?: ChangeOptions): Promise<boolean> {
    return deleteMember(this.#client, this.#team, this.id, options);
  }

  /**
   * Sets the member's team role (`UpdateMember`): `admin`, `member`,
   * `viewer` or a custom role's name. `true` when the member has the role now
   * (and this object shows it); `false` when the server refuses (not a team
   * admin, demoting the last admin, a pending invitation, whose role is set
   * when inviting). A role the instance does not know is a `ValidationError`
   * from the server. After an unknown outcome the member list decides.
   * Throws for authentication, schema and network failures; with
   * `throwOnRefusal`, the server's refusal too.
   */
  async setRole(role: string, options?: ChangeOptions): Promise<boolean> {
    const wanted = checkRole(role, 'UpdateMember');
    return setMemberRole(this.#client, this.#team, this.id, wanted, options, (attrs) => this.#take(attrs));
  }

  #take(attrs: MemberFragment): void {
    this.#attrs = Member.#withId({ ...attrs, id: attrs.id ?? this.id }, this.#client.graphqlUrl);
    this.#apiKey = attrs.apiKey ?? this.#apiKey;
  }

  /** W&B's representation: `<Member NAME (ACCOUNT_TYPE)>`; `unknown` when the server did not say the type. */
  toString(): string {
    return `<Member ${this.name} (${this.accountType ?? 'unknown'})>`;
  }

  /** What `JSON.stringify` shows: the attributes above, never the service account's key. */
  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      name: this.name,
      username: this.username,
      email: this.email,
      accountType: this.accountType,
      role: this.role,
      pending: this.pending,
      admin: this.admin,
    };
  }

  /** What `console.log` and `util.inspect` show: the same fields as {@link Member.toJSON}. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, _options: object, inspect: (value: unknown) => string): string {
    return `Member ${inspect(this.toJSON())}`;
  }
}

/** The member with this ID as `team` lists it now; undefined when it is not listed (or the team is gone). */
async function listed(client: ModelClient, team: string, id: string, options?: CallOptions): Promise<MemberFragment | undefined> {
  const entity = await fetchTeamEntity(client, team, options);
  return entity?.members.find((m) => m.id === id);
}

/** `member.delete` (see there). */
function deleteMember(client: ModelClient, team: string, id: string, options?: ChangeOptions): Promise<boolean> {
  return applyChange({
    url: client.graphqlUrl,
    operation: 'DeleteInvite',
    send: () => client.execute(DeleteInviteDocument, { id, entity: team }, options),
    throwOnRefusal: options?.throwOnRefusal,
    applied: (data) => data?.deleteInvite?.success === true,
    holds: async () => (await listed(client, team, id, options)) === undefined,
  });
}

/** `member.setRole` (see there), with its input checked; `take` receives the member as the server has it after the change. */
function setMemberRole(
  client: ModelClient,
  team: string,
  id: string,
  wanted: string,
  options: ChangeOptions | undefined,
  take: (attrs: MemberFragment) => void,
): Promise<boolean> {
  return applyChange({
    url: client.graphqlUrl,
    operation: 'UpdateMember',
    send: () => client.execute(UpdateMemberDocument, { entity: team, user: id, role: wanted }, options),
    throwOnRefusal: options?.throwOnRefusal,
    applied: (data) => {
      const member = data?.updateMember?.member;
      if (member) take(member);
      return member !== undefined;
    },
    holds: async () => {
      const now = await listed(client, team, id, options);
      if (now?.role !== wanted) return false;
      take(now);
      return true;
    },
  });
}
