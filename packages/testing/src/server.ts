import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type GraphQLSchema, NoSchemaIntrospectionCustomRule, specifiedRules } from 'graphql';
import type { RefusalStatus } from './error-codes.js';
import { type ApiKeyFixture, apiKeyFixture, memberFixtureParts, type OrganizationFixture, type TeamFixture, type TeamMemberFixture } from './fixtures.js';
import { FaultPlan, type FaultSpec, type InstalledFault } from './faults.js';
import { handleRequest, type RequestLogEntry } from './http.js';
import { loadWandbSchema, servedSchema } from './schema.js';
import { type FakeOrganizationSnapshot, seedOrganization, snapshotOrganization } from './organization-seed.js';
import {
  DEFAULT_CLI_VERSION_INFO,
  DEFAULT_SERVER_VERSION,
  type Deployment,
  FakeWandbStore,
  isPlausibleEmail,
  type TeamRecord,
  type UserRecord,
} from './store.js';

export type { Deployment } from './store.js';

export type { FakeOrganizationInviteSnapshot, FakeOrganizationMemberSnapshot, FakeOrganizationSnapshot } from './organization-seed.js';

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
  /** Organizations to create at start, after the users and teams (members by username or email). */
  organizations?: readonly OrganizationFixture[];
  /**
   * Names of the custom roles the instance has, which team and organization operations accept next
   * to W&B's built-in `admin`, `member` and `viewer`; any other role is refused. Default: none.
   */
  customRoles?: readonly string[];
  /**
   * The schema to serve (SDL or a built schema) instead of `schema/wandb.graphql`,
   * e.g. the snapshot without a field, to test schema drift. Fields the fake
   * implements keep working wherever the schema still has them.
   */
  schema?: string | GraphQLSchema;
  /**
   * The kind of W&B deployment to play. `server` (the default): W&B Server,
   * whose instance admins (the `admin` account) create, deactivate and
   * reactivate accounts and create teams. `cloud`: W&B's multi-tenant cloud,
   * where no account is an instance admin (the `admin` account is an ordinary
   * one, and `addUser({ admin: true })` throws), so nobody may create,
   * deactivate or reactivate accounts or list every user; people join
   * organizations, whose admins create teams (which join their organization)
   * and manage their organization's teams as team admins do.
   */
  deployment?: Deployment;
  /**
   * Whether introspection (`__schema`, `__type`) is answered. With `false` the
   * fake refuses it as servers that disable introspection do: HTTP 400 with
   * graphql-js's `NoSchemaIntrospectionCustomRule` error. Default true.
   */
  introspection?: boolean;
  /**
   * The HTTP status of an operation the fake ran and refused (not allowed, not found, already so,
   * invalid input). `'wandb'`: W&B's status for the error's code (`PERMISSION_ERROR` 403,
   * `NOT_FOUND` 404, `CONFLICT` 409, `BAD_USER_INPUT` 400, `RELOGIN_REQUIRED` 401), with the
   * `errors` and the `data` in the body, as W&B answers. `'always-200'`: HTTP 200 with the same
   * body, as many GraphQL servers answer; clients meet both. Authentication, bodies, documents
   * and variables that cannot be used get 401, 4xx and 400 in both. Default `'wandb'`.
   */
  refusalStatus?: RefusalStatus;
  /**
   * What the instance says about itself through `serverInfo`. `version`: the W&B Server version
   * it runs (default `0.70.0`); `latestVersion`: the newest release it knows of (default:
   * `version`; `outOfDate` is true when the two differ); `cliVersionInfo`: W&B's free-form JSON
   * of the `wandb` CLI versions it supports, sent as given (default
   * `{ min_cli_version: '0.10.0', max_cli_version: '0.23.0' }`). On the `cloud` deployment
   * `latestLocalVersionInfo` is null whatever the versions.
   */
  serverInfo?: { version?: string; latestVersion?: string; cliVersionInfo?: Record<string, unknown> };
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

/** What the fake tells a test about a service account it created: `apiKey` authenticates as the account. */
export interface AddedServiceAccount {
  /** Global ID of the service account's user (what `Member.id` and `deleteInvite` use). */
  id: string;
  /** Username, derived from the description. */
  username: string;
  /** Display name: the description. */
  name: string;
  /** Secret of the account's key. */
  apiKey: string;
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
  /** Email address; null for a service account. */
  email: string | null;
  /** Display name. */
  name: string;
  /** Whether the user is an instance admin. */
  admin: boolean;
  /** `USER`, or `SERVICE` for a service account. */
  accountType: 'USER' | 'SERVICE';
  /** When the user was deactivated (ISO 8601), or null. */
  deletedAt: string | null;
  /** The user's live API keys: ID, listing name and description, never the secret. */
  apiKeys: { id: string; name: string; description: string | null }[];
  /** Names of the teams the user has joined (pending invitations excluded). */
  teams: string[];
  /** The teams the user has joined, with the user's role in each. */
  memberships: { team: string; role: string }[];
}

/** A line of a team's member list as the server holds it: a member, or a pending invitation. */
export interface FakeTeamMemberSnapshot {
  /** `Member.id`: the user's global ID, or the invitation's while pending. */
  id: string;
  /** Whether this is an invitation not yet accepted. */
  pending: boolean;
  /** Team role (`admin`, `member`, `viewer` or a custom role). */
  role: string;
  /** Username; null for an invitation to an address without an account. */
  username: string | null;
  /** The member's address, or the address invited; null for a service account. */
  email: string | null;
  /** `USER` or `SERVICE`; null for an invitation to an address without an account. */
  accountType: 'USER' | 'SERVICE' | null;
}

/** A team as the server holds it, for assertions. */
export interface FakeTeamSnapshot {
  /** Global ID of the team's entity. */
  id: string;
  /** The team's name. */
  name: string;
  /** Members and pending invitations, in the order they were added (as `Entity.members` lists them). */
  members: FakeTeamMemberSnapshot[];
}

/**
 * A running fake W&B server, returned by {@link startFakeWandb}: its address, its admin's
 * credentials, and methods to seed and inspect its state directly (not over HTTP).
 */
export interface FakeWandb {
  /** `http://127.0.0.1:PORT`; the GraphQL endpoint is `${baseUrl}/graphql`. */
  readonly baseUrl: string;
  /** Secret of the instance admin's key (username `admin`; an ordinary account on the `cloud` deployment). */
  readonly adminApiKey: string;
  /** Global ID of the instance admin (an ordinary account on the `cloud` deployment). */
  readonly adminUserId: string;
  /** The kind of W&B deployment played: `server` or `cloud` (see {@link StartFakeWandbOptions.deployment}). */
  readonly deployment: Deployment;
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
   * Creates a team with these members (usernames or emails of existing users, with a role, or
   * pending invitations); returns its global ID and name. Throws what W&B would refuse: a name
   * outside letters, digits, hyphens and underscores, a name taken by a team or a user, an unknown
   * member or role.
   */
  addTeam(team: TeamFixture): { id: string; name: string };
  /**
   * Creates a service account of the team, as `createServiceAccount` does (account type `SERVICE`,
   * no email, a member of the team, a key of its own), and returns it with its key's secret.
   */
  addServiceAccount(team: string, description: string): AddedServiceAccount;
  /**
   * Accepts the pending invitation of this user (username or email) to the team, as the invitee
   * following W&B's invitation link would: they join with the invitation's role. Throws when there
   * is no such invitation, or no account has the invited address yet.
   */
  acceptInvite(team: string, usernameOrEmail: string): void;
  /**
   * Deactivates the user as `deleteUser` does: the account stays (team memberships included), their
   * keys stop authenticating, searches still list them. Throws for the last active instance admin.
   */
  deleteUser(userId: string): void;
  /** Reactivates a deactivated user as `undeleteUser` does: their keys authenticate again. */
  undeleteUser(userId: string): void;
  /** The user's state on the server, or undefined. Looks up by ID, username or email. */
  getUser(idOrUsernameOrEmail: string): FakeUserSnapshot | undefined;
  /** Every user (service accounts included), in creation order. */
  listUsers(): FakeUserSnapshot[];
  /** The team's state on the server (members with roles, pending invitations), or undefined. */
  getTeam(name: string): FakeTeamSnapshot | undefined;
  /** Every team, in creation order. */
  listTeams(): FakeTeamSnapshot[];
  /**
   * Creates an organization with these seats, members (usernames or emails of existing users, with a
   * role), pending invitations and teams; returns its global ID, name and entity name. Throws what
   * W&B would refuse before creating anything: a taken name, an unknown member or role, more members
   * and invitations than seats of their kind.
   */
  addOrganization(organization: OrganizationFixture): { id: string; name: string; entityName: string };
  /**
   * Accepts the pending invitation of this address to the organization, as the invitee signing up and
   * following W&B's link would: they join with its role and teams, and keep its seat. Throws when there
   * is no such invitation, or no account has the address yet.
   */
  acceptOrganizationInvite(organization: string, email: string): void;
  /** The organization's state on the server (seats, members, pending invitations, teams), or undefined. By name, ignoring case. */
  getOrganization(name: string): FakeOrganizationSnapshot | undefined;
  /** Every organization, in creation order. */
  listOrganizations(): FakeOrganizationSnapshot[];
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
  const deployment = options.deployment ?? 'server';
  if (deployment !== 'server' && deployment !== 'cloud') throw new RangeError(`deployment must be 'server' or 'cloud', got ${JSON.stringify(deployment)}`);
  const serverInfo = {
    version: options.serverInfo?.version ?? DEFAULT_SERVER_VERSION,
    latestVersion: options.serverInfo?.latestVersion ?? options.serverInfo?.version ?? DEFAULT_SERVER_VERSION,
    cliVersionInfo: options.serverInfo?.cliVersionInfo ?? { ...DEFAULT_CLI_VERSION_INFO },
  };
  for (const name of ['version', 'latestVersion'] as const)
    if (typeof serverInfo[name] !== 'string' || serverInfo[name] === '')
      throw new RangeError(`serverInfo.${name} must be a non-empty string, got ${JSON.stringify(serverInfo[name])}`);
  const { cliVersionInfo } = serverInfo;
  if (cliVersionInfo === null || typeof cliVersionInfo !== 'object' || Array.isArray(cliVersionInfo))
    throw new RangeError('serverInfo.cliVersionInfo must be an object');
  const store = new FakeWandbStore(options.keyPrefix ?? '', options.customRoles, deployment);
  store.serverInfo = serverInfo;
  allStores.add(store);
  const log: RequestLogEntry[] = [];
  const faults = new FaultPlan();
  const defaultPageSize = options.defaultPageSize ?? 50;
  const maxPageSize = options.maxPageSize ?? 50;
  if (!(defaultPageSize > 0 && maxPageSize >= defaultPageSize)) throw new RangeError('need 0 < defaultPageSize <= maxPageSize');
  const refusalStatus = options.refusalStatus ?? 'wandb';
  if (refusalStatus !== 'wandb' && refusalStatus !== 'always-200')
    throw new RangeError(`refusalStatus is 'wandb' or 'always-200', not ${JSON.stringify(refusalStatus)}`);

  // On W&B's cloud the instance is W&B's own: no customer's account holds the instance admin flag.
  const admin = store.createUser({ email: 'admin@example.com', username: 'admin', name: 'Instance Admin', admin: deployment === 'server' });
  const adminKey = store.issueKey(admin, 'admin key (fake W&B)');

  const requireUser = (id: string): UserRecord => {
    const user = store.userById(id);
    if (!user) throw new Error(`fake W&B: no user with id ${id}`);
    return user;
  };

  const requireTeam = (name: string): TeamRecord => {
    const team = store.teams.byTeamName(name);
    if (!team) throw new Error(`fake W&B: no team named ${name}`);
    return team;
  };

  const snapshot = (user: UserRecord): FakeUserSnapshot => {
    const teams = store.teamsOf(user);
    return {
      id: user.id,
      username: user.username,
      email: user.email,
      name: user.name,
      admin: user.admin,
      accountType: user.accountType,
      deletedAt: user.deletedAt,
      apiKeys: store.activeKeysOf(user).map((k) => ({ id: k.id, name: k.name, description: k.description })),
      teams: teams.map((t) => t.name),
      memberships: teams.map((t) => ({ team: t.name, role: store.teams.membershipOf(t, user).role })),
    };
  };

  const teamSnapshot = (team: TeamRecord): FakeTeamSnapshot => ({
    id: team.id,
    name: team.name,
    members: store.teams.rosterOf(team).map((row) => ({
      id: row.id,
      pending: row.pending,
      role: row.role,
      username: row.user?.username ?? null,
      email: row.user?.email ?? row.email,
      accountType: row.user?.accountType ?? null,
    })),
  });

  const addUser = (input: AddUserInput): AddedUser => {
    if (input.admin && deployment === 'cloud')
      throw new Error(`fake W&B: ${input.email} cannot be an instance admin on the cloud deployment (W&B's cloud gives customers no instance admins)`);
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

  /** A fixture's member, found before the team is created, so an unknown member or role leaves no half-made team. */
  const resolveSeedMember = (teamName: string, member: TeamMemberFixture) => {
    const { lookup, role, pending } = memberFixtureParts(member, `team ${teamName}`);
    store.teams.checkRole(role);
    const user = store.findUserByUsername(lookup) ?? store.findUserByEmail(lookup);
    // An invitation may name an address that has no account yet; a member must exist.
    if (!user && !(pending && lookup.includes('@'))) throw new Error(`fake W&B: team ${teamName} names unknown member ${lookup}`);
    if (!user && !isPlausibleEmail(lookup)) throw new Error(`fake W&B: team ${teamName} invites an invalid email address ${JSON.stringify(lookup)}`);
    return { target: user ?? lookup, role, pending };
  };

  const addTeam = (team: TeamFixture) => {
    const members = (team.members ?? []).map((member) => resolveSeedMember(team.name, member));
    const record = store.teams.create(team.name);
    for (const { target, role, pending } of members) {
      if (pending) store.teams.invite(record, target, role, admin);
      else store.teams.join(record, target as UserRecord, role);
    }
    return { id: record.id, name: record.name };
  };

  for (const user of options.users ?? []) addUser(user);
  for (const team of options.teams ?? []) addTeam(team);
  const addOrganization = (fixture: OrganizationFixture) => seedOrganization(store, fixture, admin);
  for (const organization of options.organizations ?? []) addOrganization(organization);

  const server: Server = createServer({ keepAlive: true }, (req, res) => {
    void handleRequest(req, res, { schema, rules, store, pageSize: defaultPageSize, maxPageSize, log, faults, refusalStatus });
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
    deployment,
    schema,
    requests: log,
    addUser,
    addApiKey(userId, key = {}) {
      const issued = store.issueKey(requireUser(userId), key.description ?? null);
      return { id: issued.id, name: issued.name, description: issued.description, secret: issued.secret };
    },
    addTeam,
    addServiceAccount(teamName, description) {
      const { account, key } = store.createServiceAccount(requireTeam(teamName), description);
      return { id: account.id, username: account.username, name: account.name, apiKey: key.secret };
    },
    acceptInvite(teamName, lookup) {
      const team = requireTeam(teamName);
      const user = store.findUserByUsername(lookup) ?? store.findUserByEmail(lookup);
      const invite = store.teams.pendingInvite(team, user, user?.email ?? (lookup.includes('@') ? lookup : null));
      if (!invite) throw new Error(`fake W&B: ${lookup} has no pending invitation to ${teamName}`);
      store.teams.accept(invite);
    },
    deleteUser: (userId) => store.deleteUser(requireUser(userId)),
    undeleteUser: (userId) => store.undeleteUser(requireUser(userId)),
    getUser(lookup) {
      const user = store.userById(lookup) ?? store.findUserByUsername(lookup) ?? store.findUserByEmail(lookup);
      return user && snapshot(user);
    },
    listUsers: () => [...store.users.values()].map(snapshot),
    getTeam(name) {
      const team = store.teams.byTeamName(name);
      return team && teamSnapshot(team);
    },
    listTeams: () => [...store.teams.all()].map(teamSnapshot),
    addOrganization,
    acceptOrganizationInvite(name, email) {
      const org = store.organizations.byOrganizationName(name);
      if (!org) throw new Error(`fake W&B: no organization named ${name}`);
      const invite = org.invites.get(email.trim().toLowerCase());
      if (!invite) throw new Error(`fake W&B: ${email} has no pending invitation to organization ${org.name}`);
      store.organizations.accept(org, invite);
    },
    getOrganization(name) {
      const org = store.organizations.byOrganizationName(name);
      return org && snapshotOrganization(store, org);
    },
    listOrganizations: () => [...store.organizations.all()].map((org) => snapshotOrganization(store, org)),
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
