import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type GraphQLSchema, NoSchemaIntrospectionCustomRule, specifiedRules } from 'graphql';
import { type ApiKeyFixture, apiKeyFixture, type TeamFixture } from './fixtures.js';
import { FaultPlan, type FaultSpec, type InstalledFault } from './faults.js';
import { handleRequest, type RequestLogEntry } from './http.js';
import { loadWandbSchema, servedSchema } from './schema.js';
import { FakeWandbStore, type UserRecord } from './store.js';

/** Options of {@link startFakeWandb}. All optional: the default is an instance with only its admin. */
export interface StartFakeWandbOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Prepended to every issued secret, as self-hosted W&B does (e.g. `"local-"`). Default: none. */
  keyPrefix?: string;
  /** Page size of `users` when the client does not ask for one. Default 50. */
  defaultPageSize?: number;
  /** Largest page `users` returns, whatever the client asks for. Default 50. */
  maxPageSize?: number;
  /** Users to create at start, after the admin. */
  users?: readonly AddUserInput[];
  /** Teams to create at start, after the users (members by username or email). */
  teams?: readonly TeamFixture[];
  /**
   * The schema to serve (SDL or a built schema) instead of `schema/wandb.graphql`,
   * e.g. the snapshot without a field, to test schema drift. Fields the fake
   * implements keep working wherever the schema still has them.
   */
  schema?: string | GraphQLSchema;
  /**
   * Whether introspection (`__schema`, `__type`) is answered. With `false` the
   * fake refuses it as servers that disable introspection do: HTTP 400 with
   * graphql-js's `NoSchemaIntrospectionCustomRule` error. Default true.
   */
  introspection?: boolean;
}

/** What the fake tells a test about a user it created. `apiKey` is the secret of the user's first key. */
export interface AddedUser {
  /** Global ID of the user. */
  id: string;
  /** The user's username (given, or derived from the email). */
  username: string;
  /** The user's email address. */
  email: string;
  /**
   * Secret of the user's first key: authenticates as this user. Empty when the user was created
   * without keys.
   */
  apiKey: string;
}

/**
 * A user for {@link FakeWandb.addUser} or {@link StartFakeWandbOptions.users}; only `email` is
 * required.
 */
export interface AddUserInput {
  /** Email address; must be plausible and unused (ignoring case). */
  email: string;
  /** Username; default: the email's local part, made unique. */
  username?: string;
  /** Display name; default: the email's local part. */
  name?: string;
  /** Whether the user is an instance admin; default false. */
  admin?: boolean;
  /** Names of teams to join; missing teams are created. */
  teams?: readonly string[];
  /** Keys to issue; default one key without description. Pass `[]` for a user who cannot log in. */
  apiKeys?: readonly ApiKeyFixture[];
}

/** An issued key: `name` is what listings show, `secret` authenticates. */
export interface IssuedApiKey {
  /** Global ID of the key (what `deleteApiKey` takes). */
  id: string;
  /** What listings show: a prefix of the secret that cannot authenticate. */
  name: string;
  /** The key's description, or null. */
  description: string | null;
  /** The full secret: authenticates as the key's owner. */
  secret: string;
}

/** A user as the server holds it, for assertions. Key names only, never secrets. */
export interface FakeUserSnapshot {
  /** Global ID of the user. */
  id: string;
  /** Username. */
  username: string;
  /** Email address. */
  email: string;
  /** Display name. */
  name: string;
  /** Whether the user is an instance admin. */
  admin: boolean;
  /** When the user was deleted (ISO 8601), or null. */
  deletedAt: string | null;
  /** The user's live API keys: ID, listing name and description, never the secret. */
  apiKeys: { id: string; name: string; description: string | null }[];
  /** Names of the teams the user belongs to. */
  teams: string[];
}

/**
 * A running fake W&B server, returned by {@link startFakeWandb}: its address, its admin's
 * credentials, and methods to seed and inspect its state directly (not over HTTP).
 */
export interface FakeWandb {
  /** `http://127.0.0.1:PORT`; the GraphQL endpoint is `${baseUrl}/graphql`. */
  readonly baseUrl: string;
  /** Secret of the instance admin's key (username `admin`). */
  readonly adminApiKey: string;
  /** Global ID of the instance admin. */
  readonly adminUserId: string;
  /** The schema the server executes: `schema/wandb.graphql` unless the `schema` option said otherwise. */
  readonly schema: GraphQLSchema;
  /** Every request answered so far, oldest first. */
  readonly requests: readonly RequestLogEntry[];
  /**
   * Creates a user (and their keys) directly in the server's state. Throws when the email is
   * implausible or taken.
   */
  addUser(input: AddUserInput): AddedUser;
  /** Issues another key to the user with this global ID, and returns it with its secret. */
  addApiKey(userId: string, key?: Partial<ApiKeyFixture>): IssuedApiKey;
  /**
   * Creates a team with these members (usernames or emails of existing users); returns its global
   * ID and name.
   */
  addTeam(team: TeamFixture): { id: string; name: string };
  /** Marks the user deleted: their keys stop authenticating, searches still list them. */
  deleteUser(userId: string): void;
  /** The user's state on the server, or undefined. Looks up by ID, username or email. */
  getUser(idOrUsernameOrEmail: string): FakeUserSnapshot | undefined;
  /** Every user, in creation order. */
  listUsers(): FakeUserSnapshot[];
  /** Empties {@link FakeWandb.requests}. */
  clearRequests(): void;
  /** Makes matching calls fail as `spec.fault` says (see `FaultAction`); returns the installed fault, whose `hits` counts its effect. */
  injectFault(spec: FaultSpec): InstalledFault;
  /** Removes every installed fault: later calls are answered normally, and the faults' `hits` stop counting. */
  clearFaults(): void;
  /** Every secret this server has issued, live or deleted: what a leak check searches output for. */
  issuedSecrets(): string[];
  /** Stops the server and closes its open connections; resolves once it is closed. */
  close(): Promise<void>;
}

// Every store started in this process, for leak checks that span many servers.
const allStores = new Set<FakeWandbStore>();

/**
 * Every secret issued by every fake server started in this process (this
 * module instance), closed ones included: what a test-wide leak check searches
 * captured output for.
 */
export function allIssuedSecrets(): string[] {
  return [...allStores].flatMap((store) => [...store.allSecrets()]);
}

/**
 * Starts a fake W&B GraphQL server on 127.0.0.1 with an instance admin, and
 * resolves once it accepts connections. Each call is an isolated instance:
 * give every test file its own and `close()` it afterwards.
 */
export async function startFakeWandb(options: StartFakeWandbOptions = {}): Promise<FakeWandb> {
  const schema = options.schema === undefined ? loadWandbSchema() : servedSchema(options.schema);
  const rules = options.introspection === false ? [...specifiedRules, NoSchemaIntrospectionCustomRule] : undefined;
  const store = new FakeWandbStore(options.keyPrefix ?? '');
  allStores.add(store);
  const log: RequestLogEntry[] = [];
  const faults = new FaultPlan();
  const defaultPageSize = options.defaultPageSize ?? 50;
  const maxPageSize = options.maxPageSize ?? 50;
  if (!(defaultPageSize > 0 && maxPageSize >= defaultPageSize)) throw new RangeError('need 0 < defaultPageSize <= maxPageSize');

  const admin = store.createUser({ email: 'admin@example.com', username: 'admin', name: 'Instance Admin', admin: true });
  const adminKey = store.issueKey(admin, 'admin key (fake W&B)');

  const requireUser = (id: string): UserRecord => {
    const user = store.userById(id);
    if (!user) throw new Error(`fake W&B: no user with id ${id}`);
    return user;
  };

  const snapshot = (user: UserRecord): FakeUserSnapshot => ({
    id: user.id,
    username: user.username,
    email: user.email,
    name: user.name,
    admin: user.admin,
    deletedAt: user.deletedAt,
    apiKeys: store.activeKeysOf(user).map((k) => ({ id: k.id, name: k.name, description: k.description })),
    teams: store.teamsOf(user).map((t) => t.name),
  });

  const addUser = (input: AddUserInput): AddedUser => {
    const user = store.createUser({
      email: input.email,
      ...(input.username !== undefined && { username: input.username }),
      ...(input.name !== undefined && { name: input.name }),
      admin: input.admin ?? false,
      teams: input.teams ?? [],
    });
    const keys = (input.apiKeys ?? [apiKeyFixture()]).map((k) => store.issueKey(user, k.description));
    return { id: user.id, username: user.username, email: user.email, apiKey: keys[0]?.secret ?? '' };
  };

  const addTeam = (team: TeamFixture) => {
    const record = store.createTeam(team.name);
    for (const member of team.members) {
      const user = store.findUserByUsername(member) ?? store.findUserByEmail(member);
      if (!user) throw new Error(`fake W&B: team ${team.name} names unknown member ${member}`);
      store.addMember(record, user);
    }
    return { id: record.id, name: record.name };
  };

  for (const user of options.users ?? []) addUser(user);
  for (const team of options.teams ?? []) addTeam(team);

  const server: Server = createServer({ keepAlive: true }, (req, res) => {
    void handleRequest(req, res, { schema, rules, store, pageSize: defaultPageSize, maxPageSize, log, faults });
  });
  // Idle keep-alive sockets must be closed by the client (undici: after 4 s),
  // never by the server first: a server-side close racing a client's reuse is
  // an ECONNRESET that no real W&B deployment behind a proxy would produce.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    adminApiKey: adminKey.secret,
    adminUserId: admin.id,
    schema,
    requests: log,
    addUser,
    addApiKey(userId, key = {}) {
      const issued = store.issueKey(requireUser(userId), key.description ?? null);
      return { id: issued.id, name: issued.name, description: issued.description, secret: issued.secret };
    },
    addTeam,
    deleteUser: (userId) => store.deleteUser(requireUser(userId)),
    getUser(lookup) {
      const user = store.userById(lookup) ?? store.findUserByUsername(lookup) ?? store.findUserByEmail(lookup);
      return user && snapshot(user);
    },
    listUsers: () => [...store.users.values()].map(snapshot),
    clearRequests: () => {
      log.length = 0;
    },
    injectFault: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),
    issuedSecrets: () => [...store.allSecrets()],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
