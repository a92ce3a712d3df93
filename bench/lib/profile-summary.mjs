#!/usr/bin/env node
// Summarises a V8 CPU profile (node --cpu-prof): self time by function and
// time spent under each package or file (inclusive), for docs/performance.md.
//
//   node bench/lib/profile-summary.mjs FILE.cpuprofile [--top 25]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
const top = Number(values.top);
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** node_modules package, workspace package file, node: built-in group, or (native/other). */
function placeOf(url) {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1];
  const workspace = /packages\/([^/]+)\/(.*)$/.exec(url);
  if (workspace) return `@wandb-ts/${workspace[1]} ${workspace[2]}`;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').replace(/\/.*$/, '');
  return url ? 'other' : '(native)';
}

const self = new Map();
const inclusive = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  total += ms;
  const { callFrame } = byId.get(id);
  const key = `${callFrame.functionName || '(anonymous)'} ${placeOf(callFrame.url)}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
  self.set(key, (self.get(key) ?? 0) + ms);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const place = placeOf(byId.get(at).callFrame.url);
    if (!seen.has(place)) inclusive.set(place, (inclusive.get(place) ?? 0) + ms);
    seen.add(place);
  }
});
const idle = self.get('(idle) (native)') ?? 0;
const busy = total - idle;
const line = (ms, what) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${what}`;
console.log(`${positionals[0]}: ${total.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms busy (percentages of busy time)`);
console.log('\nself time, by function:');
for (const [what, ms] of [...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(ms, what));
console.log('\ntime under each package or file (inclusive):');
for (const [what, ms] of [...inclusive].filter(([k]) => k !== '(native)' && k !== 'other').sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(ms, what));
