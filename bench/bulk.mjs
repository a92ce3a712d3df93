#!/usr/bin/env node
// 2. Bulk: create users with concurrency 16 through `api.createUser` and
// through a hand-written `fetch` loop sending the same mutation, against the
// fake W&B server in another process. The variants alternate in blocks; each
// block creates distinct users, and the server's user count is checked at the end.
import { Api } from '@wandb-ts/users';
import { CreateUserFromAdminDocument } from '@wandb-ts/users/graphql';
import { print } from 'graphql';
import { alternate } from './lib/alternate.mjs';
import { startFakeChild } from './lib/fake.mjs';
import { benchOptions, emit, row } from './lib/report.mjs';

const options = benchOptions();
const total = options.quick ? 500 : 5000;
const blocks = options.quick ? 10 : 50;
const perBlock = total / blocks;
const concurrency = 16;

const fake = await startFakeChild();
const url = `${fake.baseUrl}/graphql`;
const api = new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, env: {} });

const query = print(CreateUserFromAdminDocument);
const headers = {
  accept: 'application/graphql-response+json, application/json',
  'content-type': 'application/json',
  authorization: `Basic ${btoa(`api:${fake.adminApiKey}`)}`,
  'use-admin-privileges': 'true',
  'user-agent': 'W&B Public Client (hand-written fetch)',
};
const create = {
  async sdk(email) {
    const user = await api.createUser(email);
    if (user.email !== email) throw new Error(`createUser returned ${user.email} for ${email}`);
  },
  async raw(email) {
    const body = JSON.stringify({ query, variables: { email, admin: false }, operationName: 'CreateUserFromAdmin' });
    const response = await fetch(url, { method: 'POST', headers, body });
    const json = await response.json();
    if (!response.ok || json.errors || json.data?.createUser?.user?.email !== email) throw new Error(`raw createUser failed for ${email}: HTTP ${response.status}`);
  },
};

/** Creates `emails` with `concurrency` requests in flight; returns users per second. */
async function createAll(variant, emails) {
  const queue = [...emails];
  const started = performance.now();
  const worker = async () => {
    for (let email = queue.shift(); email; email = queue.shift()) await create[variant](email);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return emails.length / ((performance.now() - started) / 1000);
}

// Warm-up: both paths compiled and connections open before anything counts.
await createAll('sdk', Array.from({ length: 100 }, (_, i) => `warm-sdk-${i}@example.com`));
await createAll('raw', Array.from({ length: 100 }, (_, i) => `warm-raw-${i}@example.com`));

const result = await alternate({
  blocks,
  variants: ['sdk', 'raw'],
  run: (variant, block) => createAll(variant, Array.from({ length: perBlock }, (_, i) => `bulk-${variant}-${block}-${i}@example.com`)),
});
const server = await fake.stats();
await fake.close();
// Exactly one request per user, all answered 200: no retry or recovery lookup blurred the figures.
const expected = 1 + 200 + 2 * total;
if (server.users !== expected || server.requests !== expected - 1 || Object.keys(server.statuses).some((s) => s !== '200')) {
  throw new Error(`server state is off: ${server.users} users (expected ${expected}), ${server.requests} requests, statuses ${JSON.stringify(server.statuses)}`);
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
  ],
  notes: [
    `${blocks} alternating blocks of ${perBlock} users per variant; figures are per-block throughputs (users/s); ratio = median SDK block / median fetch block, min–max over ${result.ratio('sdk', 'raw').slices} slices.`,
    `the server then held ${server.users} users (admin + warm-up + both variants) after ${server.requests} requests, every answer HTTP 200.`,
  ],
});
