#!/usr/bin/env node
// What applyPlan costs per action on top of the SDK, without the network:
// 1,000 user creations per block through applyPlan and through the bulk
// loop's pool of 16 api.createUser calls, alternating, against an Api whose
// fetch answers each createUser from memory after a macrotask. Both variants
// parse the same file first (untimed), so their garbage is alike. Prints the
// median client CPU per creation.
//
//   node bench/investigations/sync-apply-replay.mjs [blocks]
import { applyPlan, parseDesiredState, plan, syncClientFor } from '@wandb-ts/cli/sync';
import { Api } from '@wandb-ts/users';
// createUser answered from memory, after a macrotask (as a socket would): the client's CPU alone.
const fetchImpl = async (_input, init) => {
  const { variables } = JSON.parse(init.body);
  await new Promise((r) => setImmediate(r));
  const text = JSON.stringify({
    data: {
      createUser: {
        user: {
          id: `id-${variables.email}`,
          name: variables.email,
          username: null,
          email: variables.email,
          admin: false,
          flags: null,
          entity: null,
          deletedAt: null,
          apiKeys: { edges: [] },
          teams: { edges: [] },
        },
      },
    },
  });
  return new Response(text, { status: 200, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) } });
};
const api = new Api({ baseUrl: 'http://127.0.0.1:9', apiKey: 'x'.repeat(40), env: {}, fetch: fetchImpl });
const client = syncClientFor(api);
const emptyState = { viewer: { id: 'bench', username: 'admin', email: null, admin: true }, users: [], teams: new Map() };
const creationPlan = (emails) =>
  plan(parseDesiredState(`users: [${emails.map((e) => `{ email: ${e} }`).join(', ')}]\n`, 'b.yaml', 'yaml'), emptyState, { server: 'http://127.0.0.1:9' });
async function pool(items, work) {
  const q = [...items];
  const w = async () => {
    for (let i = q.shift(); i !== undefined; i = q.shift()) await work(i);
  };
  await Promise.all(Array.from({ length: 16 }, w));
}
const V = {
  sync: async (emails) => {
    const p = creationPlan(emails);
    const c = process.cpuUsage();
    await applyPlan(p, client, { concurrency: 16 });
    return process.cpuUsage(c);
  },
  sdk: async (emails) => {
    creationPlan(emails);
    const c = process.cpuUsage();
    await pool(emails, (e) => api.createUser(e, { admin: false }));
    return process.cpuUsage(c);
  },
};
const n = 1000;
const out = { sync: [], sdk: [] };
for (let b = -2; b < Number(process.argv[2] ?? 10); b++)
  for (const k of b % 2 ? ['sync', 'sdk'] : ['sdk', 'sync']) {
    const cpu = await V[k](Array.from({ length: n }, (_, i) => `x-${k}-${b}-${i}@example.com`));
    if (b >= 0) out[k].push((cpu.user + cpu.system) / n);
  }
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log('µs CPU per createUser: sync', med(out.sync).toFixed(1), 'sdk', med(out.sdk).toFixed(1));
