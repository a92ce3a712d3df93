import { DEFAULT_TIMEOUT_MS, type Environment, processEnv, resolveApiKey, resolveBaseUrl } from './credentials/config.js';
import type { TypedDocument } from './transport/documents.js';
import { errorOfResult } from './errors/classify.js';
import { AbortError } from './errors/network-errors.js';
import { isAmbiguous } from './errors/outcome.js';
import { AuthenticationError, ConflictError } from './errors/refusals.js';
import { UnexpectedResponseError } from './errors/response-errors.js';
import { ValidationError } from './errors/validation-error.js';
import type { WandbError } from './errors/wandb-error.js';
import {
  CreateUserFromAdminDocument,
  GetServerInfoDocument,
  GetViewerDocument,
  SearchUsersDocument,
  type SearchUsersQuery,
  type UserFragment,
} from './generated/operations.js';
import { debugLoggerFromEnv } from './transport/logger.js';
import type { ModelClient, UsersOptions } from './transport/model-client.js';
import { findOrganization } from './organizations/find.js';
import type { Organization } from './organizations/organization.js';
import { paginate } from './transport/paginate.js';
import { DEFAULT_RETRY, type RetryOptions, resolveRetry } from './transport/retry.js';
import { createTeamEntity } from './teams/create.js';
import { fetchTeamEntity } from './teams/entity.js';
import { type CreateTeamOptions, Team } from './teams/team.js';
import { type CallOptions, createTransport, type GraphQLResult, type Logger, type Transport } from './transport/transport.js';
import { User } from './users/user.js';
import { checkEmail, checkLookup, checkOptionalBoolean, checkPositiveInteger, checkTimeout } from './validation/validate.js';
import { checkTeamName } from './teams/validate.js';

/** Default of {@link ApiOptions.maxResponseBytes}: 8 MiB, some hundred times what a page of 50 users takes. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/**
 * Options of the {@link Api} constructor. Each has a default, so `new Api()` works wherever `wandb
 * login` has been run.
 */
export interface ApiOptions {
  /** Default: `WANDB_API_KEY`, then the `~/.netrc` entry for the host (what `wandb login` writes). */
  apiKey?: string;
  /** Default: `WANDB_BASE_URL`, then `https://api.wandb.ai`. Requests go to `${baseUrl}/graphql`. */
  baseUrl?: string;
  /** Time limit of each request in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /**
   * A `fetch` implementation, e.g. to add a proxy. Default: the global `fetch`. It receives a plain `RequestInit` with `redirect: 'manual'`
   * (Node's own fetch, the default, gets `redirect: 'error'` instead: see docs/security.md).
   */
  fetch?: typeof globalThis.fetch;
  /** Allow plain `http://` to hosts other than loopback (the key then crosses the network unencrypted). Default false. */
  allowInsecureHttp?: boolean;
  /**
   * The most bytes a response body may have, counted after decoding (gzip,
   * brotli) while it streams. A larger answer fails with
   * `ResponseTooLargeError` and the rest is not downloaded. Default 8 MiB
   * ({@link DEFAULT_MAX_RESPONSE_BYTES}).
   */
  maxResponseBytes?: number;
  /** Receives debug lines (operation, status, timing; never secrets). Default: stderr when `DEBUG` includes `wandb-ts`. */
  logger?: Logger;
  /** Where defaults are read from (`WANDB_API_KEY`, `WANDB_BASE_URL`, `NETRC`, `DEBUG`). Default `process.env`. */
  env?: Environment;
  /**
   * Retry policy. Queries are retried on network errors, timeouts, 429, 502,
   * 503 and 504; mutations only when the server provably did nothing
   * (connection refused, 429, 503 with Retry-After). `false` turns it off.
   */
  retry?: RetryOptions | false;
}

export type { UsersOptions } from './transport/model-client.js';

/** What {@link Api.serverInfo} returns: what the server says about itself. */
export interface ServerInfo {
  /**
   * The newest version of W&B's `wandb` CLI the server supports
   * (`cliVersionInfo.max_cli_version`); null when the server does not say.
   */
  readonly maxCliVersion: string | null;
  /** The oldest version of the `wandb` CLI the server supports (`cliVersionInfo.min_cli_version`); null when it does not say. */
  readonly minCliVersion: string | null;
  /**
   * The version of W&B Server this instance runs, with the newest release;
   * null when the server reports none, as W&B's cloud does.
   */
  readonly localVersion: ServerVersion | null;
}

/** The version of a W&B Server instance, as {@link ServerInfo.localVersion} reports it. */
export interface ServerVersion {
  /** The version this instance runs (`versionOnThisInstanceString`). */
  readonly version: string;
  /** The newest W&B Server release the instance knows of (`latestVersionString`). */
  readonly latestVersion: string;
  /** Whether the server says this instance is behind that release (`outOfDate`). */
  readonly outOfDate: boolean;
}

/**
 * A string field of W&B's `cliVersionInfo` (a JSON scalar: whatever the
 * server sends); null for anything else, so that no other type gets through.
 */
function versionField(info: unknown, key: string): string | null {
  if (info === null || typeof info !== 'object' || Array.isArray(info) || !Object.hasOwn(info, key)) return null;
  const value = (info as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}

const DEFAULT_PAGE_SIZE = 50;
/** Create attempts after ambiguous failures, each preceded by a check that the user does not exist yet. */
const MAX_CREATE_ROUNDS = 3;

/** `promise`, or an AbortError as soon as `signal` fires (the work behind `promise` goes on for others). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, details: { operation: string; url: string }): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new AbortError('aborted by the caller', details));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError('aborted by the caller', details));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * A client for the W&B GraphQL API, authenticated with one API key.
 *
 * The key is held in a private field: it does not show in `console.log`,
 * `util.inspect` or `JSON.stringify` of the Api.
 */
export class Api implements ModelClient {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** The GraphQL endpoint: `${baseUrl}/graphql`. */
  readonly graphqlUrl: string;
  /**
   * Time limit of each request in milliseconds ({@link ApiOptions.timeoutMs}); a call's own
   * `timeoutMs` overrides it.
   */
  readonly timeoutMs: number;
  readonly #transport: Transport;
  readonly #logger: Logger | undefined;
  /** The viewer's ID once the server has said it; it cannot change for a given key. */
  #viewerId: string | undefined;
  /** The GetViewer in flight for {@link Api.viewerId}, shared by concurrent callers. */
  #viewerRequest: Promise<string> | undefined;

  constructor(options: ApiOptions = {}) {
    if (options === null || typeof options !== 'object') throw new ValidationError('the Api options must be an object', { argument: 'options' });
    const env = options.env ?? processEnv();
    const base = resolveBaseUrl(options.baseUrl, env, options.allowInsecureHttp === true);
    const apiKey = resolveApiKey(options.apiKey, env, base);
    const timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
    const maxResponseBytes = checkPositiveInteger(options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, 'maxResponseBytes', 'the response size limit');
    if (options.fetch !== undefined && typeof options.fetch !== 'function')
      throw new ValidationError('the fetch implementation must be a function', { argument: 'fetch' });
    // origin + pathname, not href: an empty "?" or "#" would otherwise survive into the endpoint.
    this.baseUrl = `${base.origin}${base.pathname}`.replace(/\/+$/, '');
    this.graphqlUrl = `${this.baseUrl}/graphql`;
    this.timeoutMs = timeoutMs;
    this.#logger = options.logger ?? debugLoggerFromEnv(env);
    this.#transport = createTransport({
      url: this.graphqlUrl,
      apiKey,
      timeoutMs,
      fetch: options.fetch ?? globalThis.fetch,
      logger: this.#logger,
      retry: resolveRetry(options.retry, DEFAULT_RETRY),
      maxResponseBytes,
    });
  }

  /**
   * Sends any typed document (an AST such as those of `@wandb-ts/users/graphql`,
   * or a typed document string from GraphQL Code Generator's
   * `documentMode: string`) with this Api's credentials, headers, timeout and
   * error handling. GraphQL errors are thrown as typed errors; partial data
   * travels on the error's `data`. The answers to the SDK's own operations are
   * checked against the shape the operation selects (`UnexpectedResponseError`
   * naming the `path` otherwise); other documents' data is returned as it came.
   */
  request<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocument<TData, TVariables>,
    variables: TVariables,
    options?: CallOptions,
  ): Promise<TData> {
    return this.#transport.request(document, variables, options);
  }

  /** Like `request`, but returns GraphQL errors next to the data instead of throwing them. */
  execute<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocument<TData, TVariables>,
    variables: TVariables,
    options?: CallOptions,
  ): Promise<GraphQLResult<TData>> {
    return this.#transport.execute(document, variables, options);
  }

  /** The user this Api's key belongs to, as the server has them now; its `userApi` is this Api. */
  async viewer(options?: CallOptions): Promise<User<Api>> {
    const data = await this.request(GetViewerDocument, {}, options);
    if (!data.viewer)
      throw new AuthenticationError('the server did not say whose API key this is (viewer is null)', { operation: 'GetViewer', url: this.graphqlUrl });
    this.#viewerId = data.viewer.id;
    return new User(this, data.viewer, { isViewer: true });
  }

  /**
   * What the server says about itself (`GetServerInfo`, the selection W&B's
   * own clients send at login): the `wandb` CLI versions it supports, and on
   * W&B Server its own version and whether a newer release exists. Any
   * signed-in user may ask. The CLI versions are read from W&B's free-form
   * JSON: a field that is missing or not a string is null.
   */
  async serverInfo(options?: CallOptions): Promise<ServerInfo> {
    const { serverInfo } = await this.request(GetServerInfoDocument, {}, options);
    if (!serverInfo)
      throw new UnexpectedResponseError('the server said nothing about itself (serverInfo is null)', { operation: 'GetServerInfo', url: this.graphqlUrl });
    const local = serverInfo.latestLocalVersionInfo;
    return {
      maxCliVersion: versionField(serverInfo.cliVersionInfo, 'max_cli_version'),
      minCliVersion: versionField(serverInfo.cliVersionInfo, 'min_cli_version'),
      localVersion: local && { version: local.versionOnThisInstanceString, latestVersion: local.latestVersionString, outOfDate: local.outOfDate },
    };
  }

  /**
   * The ID of the user this Api's key belongs to. Asked of the server
   * (`GetViewer`) the first time it is needed, unless an answer has said it
   * already (every page of users does), then remembered: the answer does not
   * depend on which methods were called before. Concurrent callers
   * share one request; a failed one is not remembered. A caller's `signal`
   * stops its own wait, not the request others share.
   */
  viewerId(options: CallOptions = {}): Promise<string> {
    if (this.#viewerId !== undefined) return Promise.resolve(this.#viewerId);
    this.#viewerRequest ??= this.viewer({ timeoutMs: options.timeoutMs, retry: options.retry })
      .then((user) => user.id)
      .finally(() => {
        this.#viewerRequest = undefined;
      });
    return untilAborted(this.#viewerRequest, options.signal, { operation: 'GetViewer', url: this.graphqlUrl });
  }

  /**
   * The user with this username or email (admin only on W&B). An exact match
   * (username, or email ignoring case) wins; otherwise the server's first
   * match, as the W&B Python SDK returns; null when nothing matches.
   * Before acting on the user found, prefer {@link Api.exactUser}, which
   * never takes a partial match for the user named.
   */
  async user(usernameOrEmail: string, options?: CallOptions): Promise<User<Api> | null> {
    const wanted = checkLookup(usernameOrEmail, 'usernameOrEmail', 'the username or email', 'SearchUsers', { allowEmpty: false });
    let first: User<Api> | null = null;
    for await (const user of this.iterUsers(wanted, options)) {
      if (user.username === wanted || user.email?.toLowerCase() === wanted.toLowerCase()) return user;
      first ??= user;
    }
    return first;
  }

  /**
   * The user whose username is exactly `usernameOrEmail` (usernames are
   * case-sensitive), or whose email is it in any case; null when there is
   * none (admin only on W&B). Never a partial match: unlike {@link Api.user},
   * `(await api.exactUser(name))?.deactivate()` cannot reach someone whose
   * name merely contains `name`. When several accounts have the address in
   * different case and none exactly as given, which one is meant cannot be
   * told: `ConflictError` naming their usernames.
   */
  async exactUser(usernameOrEmail: string, options?: CallOptions): Promise<User | null> {
    const wanted = checkLookup(usernameOrEmail, 'usernameOrEmail', 'the username or email', 'SearchUsers', { allowEmpty: false });
    const address = wanted.toLowerCase();
    const byEmail: User[] = [];
    for await (const user of this.iterUsers(wanted, options)) {
      if (user.username === wanted) return user;
      if (user.email?.toLowerCase() === address) byEmail.push(user);
    }
    if (byEmail.length <= 1) return byEmail[0] ?? null;
    const exact = byEmail.filter((user) => user.email === wanted);
    if (exact.length === 1) return exact[0] ?? null;
    const names = byEmail.map((user) => user.username ?? user.id).join(', ');
    throw new ConflictError(`${byEmail.length} accounts have the address ${wanted} in different case (${names}): name one by its username`, {
      operation: 'SearchUsers',
      url: this.graphqlUrl,
    });
  }

  /** Every user whose username, email or name matches `query` (admin only on W&B), paging through all results. */
  async users(query: string, options?: UsersOptions): Promise<User<Api>[]> {
    const found: User<Api>[] = [];
    for await (const page of this.userPages(query, options)) found.push(...page);
    return found;
  }

  /** Like `users`, but yields users page by page, so memory stays bounded by the page size. */
  async *iterUsers(query: string, options?: UsersOptions): AsyncGenerator<User<Api>, void, undefined> {
    for await (const page of this.userPages(query, options)) yield* page;
  }

  /**
   * Like `iterUsers`, a page at a time: each page's users as one array (never
   * empty). For bulk work over many users, where one await per page instead of
   * one per user is measurably cheaper (`wandb-users sync` reads every user so).
   */
  async *userPages(query: string, options?: UsersOptions): AsyncGenerator<User<Api>[], void, undefined> {
    for await (const page of this.#searchPages(query, options)) {
      // Each page said whose key this is (#searchPages): the viewer's User gets this Api as its userApi.
      const viewerId = this.#viewerId;
      yield page.map((attrs) => new User(this, attrs, { isViewer: viewerId === undefined ? undefined : attrs.id === viewerId }));
    }
  }

  /**
   * Like `iterUsers`, but yields the users' attributes as the server sent
   * them (`UserFragment`), for models built on {@link ModelClient}.
   */
  async *searchUsers(query: string, options?: UsersOptions): AsyncGenerator<UserFragment, void, undefined> {
    for await (const page of this.#searchPages(query, options)) yield* page;
  }

  /** The pages of SearchUsers for `query`, its arguments checked before the first request. */
  #searchPages(query: string, options: UsersOptions = {}): AsyncGenerator<UserFragment[], void, undefined> {
    const text = checkLookup(query, 'query', 'the search text', 'SearchUsers', { allowEmpty: true });
    const first = checkPositiveInteger(options.pageSize ?? DEFAULT_PAGE_SIZE, 'pageSize', 'the page size', 'SearchUsers');
    const connectionOf = (data: SearchUsersQuery) => {
      // The viewer's ID comes with every page: remembered, as GetViewer's is.
      if (data.viewer) this.#viewerId = data.viewer.id;
      return data.users;
    };
    return paginate(this, SearchUsersDocument, { query: text, first, after: null }, connectionOf, { ...options, what: 'users' });
  }

  /**
   * Creates a user (admin only on W&B); W&B sends them an invitation.
   *
   * Never creates a duplicate: when the request fails in a way that leaves it
   * unknown whether the server created the user (a reset, a timeout, a 502),
   * this looks the email up first, returns the user if they now exist, and
   * sends the request again only if they provably do not.
   */
  async createUser(email: string, options: { admin?: boolean } & CallOptions = {}): Promise<User<Api>> {
    const address = checkEmail(email, 'CreateUserFromAdmin');
    const admin = checkOptionalBoolean(options?.admin, 'admin', 'the admin flag', 'CreateUserFromAdmin') ?? false;
    const create = async () => {
      const result = await this.execute(CreateUserFromAdminDocument, { email: address, admin }, options);
      const created = result.data?.createUser?.user;
      // A user in the payload exists, whatever errors came with it (they go to the debug log).
      if (created) {
        if (result.errors.length > 0)
          this.#logger?.debug('CreateUserFromAdmin: created, with errors', { operation: 'CreateUserFromAdmin', errors: result.errors.map((e) => e.message) });
        // A user just made is nobody's key holder yet, least of all this Api's.
        return new User(this, created, { isViewer: false });
      }
      if (result.errors.length > 0) throw errorOfResult(result, 'CreateUserFromAdmin', this.graphqlUrl);
      throw new UnexpectedResponseError('the server created no user and gave no error', {
        operation: 'CreateUserFromAdmin',
        url: this.graphqlUrl,
        status: result.status,
      });
    };
    const lookUp = async (cause: WandbError) => {
      try {
        return await this.#userWithEmail(address, options);
      } catch {
        // Cannot tell whether the user exists: say so rather than guess.
        throw cause;
      }
    };
    for (let round = 1; ; round++) {
      try {
        return await create();
      } catch (error) {
        const recoverable = isAmbiguous(error) || (round > 1 && error instanceof ConflictError);
        if (!recoverable) throw error;
        const existing = await lookUp(error as WandbError);
        if (existing) return existing;
        if (round >= MAX_CREATE_ROUNDS) throw error;
        this.#logger?.debug(`CreateUserFromAdmin: outcome unknown (${(error as Error).name}) and the user does not exist; sending again`, {
          operation: 'CreateUserFromAdmin',
        });
      }
    }
  }

  /**
   * The team named `name` with its members and pending invitations, or null
   * when no team has that name (a user's personal entity, which shares the
   * namespace, is not a team). Any signed-in user may look a team up on W&B;
   * its members are listed to its members and to instance admins, so anyone
   * else gets `PermissionError`.
   */
  async team(name: string, options?: CallOptions): Promise<Team | null> {
    const wanted = checkLookup(name, 'name', 'the team name', 'GetTeamEntity', { allowEmpty: false });
    const entity = await fetchTeamEntity(this, wanted, options);
    return entity?.isTeam ? new Team(this, entity) : null;
  }

  /**
   * Creates a team (instance admins only on W&B) whose admin is
   * `adminUsername`, or the user this Api's key belongs to; returns it with
   * its members. A name outside W&B's rule (letters, digits, hyphens,
   * underscores) is a `ValidationError`, before sending. Typed errors, where
   * the Python SDK returns a Team whatever happened: `ConflictError` when a
   * team or a user has the name, `PermissionError` for a caller who is not an
   * instance admin, `NotFoundError` for an unknown `adminUsername`.
   *
   * Never creates two teams: when the request fails in a way that leaves it
   * unknown whether the server made the team (a reset, a timeout, a 502), the
   * name is looked up before sending again. A team there whose admins include
   * the one asked for is returned; one held by others, or a user's name, is a
   * `ConflictError`. If the team was made but loading it afterwards fails, that
   * failure is thrown: `api.team(name)` finds the team later.
   */
  async createTeam(name: string, options?: CreateTeamOptions): Promise<Team> {
    const teamName = checkTeamName(name, 'CreateTeam');
    const adminUsername = options?.adminUsername;
    const admin =
      adminUsername === undefined ? undefined : checkLookup(adminUsername, 'adminUsername', 'the admin username', 'CreateTeam', { allowEmpty: false });
    return new Team(this, await createTeamEntity(this, teamName, admin, options, this.#logger));
  }

  /**
   * The organization named `name`, with its members (organization role, seat,
   * account), pending invitations and seats; null when there is no such
   * organization or this API key may not read it (W&B answers both alike: its
   * members and instance admins read it). Without a name: the organization the
   * key's user belongs to, null when none, and `OrganizationChoiceError`
   * (listing their names) when there are several: which one is meant cannot
   * be guessed.
   */
  async organization(name?: string, options?: CallOptions): Promise<Organization | null> {
    const wanted = name === undefined ? undefined : checkLookup(name, 'name', 'the organization name', 'GetOrganization', { allowEmpty: false });
    return findOrganization(this, wanted, options);
  }

  /** The user whose email is `address` (ignoring case), searching every page. */
  async #userWithEmail(address: string, options?: CallOptions): Promise<User<Api> | null> {
    for await (const user of this.iterUsers(address, options)) if (user.email?.toLowerCase() === address.toLowerCase()) return user;
    return null;
  }

  /** What `JSON.stringify` shows: the base URL and time limit, with the key as `[REDACTED]`. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, timeoutMs: this.timeoutMs, apiKey: '[REDACTED]' };
  }

  /** What `console.log` and `util.inspect` show: the same fields as {@link Api.toJSON}, never the key. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, _options: object, inspect: (value: unknown) => string): string {
    return `Api ${inspect(this.toJSON())}`;
  }
}
