import { errorOfResult } from '../errors/classify.js';
import { cannotSucceed, isAmbiguous } from '../errors/outcome.js';
import { ApiKeyNotFoundError } from '../errors/refusals.js';
import { ValidationError } from '../errors/validation-error.js';
import { WandbError } from '../errors/wandb-error.js';
import { DeleteApiKeyDocument, GenerateApiKeyDocument, GetViewerDocument, type UserAccountType, type UserFragment } from '../generated/operations.js';
import type { ModelClient } from '../transport/model-client.js';
import { describeName } from '../errors/redact.js';
import type { CallOptions, ChangeOptions } from '../transport/transport.js';
import { changeUser, type LifecycleChange } from './lifecycle.js';
import { checkDescription, checkKeyName, checkOptionalBoolean } from '../validation/validate.js';

/** Delete attempts after ambiguous failures, each preceded by a look at the server's listing. */
const MAX_DELETE_ROUNDS = 3;

/** W&B's account types: `USER` (a person), `SERVICE` (a service account), `VIEWER`, `ANONYMOUS`. */
export type AccountType = UserAccountType;

/** What a {@link User} is built with besides its attributes. */
export interface UserOptions {
  /**
   * Whether the key of the client the User is built on is this user's, as the
   * answer that carried the attributes said (the SDK's methods that return
   * Users select the viewer's ID with them). It makes `userApi` the client;
   * unknown (undefined), `userApi` is null and `isViewer()` asks the server.
   */
  isViewer?: boolean | undefined;
}

/** What {@link User.create} needs: an `Api`, or anything that creates users as it does. */
export interface UserCreator {
  /** Creates the user with this email (an admin when `options.admin`), as `Api.createUser` does. */
  createUser(email: string, options?: { admin?: boolean }): Promise<User>;
}

/**
 * A W&B user as the server returned it, with the operations W&B allows on it.
 * `C` is the client it was loaded through: `Api` for the Users of an Api.
 *
 * `apiKeys` holds listing names, never secrets. A secret made by
 * `generateApiKey` is returned once and kept nowhere in this object.
 */
export class User<C extends ModelClient = ModelClient> {
  #client: C;
  #attrs: UserFragment;
  /** Whether the client's key is this user's, as known when it was built (see UserOptions). */
  #isViewer: boolean | undefined;

  /** Wraps attributes loaded through `client` (normally an `Api`; you get Users from its methods). */
  constructor(client: C, attrs: UserFragment, options: UserOptions = {}) {
    this.#client = client;
    this.#attrs = attrs;
    this.#isViewer = options.isViewer;
  }

  /** Creates a user (admin only on W&B); the same as `api.createUser(email, { admin })`. */
  static create(api: UserCreator, email: string, admin = false): Promise<User> {
    return api.createUser(email, { admin });
  }

  /** W&B's global ID of the user (stable; usernames and emails can change). */
  get id(): string {
    return this.#attrs.id;
  }
  /** The user's display name. */
  get name(): string {
    return this.#attrs.name;
  }
  /** The user's username; null when the server did not say. */
  get username(): string | null {
    return this.#attrs.username;
  }
  /** The user's email address; null when the server withheld it. */
  get email(): string | null {
    return this.#attrs.email;
  }
  /** Whether the user is an instance admin; null when the server did not say. */
  get admin(): boolean | null {
    return this.#attrs.admin;
  }
  /** The user's default entity (where their runs go). */
  get entity(): string | null {
    return this.#attrs.entity;
  }
  /** W&B's feature flags for the user, a JSON-encoded string as the server sends it. */
  get flags(): string | null {
    return this.#attrs.flags;
  }
  /** When the user was deleted (an ISO 8601 date-time), or null for an active user. */
  get deletedAt(): string | null {
    return this.#attrs.deletedAt;
  }

  /**
   * W&B's account type: `USER` for a person, `SERVICE` for a service account
   * (a machine's account, made in a team), `VIEWER` or `ANONYMOUS`; null when
   * the server did not say.
   */
  get accountType(): AccountType | null {
    return this.#attrs.accountType ?? null;
  }
  /** Whether this is a service account (account type `SERVICE`). */
  get isServiceAccount(): boolean {
    return this.accountType === 'SERVICE';
  }

  /** Listing names of the user's API keys: never secrets. [] when none, or when the keys were not loaded. */
  get apiKeys(): string[] {
    return (this.#attrs.apiKeys?.edges ?? []).flatMap((e) => (e.node ? [e.node.name] : []));
  }

  /** The user's API keys as listed: name and description, never secrets. [] when none, or when the keys were not loaded. */
  get apiKeyDetails(): { name: string; description: string | null }[] {
    return (this.#attrs.apiKeys?.edges ?? []).flatMap((e) => (e.node ? [{ name: e.node.name, description: e.node.description }] : []));
  }

  /** Names of the teams the user belongs to. [] when none, or when teams were not loaded. */
  get teams(): string[] {
    // A loop, not flatMap: bulk readers (sync) read this for every user, and flatMap's array per edge showed in their profiles.
    const names: string[] = [];
    for (const edge of this.#attrs.teams?.edges ?? []) if (edge.node) names.push(edge.node.name);
    return names;
  }

  /**
   * An Api authenticated as this user: the one this User was loaded through,
   * when its key is this user's (`api.viewer()`, and this user among the
   * results of `api.user(...)`, `api.users(...)` and the rest, which learn whose
   * key it is in the same request), whatever was called before; null for every
   * other user, whose key this SDK never holds. W&B's Python SDK gives every
   * user an Api with the caller's key instead, which acts as the caller, not as
   * that user. Null too for a User built by hand without `isViewer`, whatever
   * is called on it later.
   */
  get userApi(): C | null {
    return this.#isViewer === true ? this.#client : null;
  }

  /**
   * Whether this user is the one the client's API key belongs to: the one
   * user whose keys `generateApiKey` can create. Known without a request for
   * the Users the SDK returns; otherwise asks the server who the key belongs
   * to, the first time any model of the client needs it.
   */
  async isViewer(options?: CallOptions): Promise<boolean> {
    // Not kept in #isViewer: `userApi` is what this User was built knowing, whatever was called since.
    return this.#isViewer ?? (await this.#client.viewerId(options)) === this.id;
  }

  /**
   * Creates an API key for this user and returns its secret: the only time
   * the secret is shown. W&B creates keys for the account whose key sends the
   * request, so this works only for the user the client's key belongs to
   * ({@link User.isViewer}); for anyone else it returns null and creates
   * nothing. Also null when the server refuses or fails (an outcome it cannot
   * prove). On success the key appears in `apiKeys` under the listing name
   * the server gives it. Throws `SchemaMismatchError` and `RedirectError`,
   * which no retry can cure, and `ValidationError` for a bad description;
   * with `throwOnRefusal`, the server's refusal too, with its message.
   */
  async generateApiKey(description?: string | null, options?: ChangeOptions): Promise<string | null> {
    const text = checkDescription(description, 'GenerateApiKey');
    try {
      if (!(await this.isViewer(options))) return null;
    } catch (error) {
      if (!(error instanceof WandbError) || cannotSucceed(error)) throw error;
      return null;
    }
    let key: { id: string; name: string } | null | undefined;
    try {
      const result = await this.#client.execute(GenerateApiKeyDocument, { description: text }, options);
      // A key in the payload exists on the server even if errors came with it;
      // dropping it would leave a live key the caller cannot see.
      key = result.data?.generateApiKey?.apiKey;
      // Without one, the errors say why, as they would at W&B's 4xx.
      if (!key?.name && result.errors.length > 0) throw errorOfResult(result, 'GenerateApiKey', this.#client.graphqlUrl);
    } catch (error) {
      if (!(error instanceof WandbError) || cannotSucceed(error) || (options?.throwOnRefusal && !isAmbiguous(error))) throw error;
      // A key may have been made without its secret reaching us. It cannot be
      // returned (nothing proves it new and ours), but the listing must show it
      // so the caller can see and delete it.
      if (isAmbiguous(error)) await this.#reload(options);
      return null;
    }
    if (!key?.name) return null;
    await this.#reload(options, key.id);
    return key.name;
  }

  /**
   * Replaces the loaded key listing with the server's, so it shows listing
   * names (never a secret) and matches the server after a change. With
   * `mustList`, keeps the old listing unless that key appears in the new one.
   * Failures leave the listing as it was: callers only use this to catch up.
   */
  async #reload(options?: CallOptions, mustList?: string): Promise<boolean> {
    try {
      const fresh = await this.#fetchSelf(options);
      if (!fresh?.apiKeys) return false;
      if (mustList && !fresh.apiKeys.edges.some((e) => e.node?.id === mustList)) return false;
      this.#attrs = { ...this.#attrs, apiKeys: fresh.apiKeys };
      return true;
    } catch (error) {
      if (error instanceof WandbError) return false;
      throw error;
    }
  }

  /** This user's attributes as the server has them now: GetViewer when it is the viewer, else by search. */
  async #fetchSelf(options?: CallOptions): Promise<UserFragment | null> {
    if (await this.isViewer(options)) {
      const data = await this.#client.request(GetViewerDocument, {}, options);
      return data.viewer?.id === this.id ? data.viewer : null;
    }
    const lookup = this.username ?? this.email;
    if (!lookup) return null;
    for await (const attrs of this.#client.searchUsers(lookup, options)) if (attrs.id === this.id) return attrs;
    return null;
  }

  /**
   * Deletes the key with this listing name. Throws `ApiKeyNotFoundError` when
   * the name is not in `apiKeys`; returns false when the server refuses (not the
   * owner nor an admin) or fails; true when deleted, and the name leaves `apiKeys`.
   * When a failure leaves the outcome unknown, the listing is reloaded: a key
   * that is gone counts as deleted, one still there is deleted again. Throws
   * `SchemaMismatchError` and `RedirectError`, which no retry can cure; with
   * `throwOnRefusal`, the server's refusal too, with its message.
   */
  async deleteApiKey(name: string, options?: ChangeOptions): Promise<boolean> {
    const keyName = checkKeyName(name, 'DeleteApiKey');
    const edges = this.#attrs.apiKeys?.edges ?? [];
    const node = edges.find((e) => e.node?.name === keyName)?.node;
    if (!node) {
      throw new ApiKeyNotFoundError(`${String(this)} has no API key named ${describeName(keyName)}`, this.apiKeys);
    }
    // Deleting is idempotent, so after a failure that leaves the outcome unknown
    // the key is looked for on the server and, if still there, deleted again.
    for (let round = 1; ; round++) {
      try {
        // execute, not request: a payload that says "deleted" is the truth even if errors came with it.
        const result = await this.#client.execute(DeleteApiKeyDocument, { id: node.id }, options);
        if (result.data?.deleteApiKey?.success === true) break;
        if (result.errors.length === 0) return false;
        throw errorOfResult(result, 'DeleteApiKey', this.#client.graphqlUrl);
      } catch (error) {
        if (!(error instanceof WandbError) || cannotSucceed(error) || (options?.throwOnRefusal && !isAmbiguous(error))) throw error;
        if (!isAmbiguous(error) || !(await this.#reload(options))) return false;
        const stillThere = this.#attrs.apiKeys?.edges.some((e) => e.node?.id === node.id);
        if (!stillThere) return true;
        if (round >= MAX_DELETE_ROUNDS) return false;
      }
    }
    this.#attrs = { ...this.#attrs, apiKeys: { ...this.#attrs.apiKeys, edges: edges.filter((e) => e.node?.id !== node.id) } };
    return true;
  }

  /**
   * Deactivates the account (instance admins only on W&B; `deleteUser`): W&B
   * keeps the user, sets `deletedAt`, and refuses their API keys from then
   * on; {@link User.reactivate} undoes it. `true` when the account is
   * deactivated (already so counts), and this User shows it; `false` when the
   * server refuses (not an instance admin, the last active one). After a
   * failure that leaves the outcome unknown, the user's `deletedAt` on the
   * server decides, and the request is sent again if it is still active
   * (repeating it changes nothing). Throws for authentication, schema and
   * network failures (see `docs/reliability.md`); with `throwOnRefusal`, the
   * server's refusal too, with its message.
   */
  async deactivate(options?: ChangeOptions): Promise<boolean> {
    return this.#change({ kind: 'deactivate' }, options);
  }

  /**
   * Reactivates an account that {@link User.deactivate} deactivated (instance
   * admins only; `undeleteUser`): `deletedAt` is cleared and the same keys
   * work again. `true` when the account is active (already so counts);
   * otherwise as `deactivate`.
   */
  async reactivate(options?: ChangeOptions): Promise<boolean> {
    return this.#change({ kind: 'reactivate' }, options);
  }

  /**
   * Grants (`true`) or revokes (`false`) instance admin rights (instance
   * admins only; `updateUser`). `true` when the user's `admin` is now as
   * asked; `false` when the server refuses (not an instance admin, revoking
   * the last one); otherwise as `deactivate`.
   */
  async setAdmin(admin: boolean, options?: ChangeOptions): Promise<boolean> {
    const wanted = checkOptionalBoolean(admin, 'admin', 'the admin flag', 'UpdateUser');
    if (wanted === undefined) throw new ValidationError('the admin flag is required: true or false', { operation: 'UpdateUser', argument: 'admin' });
    return this.#change({ kind: 'setAdmin', admin: wanted }, options);
  }

  #change(change: LifecycleChange, options: ChangeOptions | undefined): Promise<boolean> {
    const target = {
      id: this.id,
      fetch: () => this.#fetchSelf(options),
      take: (attrs: UserFragment) => {
        this.#attrs = attrs;
      },
    };
    return changeUser(this.#client, target, change, options);
  }

  /** W&B's representation: `<User EMAIL>`, else username, ID, quoted name, or `<User ???>`. */
  toString(): string {
    const { email, username, id, name } = this.#attrs;
    if (email) return `<User ${email}>`;
    if (username) return `<User ${username}>`;
    if (id) return `<User ${id}>`;
    if (name) return `<User '${name}'>`;
    return '<User ???>';
  }

  /** What `JSON.stringify` shows: the attributes above, with key listing names (never secrets). */
  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      name: this.name,
      username: this.username,
      email: this.email,
      admin: this.admin,
      entity: this.entity,
      flags: this.flags,
      deletedAt: this.deletedAt,
      accountType: this.accountType,
      apiKeys: this.apiKeys,
      teams: this.teams,
    };
  }

  /** What `console.log` and `util.inspect` show: the same fields as {@link User.toJSON}. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, _options: object, inspect: (value: unknown) => string): string {
    return `User ${inspect(this.toJSON())}`;
  }
}
