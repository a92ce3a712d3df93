#!/usr/bin/env node
// Client CPU per call for one variant of benchmark 1, for profiling:
//
//   node --cpu-prof --cpu-prof-dir=prof/sdk bench/investigations/per-call-profile.mjs sdk 6000
//   node --cpu-prof --cpu-prof-dir=prof/raw bench/investigations/per-call-profile.mjs raw 6000
//   node bench/investigations/profile-summary.mjs prof/sdk/*.cpuprofile --minus prof/raw/*.cpuprofile --calls 6000
//
// Variants: sdk (api.viewer()), raw (hand-written fetch), raw-timeout (the
// same with an AbortController, timer and signal), graphql-request
// (GraphQLClient.request, no timeout), graphql-request-timeout (with one: the
// SDK's per-call target is against this). Prints the client's CPU time per call
// (user + system of this process), which machine load changes less than latency.
import { startFakeChild } from '../lib/fake.mjs';
import { viewerCalls } from '../lib/viewer-calls.mjs';

const [variant = 'sdk', count = '5000'] = process.argv.slice(2);
const n = Number(count);
const fake = await startFakeChild();
const { sdk, raw, rawWithTimeout, graphqlRequest, graphqlRequestWithTimeout } = viewerCalls(fake);
const calls = { sdk, raw, 'raw-timeout': rawWithTimeout, 'graphql-request': graphqlRequest, 'graphql-request-timeout': graphqlRequestWithTimeout };
const call = calls[variant];
if (!call) throw new Error(`unknown variant ${variant}; use ${Object.keys(calls).join(' or ')}`);
for (let i = 0; i < 500; i++) await call();
const cpu = process.cpuUsage();
const started = performance.now();
for (let i = 0; i < n; i++) await call();
const used = process.cpuUsage(cpu);
const wall = performance.now() - started;
console.log(`${variant}: ${n} calls, client CPU ${((used.user + used.system) / n).toFixed(1)} µs/call, wall ${((wall * 1000) / n).toFixed(0)} µs/call`);
await fake.close();
