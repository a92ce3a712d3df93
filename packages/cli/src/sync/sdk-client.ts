import { type Api, User } from '@wandb-ts/users';
import type { UserRef } from './actions.js';
import type { SyncClient, SyncUserCalls } from './client.js';

/**
 * The SDK's `Api` as sync's {@link SyncClient}: its users, teams and members
 * fit the port as they are (`Member.role` is always a string: the SDK reads a
 * server that lists no role through the deprecated `admin` flag), so this only
 * forwards, and gives the lifecycle calls a `User` for the ID a plan recorded.
 *
 * @example
 * ```ts
 * const api = new Api(); // WANDB_API_KEY, WANDB_BASE_URL
 * const client = syncClientFor(api);
 * const desired = parseDesiredState(readFileSync('people.yaml', 'utf8'), 'people.yaml', 'yaml');
 * const state = await readCurrentState(client, readScopeFor(desired, {}));
 * await applyPlan(plan(desired, state, { server: api.baseUrl }), client);
 * ```
 */
export function syncClientFor(api: Api): SyncClient {
  return {
    viewer: () => api.viewer(),
    userPages: (query) => api.userPages(query),
    team: (name) => api.team(name),
    organization: (name) => api.organization(name),
    createUser: (email, { admin }) => api.createUser(email, { admin }),
    createTeam: (name, { adminUsername }) => api.createTeam(name, adminUsername === undefined ? {} : { adminUsername }),
    userCalls: (user) => userOf(api, user),
  };
}

/**
 * A `User` for the lifecycle calls, made from what the plan knows instead of
 * a search per action (one request per change, not two). The SDK needs only
 * the ID to send the change, and the username or address to look the user up
 * after an unknown outcome; the rest of the attributes are blanks that the
 * server's answer replaces, and nothing here reads them.
 */
function userOf(api: Api, ref: UserRef): SyncUserCalls {
  return new User(api, {
    id: ref.id,
    name: ref.username ?? ref.email ?? ref.id,
    username: ref.username,
    email: ref.email,
    admin: null,
    flags: null,
    accountType: null,
    entity: null,
    deletedAt: null,
    apiKeys: null,
    teams: null,
  });
}
