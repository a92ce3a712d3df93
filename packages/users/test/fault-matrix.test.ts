import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { type Api, type User, WandbError } from '../src';
import { type Cell, FAULT_ROWS, type FaultRow, METHODS, OPERATIONS, renderMatrix, type TeamMethod, TEAM_METHODS, type UserMethod } from './fault-matrix';
import { apiFor, until } from './helpers';
import { checkTeamResult, checkTeamState, runTeamMethod, teamScene } from './team-scene';

const RETRY = { retries: 3, baseDelayMs: 1, maxDelayMs: 1000, deadlineMs: 10_000 };
const NEW_EMAIL = 'matrix@example.com';

/**
 * Resolves once a request to the closed server, sent through the process's
 * fetch (whose connection pool the SDK's requests share), is refused: a
 * kept-alive connection the pool had not yet seen closed fails one such
 * request with a reset instead, and is dropped. After it, the SDK's next
 * request opens a new connection and is refused, however slow the machine.
 */
async function untilRefused(baseUrl: string): Promise<void> {
  for (;;) {
    const error = await fetch(`${baseUrl}/graphql`, { method: 'POST' }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    if ((error as { cause?: { code?: string } } | undefined)?.cause?.code === 'ECONNREFUSED') return;
  }
}

interface Scene {
  fake: FakeWandb;
  api: Api;
  me: User;
  spare: { name: string; id: string };
}

async function run(method: UserMethod, scene: Scene): Promise<unknown> {
  switch (method) {
    case 'viewer':
      return scene.api.viewer();
    case 'user':
      return scene.api.user('admin');
    case 'users':
      return scene.api.users('');
    case 'createUser':
      return scene.api.createUser(NEW_EMAIL);
    case 'generateApiKey':
      return scene.me.generateApiKey('matrix');
    case 'deleteApiKey':
      return scene.me.deleteApiKey(scene.spare.name);
  }
}

/** Checks a thrown error (the cell names its class; no secret in it); false when the cell expects none. */
function checkThrown(cell: Cell, error: unknown, fake: FakeWandb): boolean {
  if (!/^[A-Z]/.test(cell.outcome)) return false;
  expect(error).toBeInstanceOf(WandbError);
  expect((error as Error).name).toBe(cell.outcome);
  for (const text of [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 10 })]) {
    for (const secret of fake.issuedSecrets()) expect(text).not.toContain(secret);
  }
  return true;
}

function checkOutcome(method: UserMethod, cell: Cell, value: unknown, error: unknown, scene: Scene): void {
  if (checkThrown(cell, error, scene.fake)) return;
  if (error) throw error;
  if (cell.outcome === 'ok') {
    if (method === 'users') expect((value as User[]).map(String)).toEqual(['<User admin@example.com>']);
    else if (method === 'generateApiKey') expect(scene.fake.issuedSecrets()).toContain(value);
    else if (method === 'createUser') expect((value as User).email).toBe(NEW_EMAIL);
    else expect((value as User).username).toBe('admin');
    return;
  }
  expect(String(value)).toBe(cell.outcome);
}

function checkState(method: UserMethod, cell: Cell, scene: Scene): void {
  const { fake, me, spare } = scene;
  const users = fake.listUsers();
  // Never a duplicate, whatever happened.
  expect(users.filter((u) => u.email === NEW_EMAIL)).toHaveLength(method === 'createUser' && cell.applied ? 1 : 0);
  const serverKeys = fake.getUser('admin')!.apiKeys.map((k) => k.name);
  // The SDK never lists a key the server does not have.
  for (const name of me.apiKeys) expect(serverKeys).toContain(name);
  if (method === 'generateApiKey') {
    expect(serverKeys).toHaveLength(cell.applied ? 3 : 2);
    if (!cell.listingMayLag) expect(me.apiKeys).toEqual(serverKeys);
  }
  if (method === 'deleteApiKey') {
    expect(serverKeys.includes(spare.name)).toBe(!cell.applied);
    expect(me.apiKeys.includes(spare.name)).toBe(cell.outcome !== 'true');
  }
  if (method !== 'createUser') expect(users).toHaveLength(1);
}

/** Rows whose every cell waits out a slow answer: their cells run a few at a time (jest.config.js's maxConcurrency), each with its own fake. */
const waitsOutLatency = (row: FaultRow) => typeof row.fault === 'object' && row.fault.type === 'latency' && row.fault.ms > 600;

describe.each(FAULT_ROWS.map((row) => [row.name, row] as const))('%s', (_name, row: FaultRow) => {
  (waitsOutLatency(row) ? test.concurrent.each(METHODS) : test.each(METHODS))('%s', async (method) => {
    const cell = row.cells[method];
    const fake = await startFakeWandb();
    try {
      const latency = typeof row.fault === 'object' && row.fault.type === 'latency' ? row.fault.ms : 0;
      const api = apiFor(fake, fake.adminApiKey, { retry: RETRY, timeoutMs: latency > 600 ? 600 : 5000, maxResponseBytes: row.maxResponseBytes });
      const spare = fake.addApiKey(fake.adminUserId, { description: 'spare' });
      const isTeamMethod = (TEAM_METHODS as string[]).includes(method);
      const scene: Scene = { fake, api, me: await api.viewer(), spare };
      const teams = isTeamMethod ? await teamScene(fake, api) : undefined;
      fake.clearRequests();
      if (row.fault === 'refused') {
        await fake.close();
        await untilRefused(fake.baseUrl);
      } else {
        fake.injectFault({ operation: OPERATIONS[method], fault: row.fault });
      }

      let value: unknown;
      let error: unknown;
      try {
        value = await (teams ? runTeamMethod(method as TeamMethod, teams) : run(method as UserMethod, scene));
      } catch (thrown) {
        error = thrown;
      }
      // Let work the server finishes after the client gave up land before looking at the state:
      // the fake logs a request once it has answered it.
      if (latency) await until(() => fake.requests.some((request) => request.fault !== undefined));

      if (teams) {
        if (!checkThrown(cell, error, fake)) {
          if (error) throw error;
          if (cell.outcome === 'ok') checkTeamResult(method as TeamMethod, value, teams);
          else expect(String(value)).toBe(cell.outcome);
        }
      } else {
        checkOutcome(method as UserMethod, cell, value, error, scene);
      }
      expect(fake.requests.filter((r) => r.operationName === OPERATIONS[method])).toHaveLength(cell.sent);
      if (row.fault === 'refused' && error) expect((error as WandbError).attempts).toBe(RETRY.retries + 1);
      if (teams) checkTeamState(method as TeamMethod, cell, teams);
      else checkState(method as UserMethod, cell, scene);
    } finally {
      await fake.close().catch(() => undefined);
    }
  });
});

test('docs/reliability.md holds the matrix exactly as the tests run it', () => {
  const path = join(__dirname, '..', '..', '..', 'docs', 'reliability.md');
  const doc = readFileSync(path, 'utf8');
  const start = '<!-- fault-matrix:start (generated from packages/users/test/fault-matrix.ts) -->\n';
  const end = '\n<!-- fault-matrix:end -->';
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  expect(from).toBeGreaterThanOrEqual(0);
  const expected = doc.slice(0, from + start.length) + renderMatrix() + doc.slice(to);
  if (process.env.UPDATE_RELIABILITY_DOC === '1') writeFileSync(path, expected);
  // On failure: UPDATE_RELIABILITY_DOC=1 npx jest test/fault-matrix.test.ts (in packages/users) rewrites the table.
  expect(doc).toBe(expected);
});
