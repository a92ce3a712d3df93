import { inspect } from 'node:util';
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { Api, User } from '../src';
import { SearchUsersDocument } from '../src/graphql';
import { FAULT_ROWS, OPERATIONS, TEAM_METHODS, USER_METHODS } from './fault-matrix';
import { apiFor } from './helpers';
import { runTeamMethod, teamScene } from './team-scene';

// Every scenario of the reliability matrix and of the public API, run with the
// debug log on, rendering every result and every error the ways a person would
// see them (util.inspect as console.log prints it, JSON.stringify, String, the
// cause chain). Nothing any fake server issued may appear in any of it. The
// leak guard (test/setup/leak-guard.ts) watches this file's real stdout and
// stderr on top.

const seen: string[] = [];
const secrets = new Set<string>();

function record(value: unknown): void {
  seen.push(String(value), inspect(value, { depth: 10, showHidden: true }));
  try {
    seen.push(JSON.stringify(value) ?? '');
  } catch {
    // Circular structures are not JSON; inspect above covers them.
  }
  let cause = (value as { cause?: unknown } | null)?.cause;
  for (let depth = 0; cause && depth < 10; depth++) {
    seen.push(inspect(cause, { depth: 10, showHidden: true }));
    cause = (cause as { cause?: unknown }).cause;
  }
}

async function settle(action: () => Promise<unknown>): Promise<void> {
  try {
    const value = await action();
    if (typeof value === 'string') secrets.add(value);
    else record(value);
    // A new service account: the key is the caller's to keep; the result around it must not show it.
    const apiKey = (value as { apiKey?: unknown } | null)?.apiKey;
    if (typeof apiKey === 'string') secrets.add(apiKey);
  } catch (error) {
    record(error);
  }
}

function apiWithLog(fake: FakeWandb, apiKey = fake.adminApiKey, maxResponseBytes?: number): Api {
  return apiFor(fake, apiKey, {
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 100, deadlineMs: 5000 },
    // Short enough for the matrix's 1,200 ms latency to time out; long enough that a request
    // the setup needs does not time out on a loaded machine.
    timeoutMs: 400,
    maxResponseBytes,
    logger: { debug: (message, fields) => seen.push(message, JSON.stringify(fields)) },
  });
}

const fakes: FakeWandb[] = [];
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close().catch(() => undefined)));
});

test('the public API, used normally and wrongly, shows no secret', async () => {
  const fake = await startFakeWandb({ keyPrefix: 'local-' });
  fakes.push(fake);
  const api = apiWithLog(fake);
  const bob = fake.addUser({ email: 'bob@example.com', teams: ['ml'] });
  record(api);
  await settle(() => api.viewer());
  const me = await api.viewer();
  record(me);
  await settle(() => me.generateApiKey('leak test'));
  await settle(() => me.deleteApiKey(fake.adminApiKey));
  await settle(() => me.deleteApiKey(me.apiKeys[me.apiKeys.length - 1]!));
  await settle(() => api.users(''));
  await settle(() => api.user('bob'));
  await settle(() => api.createUser(bob.apiKey));
  await settle(() => apiWithLog(fake, bob.apiKey).users(''));
  await settle(() => apiWithLog(fake, `${bob.apiKey}x`).viewer());
  await settle(async () => new Api({ apiKey: bob.apiKey, baseUrl: bob.apiKey, env: {} }));
  await settle(async () => new Api({ apiKey: bob.apiKey, baseUrl: `https://api:${bob.apiKey}@example.com`, env: {} }));
  await settle(async () => new Api({ apiKey: bob.apiKey, baseUrl: 'http://wandb.example.com', env: {} }));
  const loaded = await api.request(SearchUsersDocument, { query: 'bob@' });
  const bobAsSeenByBob = new User(apiWithLog(fake, bob.apiKey), loaded.users!.edges[0]!.node!);
  await settle(() => bobAsSeenByBob.generateApiKey());
  await settle(() => bobAsSeenByBob.deleteApiKey(bobAsSeenByBob.apiKeys[0]!));
  for (const secret of fake.issuedSecrets()) secrets.add(secret);
});

test('teams, members and the lifecycle, used normally and wrongly, show no secret', async () => {
  const fake = await startFakeWandb({ keyPrefix: 'local-' });
  fakes.push(fake);
  const api = apiWithLog(fake);
  const scene = await teamScene(fake, api);
  const bot = fake.addServiceAccount('ml', 'leaky bot');
  const team = (await api.team('ml'))!;
  record(team);
  for (const member of team.members) record(member);
  await settle(() => api.team('ml'));
  await settle(() => team.createServiceAccount('another bot'));
  await settle(() => team.invite(bot.apiKey));
  await settle(() => team.invite(`${bot.apiKey}@example.com`, { role: bot.apiKey }));
  await settle(() => api.createTeam('leaky', { adminUsername: bot.apiKey }));
  await settle(() => api.team(bot.apiKey));
  await settle(() => scene.member.setRole(bot.apiKey));
  await settle(() => scene.bob.setAdmin(bot.apiKey as never));
  // The service account itself, and a member who may not see keys.
  const asBot = apiWithLog(fake, bot.apiKey);
  await settle(() => asBot.team('ml'));
  await settle(() => asBot.viewer());
  const asBob = apiWithLog(fake, fake.addApiKey(fake.getUser('bob')!.id).secret);
  await settle(() => asBob.team('ml'));
  await settle(async () => (await asBob.team('ml'))!.createServiceAccount('not allowed'));
  await settle(() => team.reload());
  record(team);
  await settle(() => scene.bob.deactivate());
  await settle(() => asBob.viewer());
  record(scene.bob);
  for (const secret of fake.issuedSecrets()) secrets.add(secret);
});

test('every fault of the reliability matrix shows no secret', async () => {
  for (const row of FAULT_ROWS) {
    for (const method of [...USER_METHODS, ...TEAM_METHODS]) {
      const fake = await startFakeWandb();
      fakes.push(fake);
      const api = apiWithLog(fake, fake.adminApiKey, row.maxResponseBytes);
      const me = await api.viewer();
      const spare = fake.addApiKey(fake.adminUserId);
      const isTeamMethod = (TEAM_METHODS as string[]).includes(method);
      const scene = isTeamMethod ? await teamScene(fake, api) : undefined;
      // A key the team's admins see in its member list.
      if (scene) {
        fake.addServiceAccount('ml', 'listed bot');
        await scene.team.reload();
      }
      if (row.fault === 'refused') await fake.close();
      else fake.injectFault({ operation: OPERATIONS[method], fault: row.fault });
      const runUserMethod = {
        viewer: () => api.viewer(),
        user: () => api.user('admin'),
        users: () => api.users(''),
        createUser: () => api.createUser('leak@example.com'),
        generateApiKey: () => me.generateApiKey('matrix'),
        deleteApiKey: () => me.deleteApiKey(spare.name),
      };
      await settle(scene ? () => runTeamMethod(method as (typeof TEAM_METHODS)[number], scene) : runUserMethod[method as keyof typeof runUserMethod]);
      record(me);
      if (scene) for (const shown of [scene.team, scene.member, scene.bob, scene.dora]) record(shown);
      for (const secret of fake.issuedSecrets()) secrets.add(secret);
    }
  }
});

afterAll(() => {
  expect(secrets.size).toBeGreaterThan(80);
  const everything = seen.join('\n');
  // Sanity: the capture did capture (error names, logged operations).
  expect(everything).toContain('AuthenticationError');
  expect(everything).toContain('GenerateApiKey -> HTTP 200');
  expect(everything).toContain('CreateServiceAccount -> HTTP 200');
  expect(everything).toContain('<Member leaky bot (SERVICE)>');
  const leaked = [...secrets].filter((secret) => everything.includes(secret));
  expect(leaked.length).toBe(0);
});
