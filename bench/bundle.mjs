#!/usr/bin/env node
// 5. Bundle cost: apps that use @wandb-ts/users bundled for the browser with
// esbuild (minified, gzipped; tools/bundle-size.mjs, the same code as the size
// guard), against the same Api.viewer call made with graphql-request, the
// usual minimal GraphQL client. Sizes do not vary between runs: no repetition.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPS, measureBundle } from '../tools/bundle-size.mjs';
import { benchOptions, emit, row } from './lib/report.mjs';

const options = benchOptions();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const kB = (bytes) => bytes / 1000;
// The full client's target is the size guard's budget (`npm test` fails past
// it), read from the same file so that the two cannot disagree.
const { budgets } = JSON.parse(readFileSync(join(root, 'tools', 'size-budget.json'), 'utf8'));
const budget = budgets.find((b) => b.app === 'full' && b.measure === 'total');
if (!budget) throw new Error('tools/size-budget.json has no budget for the full client (app "full", measure "total")');

const baselineApp = [
  "import { GraphQLClient } from 'graphql-request';",
  "const query = 'query GetViewer { viewer { id name username email admin flags entity deletedAt apiKeys { edges { node { id name description } } } teams { edges { node { name } } } } }';",
  "const client = new GraphQLClient('https://api.wandb.ai/graphql', { headers: { authorization: 'Basic ' + btoa('api:k') } });",
  'console.log(await client.request(query));',
].join('\n');
const baseline = await measureBundle({ contents: baselineApp, resolveDir: root });
const measured = {};
for (const [name, app] of Object.entries(APPS)) measured[name] = await measureBundle({ contents: app.contents, resolveDir: root });

const vs = (size) => ({ median: size / baseline.total.gzip });
const base = { name: 'graphql-request, same call', median: kB(baseline.total.gzip), unit: 'kB' };
emit(options, {
  id: 'bundle',
  title: 'Bundle cost: browser bundles with esbuild 0.28.2 (ESM, minified, code splitting), gzip -9',
  rows: [
    row({
      measure: `${APPS.viewer.label}: loaded at start`,
      unit: 'kB',
      median: kB(measured.viewer.initial.gzip),
      baseline: base,
      ratio: vs(measured.viewer.initial.gzip),
    }),
    row({
      measure: `${APPS.viewer.label}: with what its first request loads`,
      unit: 'kB',
      median: kB(measured.viewer.total.gzip),
      baseline: base,
      ratio: vs(measured.viewer.total.gzip),
    }),
    row({
      measure: `${APPS.full.label}: loaded at start`,
      unit: 'kB',
      median: kB(measured.full.initial.gzip),
      baseline: base,
      ratio: vs(measured.full.initial.gzip),
    }),
    row({
      measure: `${APPS.full.label}: everything it may load (full client)`,
      unit: 'kB',
      median: kB(measured.full.total.gzip),
      baseline: base,
      ratio: vs(measured.full.total.gzip),
      target: `≤ ${kB(budget.limit)} kB`,
      met: measured.full.total.gzip <= budget.limit,
    }),
    row({
      measure: `${APPS.everything.label}: everything`,
      unit: 'kB',
      median: kB(measured.everything.total.gzip),
      baseline: base,
      ratio: vs(measured.everything.total.gzip),
    }),
  ],
  notes: [
    `1 kB = 1000 bytes. Packages in the full client: ${measured.full.packages.join(', ')}. graphql-request, the parts of graphql it imports and the SDK's client on it (src/transport/graphql-client.ts) are loaded with the first request, in chunks of their own (${kB(measured.full.total.gzip - measured.full.initial.gzip).toFixed(2)} kB).`,
    `Where the full client's bytes come from (minified, before gzip): ${Object.entries(measured.full.byPackage)
      .sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => `${name} ${bytes} B (${((100 * bytes) / measured.full.total.minified).toFixed(0)}%)`)
      .join(', ')}.`,
    `Node built-ins (node:fs, node:os, node:path: the ~/.netrc fallback) stay external; a browser build stubs them and passes apiKey.`,
    `Chunks of the full client: ${measured.full.chunks.map((c) => `${c.file} ${c.gzip} B`).join(', ')}. The baseline bundle (graphql-request and the parts of graphql it imports) is ${baseline.total.gzip} B.`,
  ],
});
