#!/usr/bin/env node
// What applyPlan itself costs per action, for docs/performance.md (benchmark
// 8's apply row): a plan of N user creations applied to a client that answers
// at once, against a pool of 16 workers calling the same client, as the
// bulk import's loop does. Prints the client CPU per action of each, 3 rounds.
//
//   node bench/investigations/sync-apply-overhead.mjs [N]
import { applyPlan, parseDesiredState, plan } from '@wandb-ts/cli/sync';

const n = Number(process.argv[2] ?? 20000);
const concurrency = 16;
const emails = Array.from({ length: n }, (_, i) => `u${i}@example.com`);
const file = parseDesiredState(`users: [${emails.map((e) => `{ email: ${e} }`).join(', ')}]\n`, 'bench.yaml', 'yaml');
const planned = plan(
  file,
  { viewer: { id: 'bench', username: 'admin', email: null, admin: true }, users: [], teams: new Map() },
  { server: 'http://127.0.0.1' },
);
// Only what a plan of creations calls.
const client = { createUser: async (email) => ({ id: email, email, username: null, admin: false, deletedAt: null }) };

async function loop() {
  const queue = [...emails];
  const worker = async () => {
    for (let email = queue.shift(); email !== undefined; email = queue.shift()) await client.createUser(email, { admin: false });
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const perItem = async (run) => {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return ((used.user + used.system) / n).toFixed(1);
};
for (let round = 0; round < 3; round++) {
  const apply = await perItem(() => applyPlan(planned, client, { concurrency }));
  const pool = await perItem(loop);
  console.log(`round ${round + 1}: applyPlan ${apply} µs CPU per action, the loop ${pool} µs per call`);
}
