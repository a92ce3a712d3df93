import { request } from 'node:http';
import { basic, FIRST_PARTY, post } from './helpers';
import { startTeamWorld, type TeamWorld } from './team-world';

// Faults and the request log cover the team and lifecycle operations as they
// do the others: matched by operation name, applied or not as the fault says.

let world: TeamWorld;
beforeEach(async () => {
  world = await startTeamWorld();
});
afterEach(() => world.fake.close());

/** POSTs as ann, team admin of ml; 'reset' when the connection drops without an answer. */
function send(query: string, variables: Record<string, unknown>, apiKey = world.ann.apiKey) {
  return new Promise<number | 'reset'>((resolve) => {
    const req = request(
      `${world.fake.baseUrl}/graphql`,
      { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(apiKey), ...FIRST_PARTY } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve('reset'));
      },
    );
    req.on('error', () => resolve('reset'));
    req.end(JSON.stringify({ query, variables }));
  });
}

const OPERATIONS = {
  CreateTeam: ['mutation CreateTeam($n: String!) { createTeam(input: { teamName: $n }) { entity { id } } }', { n: 'vision' }],
  CreateInvite: ['mutation CreateInvite($e: String) { createInvite(input: { entityName: "ml", email: $e }) { invite { id } } }', { e: 'new@example.com' }],
  DeleteInvite: ['mutation DeleteInvite($id: String) { deleteInvite(input: { id: $id, entityName: "ml" }) { success } }', {}],
  UpdateMember: ['mutation UpdateMember($u: ID!) { updateMember(input: { entityName: "ml", user: $u, role: "admin" }) { member { id } } }', {}],
  CreateServiceAccount: ['mutation CreateServiceAccount { createServiceAccount(input: { entityName: "ml", description: "ci" }) { user { id } } }', {}],
  DeleteUser: ['mutation DeleteUser($id: ID!) { deleteUser(input: { id: $id }) { user { id } } }', {}],
  UpdateUser: ['mutation UpdateUser($id: ID!) { updateUser(input: { id: $id, admin: true }) { user { id } } }', {}],
} as const;

/** What each operation changes, read from the server's state. */
function state(): string {
  const { fake } = world;
  return JSON.stringify({ teams: fake.listTeams(), users: fake.listUsers().map((u) => [u.username, u.admin, u.deletedAt, u.accountType]) });
}

test.each(Object.keys(OPERATIONS) as (keyof typeof OPERATIONS)[])(
  '%s: reset before applies nothing, reset after applies it, both are logged',
  async (operation) => {
    const [query, fixed] = OPERATIONS[operation];
    const variables = { ...fixed, id: world.bob.id, u: world.bob.id };
    const apiKey = operation === 'CreateTeam' || operation === 'DeleteUser' || operation === 'UpdateUser' ? world.fake.adminApiKey : world.ann.apiKey;
    const before = state();
    world.fake.injectFault({ operation, fault: { type: 'reset', when: 'before' } });
    expect(await send(query, variables, apiKey)).toBe('reset');
    expect(state()).toBe(before);
    const after = world.fake.injectFault({ operation, fault: { type: 'reset', when: 'after' } });
    expect(await send(query, variables, apiKey)).toBe('reset');
    expect(after.hits).toBe(1);
    expect(state()).not.toBe(before);
    expect(world.fake.requests.map((r) => [r.operationName, r.status, r.fault])).toEqual([
      [operation, 0, 'reset before'],
      [operation, 0, 'reset after'],
    ]);
  },
);

test('a status fault on GetTeamEntity answers as configured, then the team is answered again', async () => {
  const query = 'query GetTeamEntity($name: String!) { entity(name: $name) { name } }';
  world.fake.injectFault({ operation: 'GetTeamEntity', fault: { type: 'status', status: 503, headers: { 'retry-after': '1' } } });
  expect((await post(world.fake, world.bob.apiKey, query, { name: 'ml' })).status).toBe(503);
  expect((await post(world.fake, world.bob.apiKey, query, { name: 'ml' })).body.data.entity.name).toBe('ml');
  expect(world.fake.requests.map((r) => [r.operationName, r.identity, r.status])).toEqual([
    ['GetTeamEntity', null, 503], // answered by the fault, before authentication
    ['GetTeamEntity', 'bob', 200],
  ]);
});

test('issuedSecrets includes service-account keys, made over GraphQL or by the fixture', async () => {
  const bot = world.fake.addServiceAccount('ml', 'fixture bot');
  await send(OPERATIONS.CreateServiceAccount[0], {});
  const made = world.fake.listUsers().filter((u) => u.accountType === 'SERVICE');
  expect(made).toHaveLength(2);
  expect(world.fake.issuedSecrets()).toContain(bot.apiKey);
  expect(world.fake.issuedSecrets()).toHaveLength(world.fake.listUsers().reduce((n, u) => n + u.apiKeys.length, 0));
});
