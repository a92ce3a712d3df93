#!/usr/bin/env node
// 7. The fake W&B server: (a) start-up, from spawning a process to the first
// answered GetViewer, against a bare node:http server started the same way;
// (b) GetViewer requests/s and p99 latency with 64 concurrent keep-alive
// connections from this process (autocannon) to the server in another,
// against the bare server.
import { fork } from 'node:child_process';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetViewerDocument } from '@wandb-ts/users/graphql';
import { USER_AGENT } from '@wandb-ts/users';
import autocannon from 'autocannon';
import { print } from 'graphql';
import { startFakeChild } from './lib/fake.mjs';
import { benchOptions, emit, row } from './lib/report.mjs';
import { median, summary } from './lib/stats.mjs';

const options = benchOptions();
const startRuns = options.quick ? 5 : 25;
const loadRounds = options.quick ? 1 : 3;
const loadSeconds = options.quick ? 2 : 10;
const connections = 64;
const here = dirname(fileURLToPath(import.meta.url));
const body = JSON.stringify({ query: print(GetViewerDocument), variables: {}, operationName: 'GetViewer' });
const headersFor = (apiKey) => ({
  'content-type': 'application/json',
  authorization: `Basic ${btoa(`api:${apiKey}`)}`,
  'use-admin-privileges': 'true',
  'user-agent': USER_AGENT,
});

function post(port, apiKey) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: headersFor(apiKey), agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () =>
        res.statusCode === 200 && JSON.parse(text).data?.viewer?.id
          ? resolve()
          : reject(new Error(`first request: HTTP ${res.statusCode} ${text.slice(0, 200)}`)),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Spawns a server of `mode` and times it to the end of its first answer; returns the total and the child's own steps. */
async function startOnce(mode) {
  const started = performance.now();
  const child = fork(join(here, 'lib', 'start-child.mjs'), [mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  const listening = performance.now();
  await post(ready.port, ready.apiKey);
  const answered = performance.now();
  const total = answered - started;
  const { cpuMs } = await new Promise((resolve) => {
    child.once('message', resolve);
    child.send({ type: 'cpu' });
  });
  child.removeAllListeners('exit');
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.send({ type: 'close' });
  });
  return { total, cpuMs, boot: ready.boot, imported: ready.imported, started: ready.started, firstRequest: answered - listening };
}

const start = { fake: [], bare: [] };
await startOnce('bare'); // the first spawn pays for the page cache
for (let run = 0; run < startRuns; run++) for (const mode of run % 2 ? ['bare', 'fake'] : ['fake', 'bare']) start[mode].push(await startOnce(mode));
const added = summary(start.fake.map((f, i) => f.total - start.bare[i].total));
const addedCpu = summary(start.fake.map((f, i) => f.cpuMs - start.bare[i].cpuMs));
const step = (field) => summary(start.fake.map((r) => r[field]));

/** Load from this process against a server in another, `loadSeconds` long, after a 1 s warm-up. */
async function load(mode) {
  const server = mode === 'fake' ? await startFakeChild() : await startBare();
  const url = mode === 'fake' ? `${server.baseUrl}/graphql` : `http://127.0.0.1:${server.port}/graphql`;
  const setup = { url, connections, method: 'POST', headers: headersFor(server.adminApiKey ?? server.apiKey), body };
  await autocannon({ ...setup, duration: 1 });
  const result = await autocannon({ ...setup, duration: loadSeconds });
  await server.close();
  if (result.errors || result.timeouts || result.non2xx)
    throw new Error(`${mode}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
  return { rps: result.requests.average, p99: result.latency.p99, p50: result.latency.p50, total: result.requests.total };
}
async function startBare() {
  const child = fork(join(here, 'lib', 'start-child.mjs'), ['bare'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise((resolve) => child.once('message', resolve));
  return {
    ...ready,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send({ type: 'close' });
      }),
  };
}
const loadRuns = { fake: [], bare: [] };
for (let round = 0; round < loadRounds; round++) for (const mode of round % 2 ? ['bare', 'fake'] : ['fake', 'bare']) loadRuns[mode].push(await load(mode));
const loadFigure = (mode, field) => summary(loadRuns[mode].map((r) => r[field]));
const pairRatio = (field) => {
  const ratios = loadRuns.fake.map((r, i) => r[field] / loadRuns.bare[i][field]);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
};

emit(options, {
  id: 'fake-server',
  title: `Fake W&B server: start-up to the first answered GetViewer (${startRuns} runs) and load with ${connections} keep-alive connections (autocannon 9.0.0, ${loadRounds} × ${loadSeconds} s)`,
  rows: [
    row({
      measure: 'start-up to first answered request, wall time added over a bare node:http server',
      unit: 'ms',
      ...added,
      baseline: { name: 'bare server, spawn to first answer', median: median(start.bare.map((r) => r.total)) },
      ratio: { median: median(start.fake.map((r) => r.total)) / median(start.bare.map((r) => r.total)) },
      target: '≤ 50 ms',
      met: added.median <= 50,
    }),
    row({
      measure: 'start-up to first answered request, CPU time added over the bare server',
      unit: 'ms',
      ...addedCpu,
      baseline: { name: 'bare server CPU', median: median(start.bare.map((r) => r.cpuMs)) },
      ratio: { median: median(start.fake.map((r) => r.cpuMs)) / median(start.bare.map((r) => r.cpuMs)) },
      target: '≤ 50 ms',
      met: addedCpu.median <= 50,
    }),
    row({ measure: '… of which: import @wandb-ts/testing (graphql-js)', unit: 'ms', ...step('imported') }),
    row({ measure: '… of which: startFakeWandb() (schema build, listen)', unit: 'ms', ...step('started') }),
    row({ measure: '… of which: first GetViewer (validate, execute, answer)', unit: 'ms', ...step('firstRequest') }),
    row({
      measure: 'GetViewer requests/s, 64 connections (fake / bare)',
      unit: 'req/s',
      ...loadFigure('fake', 'rps'),
      baseline: { name: 'bare server', median: loadFigure('bare', 'rps').median },
      ratio: pairRatio('rps'),
    }),
    row({
      measure: 'GetViewer p99 latency, 64 connections (fake / bare)',
      unit: 'ms',
      ...loadFigure('fake', 'p99'),
      baseline: { name: 'bare server', median: loadFigure('bare', 'p99').median },
      ratio: pairRatio('p99'),
    }),
  ],
  notes: [
    `start-up: each run forks a fresh process and sends one GetViewer over a new connection as soon as it reports listening; added = median of per-run differences (fake − bare), min–max over runs. Node's own boot took ${median(start.fake.map((r) => r.boot)).toFixed(0)} ms (median) before the fake's script ran; the steps are timed inside the child.`,
    `load: autocannon in this process, the server alone in another; 1 s warm-up per run; every answer HTTP 200. The bare server answers a canned viewer without GraphQL: the ratio is what GraphQL parsing-cache lookup, execution and the fake's bookkeeping cost.`,
  ],
});
