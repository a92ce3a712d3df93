#!/usr/bin/env node
// Client CPU of one variant of benchmark 8's plan row, for profiling:
//
//   node --cpu-prof --cpu-prof-dir=prof/sync bench/investigations/sync-plan-profile.mjs sync 10
//   node --cpu-prof --cpu-prof-dir=prof/hand bench/investigations/sync-plan-profile.mjs hand 10
//   node bench/investigations/profile-summary.mjs prof/sync/*.cpuprofile --minus prof/hand/*.cpuprofile
//
// Variants: sync (the state read, planned and printed, as `sync plan` does
// once the file is read) and hand (the same requests by a fetch loop); and,
// to split sync's time, read (the state read alone: the viewer, every page of
// users, the teams) and plan (planning and printing a state read once before).
// Prints the client's CPU time per run (user + system of this process).
//
// A third argument, cloud, measures the row of W&B's cloud instead: the fake
// plays the cloud, the people are members of one organization, the file gives
// each an orgRole, and sync reads the organization by name (`--deployment
// cloud --org`) where the hand loop sends GetOrganization, not the users' pages.
//
//   node --cpu-prof --cpu-prof-dir=prof/cloud-sync bench/investigations/sync-plan-profile.mjs sync 10 cloud
import { Writable } from 'node:stream';
import { parseDesiredState, plan, readCurrentState, readScopeFor, syncClientFor } from '@wandb-ts/cli/sync';
import { Api } from '@wandb-ts/users';
import { GetOrganizationDocument, GetTeamEntityDocument, GetViewerDocument, SearchUsersDocument } from '@wandb-ts/users/graphql';
import { print } from 'graphql';
import { Output } from '../../packages/cli/dist/esm/output/output.js';
import { checkCloudRights } from '../../packages/cli/dist/esm/commands/sync/deployment.js';
import { printPlan } from '../../packages/cli/dist/esm/commands/sync/render.js';
import { startFakeChild } from '../lib/fake.mjs';
import { cloudCompanyConfig, companyConfig, desiredYaml, ORGANIZATION } from '../lib/sync-company.mjs';
import { handWrittenHeaders } from '../lib/viewer-calls.mjs';

const [variant = 'sync', count = '5', deployment = 'server'] = process.argv.slice(2);
const cloud = deployment === 'cloud';
const company = { users: 10000, teams: 50, membersEach: 100, changes: 100 };
const fake = await startFakeChild(cloud ? cloudCompanyConfig(company) : companyConfig(company));
const api = new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, env: {} });
const client = syncClientFor(api);
const desired = parseDesiredState(desiredYaml(company, { orgRoles: cloud }), 'people.yaml', 'yaml');
const flags = cloud ? { deployment: 'cloud', organization: ORGANIZATION } : {};
const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
const out = new Output(sink, sink, { json: false, quiet: false, color: false, env: {} });
const url = `${fake.baseUrl}/graphql`;
const headers = handWrittenHeaders(fake.adminApiKey);
const texts = {
  GetViewer: print(GetViewerDocument),
  SearchUsers: print(SearchUsersDocument),
  GetTeamEntity: print(GetTeamEntityDocument),
  GetOrganization: print(GetOrganizationDocument),
};
const post = async (operationName, variables) => {
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: texts[operationName], variables, operationName }) });
  const json = await response.json();
  if (!response.ok || json.errors) throw new Error(`${operationName} failed: HTTP ${response.status}`);
  return json.data;
};
const variants = {
  async sync() {
    const viewer = await client.viewer();
    const state = await readCurrentState(client, { ...readScopeFor(desired, flags), viewer });
    checkCloudRights(state);
    printPlan(out, plan(desired, state, { server: fake.baseUrl }));
  },
  async hand() {
    await post('GetViewer', {});
    if (cloud) await post('GetOrganization', { name: ORGANIZATION });
    else
      for (let after = null; ; ) {
        const { users } = await post('SearchUsers', { query: '', first: 50, after });
        if (!users.pageInfo.hasNextPage) break;
        after = users.pageInfo.endCursor;
      }
    const names = [...desired.teams.keys()];
    const worker = async () => {
      for (let name = names.shift(); name; name = names.shift()) await post('GetTeamEntity', { name });
    };
    await Promise.all(Array.from({ length: 4 }, worker));
  },
};
variants.read = async () => {
  const viewer = await client.viewer();
  await readCurrentState(client, { ...readScopeFor(desired, flags), viewer });
};
const readOnce = variant === 'plan' ? await readCurrentState(client, readScopeFor(desired, flags)) : null;
variants.plan = async () => printPlan(out, plan(desired, readOnce, { server: fake.baseUrl }));
const run = variants[variant];
if (!run) throw new Error(`unknown variant ${variant}; use sync, hand, read or plan`);
await run();
const cpu = process.cpuUsage();
const started = performance.now();
for (let i = 0; i < Number(count); i++) await run();
const used = process.cpuUsage(cpu);
console.log(
  `${variant}${cloud ? ' (cloud)' : ''}: ${count} runs, client CPU ${((used.user + used.system) / 1000 / Number(count)).toFixed(0)} ms/run, wall ${((performance.now() - started) / Number(count)).toFixed(0)} ms/run`,
);
await fake.close();
