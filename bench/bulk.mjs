#!/usr/bin/env node
// 2. Bulk: create users with concurrency 16 through `api.createUser` and
// through a hand-written `fetch` loop sending the same mutation (and, for
// reference, the same loop with a timeout per request), against the fake W&B
// server in another process. The variants rotate in blocks; each block creates
// distinct users, and the server's user and request counts are checked at the end.
import { Api } from '@wandb-ts/users';
import { CreateUserFromAdminDocument } from '@wandb-ts/users/graphql';
import { print } from 'graphql';
import { alternate } from './lib/alternate.mjs';
import { startFakeChild } from './lib/fake.mjs';
import { benchOptions, emit, row } from './lib/report.mjs';
import { median, summary } from './lib/stats.mjs';
import { handWrittenHeaders } from './lib/viewer-calls.mjs';

const options = benchOptions();
const total = options.quick ? 500 : 5000;
const blocks = options.quick ? 10 : 50;
const perBlock = total / blocks;
const concurrency = 16;

const fake = await startFakeChild();
const url = `${fake.baseUrl}/graphql`;
const api = new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, env: {} });

const query = print(CreateUserFromAdminDocument);
const headers = handWrittenHeaders(fake.adminApiKey);
const create = {
  async sdk(email) {
    const user = await api.createUser(email);
    if (user.email !== email) throw new Error(`createUser returned ${user.email} for ${email}`);
  },
  async raw(email) {
    const body = JSON.stringify({ query, variables: { email, admin: false }, operationName: 'CreateUserFromAdmin' });
    const response = await fetch(url, { method: 'POST', headers, body });
    const json = await response.json();
    if (!response.ok || json.errors || json.data?.createUser?.user?.email !== email)
      throw new Error(`raw createUser failed for ${email}: HTTP ${response.status}`);
  },
  // For reference: the same with the timeout every SDK request has (controller, timer, signal).
  async rawWithTimeout(email) {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), 30_000);
    try {
      const body = JSON.stringify({ query, variables: { email, admin: false }, operationName: 'CreateUserFromAdmin' });
      const response = await fetch(url, { method: 'POST', headers, body, signal: timeout.signal });
      const json = await response.json();
      if (!response.ok || json.errors || json.data?.createUser?.user?.email !== email)
        throw new Error(`raw createUser failed for ${email}: HTTP ${response.status}`);
    } finally {
      clearTimeout(timer);
    }
  },
};

// This process's CPU time per user created, per block: the client's own cost,
// which machine load changes far less than throughput (the server runs elsewhere).
const cpuPerUser = Object.fromEntries(Object.keys(create).map((v) => [v, []]));

/** Creates `emails` with `concurrency` requests in flight; returns users per second. */
async function createAll(variant, emails) {
  const queue = [...emails];
  const started = performance.now();
  const cpu = process.cpuUsage();
  const worker = async () => {
    for (let email = queue.shift(); email; email = queue.shift()) await create[variant](email);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(cpu);
  cpuPerUser[variant].push((used.user + used.system) / emails.length);
  return emails.length / ((performance.now() - started) / 1000);
}

// Warm-up: both paths compiled and connections open before anything counts.
for (const variant of Object.keys(create))
  await createAll(
    variant,
    Array.from({ length: 100 }, (_, i) => `warm-${variant}-${i}@example.com`),
  );
for (const variant of Object.keys(create)) cpuPerUser[variant].length = 0;

const result = await alternate({
  blocks,
  variants: ['sdk', 'raw', 'rawWithTimeout'],
  run: (variant, block) =>
    createAll(
      variant,
      Array.from({ length: perBlock }, (_, i) => `bulk-${variant}-${block}-${i}@example.com`),
    ),
});
const server = await fake.stats();
await fake.close();
// Exactly one request per user, all answered 200: no retry or recovery lookup blurred the figures.
const expected = 1 + 300 + 3 * total;
if (server.users !== expected || server.requests !== expected - 1 || Object.keys(server.statuses).some((s) => s !== '200')) {
  throw new Error(
    `server state is off: ${server.users} users (expected ${expected}), ${server.requests} requests, statuses ${JSON.stringify(server.statuses)}`,
  );
}

emit(options, {
  id: 'bulk',
  title: `Bulk: ${total} users per variant created with concurrency ${concurrency}, api.createUser vs hand-written fetch`,
  rows: [
    row({
      measure: `createUser throughput, concurrency ${concurrency} (SDK / fetch)`,
      unit: 'users/s',
      ...result.sdk,
      baseline: { name: 'fetch', median: result.raw.median },
      ratio: result.ratio('sdk', 'raw'),
      target: 'ratio ≥ 0.90',
      met: result.ratio('sdk', 'raw').median >= 0.9,
    }),
    row({
      measure: 'client CPU time per user created (SDK / fetch)',
      unit: 'µs',
      ...summary(cpuPerUser.sdk),
      baseline: { name: 'fetch', median: median(cpuPerUser.raw) },
      ratio: { median: median(cpuPerUser.sdk) / median(cpuPerUser.raw) },
    }),
    row({
      measure: 'for reference: createUser against fetch with a timeout (AbortController, timer, signal)',
      unit: 'users/s',
      median: result.sdk.median,
      baseline: { name: 'fetch + timeout', median: result.rawWithTimeout.median },
      ratio: result.ratio('sdk', 'rawWithTimeout'),
    }),
  ],
  notes: [
    `${blocks} blocks of ${perBlock} users per variant, the three variants in rotating order; figures are per-block throughputs (users/s); ratio = median SDK block / median fetch block, min–max over ${result.ratio('sdk', 'raw').slices} slices.`,
    `the server then held ${server.users} users (admin, warm-up, every variant's) after ${server.requests} requests, every answer HTTP 200.`,
  ],
});
