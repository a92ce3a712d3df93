#!/usr/bin/env node
// Load benchmark for the fake W&B server (not a test): N concurrent clients,
// each a real @wandb-ts/users Api with its own user and key (plus an admin Api),
// loop over a realistic mix (viewer, search, create a user, generate a key,
// delete every other new key) for a bounded time against one fake server in a
// child process on 127.0.0.1. It then checks zero errors and a consistent
// server state (no duplicate, missing or unexpected user; every client's key
// count as its own bookkeeping says), prints the figures, and exits non-zero
// if any check fails.
//
//   node bench/load.mjs [--clients 200] [--seconds 10] [--update-docs]
//
// --update-docs writes the figures into docs/reliability.md.
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Api } from '@wandb-ts/users';

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '200' }, seconds: { type: 'string', default: '10' }, 'update-docs': { type: 'boolean' } },
});
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const here = dirname(fileURLToPath(import.meta.url));

const child = fork(join(here, 'fake-server-child.mjs'), [String(clients)], { stdio: 'inherit' });
const ask = (type) =>
  new Promise((resolve) => {
    const onMessage = (m) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      resolve(m);
    };
    child.on('message', onMessage);
    if (type !== 'ready') child.send({ type });
  });

const { baseUrl, adminApiKey, keys } = await ask('ready');
// Clients must not retry under load: every failure should count.
const options = { baseUrl, env: {}, retry: false, timeoutMs: 30_000 };

// Each client is a user with its own key (viewer, key generation and deletion)
// and its own admin Api (search, user creation).
const workers = keys.map((apiKey, i) => ({
  i,
  own: new Api({ ...options, apiKey }),
  admin: new Api({ ...options, apiKey: adminApiKey }),
  created: [],
  generated: 0,
  deleted: 0,
  errors: [],
  latencies: [],
}));

const deadline = performance.now() + seconds * 1000;
let requests = 0;
async function timed(w, fn) {
  const start = performance.now();
  try {
    return await fn();
  } catch (error) {
    w.errors.push(`${error.name}: ${error.message}`);
    return undefined;
  } finally {
    w.latencies.push(performance.now() - start);
    requests++;
  }
}

async function run(w) {
  for (let n = 1; performance.now() < deadline; n++) {
    const me = await timed(w, () => w.own.viewer());
    if (!me) continue;
    await timed(w, () => w.admin.users(`load-${w.i}@`));
    const email = `w${w.i}-${n}@example.com`;
    if (await timed(w, () => w.admin.createUser(email))) w.created.push(email);
    const secret = await timed(w, () => me.generateApiKey(`load ${n}`));
    if (secret) w.generated++;
    const newest = me.apiKeys[me.apiKeys.length - 1];
    if (n % 2 === 0 && newest && (await timed(w, () => me.deleteApiKey(newest)))) w.deleted++;
  }
}

const started = performance.now();
await Promise.all(workers.map(run));
const elapsed = (performance.now() - started) / 1000;

const snapshot = await ask('snapshot');
child.send({ type: 'close' });

const errors = workers.flatMap((w) => w.errors);
const latencies = workers.flatMap((w) => w.latencies).sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
const expectedEmails = new Set([...workers.map((w) => `load-${w.i}@example.com`), ...workers.flatMap((w) => w.created)]);
const serverEmails = snapshot.users.map((u) => u.email);
const duplicates = serverEmails.length - new Set(serverEmails.map((e) => e.toLowerCase())).size;
const missing = [...expectedEmails].filter((e) => !serverEmails.includes(e)).length;
const unexpected = serverEmails.filter((e) => e !== 'admin@example.com' && !expectedEmails.has(e)).length;
// Every client started with 2 keys (seeded, and the one it uses): the server must hold 2 + generated - deleted.
const keyMismatches = workers.filter(
  (w) => snapshot.users.find((u) => u.email === `load-${w.i}@example.com`).apiKeys.length !== 2 + w.generated - w.deleted,
).length;
const non200 = Object.entries(snapshot.statuses).filter(([status]) => status !== '200');

const consistent = duplicates === 0 && missing === 0 && unexpected === 0 && keyMismatches === 0 && non200.length === 0;
const rows = [
  ['date', new Date().toISOString().slice(0, 10)],
  ['machine', `${os.cpus().length} cores, Node ${process.version}`],
  ['clients', String(clients)],
  ['duration', `${elapsed.toFixed(1)} s`],
  ['requests (client side)', String(requests)],
  ['requests/s', (requests / elapsed).toFixed(0)],
  ['latency p50 / p99 / max', `${pct(50)} / ${pct(99)} / ${latencies[latencies.length - 1].toFixed(1)} ms`],
  ['errors', String(errors.length)],
  ['users created', String(expectedEmails.size)],
  ['keys generated / deleted', `${workers.reduce((s, w) => s + w.generated, 0)} / ${workers.reduce((s, w) => s + w.deleted, 0)}`],
  ['server: clients whose key count is off', String(keyMismatches)],
  ['server: non-200 answers', non200.length ? JSON.stringify(Object.fromEntries(non200)) : '0'],
  ['server: duplicate / missing / unexpected users', `${duplicates} / ${missing} / ${unexpected}`],
  ['server RSS at the end', `${(snapshot.rss / 1024 / 1024).toFixed(0)} MiB`],
  ['verdict', consistent && errors.length === 0 ? 'PASS: zero errors, consistent state' : 'FAIL'],
];
const table = ['| measure | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
console.log(table);
if (errors.length) console.log('first errors:', errors.slice(0, 5));

if (values['update-docs']) {
  const path = join(here, '..', 'docs', 'reliability.md');
  const doc = readFileSync(path, 'utf8');
  const start = '<!-- load:start (written by node bench/load.mjs --update-docs) -->\n';
  const end = '\n<!-- load:end -->';
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < 0) throw new Error('docs/reliability.md has no load markers');
  writeFileSync(path, doc.slice(0, from + start.length) + table + doc.slice(to));
}
process.exitCode = consistent && errors.length === 0 ? 0 : 1;
