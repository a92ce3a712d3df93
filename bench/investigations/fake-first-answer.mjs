// For profiling the fake W&B server's cold start (docs/performance.md):
// loads @wandb-ts/testing, starts a server, sends it one GetViewer over
// node:http, prints the milestones and exits.
//
//   node --cpu-prof --cpu-prof-dir=prof bench/investigations/fake-first-answer.mjs
//   node bench/investigations/profile-summary.mjs prof/*.cpuprofile
import { request } from 'node:http';

const t0 = performance.now();
const { startFakeWandb } = await import('@wandb-ts/testing');
const t1 = performance.now();
const fake = await startFakeWandb();
const t2 = performance.now();
await new Promise((resolve, reject) => {
  const req = request(
    `${fake.baseUrl}/graphql`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${btoa(`api:${fake.adminApiKey}`)}`,
        'use-admin-privileges': 'true',
        'user-agent': 'W&B Public Client (profile)',
      },
    },
    (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    },
  );
  req.on('error', reject);
  req.end(
    JSON.stringify({ query: 'query GetViewer { viewer { id username email apiKeys { edges { node { id name } } } teams { edges { node { name } } } } }' }),
  );
});
const t3 = performance.now();
await fake.close();
const ms = (x) => `${x.toFixed(0)} ms`;
console.log(
  `node boot ${ms(t0)}, import @wandb-ts/testing ${ms(t1 - t0)}, startFakeWandb ${ms(t2 - t1)}, first answer ${ms(t3 - t2)}; after boot: ${ms(t3 - t0)}`,
);
