import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { Api, PermissionError } from '@wandb-ts/users';
import { auditUsers, provisionUser } from '../src';

let fake: FakeWandb;
let admin: Api;
let started: number;

beforeEach(async () => {
  started = Date.now();
  // Pages of 2 make the four users (with the admin) span two requests.
  fake = await startFakeWandb({
    defaultPageSize: 2,
    maxPageSize: 2,
    users: [
      { email: 'ann@example.com', username: 'ann', teams: ['vision', 'speech'] },
      { email: 'bob@example.com', username: 'bob', teams: ['vision'] },
      { email: 'cy@example.com', username: 'cy' },
    ],
  });
  admin = new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, env: {} });
});
afterEach(() => fake.close());

describe('auditUsers (a query through api.execute)', () => {
  test('reads the fields the SDK does not select, across pages', async () => {
    const audit = await auditUsers(admin, 'example.com');
    expect(audit.errors).toEqual([]);
    expect(audit.users.map((u) => u.username)).toEqual(['admin', 'ann', 'bob', 'cy']);
    expect(fake.requests.filter((r) => r.operationName === 'UserAudit')).toHaveLength(2);

    const ann = audit.users.find((u) => u.username === 'ann')!;
    expect(ann).toMatchObject({ email: 'ann@example.com', accountType: 'USER', admin: false, deletedAt: null });
    expect(Date.parse(ann.createdAt)).toBeGreaterThanOrEqual(started - 1000);
    expect(Date.parse(ann.createdAt)).toBeLessThanOrEqual(Date.now());
    expect(ann.teams?.edges.map((e) => e.node)).toEqual([
      { name: 'vision', memberCount: 2 },
      { name: 'speech', memberCount: 1 },
    ]);
    expect(audit.users.find((u) => u.username === 'cy')?.teams?.edges).toEqual([]);
  });

  test('a deleted user is listed with its deletion date', async () => {
    fake.deleteUser(fake.getUser('bob')!.id);
    const { users } = await auditUsers(admin, 'bob');
    expect(users).toHaveLength(1);
    expect(Date.parse(users[0]!.deletedAt ?? '')).not.toBeNaN();
  });

  test('a partial answer keeps the data and reports the errors', async () => {
    fake.injectFault({ operation: 'UserAudit', fault: { type: 'graphqlErrors', errors: [{ message: 'teams unavailable', path: ['users'] }], withData: true } });
    const audit = await auditUsers(admin, 'example.com');
    expect(audit.users).toHaveLength(4);
    expect(audit.errors).toEqual([expect.objectContaining({ message: 'teams unavailable' })]);
  });

  test("a non-admin gets W&B's refusal as errors, not users", async () => {
    const ann = new Api({ baseUrl: fake.baseUrl, apiKey: fake.addUser({ email: 'dee@example.com' }).apiKey, env: {} });
    const audit = await auditUsers(ann, 'example.com');
    expect(audit.users).toEqual([]);
    expect(audit.errors).toEqual([expect.objectContaining({ code: 'PERMISSION_ERROR' })]);
  });
});

test('auditUsers stops with an error when a server keeps handing back the same cursor, instead of paging forever', async () => {
  // A stub, not the fake: the fake stays faithful to W&B, which does not do this.
  const page = { data: { users: { edges: [], pageInfo: { endCursor: 'c1', hasNextPage: true } } } };
  let requests = 0;
  const stub = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  try {
    const api = new Api({ baseUrl: `http://127.0.0.1:${(stub.address() as AddressInfo).port}`, apiKey: 'k'.repeat(40), env: {}, retry: false });
    await expect(auditUsers(api, 'x')).rejects.toThrow('UserAudit: the server returned the same cursor twice ("c1"); stopping');
    expect(requests).toBe(2);
  } finally {
    stub.closeAllConnections();
    await new Promise((resolve) => stub.close(resolve));
  }
});

describe('provisionUser (a mutation through api.request)', () => {
  test('creates a service account and returns it with the audited fields', async () => {
    const created = await provisionUser(admin, 'ci-bot@example.com', 'SERVICE');
    expect(created).toMatchObject({ email: 'ci-bot@example.com', accountType: 'SERVICE', admin: false, deletedAt: null, teams: { edges: [] } });
    expect(Date.parse(created!.createdAt)).toBeGreaterThanOrEqual(started - 1000);
    expect(fake.getUser('ci-bot@example.com')).toMatchObject({ id: created!.id, admin: false });
  });

  test('answers null for a taken email (the SDK classified the error as ConflictError), creating nothing', async () => {
    expect(await provisionUser(admin, 'ANN@example.com')).toBeNull();
    expect(fake.listUsers().filter((u) => u.email?.toLowerCase() === 'ann@example.com')).toHaveLength(1);
  });

  test("other failures arrive as the SDK's typed errors", async () => {
    const ann = new Api({ baseUrl: fake.baseUrl, apiKey: fake.addUser({ email: 'dee@example.com' }).apiKey, env: {} });
    await expect(provisionUser(ann, 'eve@example.com')).rejects.toBeInstanceOf(PermissionError);
    expect(fake.getUser('eve@example.com')).toBeUndefined();
  });
});
