#!/usr/bin/env node
// 4. Cold start: what loading @wandb-ts/users adds to a fresh Node process,
// `node -e "import('@wandb-ts/users')"` and `require(...)`, against
// `node -e 0`, spawned in rotating order from the repository root (so the
// package resolves by name, from its built dist). graphql and graphql-request
// are timed too, for reference: the SDK no longer loads them at start-up.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOptions, emit, row } from './lib/report.mjs';
import { median, summary } from './lib/stats.mjs';

const options = benchOptions();
const runs = options.quick ? 5 : 30;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const variants = {
  baseline: '0',
  import: "import('@wandb-ts/users')",
  require: "require('@wandb-ts/users')",
  graphql: "require('graphql')",
  'graphql-request': "require('graphql-request')",
};

function spawnMs(code) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['-e', code], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`node -e "${code}" failed: ${child.stderr}`);
  return ms;
}

const names = Object.keys(variants);
const times = Object.fromEntries(names.map((n) => [n, []]));
spawnMs('0'); // the first spawn pays for the page cache
for (let run = 0; run < runs; run++) {
  // Rotate the order so no variant always follows the same neighbour.
  for (let i = 0; i < names.length; i++) {
    const name = names[(run + i) % names.length];
    times[name].push(spawnMs(variants[name]));
  }
}

/** Added over `node -e 0`: the median of per-run differences, with their min–max. */
function added(name) {
  const diffs = times[name].map((ms, i) => ms - times.baseline[i]);
  return { ...summary(diffs), median: median(diffs) };
}
const base = summary(times.baseline);
const rowFor = (name, label, target) => {
  const diff = added(name);
  return row({
    measure: label,
    unit: 'ms',
    median: diff.median,
    min: diff.min,
    max: diff.max,
    baseline: { name: 'node -e 0', median: base.median },
    ratio: { median: median(times[name]) / base.median },
    target: target ? '≤ 30 ms added' : undefined,
    met: target ? diff.median <= 30 : undefined,
  });
};

emit(options, {
  id: 'cold-start',
  title: `Cold start: a fresh Node process loading the package, ${runs} runs each, against node -e 0`,
  rows: [
    rowFor('import', "added by import('@wandb-ts/users')", true),
    rowFor('require', "added by require('@wandb-ts/users')", true),
    rowFor('graphql', "for reference: added by require('graphql')"),
    rowFor('graphql-request', "for reference: added by require('graphql-request')"),
  ],
  notes: [
    `figures are per-run differences (variant − node -e 0 in the same run), median and min–max over ${runs} runs; node -e 0 itself took ${base.median.toFixed(0)} ms (median, ${base.min.toFixed(0)}–${base.max.toFixed(0)}); ratio = median variant time / median node -e 0.`,
  ],
});
