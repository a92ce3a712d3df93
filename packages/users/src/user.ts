import { inspect } from 'node:util';
import type { Api } from './api.js';
import { ApiKeyNotFoundError, WandbError } from './errors.js';
import { DeleteApiKeyDocument, GenerateApiKeyDocument, GetViewerDocument, type UserFragment } from './generated/graphql.js';
import { describeName } from './redact.js';
import type { CallOptions } from './transport.js';
import { checkDescription, checkKeyName } from './validate.js';

/**
 * A W&B user as the server returned it, with the operations W&B allows on it.
 *
 * `apiKeys` holds listing names, never secrets. A secret made by
 * `generateApiKey` is returned once and kept nowhere in this object.
 */
export class User {
  #api: Api;
  #attrs: UserFragment;
  /** An Api authenticated as this user, when this user's credential is known. */
  #userApi: Api | null;

  /** Wraps attributes loaded by `api` (normally you get Users from `Api` methods). */
  constructor(api: Api, attrs: UserFragment) {
    this.#api = api;
    this.#attrs = attrs;
    this.#userApi = null;
  }

  /** Creates a user (admin only on W&B); the same as `api.createUser(email, { admin })`. */
  static create(api: Api, email: string, admin = false): Promise<User> {
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

  /** Listing names of the user's API keys: never secrets. [] when none, or when the keys were not loaded. */
  get apiKeys(): string[] {
    return (this.#attrs.apiKeys?.edges ?? []).flatMap((e) => (e.node ? [e.node.name] : []));
  }

  /** Names of the teams the user belongs to. [] when none, or when teams were not loaded. */
  get teams(): string[] {
    return (this.#attrs.teams?.edges ?? []).flatMap((e) => (e.node ? [e.node.name] : []));
  }

  /**
   * An Api authenticated as this user, or null when no credential of this user
   * is known. The viewer has one (the Api's own key); a user fetched by an
   * admin does not, and no key of theirs is ever guessed from a listing.
   */
  get userApi(): Api | null {
    if (this.#userApi) return this.#userApi;
    return this.#api.isViewer(this.id) ? this.#api : null;
  }

  /**
   * Creates an API key for this user, with this user's own credentials
   * (`userApi`), and returns its secret: the only time the secret is shown.
   * Returns null, creating nothing, when this user's credentials are unknown or
   * the server refuses. On success the key appears in `apiKeys` under the
   * listing name the server gives it.
   */
  async generateApiKey(description?: string | null, options?: CallOptions): Promise<string | null> {
    const text = checkDescription(description, 'GenerateApiKey');
    const userApi = this.userApi;
    if (!userApi) return null;
    let secret: string;
    let keyId: string;
    try {
      const result = await userApi.execute(GenerateApiKeyDocument, { description: text }, options);
      const key = result.data?.generateApiKey?.apiKey;
      // A key in the payload exists on the server even if errors came with it;
      // dropping it would leave a live key the caller cannot see.
      if (!key?.name) return null;
      secret = key.name;
      keyId = key.id;
    } catch (error) {
      if (error instanceof WandbError) return null;
      throw error;
    }
    await this.#refreshApiKeys(userApi, keyId, options);
    return secret;
  }

  /** Reloads the key listing from the server, so the new key shows under its listing name, not its secret. */
  async #refreshApiKeys(userApi: Api, keyId: string, options?: CallOptions): Promise<void> {
    try {
      const data = await userApi.request(GetViewerDocument, {}, options);
      const listed = data.viewer?.apiKeys;
      if (data.viewer?.id === this.id && listed?.edges.some((e) => e.node?.id === keyId)) {
        this.#attrs = { ...this.#attrs, apiKeys: listed };
      }
    } catch (error) {
      // The key exists and its secret is returned; only the listing is stale.
      if (!(error instanceof WandbError)) throw error;
    }
  }

  /**
   * Deletes the key with this listing name. Throws `ApiKeyNotFoundError` when
   * the name is not in `apiKeys`; returns false when the server refuses (not the
   * owner nor an admin) or fails; true when deleted, and the name leaves `apiKeys`.
   */
  async deleteApiKey(name: string, options?: CallOptions): Promise<boolean> {
    const keyName = checkKeyName(name, 'DeleteApiKey');
    const edges = this.#attrs.apiKeys?.edges ?? [];
    const node = edges.find((e) => e.node?.name === keyName)?.node;
    if (!node) {
      throw new ApiKeyNotFoundError(`${String(this)} has no API key named ${describeName(keyName)}`, this.apiKeys);
    }
    try {
      const data = await this.#api.request(DeleteApiKeyDocument, { id: node.id }, options);
      if (data.deleteApiKey?.success !== true) return false;
    } catch (error) {
      if (error instanceof WandbError) return false;
      throw error;
    }
    this.#attrs = { ...this.#attrs, apiKeys: { ...this.#attrs.apiKeys!, edges: edges.filter((e) => e.node?.id !== node.id) } };
    return true;
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
      apiKeys: this.apiKeys,
      teams: this.teams,
    };
  }

  /** What `console.log` and `util.inspect` show: the same fields as {@link User.toJSON}. */
  [inspect.custom](): string {
    return `User ${inspect(this.toJSON())}`;
  }
}
