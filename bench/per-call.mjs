#!/usr/bin/env node
// 1. Per-call overhead: `api.viewer()` against graphql-request, the SDK's
// transport, used directly with a timeout (one client, the query as a string,
// an AbortController, timer and signal per call), sequentially, against the
// fake W&B server in another process on 127.0.0.1. The variants run in short
// blocks in rotating order. For reference: a hand-written `fetch` POST of the
// same document with the same headers (with and without a timeout),
// graphql-request without a timeout, and graphql-request finding the
// operation name itself (it then parses the query on every call). Last, what
// the SDK's check of each answer against its operation's shape costs.
import { alternate } from './lib/alternate.mjs';
import { startFakeChild } from './lib/fake.mjs';
import { benchOptions, emit, row } from './lib/report.mjs';
import { shapeCheckCost } from './lib/shape-cost.mjs';
import { viewerCalls } from './lib/viewer-calls.mjs';

const options = benchOptions();
const blocks = options.quick ? 20 : 200;
const perBlock = 10;
const warmUp = options.quick ? 100 : 500;

// 50 more users, for a page of SearchUsers to time the shape check on.
const fake = await startFakeChild({ groups: { shape: 50 } });
// sdk, raw (fetch), rawWithTimeout, graphqlRequest, graphqlRequestWithTimeout, graphqlRequestNaming.
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
const shape = await shapeCheckCost(fake, { quick: options.quick });
await fake.close();
const non200 = Object.keys(server.statuses).filter((s) => s !== '200');
if (non200.length) throw new Error(`the fake answered with ${JSON.stringify(server.statuses)}`);

const n = blocks * perBlock;
emit(options, {
  id: 'per-call',
  title: `Per-call overhead: api.viewer() vs graphql-request with a timeout, sequential, ${n} calls each after ${warmUp} warm-up calls`,
  rows: [
    row({
      measure: 'api.viewer() latency per call (SDK / graphql-request + timeout)',
      unit: 'µs',
      ...result.sdk,
      baseline: { name: 'graphql-request + timeout', median: result.graphqlRequestWithTimeout.median },
      ratio: result.ratio('sdk', 'graphqlRequestWithTimeout'),
      target: 'ratio ≤ 1.05',
      met: result.ratio('sdk', 'graphqlRequestWithTimeout').median <= 1.05,
    }),
    row({
      measure: 'added per call to graphql-request + timeout (median SDK − median graphql-request + timeout)',
      unit: 'µs',
      median: result.sdk.median - result.graphqlRequestWithTimeout.median,
    }),
    row({
      measure: 'for reference: graphql-request + timeout finding the operation name itself (parses the query per call)',
      unit: 'µs',
      median: result.graphqlRequestNaming.median,
      baseline: { name: 'graphql-request + timeout', median: result.graphqlRequestWithTimeout.median },
      ratio: result.ratio('graphqlRequestNaming', 'graphqlRequestWithTimeout'),
    }),
    row({
      measure: 'for reference: api.viewer() against hand-written fetch',
      unit: 'µs',
      median: result.sdk.median,
      baseline: { name: 'fetch', median: result.raw.median },
      ratio: result.ratio('sdk', 'raw'),
    }),
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
      measure: 'for reference: graphql-request with a timeout',
      unit: 'µs',
      median: result.graphqlRequestWithTimeout.median,
      baseline: { name: 'fetch', median: result.raw.median },
      ratio: result.ratio('graphqlRequestWithTimeout', 'raw'),
    }),
    row({
      measure: 'shape check of a GetViewer answer (part of every api.viewer() above)',
      unit: 'µs',
      median: shape.viewer,
      baseline: { name: 'api.viewer()', median: result.sdk.median },
      ratio: { median: shape.viewer / result.sdk.median },
    }),
    row({ measure: `shape check of a SearchUsers page of ${shape.pageUsers} users`, unit: 'µs', median: shape.page }),
  ],
  notes: [
    `${n} calls per variant in ${blocks} blocks of ${perBlock}, the ${Object.keys(calls).length} variants in rotating order; ratio = median latency / median baseline latency; its min–max is over ${result.ratio('sdk', 'raw').slices} consecutive slices of the run. Every SDK call has a timeout (30 s by default), which costs a signal in fetch, so the target compares it with graphql-request (the SDK's transport) used directly with a timeout too; the rows against a hand-written fetch stay for reference.`,
    `latency min–max is over single calls; the server answered ${server.requests} requests, all HTTP 200.`,
    "the shape check was timed on its own (median of rounds of repeated checks of the same answers, compiled from the sources), on the fake's answers: a viewer with one key, and seeded users without keys or teams.",
  ],
});
