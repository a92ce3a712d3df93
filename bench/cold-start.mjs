#!/usr/bin/env node
// 4. Cold start: what loading @wandb-ts/users adds to a fresh Node process,
// `node -e "import('@wandb-ts/users')"` and `require(...)`, against
// `node -e 0`, spawned in rotating order from the repository root (so the
// package resolves by name, from its built dist). graphql and graphql-request
// are timed too, for reference: graphql-request loads graphql at start-up.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { benchOptions, emit, row } from './lib/report.mjs';
import { spawnTimed } from './lib/spawn-timed.mjs';
import { median, summary } from './lib/stats.mjs';

const options = benchOptions();
const runs = options.quick ? 5 : 30;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// For reference, the same dist bundled into one file by esbuild here. The
// users dist is itself bundled now (build-package.mjs --bundle), so this row
// shows that nothing is left to gain from the file layout. Its
// dependencies stay external, so it is written inside the repository
// (node_modules/.cache) where they resolve.
const cache = join(root, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const bundled = join(mkdtempSync(join(cache, 'wandb-ts-cold-')), 'users.cjs');
await esbuild.build({
  entryPoints: [join(root, 'packages/users/dist/cjs/index.js')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  packages: 'external',
  outfile: bundled,
  logLevel: 'silent',
});

const variants = {
  baseline: '0',
  import: "import('@wandb-ts/users')",
  require: "require('@wandb-ts/users')",
  bundled: `require(${JSON.stringify(bundled)})`,
  graphql: "require('graphql')",
  'graphql-request': "require('graphql-request')",
};

const spawnNode = (code) => spawnTimed(process.execPath, ['-e', code], { cwd: root });

const names = Object.keys(variants);
const runsOf = Object.fromEntries(names.map((n) => [n, []]));
spawnNode('0'); // the first spawn pays for the page cache
for (let run = 0; run < runs; run++) {
  // Rotate the order so no variant always follows the same neighbour.
  for (let i = 0; i < names.length; i++) {
    const name = names[(run + i) % names.length];
    runsOf[name].push(spawnNode(variants[name]));
  }
}

/** What `name` adds over `node -e 0`: per-run differences of `field`, their median and min–max. */
function added(name, field) {
  return summary(runsOf[name].map((r, i) => r[field] - runsOf.baseline[i][field]));
}
const base = (field) => summary(runsOf.baseline.map((r) => r[field]));
const rowFor = (name, label, field, target) => {
  const diff = added(name, field);
  return row({
    measure: `${label}, ${field === 'wallMs' ? 'wall' : 'CPU'} time`,
    unit: 'ms',
    ...diff,
    baseline: { name: 'node -e 0', median: base(field).median },
    ratio: { median: median(runsOf[name].map((r) => r[field])) / base(field).median },
    target: target ? '≤ 30 ms added' : undefined,
    met: target ? diff.median <= 30 : undefined,
  });
};

rmSync(dirname(bundled), { recursive: true, force: true });

emit(options, {
  id: 'cold-start',
  title: `Cold start: a fresh Node process loading the package, ${runs} runs each, against node -e 0`,
  rows: [
    rowFor('import', "added by import('@wandb-ts/users')", 'wallMs', true),
    rowFor('import', "added by import('@wandb-ts/users')", 'cpuMs', true),
    rowFor('require', "added by require('@wandb-ts/users')", 'wallMs', true),
    rowFor('require', "added by require('@wandb-ts/users')", 'cpuMs', true),
    rowFor('bundled', 'for reference: added by require() of the same dist bundled into one file', 'cpuMs'),
    rowFor('graphql', "for reference: added by require('graphql')", 'cpuMs'),
    rowFor('graphql-request', "for reference: added by require('graphql-request')", 'cpuMs'),
  ],
  notes: [
    `figures are per-run differences (variant − node -e 0 in the same run), median and min–max over ${runs} runs; node -e 0 itself took ${base('wallMs').median.toFixed(0)} ms wall, ${base('cpuMs').median.toFixed(0)} ms CPU (medians). Wall time counts waiting for a core on the shared machine; CPU time (user + system of the process) is what the load costs; ratio = median variant / median node -e 0.`,
  ],
});
