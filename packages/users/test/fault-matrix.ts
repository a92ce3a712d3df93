import type { FaultAction } from '@wandb-ts/testing';

// The fault matrix: every public method that sends a request x every fault the
// fake W&B server can inject, with the outcome the SDK promises. The test
// (fault-matrix.test.ts) runs every cell; docs/reliability.md is generated
// from this table and checked against it, so the two cannot drift apart.

/** Methods of the first table: users and keys. */
export type UserMethod = 'viewer' | 'user' | 'users' | 'createUser' | 'generateApiKey' | 'deleteApiKey';
/** Methods of the second table: teams, members and the user lifecycle. */
export type TeamMethod = 'team' | 'createTeam' | 'invite' | 'createServiceAccount' | 'deleteMember' | 'setRole' | 'deactivate' | 'reactivate' | 'setAdmin';
export type MethodName = UserMethod | TeamMethod;

export const OPERATIONS: Record<MethodName, string> = {
  viewer: 'GetViewer',
  user: 'SearchUsers',
  users: 'SearchUsers',
  createUser: 'CreateUserFromAdmin',
  generateApiKey: 'GenerateApiKey',
  deleteApiKey: 'DeleteApiKey',
  team: 'GetTeamEntity',
  createTeam: 'CreateTeam',
  invite: 'CreateInvite',
  createServiceAccount: 'CreateServiceAccount',
  deleteMember: 'DeleteInvite',
  setRole: 'UpdateMember',
  deactivate: 'DeleteUser',
  reactivate: 'UndeleteUser',
  setAdmin: 'UpdateUser',
};

export interface Cell {
  /** `ok` (the normal result), `null`/`true`/`false` (the method's own failure values), or the error class thrown. */
  outcome: 'ok' | 'null' | 'true' | 'false' | string;
  /** Requests of the method's own operation that reached the server. */
  sent: number;
  /** The server state afterwards: did the mutation take effect (user created, key created, key deleted)? */
  applied?: boolean;
  /** What a reader should know about this cell. */
  note?: string;
  /** The server finishes the work after the SDK gave up, so `apiKeys` (or a team's `members`) may lag behind it until the next load. */
  listingMayLag?: boolean;
}

export interface FaultRow {
  name: string;
  /** The fault, injected once on the method's operation; `refused` stops the server (connection refused). */
  fault: FaultAction | 'refused';
  /** The Api's response size limit for this row (`maxResponseBytes`), when not the default. */
  maxResponseBytes?: number;
  cells: Record<MethodName, Cell>;
}

type QueryMethod = 'viewer' | 'user' | 'users' | 'team';

/** One answer that is valid JSON but of the wrong shape for every operation's root field. */
const WRONG_SHAPES = JSON.stringify({
  data: {
    viewer: { id: 7 },
    users: { edges: {} },
    createUser: { user: 'created' },
    generateApiKey: { apiKey: { id: 'QXBpS2V5Ojk=', name: { secret: true }, description: null } },
    deleteApiKey: { success: 'yes' },
    entity: { id: 7 },
    createTeam: { entity: 'created' },
    createInvite: { invite: [] },
    createServiceAccount: { user: { id: 42 } },
    deleteInvite: { success: 'yes' },
    updateMember: { member: null },
    deleteUser: { user: 'deactivated' },
    undeleteUser: { user: 'reactivated' },
    updateUser: { user: { id: 'VXNlcjoy', admin: 'yes' } },
  },
});

const cellOf = (outcome: string, sent: number, note?: string): Cell => (note ? { outcome, sent, note } : { outcome, sent });

/** The three query methods share one outcome per fault. */
const queries = (outcome: string, sent: number, note?: string): Record<QueryMethod, Cell> => {
  const cell = cellOf(outcome, sent, note);
  return { viewer: cell, user: cell, users: cell, team: cell };
};

type ChangeMethod = 'invite' | 'deleteMember' | 'setRole' | 'deactivate' | 'reactivate' | 'setAdmin';

/** The six boolean changes share one outcome per fault: each settles an unknown outcome from the server's state. */
const changes = (outcome: string, sent: number, applied: boolean, note?: string): Record<ChangeMethod, Cell> => {
  const cell: Cell = { ...cellOf(outcome, sent, note), applied };
  return { invite: cell, deleteMember: cell, setRole: cell, deactivate: cell, reactivate: cell, setAdmin: cell };
};

export const FAULT_ROWS: FaultRow[] = [
  {
    name: 'latency 50 ms (under the timeout)',
    fault: { type: 'latency', ms: 50 },
    cells: {
      ...queries('ok', 1),
      createUser: { outcome: 'ok', sent: 1, applied: true },
      generateApiKey: { outcome: 'ok', sent: 1, applied: true },
      deleteApiKey: { outcome: 'true', sent: 1, applied: true },
      createTeam: { outcome: 'ok', sent: 1, applied: true },
      createServiceAccount: { outcome: 'ok', sent: 1, applied: true },
      ...changes('true', 1, true),
    },
  },
  {
    name: 'latency 1200 ms (over a 600 ms timeout)',
    fault: { type: 'latency', ms: 1200 },
    cells: {
      ...queries('ok', 2),
      createUser: {
        outcome: 'ok',
        sent: 2,
        applied: true,
        note: 'the check runs before the slow create lands, so it is sent again; the late one is then refused as a duplicate',
      },
      generateApiKey: {
        outcome: 'null',
        sent: 1,
        applied: true,
        listingMayLag: true,
        note: 'the key is created after the client gave up; it appears in apiKeys on the next load',
      },
      deleteApiKey: { outcome: 'true', sent: 2, applied: true, note: 'still listed after the timeout, so deleted again; the late delete finds nothing' },
      createTeam: {
        outcome: 'ok',
        sent: 2,
        applied: true,
        note: 'the look-up runs before the slow create lands, so it is sent again; the late one is refused as a duplicate',
      },
      createServiceAccount: {
        outcome: 'null',
        sent: 1,
        applied: true,
        listingMayLag: true,
        note: 'made after the client gave up, never sent again; it shows in members on the next reload',
      },
      ...changes('true', 2, true, 'not done yet when the state was read, so sent again; the late one changes nothing'),
    },
  },
  {
    name: '429 with Retry-After: 0',
    fault: { type: 'status', status: 429, headers: { 'retry-after': '0' } },
    cells: {
      ...queries('ok', 2),
      createUser: { outcome: 'ok', sent: 2, applied: true },
      generateApiKey: { outcome: 'ok', sent: 2, applied: true },
      deleteApiKey: { outcome: 'true', sent: 2, applied: true },
      createTeam: { outcome: 'ok', sent: 2, applied: true },
      createServiceAccount: { outcome: 'ok', sent: 2, applied: true },
      ...changes('true', 2, true),
    },
  },
  {
    name: '503 with Retry-After: 0',
    fault: { type: 'status', status: 503, headers: { 'retry-after': '0' } },
    cells: {
      ...queries('ok', 2),
      createUser: { outcome: 'ok', sent: 2, applied: true },
      generateApiKey: { outcome: 'ok', sent: 2, applied: true },
      deleteApiKey: { outcome: 'true', sent: 2, applied: true },
      createTeam: { outcome: 'ok', sent: 2, applied: true },
      createServiceAccount: { outcome: 'ok', sent: 2, applied: true },
      ...changes('true', 2, true),
    },
  },
  {
    name: '502, request not applied',
    fault: { type: 'status', status: 502 },
    cells: {
      ...queries('ok', 2),
      createUser: { outcome: 'ok', sent: 2, applied: true, note: 'not found by the check, so sent again' },
      generateApiKey: { outcome: 'null', sent: 1, applied: false },
      deleteApiKey: { outcome: 'true', sent: 2, applied: true, note: 'still listed, so deleted again' },
      createTeam: { outcome: 'ok', sent: 2, applied: true, note: 'not found by the look-up, so sent again' },
      createServiceAccount: { outcome: 'null', sent: 1, applied: false, note: 'never sent again: a second request would make a second account' },
      ...changes('true', 2, true, 'the state shows it not done, so sent again'),
    },
  },
  {
    name: '502 after the server applied it',
    fault: { type: 'status', status: 502, applied: true },
    cells: {
      ...queries('ok', 2),
      createUser: { outcome: 'ok', sent: 1, applied: true, note: 'found by the check, not sent again' },
      generateApiKey: { outcome: 'null', sent: 1, applied: true, note: 'the key shows in apiKeys (reloaded) so it can be deleted' },
      deleteApiKey: { outcome: 'true', sent: 1, applied: true, note: 'reloaded: the key is gone' },
      createTeam: { outcome: 'ok', sent: 1, applied: true, note: 'found by the look-up, with the admin asked for' },
      createServiceAccount: { outcome: 'null', sent: 1, applied: true, note: 'the reloaded team lists it, its key behind revealApiKey()' },
      ...changes('true', 1, true, 'the state shows it done'),
    },
  },
  {
    name: 'connection reset before the server acted',
    fault: { type: 'reset', when: 'before' },
    cells: {
      ...queries('ok', 2),
      createUser: { outcome: 'ok', sent: 2, applied: true },
      generateApiKey: { outcome: 'null', sent: 1, applied: false },
      deleteApiKey: { outcome: 'true', sent: 2, applied: true },
      createTeam: { outcome: 'ok', sent: 2, applied: true },
      createServiceAccount: { outcome: 'null', sent: 1, applied: false },
      ...changes('true', 2, true),
    },
  },
  {
    name: 'connection reset after the server acted',
    fault: { type: 'reset', when: 'after' },
    cells: {
      ...queries('ok', 2),
      createUser: { outcome: 'ok', sent: 1, applied: true },
      generateApiKey: { outcome: 'null', sent: 1, applied: true },
      deleteApiKey: { outcome: 'true', sent: 1, applied: true },
      createTeam: { outcome: 'ok', sent: 1, applied: true },
      createServiceAccount: { outcome: 'null', sent: 1, applied: true },
      ...changes('true', 1, true),
    },
  },
  {
    name: 'truncated JSON (after the server acted)',
    fault: { type: 'truncate' },
    cells: {
      ...queries('UnexpectedResponseError', 1),
      createUser: { outcome: 'ok', sent: 1, applied: true },
      generateApiKey: { outcome: 'null', sent: 1, applied: true },
      deleteApiKey: { outcome: 'true', sent: 1, applied: true },
      createTeam: { outcome: 'ok', sent: 1, applied: true },
      createServiceAccount: { outcome: 'null', sent: 1, applied: true },
      ...changes('true', 1, true),
    },
  },
  {
    name: 'HTML page with HTTP 200 (not applied)',
    fault: { type: 'body', body: '<html><body>Service temporarily unavailable</body></html>' },
    cells: {
      ...queries('UnexpectedResponseError', 1),
      createUser: { outcome: 'ok', sent: 2, applied: true },
      generateApiKey: { outcome: 'null', sent: 1, applied: false },
      deleteApiKey: { outcome: 'true', sent: 2, applied: true },
      createTeam: { outcome: 'ok', sent: 2, applied: true },
      createServiceAccount: { outcome: 'null', sent: 1, applied: false },
      ...changes('true', 2, true),
    },
  },
  {
    name: 'JSON of the wrong shape with HTTP 200 (not applied)',
    fault: { type: 'body', contentType: 'application/json', body: WRONG_SHAPES },
    cells: {
      ...queries('UnexpectedResponseError', 1, 'error.path names where'),
      createUser: { outcome: 'ok', sent: 2, applied: true, note: 'not found by the check, so sent again' },
      generateApiKey: { outcome: 'null', sent: 1, applied: false, note: 'a secret that is not a string is never returned' },
      deleteApiKey: { outcome: 'true', sent: 2, applied: true, note: 'still listed, so deleted again' },
      createTeam: { outcome: 'ok', sent: 2, applied: true, note: 'not found by the look-up, so sent again' },
      createServiceAccount: { outcome: 'null', sent: 1, applied: false, note: 'an ID that is not a string is never used' },
      ...changes('true', 2, true, 'the state shows it not done, so sent again'),
    },
  },
  {
    name: 'a body over the size limit (not applied)',
    fault: { type: 'body', body: 'x'.repeat(70_000) },
    maxResponseBytes: 65_536,
    cells: {
      ...queries('ResponseTooLargeError', 1, 'not retried; the rest of the body is not read'),
      createUser: { outcome: 'ok', sent: 2, applied: true, note: 'not found by the check, so sent again' },
      generateApiKey: { outcome: 'null', sent: 1, applied: false },
      deleteApiKey: { outcome: 'true', sent: 2, applied: true, note: 'still listed, so deleted again' },
      createTeam: { outcome: 'ok', sent: 2, applied: true },
      createServiceAccount: { outcome: 'null', sent: 1, applied: false },
      ...changes('true', 2, true),
    },
  },
  {
    name: 'redirect (HTTP 307 to another address)',
    fault: { type: 'status', status: 307, headers: { location: 'http://127.0.0.1:9/graphql' } },
    cells: {
      ...queries('RedirectError', 1, 'never followed, not retried'),
      createUser: { outcome: 'RedirectError', sent: 1, applied: false },
      generateApiKey: { outcome: 'RedirectError', sent: 1, applied: false, note: 'thrown, not null: no retry can cure it' },
      deleteApiKey: { outcome: 'RedirectError', sent: 1, applied: false, note: 'thrown, not false' },
      createTeam: { outcome: 'RedirectError', sent: 1, applied: false },
      createServiceAccount: { outcome: 'RedirectError', sent: 1, applied: false },
      ...changes('RedirectError', 1, false, 'thrown, not false'),
    },
  },
  {
    name: 'GraphQL errors, no data',
    fault: { type: 'graphqlErrors', errors: [{ message: 'internal error' }] },
    cells: {
      ...queries('GraphQLResponseError', 1),
      createUser: { outcome: 'GraphQLResponseError', sent: 1, applied: false },
      generateApiKey: { outcome: 'null', sent: 1, applied: false },
      deleteApiKey: { outcome: 'false', sent: 1, applied: false },
      createTeam: { outcome: 'GraphQLResponseError', sent: 1, applied: false },
      createServiceAccount: { outcome: 'null', sent: 1, applied: false, note: 'a refusal' },
      ...changes('false', 1, false, 'a refusal'),
    },
  },
  {
    name: 'GraphQL errors with partial data',
    fault: { type: 'graphqlErrors', errors: [{ message: 'teams resolver failed', path: ['viewer', 'teams'] }], withData: true },
    cells: {
      ...queries('GraphQLResponseError', 1, 'the partial data is on error.data'),
      createUser: { outcome: 'ok', sent: 1, applied: true, note: 'the payload proves the user exists; the errors go to the debug log' },
      generateApiKey: { outcome: 'ok', sent: 1, applied: true, note: 'the payload proves the key is new' },
      deleteApiKey: { outcome: 'true', sent: 1, applied: true, note: 'the payload says success' },
      createTeam: { outcome: 'ok', sent: 1, applied: true, note: 'the payload proves the team exists' },
      createServiceAccount: { outcome: 'ok', sent: 1, applied: true, note: 'the payload names the account' },
      ...changes('true', 1, true, 'the payload proves it'),
    },
  },
  {
    name: 'connection refused (server down)',
    fault: 'refused',
    cells: {
      ...queries('NetworkError', 0, '4 attempts (3 retries)'),
      createUser: { outcome: 'NetworkError', sent: 0, applied: false, note: '4 attempts: nothing was sent, so resending is safe' },
      generateApiKey: { outcome: 'null', sent: 0, applied: false },
      deleteApiKey: { outcome: 'false', sent: 0, applied: false },
      createTeam: { outcome: 'NetworkError', sent: 0, applied: false },
      createServiceAccount: { outcome: 'NetworkError', sent: 0, applied: false, note: 'thrown, not null: nothing was made, so trying again is safe' },
      ...changes('NetworkError', 0, false, 'thrown, not false'),
    },
  },
];

export const USER_METHODS: UserMethod[] = ['viewer', 'user', 'users', 'createUser', 'generateApiKey', 'deleteApiKey'];
export const TEAM_METHODS: TeamMethod[] = [
  'team',
  'createTeam',
  'invite',
  'createServiceAccount',
  'deleteMember',
  'setRole',
  'deactivate',
  'reactivate',
  'setAdmin',
];
export const METHODS: MethodName[] = [...USER_METHODS, ...TEAM_METHODS];

function label(cell: Cell): string {
  const outcome = cell.outcome === 'ok' ? 'result' : /^[a-z]/.test(cell.outcome) ? `\`${cell.outcome}\`` : `throws ${cell.outcome}`;
  const applied = cell.applied === undefined ? '' : cell.applied ? ', applied' : ', not applied';
  return `${outcome} (${cell.sent} sent${applied})${cell.note ? `: ${cell.note}` : ''}`;
}

function renderTable(methods: readonly MethodName[]): string {
  const header = `| fault | ${methods.map((m) => `\`${m}\``).join(' | ')} |`;
  const rule = `|---|${methods.map(() => '---').join('|')}|`;
  const rows = FAULT_ROWS.map((row) => `| ${row.name} | ${methods.map((m) => label(row.cells[m])).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

/** The Markdown tables of docs/reliability.md (users and keys; teams, members and the lifecycle), generated from FAULT_ROWS. */
export function renderMatrix(): string {
  return [
    '### Users and keys',
    '',
    renderTable(USER_METHODS),
    '',
    '### Teams, members and the user lifecycle',
    '',
    '`deleteMember` is `member.delete()`; `invite`, `createServiceAccount` are methods of a loaded `Team`; `deactivate`, `reactivate`, `setAdmin` of a `User`.',
    '',
    renderTable(TEAM_METHODS),
  ].join('\n');
}
