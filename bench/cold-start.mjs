#!/usr/bin/env node
// 4. Cold start: what loading @wandb-ts/users adds to a fresh Node process,
// `node -e "require('@wandb-ts/users')"` and `import(...)`, against an empty
// script (`node -e 0`), spawned in rotating order from the repository root (so
// the package resolves by name, from its built dist). The target is on CPU
// time (user + system of the child, read by process.cpuUsage() at its exit):
// what the load costs, where wall time also counts waiting for a core on a
// shared machine. Each run of a variant is paired with the empty script's run
// of the same round; the figure is the median of those differences, whose
// spread on a loaded machine is tens of ms either way, so the require() call
// is also timed from inside the process, for reference. graphql
// and graphql-request are timed too, for reference: graphql-request loads
// graphql at start-up, which is why the SDK loads it with the first request.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOptions, emit, row } from './lib/report.mjs';
import { spawnTimed } from './lib/spawn-timed.mjs';
import { median, summary } from './lib/stats.mjs';

const options = benchOptions();
const runs = options.quick ? 5 : 50;
/** What `require('@wandb-ts/users')` may add to a process, in ms of CPU. */
const TARGET_CPU_MS = 10;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const variants = {
  baseline: '0',
  import: "import('@wandb-ts/users')",
  require: "require('@wandb-ts/users')",
  // The same require() timed from inside the process: its cost without the
  // spread of a whole process's start-up, for reference. A variant of its own,
  // since printing the figure costs the process more than the timing does.
  'require-inside': "const t = process.cpuUsage(); require('@wandb-ts/users'); const d = process.cpuUsage(t); process.stdout.write(String(d.user + d.system))",
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
    target: target ? `≤ ${TARGET_CPU_MS} ms added` : undefined,
    met: target ? diff.median <= TARGET_CPU_MS : undefined,
  });
};

/** The CPU time of the require() call itself, as each run of `require-inside` measured it. */
const inside = summary(runsOf['require-inside'].map((r) => Number(r.stdout) / 1000));

emit(options, {
  id: 'cold-start',
  title: `Cold start: a fresh Node process loading the package, ${runs} runs each, against node -e 0`,
  rows: [
    rowFor('require', "added by require('@wandb-ts/users')", 'cpuMs', true),
    rowFor('require', "added by require('@wandb-ts/users')", 'wallMs'),
    row({ measure: "for reference: the require('@wandb-ts/users') call itself, CPU time measured inside the process", unit: 'ms', ...inside }),
    rowFor('import', "added by import('@wandb-ts/users')", 'cpuMs'),
    rowFor('import', "added by import('@wandb-ts/users')", 'wallMs'),
    rowFor('graphql', "for reference: added by require('graphql')", 'cpuMs'),
    rowFor('graphql-request', "for reference: added by require('graphql-request')", 'cpuMs'),
  ],
  notes: [
    `figures are per-run differences (variant − node -e 0 in the same run), median and min–max over ${runs} runs; node -e 0 itself took ${base('wallMs').median.toFixed(0)} ms wall, ${base('cpuMs').median.toFixed(0)} ms CPU (medians). Wall time counts waiting for a core on the shared machine; CPU time (user + system of the process) is what the load costs; ratio = median variant / median node -e 0.`,
  ],
});
