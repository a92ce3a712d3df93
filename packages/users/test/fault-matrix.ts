import type { FaultAction } from '@wandb-ts/testing';

// The fault matrix: every public method that sends a request x every fault the
// fake W&B server can inject, with the outcome the SDK promises. The test
// (fault-matrix.test.ts) runs every cell; docs/reliability.md is generated
// from this table and checked against it, so the two cannot drift apart.

export type MethodName = 'viewer' | 'user' | 'users' | 'createUser' | 'generateApiKey' | 'deleteApiKey';

export const OPERATIONS: Record<MethodName, string> = {
  viewer: 'GetViewer',
  user: 'SearchUsers',
  users: 'SearchUsers',
  createUser: 'CreateUserFromAdmin',
  generateApiKey: 'GenerateApiKey',
  deleteApiKey: 'DeleteApiKey',
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
  /** The server finishes the work after the SDK gave up, so `apiKeys` may lag behind it until the next load. */
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

type QueryMethod = 'viewer' | 'user' | 'users';

/** One answer that is valid JSON but of the wrong shape for every operation's root field. */
const WRONG_SHAPES = JSON.stringify({
  data: {
    viewer: { id: 7 },
    users: { edges: {} },
    createUser: { user: 'created' },
    generateApiKey: { apiKey: { id: 'QXBpS2V5Ojk=', name: { secret: true }, description: null } },
    deleteApiKey: { success: 'yes' },
  },
});

/** The three query methods share one outcome per fault. */
const queries = (outcome: string, sent: number, note?: string): Record<QueryMethod, Cell> => {
  const cell: Cell = note ? { outcome, sent, note } : { outcome, sent };
  return { viewer: cell, user: cell, users: cell };
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
    },
  },
  {
    name: 'latency 1200 ms (over a 600 ms timeout)',
    fault: { type: 'latency', ms: 1200 },
    cells: {
      ...queries('ok', 2),
      createUser: { outcome: 'ok', sent: 2, applied: true, note: 'the check runs before the slow create lands, so it is sent again; the late one is then refused as a duplicate' },
      generateApiKey: { outcome: 'null', sent: 1, applied: true, listingMayLag: true, note: 'the key is created after the client gave up; it appears in apiKeys on the next load' },
      deleteApiKey: { outcome: 'true', sent: 2, applied: true, note: 'still listed after the timeout, so deleted again; the late delete finds nothing' },
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
    },
  },
];

export const METHODS: MethodName[] = ['viewer', 'user', 'users', 'createUser', 'generateApiKey', 'deleteApiKey'];

function label(cell: Cell): string {
  const outcome = cell.outcome === 'ok' ? 'result' : /^[a-z]/.test(cell.outcome) ? `\`${cell.outcome}\`` : `throws ${cell.outcome}`;
  const applied = cell.applied === undefined ? '' : cell.applied ? ', applied' : ', not applied';
  return `${outcome} (${cell.sent} sent${applied})${cell.note ? `: ${cell.note}` : ''}`;
}

/** The Markdown table of docs/reliability.md, generated from FAULT_ROWS. */
export function renderMatrix(): string {
  const header = `| fault | ${METHODS.map((m) => `\`${m}\``).join(' | ')} |`;
  const rule = `|---|${METHODS.map(() => '---').join('|')}|`;
  const rows = FAULT_ROWS.map((row) => `| ${row.name} | ${METHODS.map((m) => label(row.cells[m])).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}
