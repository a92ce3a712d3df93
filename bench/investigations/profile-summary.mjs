#!/usr/bin/env node
// Summarises a V8 CPU profile (node --cpu-prof): self time by function and
// time spent under each package or file (inclusive), for docs/performance.md.
// With --minus, compares two profiles of the same work done two ways (e.g.
// the SDK and a hand-written fetch, the same number of calls each): busy time
// grouped by what spent it, and the difference, per call with --calls.
//
//   node bench/investigations/profile-summary.mjs FILE.cpuprofile [--top 25]
//   node bench/investigations/profile-summary.mjs SDK.cpuprofile --minus RAW.cpuprofile --calls 6000
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, minus: { type: 'string' }, calls: { type: 'string' } },
});
const top = Number(values.top);
if (values.minus) {
  compare(positionals[0], values.minus, Number(values.calls ?? 0));
  process.exit(0);
}
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
for (const [what, ms] of [...self]
  .filter(([k]) => !k.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top))
  console.log(line(ms, what));
console.log('\ntime under each package or file (inclusive):');
for (const [what, ms] of [...inclusive]
  .filter(([k]) => k !== '(native)' && k !== 'other')
  .sort((a, b) => b[1] - a[1])
  .slice(0, top))
  console.log(line(ms, what));

/** What spent a sample's time, by the function that was running (self time). */
function groupOf(callFrame) {
  const place = placeOf(callFrame.url);
  if (place.startsWith('@wandb-ts/users')) return 'the SDK (@wandb-ts/users)';
  if (place === 'graphql-request') return 'graphql-request';
  if (['node:abort_controller', 'node:event_target', 'node:events', 'node:timers'].includes(place)) return 'abort signals, events and timers';
  if (['node:deps', 'node:webstreams', 'node:streams', 'node:stream_base_commons', 'node:net', 'node:buffer', 'node:encoding', 'node:url'].includes(place))
    return 'fetch (undici), web streams and sockets';
  if (callFrame.functionName === 'writev' || callFrame.functionName === 'JSTransferable') return 'fetch (undici), web streams and sockets';
  if (callFrame.functionName === '(garbage collector)') return 'garbage collection';
  if (callFrame.functionName === '(idle)') return '(idle)';
  return 'other (V8, Node internals, microtasks)';
}

function busyByGroup(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const groups = new Map();
  profile.samples.forEach((id, i) => {
    const group = groupOf(byId.get(id).callFrame);
    if (group !== '(idle)') groups.set(group, (groups.get(group) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return groups;
}

function compare(fileA, fileB, calls) {
  const a = busyByGroup(fileA);
  const b = busyByGroup(fileB);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => (a.get(y) ?? 0) - (b.get(y) ?? 0) - ((a.get(x) ?? 0) - (b.get(x) ?? 0)));
  const total = (m) => [...m.values()].reduce((s, v) => s + v, 0);
  const cell = (ms) => (calls > 0 ? `${((ms * 1000) / calls).toFixed(1)} µs` : `${ms.toFixed(0)} ms`);
  console.log(`busy time${calls > 0 ? ` per call (${calls} calls each)` : ''}: ${fileA} minus ${fileB}`);
  console.log(`| what | ${calls > 0 ? 'first' : 'first (ms)'} | second | difference |`);
  console.log('|---|---|---|---|');
  for (const name of names)
    console.log(`| ${name} | ${cell(a.get(name) ?? 0)} | ${cell(b.get(name) ?? 0)} | ${cell((a.get(name) ?? 0) - (b.get(name) ?? 0))} |`);
  console.log(`| total | ${cell(total(a))} | ${cell(total(b))} | ${cell(total(a) - total(b))} |`);
}
