#!/usr/bin/env node
// 8. Sync at company scale: `wandb-users sync` against the fake W&B server in
// another process, holding 10,000 users and 50 teams of 100.
//
// - plan: reading the state (the viewer, every page of users, the declared
//   teams) and printing the plan, as `sync plan` does once the file is read,
//   against the same requests sent by a hand-written fetch loop, alternating;
//   and the same on W&B's cloud, as `sync plan --deployment cloud --org` does
//   it: the 10,000 people members of one organization, and the file giving
//   each their organization role (`orgRole`);
// - apply: 1,000 user creations through applyPlan (what `sync apply` runs)
//   against the bulk benchmark's SDK loop (api.createUser), both 16 at a time,
//   alternating; for reference, 1,000 invitations to the 50 teams against an
//   SDK loop (each team loaded once, then team.invite);
// - memory: heap kept alive after a full GC by the file, the state and the
//   plan of 1,000 and of 10,000 users, each in a fresh process;
// - the parse of the 10,000-user file (YAML, checked against the schema, with
//   line numbers), against the yaml package's bare parse.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { applyPlan, parseDesiredState, plan, readCurrentState, readScopeFor, syncClientFor } from '@wandb-ts/cli/sync';
import { Api } from '@wandb-ts/users';
import { GetOrganizationDocument, GetTeamEntityDocument, GetViewerDocument, SearchUsersDocument } from '@wandb-ts/users/graphql';
import { print } from 'graphql';
import { parse as parseYaml } from 'yaml';
// The CLI's own plan printer, output and check of the key's rights on the cloud, as `sync plan` uses them (not exports of the package).
import { Output } from '../packages/cli/dist/esm/output/output.js';
import { checkCloudRights } from '../packages/cli/dist/esm/commands/sync/deployment.js';
import { printPlan } from '../packages/cli/dist/esm/commands/sync/render.js';
import { alternate } from './lib/alternate.mjs';
import { startFakeChild } from './lib/fake.mjs';
import { benchOptions, emit, row } from './lib/report.mjs';
import { summary } from './lib/stats.mjs';
import { cloudCompanyConfig, companyConfig, desiredYaml, ORGANIZATION } from './lib/sync-company.mjs';
import { handWrittenHeaders } from './lib/viewer-calls.mjs';

const options = benchOptions();
const here = dirname(fileURLToPath(import.meta.url));
const large = options.quick ? { users: 2000, teams: 10, membersEach: 100, changes: 20 } : { users: 10000, teams: 50, membersEach: 100, changes: 100 };
const small = { users: 1000, teams: 50, membersEach: 20, changes: 10 };
// Many short blocks: on a shared machine single blocks of the same work spread by ±30% (apply's
// by up to 2x), and the medians of 8 plan and 6-10 apply blocks moved the ratios by ±0.06 from
// run to run (docs/performance.md). The invitations, a reference row, keep 10: each of their
// blocks makes the 50 teams larger, and so each GetTeamEntity after it.
const planBlocks = options.quick ? 2 : 20;
const createBlocks = options.quick ? 2 : 20;
const inviteBlocks = options.quick ? 2 : 10;
const perApply = options.quick ? 200 : 1000;
const concurrency = 16;
const pageSize = 50;

const scratch = mkdtempSync(join(tmpdir(), 'wandb-ts-bench-sync-'));
const fileOf = (name, company, options) => {
  const path = join(scratch, name);
  writeFileSync(path, desiredYaml(company, options));
  return path;
};
const largeFile = fileOf('large.yaml', large);
const smallFile = fileOf('small.yaml', small);
const cloudFile = fileOf('cloud.yaml', large, { orgRoles: true });

const fake = await startFakeChild(companyConfig(large));
const api = new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, env: {} });
const client = syncClientFor(api);
const desired = parseDesiredState(desiredYaml(large), largeFile, 'yaml');
// A terminal's worth of plan, printed where `sync plan` prints it, minus the terminal.
const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
const out = new Output(sink, sink, { json: false, quiet: false, color: false, env: {} });

// --- plan -------------------------------------------------------------------

/**
 * `sync plan` once the file is read: the viewer, the state (on W&B Server every user paged, on the cloud the
 * organization; the teams 4 at a time), the key's rights checked, the plan, printed. Returns the plan's action count.
 */
async function syncPlan(syncClient, file, server, flags) {
  const viewer = await syncClient.viewer();
  const state = await readCurrentState(syncClient, { ...readScopeFor(file, flags), viewer });
  checkCloudRights(state);
  const planned = plan(file, state, { server });
  if (planned.blocked.length > 0) throw new Error(`the plan is blocked: ${JSON.stringify(planned.blocked[0])}`);
  printPlan(out, planned);
  return planned.actions.length;
}

const texts = {
  GetViewer: print(GetViewerDocument),
  SearchUsers: print(SearchUsersDocument),
  GetTeamEntity: print(GetTeamEntityDocument),
  GetOrganization: print(GetOrganizationDocument),
};
/** A hand-written client of the server at `baseUrl`: one fetch per request, the answer's data. */
function handClient(baseUrl, apiKey) {
  const url = `${baseUrl}/graphql`;
  const headers = handWrittenHeaders(apiKey);
  return async (operationName, variables) => {
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: texts[operationName], variables, operationName }) });
    const json = await response.json();
    if (!response.ok || json.errors) throw new Error(`${operationName} failed: HTTP ${response.status}`);
    return json.data;
  };
}
const post = handClient(fake.baseUrl, fake.adminApiKey);

/** The teams `names`, read by hand 4 at a time, as sync reads them; their members counted. */
async function handTeams(send, names) {
  const queue = [...names];
  let members = 0;
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift()) members += (await send('GetTeamEntity', { name })).entity.members.length;
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return members;
}

/** The same requests, by hand: the viewer, every page of users in turn, the teams 4 at a time. */
async function handRead() {
  await post('GetViewer', {});
  let users = 0;
  for (let after = null; ; ) {
    const { users: page } = await post('SearchUsers', { query: '', first: pageSize, after });
    users += page.edges.length;
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return users + (await handTeams(post, desired.teams.keys()));
}

/** Warms both variants up, times them in alternating blocks, and checks what the server saw: `perRead` requests per read, each HTTP 200. */
async function timePlans(server, variants, perRead) {
  // Warm-up: code loaded and compiled, connections open, before anything counts.
  const actions = await variants.sync();
  await variants.hand();
  await server.stats();
  const times = await alternate({
    blocks: planBlocks,
    variants: ['sync', 'hand'],
    run: async (variant) => {
      const started = performance.now();
      await variants[variant]();
      return performance.now() - started;
    },
  });
  const { requests, statuses } = await server.stats();
  const expected = 2 * planBlocks * perRead;
  if (requests !== expected || Object.keys(statuses).some((s) => s !== '200'))
    throw new Error(`plan blocks sent ${requests} requests (expected ${expected}), statuses ${JSON.stringify(statuses)}`);
  return { times, actions };
}

const requestsPerRead = 1 + Math.ceil((large.users + 1) / pageSize) + large.teams;
const { times: planTimes, actions } = await timePlans(fake, { sync: () => syncPlan(client, desired, fake.baseUrl, {}), hand: handRead }, requestsPerRead);
const expectedActions = 2 * large.changes + large.changes;
if (actions !== expectedActions) throw new Error(`the plan has ${actions} actions, expected ${expectedActions}`);

// --- memory (before apply adds users) ---------------------------------------

function memoryOf(baseUrl, apiKey, file) {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'lib', 'sync-memory.mjs'), { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', resolve);
    child.once('exit', (code) => code !== 0 && reject(new Error(`sync memory run exited with ${code}`)));
    child.send({ baseUrl, apiKey, file });
  });
}
const smallFake = await startFakeChild(companyConfig(small));
const memoryRounds = options.quick ? 1 : 3;
const memory = { small: [], large: [] };
for (let round = 0; round < memoryRounds; round++) {
  memory.small.push(await memoryOf(smallFake.baseUrl, smallFake.adminApiKey, smallFile));
  memory.large.push(await memoryOf(fake.baseUrl, fake.adminApiKey, largeFile));
}
await smallFake.close();
for (const [name, runs] of Object.entries(memory)) {
  const company = name === 'small' ? small : large;
  for (const run of runs) if (run.users !== company.users + 1) throw new Error(`memory run (${name}) read ${run.users} users, expected ${company.users + 1}`);
}

// --- apply ------------------------------------------------------------------

const emptyState = { viewer: { id: 'bench', username: 'admin', email: null, admin: true }, users: [], teams: new Map() };
/** A plan of `emails.length` user creations (made from a file, against a state without them). */
function creationPlan(emails) {
  const file = parseDesiredState(`users: [${emails.map((e) => `{ email: ${e} }`).join(', ')}]\n`, 'bench.yaml', 'yaml');
  return plan(file, emptyState, { server: fake.baseUrl });
}
/** A plan of invitations, one per address, to the teams in turn (addresses without accounts: W&B mails them). */
function invitationPlan(emails) {
  return {
    ...creationPlan([]),
    actions: emails.map((email, i) => ({
      id: i + 1,
      dependsOn: [],
      kind: 'invite',
      team: `team-${i % large.teams}`,
      email,
      username: null,
      role: 'member',
      expect: { member: null },
    })),
  };
}

async function pool(items, work) {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Items per second through `run`. */
async function throughput(count, run) {
  const started = performance.now();
  await run();
  return count / ((performance.now() - started) / 1000);
}

async function applied(planned) {
  const result = await applyPlan(planned, client, { concurrency });
  const bad = result.results.filter((r) => r.status !== 'done');
  if (bad.length > 0) throw new Error(`${bad.length} actions ${bad[0].status}: ${bad[0].reason}`);
}

// Each variant: what it is given (made before any block runs), and what a block times.
const creations = {
  sync: {
    prepare: (emails) => creationPlan(emails),
    run: (planned) => throughput(planned.actions.length, () => applied(planned)),
  },
  sdk: {
    prepare: (emails) => emails,
    run: (list) =>
      throughput(list.length, () =>
        pool(list, async (email) => {
          const user = await api.createUser(email, { admin: false });
          if (user.email !== email) throw new Error(`createUser returned ${user.email} for ${email}`);
        }),
      ),
  },
};
const invitations = {
  sync: {
    prepare: (emails) => invitationPlan(emails),
    run: (planned) => throughput(planned.actions.length, () => applied(planned)),
  },
  sdk: {
    prepare: (emails) => emails,
    run: (list) =>
      throughput(list.length, async () => {
        // As apply does: each team loaded once, when first needed.
        const teams = new Map();
        const team = (name) => {
          if (!teams.has(name)) teams.set(name, api.team(name));
          return teams.get(name);
        };
        await pool(
          list.map((email, i) => [email, `team-${i % large.teams}`]),
          async ([email, name]) => {
            if (!(await (await team(name)).invite(email, { role: 'member' }))) throw new Error(`invite of ${email} refused`);
          },
        );
      }),
  },
};

const emailsFor = (kind, variant, block, n = perApply) => Array.from({ length: n }, (_, i) => `${kind}-${variant}-${block}-${i}@example.com`);
// Every block's input is made first, then the garbage collected, before the warm-up. Making a plan
// of creations parses a sync file, as `sync apply` does; made just before its block, the parse's
// garbage was collected inside the block and charged to apply, whose ratio it lowered by about 0.05.
const inputs = (kind, variants, blocks) =>
  Object.fromEntries(
    Object.entries(variants).map(([name, v]) => [name, Array.from({ length: blocks }, (_, block) => v.prepare(emailsFor(kind, name, block)))]),
  );
const createInputs = inputs('new', creations, createBlocks);
const inviteInputs = inputs('invite', invitations, inviteBlocks);
v8.setFlagsFromString('--expose-gc');
runInNewContext('gc')();
for (const variant of ['sync', 'sdk']) {
  await creations[variant].run(creations[variant].prepare(emailsFor('warm', variant, 0, 100)));
  await invitations[variant].run(invitations[variant].prepare(emailsFor('warm-invite', variant, 0, 100)));
}
await fake.stats();
const createRates = await alternate({
  blocks: createBlocks,
  variants: ['sync', 'sdk'],
  run: (variant, block) => creations[variant].run(createInputs[variant][block]),
});
const createStats = await fake.stats();
const inviteRates = await alternate({
  blocks: inviteBlocks,
  variants: ['sync', 'sdk'],
  run: (variant, block) => invitations[variant].run(inviteInputs[variant][block]),
});
const inviteStats = await fake.stats();
// One request per change, all answered 200: no retry, no lookup blurred the figures (the invitation loops also load 50 teams).
for (const [what, stats, blocks, extra] of [
  ['creations', createStats, createBlocks, 0],
  ['invitations', inviteStats, inviteBlocks, 2 * inviteBlocks * large.teams],
]) {
  const expected = 2 * blocks * perApply + extra;
  if (stats.requests !== expected || Object.keys(stats.statuses).some((s) => s !== '200')) {
    throw new Error(`${what}: ${stats.requests} requests (expected ${expected}), statuses ${JSON.stringify(stats.statuses)}`);
  }
}
await fake.close();

// --- plan on W&B's cloud ------------------------------------------------------

// The same people as members of one organization, the file giving each their orgRole; started once the first fake is gone.
const cloudConfig = cloudCompanyConfig(large);
const cloudFake = await startFakeChild(cloudConfig);
const cloudClient = syncClientFor(new Api({ baseUrl: cloudFake.baseUrl, apiKey: cloudFake.adminApiKey, env: {} }));
const cloudDesired = parseDesiredState(desiredYaml(large, { orgRoles: true }), cloudFile, 'yaml');
const cloudPost = handClient(cloudFake.baseUrl, cloudFake.adminApiKey);
/** The same requests by hand: the viewer, the organization by name (its members, invitations and seats), the teams 4 at a time. */
async function cloudHandRead() {
  await cloudPost('GetViewer', {});
  const { organization } = await cloudPost('GetOrganization', { name: ORGANIZATION });
  return organization.members.length + organization.pendingInvites.length + (await handTeams(cloudPost, cloudDesired.teams.keys()));
}
const requestsPerCloudRead = 2 + large.teams;
const { times: cloudTimes, actions: cloudActions } = await timePlans(
  cloudFake,
  { sync: () => syncPlan(cloudClient, cloudDesired, cloudFake.baseUrl, { deployment: 'cloud', organization: ORGANIZATION }), hand: cloudHandRead },
  requestsPerCloudRead,
);
await cloudFake.close();
// Hires invited to the organization and to a team, team roles and organization roles changed.
if (cloudActions !== 4 * large.changes) throw new Error(`the cloud plan has ${cloudActions} actions, expected ${4 * large.changes}`);
const [org] = cloudConfig.organizations;
const orgInvitations = org.members.filter((m) => m.pending).length;
const orgMembers = (role) => org.members.filter((m) => m.role === role && !m.pending).length;

// --- parse ------------------------------------------------------------------

const text = desiredYaml(large);
const parseTimes = await alternate({
  blocks: options.quick ? 3 : 10,
  variants: ['sync', 'bare'],
  run: (variant) => {
    const started = performance.now();
    if (variant === 'sync') parseDesiredState(text, largeFile, 'yaml');
    else parseYaml(text);
    return performance.now() - started;
  },
});
rmSync(scratch, { recursive: true, force: true });

const MiB = 1024 * 1024;
const heap = (runs) => summary(runs.map((r) => r.retained / MiB));
const heapSmall = heap(memory.small);
const heapLarge = heap(memory.large);
const perUser = ((heapLarge.median - heapSmall.median) * MiB) / (large.users - small.users);
/** A plan row: sync against the hand-written fetch loop, same requests, same target. */
function planRow(measure, times) {
  const ratio = times.ratio('sync', 'hand');
  return row({
    measure,
    unit: 'ms',
    ...times.sync,
    baseline: { name: 'fetch loop', median: times.hand.median },
    ratio,
    target: 'ratio ≤ 1.20',
    met: ratio.median <= 1.2,
  });
}
const createRatio = createRates.ratio('sync', 'sdk');
const inviteRatio = inviteRates.ratio('sync', 'sdk');
const lines = text.split('\n').length - 1;

emit(options, {
  id: 'sync',
  title: `Sync: ${large.users} users and ${large.teams} teams of ${large.membersEach} on the fake server, plan (${requestsPerRead} requests) and apply (${perApply} changes, concurrency ${concurrency})`,
  rows: [
    planRow(
      `sync plan of a ${large.users}-user file once read: state read, planned (${actions} actions), printed (sync / hand-written fetch loop, same requests)`,
      planTimes,
    ),
    planRow(
      `the same on W&B's cloud (--deployment cloud --org): an organization of ${org.members.length - orgInvitations} members (${orgMembers('admin')} admins, ${orgMembers('viewer')} viewers), ${orgInvitations} invitations, orgRole for everyone; ${cloudActions} actions (sync / fetch loop)`,
      cloudTimes,
    ),
    row({
      measure: `apply of ${perApply} user creations (applyPlan / the bulk benchmark's api.createUser loop)`,
      unit: 'users/s',
      ...createRates.sync,
      baseline: { name: 'createUser loop', median: createRates.sdk.median },
      ratio: createRatio,
      target: 'ratio ≥ 0.90',
      met: createRatio.median >= 0.9,
    }),
    row({
      measure: `for reference: apply of ${perApply} invitations to ${large.teams} teams (applyPlan / team.invite loop)`,
      unit: 'invites/s',
      median: inviteRates.sync.median,
      min: inviteRates.sync.min,
      max: inviteRates.sync.max,
      baseline: { name: 'team.invite loop', median: inviteRates.sdk.median },
      ratio: inviteRatio,
    }),
    row({
      measure: `heap kept alive (after GC) by the file, state and plan of ${large.users} users; of ${small.users}: ${heapSmall.median.toFixed(2)} MiB`,
      unit: 'MiB',
      ...heapLarge,
      baseline: { name: `${small.users} users`, median: heapSmall.median, unit: 'MiB' },
      ratio: { median: heapLarge.median / heapSmall.median },
      target: 'bounded: compact state',
      met: perUser < 1024,
      note: `${perUser.toFixed(0)} bytes per user`,
    }),
    row({
      measure: `parse of the ${large.users}-user file (${lines} lines of YAML: schema, line numbers) / yaml's bare parse`,
      unit: 'ms',
      ...parseTimes.sync,
      baseline: { name: 'YAML.parse', median: parseTimes.bare.median },
      ratio: parseTimes.ratio('sync', 'bare'),
    }),
  ],
  notes: [
    `plan: ${planBlocks} blocks per variant, alternating; each reads ${requestsPerRead} requests' worth (GetViewer, ${requestsPerRead - 1 - large.teams} SearchUsers pages of ${pageSize}, ${large.teams} GetTeamEntity 4 at a time); the plan has ${actions} actions (${large.changes} hires created and invited, ${large.changes} role changes); printed as text to a null stream. The time excludes reading the file (its parse is the last row).`,
    `plan on W&B's cloud: the same people and teams on a fake playing the cloud, all members of organization ${ORGANIZATION} (${org.seats} full and ${org.viewOnlySeats} view-only seats), the key's user one of its admins; the file gives everyone an orgRole and lists the pending invitations as invited; ${planBlocks} blocks per variant, alternating; each reads ${requestsPerCloudRead} requests' worth (GetViewer, GetOrganization by name, ${large.teams} GetTeamEntity 4 at a time), as \`sync plan --deployment cloud --org\` does; the plan has ${cloudActions} actions (${large.changes} hires invited to the organization and to a team, ${large.changes} team and ${large.changes} organization role changes).`,
    `apply: ${createBlocks} blocks of ${perApply} creations (${inviteBlocks} of invitations) per variant, alternating, each on new addresses; figures are per-block throughputs; the server answered exactly one request per change (plus, for the invitations, one GetTeamEntity per team per block), every one HTTP 200.`,
    `memory: ${memoryRounds} run(s) each, in fresh processes (--expose-gc) against fakes of ${small.users} and ${large.users} users; heap used after a full GC holding the parsed file, the state read and the plan, minus the heap after a first small read (code loaded); ${perUser.toFixed(0)} bytes per user between the two (target: under 1 KiB, i.e. held as a few strings, not the SDK's objects).`,
    `parse: median of ${options.quick ? 3 : 10} alternating runs each, in this process.`,
  ],
});
