// The fake W&B server in its own process, driven over IPC by load.mjs, so the
// load generator does not share the server's event loop.
import { startFakeWandb } from '@wandb-ts/testing';

const clients = Number(process.argv[2] ?? 200);
const users = Array.from({ length: clients }, (_, i) => ({ email: `load-${i}@example.com`, username: `load-${i}` }));
const fake = await startFakeWandb({ users });
// Keys go over the IPC channel only, never to stdout.
const keys = users.map((u) => fake.getUser(u.username) && fake.addApiKey(fake.getUser(u.username).id, { description: 'load' }).secret);
process.send({ type: 'ready', baseUrl: fake.baseUrl, adminApiKey: fake.adminApiKey, keys });
process.on('message', async (message) => {
  if (message.type === 'snapshot') {
    const statuses = {};
    for (const r of fake.requests) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    process.send({ type: 'snapshot', users: fake.listUsers(), requests: fake.requests.length, statuses, rss: process.memoryUsage().rss });
  }
  if (message.type === 'close') {
    await fake.close();
    process.exit(0);
  }
});
