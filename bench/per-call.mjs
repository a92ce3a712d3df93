#!/usr/bin/env node
// 1. Per-call overhead: `api.viewer()` against a hand-written `fetch` POST of
// the same document with the same headers (and, for reference, the same fetch
// with a timeout), sequentially, against the fake W&B server in another
// process on 127.0.0.1. The variants run in short blocks in rotating order.
// Two more variants send the same call with graphql-request alone, without
// and with a timeout: the floor under the SDK, whose transport it is.
import { Api } from '@wandb-ts/users';
import { GetViewerDocument } from '@wandb-ts/users/graphql';
import { print } from 'graphql';
import { GraphQLClient } from 'graphql-request';
import { alternate } from './lib/alternate.mjs';
import { startFakeChild } from './lib/fake.mjs';
import { benchOptions, emit, row } from './lib/report.mjs';

const options = benchOptions();
const blocks = options.quick ? 20 : 200;
const perBlock = 10;
const warmUp = options.quick ? 100 : 500;

const fake = await startFakeChild();
const url = `${fake.baseUrl}/graphql`;
const api = new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, env: {} });

// What a careful hand-written client sends and checks: the same document,
// auth and first-party headers; it parses the JSON and looks for errors.
const body = JSON.stringify({ query: print(GetViewerDocument), variables: {}, operationName: 'GetViewer' });
const headers = {
  accept: 'application/graphql-response+json, application/json',
  'content-type': 'application/json',
  authorization: `Basic ${btoa(`api:${fake.adminApiKey}`)}`,
  'use-admin-privileges': 'true',
  'user-agent': 'W&B Public Client (hand-written fetch)',
};
async function raw() {
  const response = await fetch(url, { method: 'POST', headers, body });
  const json = await response.json();
  if (!response.ok || json.errors || !json.data?.viewer?.id) throw new Error(`raw GetViewer failed: HTTP ${response.status}`);
  return json.data.viewer;
}
// The same, with what any client needs to time a request out: an
// AbortController, a timer, and the signal handed to fetch.
async function rawWithTimeout() {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), 30_000);
  try {
    const response = await fetch(url, { method: 'POST', headers, body, signal: timeout.signal });
    const json = await response.json();
    if (!response.ok || json.errors || !json.data?.viewer?.id) throw new Error(`raw GetViewer failed: HTTP ${response.status}`);
    return json.data.viewer;
  } finally {
    clearTimeout(timer);
  }
}
// graphql-request as a careful user would call it: one client, the query as
// a string, excludeOperationName so it does not parse the query on every call.
const client = new GraphQLClient(url, { headers, excludeOperationName: true });
const query = print(GetViewerDocument);
async function graphqlRequest() {
  const data = await client.request(query);
  if (!data.viewer?.id) throw new Error('graphql-request GetViewer returned no id');
  return data.viewer;
}
async function graphqlRequestWithTimeout() {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), 30_000);
  try {
    const data = await client.request({ document: query, signal: timeout.signal });
    if (!data.viewer?.id) throw new Error('graphql-request GetViewer returned no id');
    return data.viewer;
  } finally {
    clearTimeout(timer);
  }
}
async function sdk() {
  const me = await api.viewer();
  if (!me.id) throw new Error('api.viewer() returned no id');
  return me;
}
const calls = { sdk, raw, rawWithTimeout, graphqlRequest, graphqlRequestWithTimeout };

for (let i = 0; i < warmUp; i++) for (const call of Object.values(calls)) await call();
await fake.stats();

const result = await alternate({
  blocks,
  variants: Object.keys(calls),
  async run(variant) {
    const call = calls[variant];
    const latencies = [];
    for (let i = 0; i < perBlock; i++) {
      const started = performance.now();
      await call();
      latencies.push((performance.now() - started) * 1000);
    }
    return latencies;
  },
});
const server = await fake.stats();
await fake.close();
const non200 = Object.keys(server.statuses).filter((s) => s !== '200');
if (non200.length) throw new Error(`the fake answered with ${JSON.stringify(server.statuses)}`);

const n = blocks * perBlock;
emit(options, {
  id: 'per-call',
  title: `Per-call overhead: api.viewer() vs hand-written fetch, sequential, ${n} calls each after ${warmUp} warm-up calls`,
  rows: [
    row({
      measure: 'api.viewer() latency per call (SDK / fetch)',
      unit: 'µs',
      ...result.sdk,
      baseline: { name: 'fetch', median: result.raw.median },
      ratio: result.ratio('sdk', 'raw'),
      target: 'ratio ≤ 1.10',
      met: result.ratio('sdk', 'raw').median <= 1.1,
    }),
    row({ measure: 'added per call (median SDK − median fetch)', unit: 'µs', median: result.sdk.median - result.raw.median }),
    row({
      measure: 'for reference: api.viewer() against fetch with a timeout (AbortController, timer, signal)',
      unit: 'µs',
      median: result.sdk.median,
      baseline: { name: 'fetch + timeout', median: result.rawWithTimeout.median },
      ratio: result.ratio('sdk', 'rawWithTimeout'),
    }),
    row({
      measure: 'for reference: graphql-request alone, same call (GraphQLClient.request, no timeout)',
      unit: 'µs',
      median: result.graphqlRequest.median,
      baseline: { name: 'fetch', median: result.raw.median },
      ratio: result.ratio('graphqlRequest', 'raw'),
    }),
    row({
      measure: 'for reference: graphql-request with a timeout (AbortController, timer, signal)',
      unit: 'µs',
      median: result.graphqlRequestWithTimeout.median,
      baseline: { name: 'fetch', median: result.raw.median },
      ratio: result.ratio('graphqlRequestWithTimeout', 'raw'),
    }),
    row({
      measure: 'for reference: api.viewer() against graphql-request with a timeout (what the SDK adds to its transport)',
      unit: 'µs',
      median: result.sdk.median,
      baseline: { name: 'graphql-request + timeout', median: result.graphqlRequestWithTimeout.median },
      ratio: result.ratio('sdk', 'graphqlRequestWithTimeout'),
    }),
  ],
  notes: [
    `${n} calls per variant in ${blocks} blocks of ${perBlock}, the ${Object.keys(calls).length} variants in rotating order; ratio = median SDK latency / median fetch latency; its min–max is over ${result.ratio('sdk', 'raw').slices} consecutive slices of the run. Every SDK call has a timeout (30 s by default), which costs a signal in fetch; the reference rows compare with a fetch that has one too, and with graphql-request (the SDK's transport) used directly, without and with one.`,
    `latency min–max is over single calls; the server answered ${server.requests} requests, all HTTP 200.`,
  ],
});
