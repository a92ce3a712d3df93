#!/usr/bin/env node
// 3. Paging over 20,000 matching users: time and peak memory growth of
// `api.users(query)` (returns them all), `api.iterUsers(query)` (a page at a
// time) and a hand-written fetch paging loop, each run in a fresh process
// against the fake W&B server in another. iterUsers is also run over 2,000
// users: its memory must not grow with the result count.
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeChild } from './lib/fake.mjs';
import { benchOptions, emit, row } from './lib/report.mjs';
import { median, summary } from './lib/stats.mjs';

const options = benchOptions();
const large = options.quick ? 2000 : 20000;
const small = large / 10;
const rounds = options.quick ? 1 : 3;
const pageSize = 50;
const here = dirname(fileURLToPath(import.meta.url));

// Two groups of users, found by prefix: `page-` (large) and `few-` (small).
const server = await startFakeChild({ groups: { page: large, few: small } });

function runClient(mode, query, checkpoints) {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'lib', 'paging-client.mjs'), { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', resolve);
    child.once('exit', (code) => code !== 0 && reject(new Error(`paging client (${mode}) exited with ${code}`)));
    child.send({ mode, baseUrl: server.baseUrl, apiKey: server.adminApiKey, query, pageSize, checkpoints });
  });
}

// Timed runs (no GC checkpoints) and memory runs (with them), each variant in
// its own process, the order reversed every other round.
const plan = [
  ['iterUsers', 'page-', large],
  ['fetch', 'page-', large],
  ['users', 'page-', large],
  ['iterUsers', 'few-', small],
  ['users', 'few-', small],
];
const timed = Object.fromEntries(plan.map(([mode, query]) => [`${mode} ${query}`, []]));
const memory = Object.fromEntries(plan.map(([mode, query]) => [`${mode} ${query}`, []]));
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? plan : [...plan].reverse();
  for (const checkpoints of [false, true]) {
    for (const [mode, query, expected] of order) {
      const result = await runClient(mode, query, checkpoints);
      if (result.count !== expected) throw new Error(`${mode} ${query} found ${result.count} users, expected ${expected}`);
      (checkpoints ? memory : timed)[`${mode} ${query}`].push(result);
    }
  }
}
const stats = await server.stats();
await server.close();
if (Object.keys(stats.statuses).some((s) => s !== '200')) throw new Error(`the fake answered ${JSON.stringify(stats.statuses)}`);

const MB = 1024 * 1024;
const figure = (runs, key, field, scale = 1) => summary(runs[key].map((r) => r[field] / scale));
const ratioOf = (runs, a, b, field) => {
  const pairs = runs[a].map((r, i) => r[field] / runs[b][i][field]);
  return { median: median(pairs), min: Math.min(...pairs), max: Math.max(...pairs) };
};
const iterLarge = figure(memory, 'iterUsers page-', 'retained', MB);
const iterSmall = figure(memory, 'iterUsers few-', 'retained', MB);
// Bounded: what iterUsers keeps alive over 10x the users is within 1 MiB of what it keeps over 1x.
const bounded = iterLarge.max <= iterSmall.median + 1;
const fetchTime = figure(timed, 'fetch page-', 'ms').median;

emit(options, {
  id: 'paging',
  title: `Paging: ${large} matching users, page size ${pageSize} (${large / pageSize} requests), each run in a fresh process`,
  rows: [
    row({
      measure: `api.iterUsers over ${large}: time (SDK / fetch loop)`,
      unit: 'ms',
      ...figure(timed, 'iterUsers page-', 'ms'),
      baseline: { name: 'fetch loop', median: fetchTime },
      ratio: ratioOf(timed, 'iterUsers page-', 'fetch page-', 'ms'),
    }),
    row({
      measure: `api.users over ${large}: time (SDK / fetch loop)`,
      unit: 'ms',
      ...figure(timed, 'users page-', 'ms'),
      baseline: { name: 'fetch loop', median: fetchTime },
      ratio: ratioOf(timed, 'users page-', 'fetch page-', 'ms'),
    }),
    row({
      measure: `api.iterUsers over ${large}: peak RSS growth`,
      unit: 'MiB',
      ...figure(timed, 'iterUsers page-', 'rssGrowth', MB),
      baseline: { name: 'fetch loop', median: figure(timed, 'fetch page-', 'rssGrowth', MB).median, unit: 'MiB' },
      ratio: ratioOf(timed, 'iterUsers page-', 'fetch page-', 'rssGrowth'),
    }),
    row({
      measure: `api.users over ${large}: peak RSS growth`,
      unit: 'MiB',
      ...figure(timed, 'users page-', 'rssGrowth', MB),
      baseline: { name: 'fetch loop', median: figure(timed, 'fetch page-', 'rssGrowth', MB).median, unit: 'MiB' },
      ratio: ratioOf(timed, 'users page-', 'fetch page-', 'rssGrowth'),
    }),
    row({
      measure: `api.iterUsers over ${large}: most heap kept alive (after GC); over ${small}: ${iterSmall.median.toFixed(2)} MiB`,
      unit: 'MiB',
      ...iterLarge,
      baseline: { name: 'fetch loop', median: figure(memory, 'fetch page-', 'retained', MB).median, unit: 'MiB' },
      ratio: ratioOf(memory, 'iterUsers page-', 'fetch page-', 'retained'),
      target: 'bounded by page size, not count',
      met: bounded,
    }),
    row({
      measure: `api.users over ${large}: heap kept alive (the ${large} users)`,
      unit: 'MiB',
      ...figure(memory, 'users page-', 'retained', MB),
      baseline: { name: `users over ${small}`, median: figure(memory, 'users few-', 'retained', MB).median, unit: 'MiB' },
      ratio: ratioOf(memory, 'users page-', 'users few-', 'retained'),
    }),
  ],
  notes: [
    `${rounds} round(s) of timed runs and of memory runs, each variant in a fresh process, order reversed every other round.`,
    'RSS growth = peak RSS sampled every 2 ms minus RSS at the start: it includes garbage not yet collected and code loaded on first use (fetch), so it is compared with the fetch loop.',
    `heap kept alive = the most heap still used after a full GC, taken every 1,000 users and at the end; iterUsers meets the target when that over ${large} users stays within 1 MiB of its value over ${small}.`,
  ],
});
