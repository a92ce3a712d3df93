#!/usr/bin/env node
// 1. Per-call overhead: `api.viewer()` against a hand-written `fetch` POST of
// the same document with the same headers (and, for reference, the same fetch
// with a timeout), sequentially, against the fake W&B server in another
// process on 127.0.0.1. The variants run in short blocks in rotating order.
// Two more variants send the same call with graphql-request alone, without
// and with a timeout: the floor under the SDK, whose transport it is.
import { alternate } from './lib/alternate.mjs';
import { startFakeChild } from './lib/fake.mjs';
import { benchOptions, emit, row } from './lib/report.mjs';
import { viewerCalls } from './lib/viewer-calls.mjs';

const options = benchOptions();
const blocks = options.quick ? 20 : 200;
const perBlock = 10;
const warmUp = options.quick ? 100 : 500;

const fake = await startFakeChild();
// sdk, raw (fetch), rawWithTimeout, graphqlRequest, graphqlRequestWithTimeout.
const calls = viewerCalls(fake);

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
