#!/usr/bin/env node
// CPU cost of planning alone, for work on plan(): the state of benchmark 8's
// company (10,000 users, 50 teams of 100, 100 hires and 100 role changes) is
// read once from the fake W&B server, which is then closed, and `plan()`,
// `new StateIndex()` and `printPlan` are timed on it in this process, with no
// network and no other process running.
//
//   npm run build && node bench/investigations/sync-plan-cost.mjs [--blocks 15] [--runs 10]
//   node bench/investigations/sync-plan-cost.mjs base=bench/.builds/main/dist
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/investigations/sync-plan-cost.mjs --only plan
//
// With NAME=DIST arguments (a copy of another revision's packages/cli/dist,
// e.g. under bench/.builds/, ignored by git), that build's plan() and
// printPlan take turns with this checkout's in the same blocks, rotating
// order, on the same state: the figures to compare a change with, on a noisy
// machine. Prints ms per run: the median of the blocks' means, and their range.
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDesiredState, plan, readCurrentState, readScopeFor, StateIndex, syncClientFor } from '@wandb-ts/cli/sync';
import { Api } from '@wandb-ts/users';
import { Output } from '../../packages/cli/dist/esm/output/output.js';
import { printPlan } from '../../packages/cli/dist/esm/commands/sync/render.js';
import { alternate } from '../lib/alternate.mjs';
import { startFakeChild } from '../lib/fake.mjs';
import { companyConfig, desiredYaml } from '../lib/sync-company.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    blocks: { type: 'string', default: '15' },
    runs: { type: 'string', default: '10' },
    only: { type: 'string' },
  },
});
const blocks = Number(values.blocks);
const runs = Number(values.runs);

const builds = { this: { plan, StateIndex, printPlan } };
for (const spec of positionals) {
  const [name, dist] = spec.split('=');
  if (!name || !dist) throw new Error(`expected NAME=DIST (a packages/cli/dist copy), got ${spec}`);
  const url = (file) => pathToFileURL(resolve(dist, 'esm', file)).href;
  const sync = await import(url('sync/index.js'));
  const render = await import(url('commands/sync/render.js'));
  builds[name] = { plan: sync.plan, StateIndex: sync.StateIndex, printPlan: render.printPlan };
}

const company = { users: 10000, teams: 50, membersEach: 100, changes: 100 };
const fake = await startFakeChild(companyConfig(company));
const desired = parseDesiredState(desiredYaml(company), 'people.yaml', 'yaml');
const api = new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, env: {} });
const state = await readCurrentState(syncClientFor(api), readScopeFor(desired, {}));
const server = fake.baseUrl;
await fake.close();

const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
const out = new Output(sink, sink, { json: false, quiet: false, color: false, env: {} });
const planned = plan(desired, state, { server });
console.log(
  `${state.users.length} users, ${state.teams.size} teams read; plan: ${planned.actions.length} actions, ${planned.held.length} held, ${planned.blocked.length} blocked`,
);

const tasks = {
  plan: (b) => b.plan(desired, state, { server }),
  index: (b) => new b.StateIndex(state),
  print: (b) => b.printPlan(out, planned),
};
const chosen = values.only ? values.only.split(',') : Object.keys(tasks);
const variants = chosen.flatMap((task) => Object.keys(builds).map((name) => `${task} ${name}`));
const timeBlock = (variant) => {
  const [task, name] = variant.split(' ');
  const start = performance.now();
  for (let i = 0; i < runs; i++) tasks[task](builds[name]);
  return (performance.now() - start) / runs;
};
// Warm-up: every variant until V8 has optimised it.
for (const variant of variants) for (let i = 0; i < 3; i++) timeBlock(variant);
const result = await alternate({ blocks, variants, run: (variant) => timeBlock(variant) });
for (const variant of variants) {
  const { median, min, max } = result[variant];
  console.log(`${variant.padEnd(16)} ${median.toFixed(2)} ms/run (blocks ${min.toFixed(2)}-${max.toFixed(2)}, ${blocks} blocks of ${runs})`);
}
for (const task of chosen) {
  for (const name of Object.keys(builds)) {
    if (name === 'this') continue;
    const r = result.ratio(`${task} this`, `${task} ${name}`);
    console.log(`${task}: this / ${name} = ${r.median.toFixed(3)} (slices ${r.min.toFixed(3)}-${r.max.toFixed(3)})`);
  }
}
