#!/usr/bin/env node
// Builds of @wandb-ts/users side by side in one process, for judging a change
// to the transport: each build's `Api` and the baseline take turns in short
// blocks (rotating order) against the fake W&B server in another process, and
// each block's figure is divided by the baseline's block of the same rotation.
// Prints, per build, the median of those paired ratios with a bootstrap 95%
// interval, for latency (or throughput) and for this process's CPU time.
//
//   node bench/investigations/compare-builds.mjs per-call [--blocks 300] NAME=DIST ...
//   node bench/investigations/compare-builds.mjs bulk [--blocks 40] NAME=DIST ...
//   node bench/investigations/compare-builds.mjs canned [--blocks 100] NAME=DIST ...
//
// DIST is a build's ESM entry (packages/users/dist/esm/index.js). For an older
// revision: build it, and copy its packages/users/dist and package.json into
// bench/.builds/NAME/ (ignored by git), where graphql-request still resolves
// from the repository's node_modules. Modes:
// - per-call: api.viewer(), sequential, against graphql-request used directly
//   with a timeout (benchmark 1's target);
// - bulk: createUser with concurrency 16, 100 users a block, against a
//   hand-written fetch loop (benchmark 2's target);
// - canned: api.viewer() over a fetch that answers at once from memory, against
//   graphql-request with a timeout over the same fetch: what each adds in CPU,
//   without the network's noise.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { GetViewerDocument, CreateUserFromAdminDocument } from '@wandb-ts/users/graphql';
import { print } from 'graphql';
import { GraphQLClient } from 'graphql-request';
import { startFakeChild } from '../lib/fake.mjs';
import { median } from '../lib/stats.mjs';
import { handWrittenHeaders } from '../lib/viewer-calls.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { blocks: { type: 'string' } } });
const [mode, ...specs] = positionals;
const DEFAULT_BLOCKS = { 'per-call': 300, bulk: 40, canned: 100 };
if (!(mode in DEFAULT_BLOCKS) || specs.length === 0) {
  console.error('usage: compare-builds.mjs per-call|bulk|canned [--blocks N] NAME=path/to/dist/esm/index.js ...');
  process.exit(2);
}
const blocks = Number(values.blocks ?? DEFAULT_BLOCKS[mode]);
const perBlock = { 'per-call': 10, bulk: 100, canned: 200 }[mode];

/** A GetViewer answer as the fake gives it, for the canned fetch. */
const CANNED_VIEWER = JSON.stringify({
  data: {
    viewer: {
      id: 'VXNlcjox',
      name: 'admin',
      username: 'admin',
      email: 'admin@example.com',
      admin: true,
      flags: null,
      entity: 'admin',
      deletedAt: null,
      apiKeys: { edges: [{ node: { id: 'k1', name: 'abcdef', description: null } }] },
      teams: { edges: [] },
    },
  },
});
const cannedFetch = async () =>
  new Response(CANNED_VIEWER, { status: 200, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(CANNED_VIEWER)) } });

const fake = mode === 'canned' ? { baseUrl: 'http://127.0.0.1:9', adminApiKey: 'k'.repeat(40), close: async () => {} } : await startFakeChild();
const url = `${fake.baseUrl}/graphql`;
const headers = handWrittenHeaders(fake.adminApiKey);
const viewerQuery = print(GetViewerDocument);
const createQuery = print(CreateUserFromAdminDocument);
let sequence = 0;

const calls = {};
if (mode === 'bulk') {
  calls['fetch loop'] = async () => {
    const email = `compare-fetch-${sequence++}@example.com`;
    const body = JSON.stringify({ query: createQuery, variables: { email, admin: false }, operationName: 'CreateUserFromAdmin' });
    const response = await fetch(url, { method: 'POST', headers, body });
    const json = await response.json();
    if (!response.ok || json.errors || json.data?.createUser?.user?.email !== email) throw new Error(`fetch loop: createUser failed for ${email}`);
  };
} else {
  const client = new GraphQLClient(url, { headers, excludeOperationName: true, ...(mode === 'canned' ? { fetch: cannedFetch } : {}) });
  calls['graphql-request + timeout'] = async () => {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), 30_000);
    try {
      const data = await client.request({ document: viewerQuery, signal: timeout.signal });
      if (!data.viewer?.id) throw new Error('graphql-request: no viewer');
    } finally {
      clearTimeout(timer);
    }
  };
}
for (const spec of specs) {
  const at = spec.indexOf('=');
  if (at < 1) throw new Error(`expected NAME=path/to/dist/esm/index.js, got ${spec}`);
  const name = spec.slice(0, at);
  const { Api } = await import(pathToFileURL(resolve(spec.slice(at + 1))).href);
  const api = new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, env: {}, ...(mode === 'canned' ? { fetch: cannedFetch } : {}) });
  calls[name] =
    mode === 'bulk'
      ? async () => {
          const email = `compare-${name}-${sequence++}@example.com`;
          if ((await api.createUser(email)).email !== email) throw new Error(`${name}: createUser returned another user`);
        }
      : async () => {
          if (!(await api.viewer()).id) throw new Error(`${name}: api.viewer() returned no id`);
        };
}
const variants = Object.keys(calls);

/** One block of a variant: its figure (median latency in µs, or users/s) and this process's CPU µs per call. */
async function block(variant) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let figure;
  if (mode === 'bulk') {
    let left = perBlock;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (left-- > 0) await calls[variant]();
      }),
    );
    figure = perBlock / ((performance.now() - started) / 1000);
  } else {
    const latencies = [];
    for (let i = 0; i < perBlock; i++) {
      const t = performance.now();
      await calls[variant]();
      latencies.push((performance.now() - t) * 1000);
    }
    figure = median(latencies);
  }
  const used = process.cpuUsage(cpu);
  return { figure, cpu: (used.user + used.system) / perBlock };
}

// Warm-up: every path compiled and connections open before anything counts.
for (let i = 0; i < (mode === 'bulk' ? 3 : 50); i++) for (const v of variants) await block(v);
const results = Object.fromEntries(variants.map((v) => [v, []]));
for (let b = 0; b < blocks; b++) {
  for (let i = 0; i < variants.length; i++) {
    const v = variants[(b + i) % variants.length];
    results[v].push(await block(v));
  }
}
await fake.close();

/** The median of `ratios` and a bootstrap 95% interval for it. */
function medianWithInterval(ratios, rounds = 2000) {
  const medians = Array.from({ length: rounds }, () => median(Array.from(ratios, () => ratios[Math.floor(Math.random() * ratios.length)]))).sort(
    (a, b) => a - b,
  );
  return `${median(ratios).toFixed(3)} (${medians[Math.floor(rounds * 0.025)].toFixed(3)}–${medians[Math.floor(rounds * 0.975)].toFixed(3)})`;
}

const [baseline] = variants;
const unit = mode === 'bulk' ? 'users/s' : 'µs';
console.log(
  `${mode}: ${blocks} blocks of ${perBlock} per variant, rotating; baseline ${baseline}; ratios are per block, paired with the baseline's block of the same rotation`,
);
for (const v of variants) {
  const figure = median(results[v].map((r) => r.figure));
  const cpu = median(results[v].map((r) => r.cpu));
  const ratio = medianWithInterval(results[v].map((r, i) => r.figure / results[baseline][i].figure));
  const cpuRatio = medianWithInterval(results[v].map((r, i) => r.cpu / results[baseline][i].cpu));
  console.log(`${v.padEnd(26)} ${figure.toFixed(1).padStart(8)} ${unit}  ratio ${ratio}   CPU ${cpu.toFixed(1).padStart(7)} µs/call  ratio ${cpuRatio}`);
}
