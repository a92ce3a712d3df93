#!/usr/bin/env node
// Client CPU per call for one variant of benchmark 1, for profiling:
//
//   node --cpu-prof --cpu-prof-dir=prof/sdk bench/lib/per-call-profile.mjs sdk 6000
//   node --cpu-prof --cpu-prof-dir=prof/raw bench/lib/per-call-profile.mjs raw 6000
//   node bench/lib/profile-summary.mjs prof/sdk/*.cpuprofile --minus prof/raw/*.cpuprofile --calls 6000
//
// Variants: sdk (api.viewer()), raw (hand-written fetch), raw-timeout (the
// same with an AbortController, timer and signal), graphql-request
// (GraphQLClient.request, no timeout). Prints the client's CPU time per call
// (user + system of this process), which machine load changes less than latency.
import { Api } from '@wandb-ts/users';
import { GetViewerDocument } from '@wandb-ts/users/graphql';
import { print } from 'graphql';
import { GraphQLClient } from 'graphql-request';
import { startFakeChild } from './fake.mjs';

const [variant = 'sdk', count = '5000'] = process.argv.slice(2);
const n = Number(count);
const fake = await startFakeChild();
const url = `${fake.baseUrl}/graphql`;
const api = new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, env: {} });
const body = JSON.stringify({ query: print(GetViewerDocument), variables: {}, operationName: 'GetViewer' });
const headers = {
  accept: 'application/graphql-response+json, application/json',
  'content-type': 'application/json',
  authorization: `Basic ${btoa(`api:${fake.adminApiKey}`)}`,
  'use-admin-privileges': 'true',
  'user-agent': 'W&B Public Client (hand-written fetch)',
};
const client = new GraphQLClient(url, { excludeOperationName: true, headers });
const query = print(GetViewerDocument);
const calls = {
  sdk: () => api.viewer(),
  'graphql-request': async () => (await client.request(query)).viewer,
  async 'raw-timeout'() {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), 30_000);
    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal: timeout.signal });
      const json = await response.json();
      if (!response.ok || json.errors) throw new Error(`HTTP ${response.status}`);
      return json.data.viewer;
    } finally {
      clearTimeout(timer);
    }
  },
  async raw() {
    const response = await fetch(url, { method: 'POST', headers, body });
    const json = await response.json();
    if (!response.ok || json.errors) throw new Error(`HTTP ${response.status}`);
    return json.data.viewer;
  },
};
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
