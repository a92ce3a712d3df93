#!/usr/bin/env node
// 9. Sync export at company scale: `wandb-users sync export` against the fake
// W&B server in another process, holding 10,000 users and 50 teams of 100
// (the sync benchmark's company), with deactivated accounts, invitations to
// addresses without an account and service accounts besides.
//
// - export: what `sync export` does once started (the viewer, every page of
//   users, every team they belong to, the file built and written as YAML to
//   a null stream) against the state read of `sync plan` of the exported file
//   (the viewer, every page of users, its 50 declared teams), alternating;
// - the round trip at that scale: `sync plan` of the export, with and without
//   --prune, must have no action (the benchmark fails otherwise);
// - for reference: the exported file's size and its parse.
import { Writable } from 'node:stream';
import { exportReadScope, exportState, exportText, parseDesiredState, plan, readCurrentState, readScopeFor, syncClientFor } from '@wandb-ts/cli/sync';
import { Api } from '@wandb-ts/users';
// The CLI's own output, as `sync export` writes to stdout (not an export of the package).
import { Output } from '../packages/cli/dist/esm/output/output.js';
import { alternate } from './lib/alternate.mjs';
import { startFakeChild } from './lib/fake.mjs';
import { benchOptions, emit, row } from './lib/report.mjs';
import { companyConfig } from './lib/sync-company.mjs';

const options = benchOptions();
const company = options.quick ? { users: 2000, teams: 10, membersEach: 100 } : { users: 10000, teams: 50, membersEach: 100 };
const blocks = options.quick ? 2 : 20;
const pageSize = 50;
// Every kind of account and line an export writes: 1% of the accounts deactivated, two invitations to
// addresses without an account and a service account in each team.
const deactivated = Array.from({ length: company.users / 100 }, (_, i) => `staff-${i * 100 + 7}@example.com`);
const config = companyConfig(company);
for (const [t, team] of config.teams.entries())
  for (const n of [0, 1]) team.members.push({ email: `invitee-${t}-${n}@example.org`, role: n === 0 ? 'member' : 'viewer', pending: true });
config.serviceAccounts = config.teams.map((team) => ({ team: team.name, description: `${team.name} bot` }));
config.deactivate = deactivated;

const fake = await startFakeChild(config);
const api = new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, env: {} });
const client = syncClientFor(api);
const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
const out = new Output(sink, sink, { json: false, quiet: false, color: false, env: {} });

/** `sync export` once started: the viewer, the state (users paged, their teams 4 at a time), the file, written. */
async function syncExport() {
  const viewer = await client.viewer();
  const state = await readCurrentState(client, { ...exportReadScope(null), viewer });
  const text = exportText(exportState(state, { scope: null }), 'yaml', fake.baseUrl);
  out.block(text);
  return text;
}

// Warm-up, and the file whose plan is the baseline (it declares the teams the export read).
const text = await syncExport();
const desired = parseDesiredState(text, 'people.yaml', 'yaml');

/** The state read of `sync plan` of that file: the viewer, every user, the declared teams. */
async function planRead() {
  const viewer = await client.viewer();
  await readCurrentState(client, { ...readScopeFor(desired, {}), viewer });
}
await planRead();

// The round trip at this scale: a plan of the export, with or without --prune, changes nothing.
const counts = {};
for (const prune of [false, true]) {
  const viewer = await client.viewer();
  const state = await readCurrentState(client, { ...readScopeFor(desired, { prune }), viewer });
  const planned = plan(desired, state, { server: fake.baseUrl, prune });
  counts[prune ? 'prune' : 'plain'] = planned.actions.length + planned.blocked.length;
  if (planned.actions.length > 0 || planned.blocked.length > 0)
    throw new Error(`the plan of the export${prune ? ' with --prune' : ''} has ${planned.actions.length} actions and ${planned.blocked.length} blockers`);
}
if (desired.users.length !== company.users + 1 + 2 * company.teams)
  throw new Error(`the export lists ${desired.users.length} users, expected ${company.users + 1 + 2 * company.teams}`);

await fake.stats();
const times = await alternate({
  blocks,
  variants: ['export', 'read'],
  run: async (variant) => {
    const started = performance.now();
    if (variant === 'export') await syncExport();
    else await planRead();
    return performance.now() - started;
  },
});
// Both send the viewer, every page of users (the service accounts among them), one per team; the export
// also asks which organization the key's user belongs to (for organization roles, on W&B Server too).
const requestsPerRead = 1 + Math.ceil((company.users + 1 + company.teams) / pageSize) + company.teams;
const expected = blocks * (requestsPerRead + 1) + blocks * requestsPerRead;
const requests = (await fake.stats()).requests;
if (requests !== expected) {
  await fake.close();
  throw new Error(`the blocks sent ${requests} requests, expected ${expected}`);
}
await fake.close();

const parseTimes = [];
for (let i = 0; i < (options.quick ? 3 : 10); i++) {
  const started = performance.now();
  parseDesiredState(text, 'people.yaml', 'yaml');
  parseTimes.push(performance.now() - started);
}
parseTimes.sort((a, b) => a - b);

const ratio = times.ratio('export', 'read');
const bytes = Buffer.byteLength(text);
emit(options, {
  id: 'sync-export',
  title: `Sync export: ${company.users} users and ${company.teams} teams of ${company.membersEach} on the fake server (${requestsPerRead} requests), and its round trip`,
  rows: [
    row({
      measure: `sync export of ${company.users} users once started: state read, file built and written as YAML (export / the state read of \`sync plan\` of that file, the same requests and the export's organization lookup)`,
      unit: 'ms',
      ...times.export,
      baseline: { name: 'plan state read', median: times.read.median },
      ratio,
      target: 'ratio ≤ 1.20',
      met: ratio.median <= 1.2,
    }),
    row({
      measure: `round trip: actions and blockers in \`sync plan\` of the export (without / with --prune)`,
      unit: '',
      median: counts.plain + counts.prune,
      target: '0',
      met: counts.plain + counts.prune === 0,
      note: `${counts.plain} / ${counts.prune}`,
    }),
    row({
      measure: `for reference: parse of the exported file (${(bytes / 1024 / 1024).toFixed(2)} MiB, ${text.split('\n').length - 1} lines of YAML)`,
      unit: 'ms',
      median: parseTimes[Math.floor(parseTimes.length / 2)],
      min: parseTimes[0],
      max: parseTimes.at(-1),
    }),
  ],
  notes: [
    `export: ${blocks} blocks per variant, alternating; each sends ${requestsPerRead} requests (GetViewer, ${requestsPerRead - 1 - company.teams} SearchUsers pages of ${pageSize}, ${company.teams} GetTeamEntity 4 at a time), and the export one more, GetViewerOrganizations (the organization roles it would write); the company has ${deactivated.length} deactivated accounts, ${2 * company.teams} invitations to addresses without an account and ${company.teams} service accounts; the file lists ${desired.users.length} users and ${desired.serviceAccounts?.length ?? 0} service accounts.`,
    'round trip: the exported file parsed and planned against the same server, once without and once with --prune; the benchmark fails if either plan has an action.',
  ],
});
