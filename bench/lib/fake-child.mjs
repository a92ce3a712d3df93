// A fake W&B server in its own process for the benchmarks, so the code under
// test and the server do not share an event loop (or a heap: memory figures
// are the client's alone). Configured and driven over IPC.
//
//   child = fork('bench/lib/fake-child.mjs'); child.send({ type: 'config', config: { groups: { page: 20000 }, maxPageSize: 50 } })
//
// `teams` (optional): fixtures for fake.addTeam, made after the groups' users
// ({ name, members: [{ email, role }] }); then `serviceAccounts` ([{ team,
// description }]) and `deactivate` (addresses); then `organizations`, fixtures
// for fake.addOrganization. `deployment: 'cloud'` plays W&B's multi-tenant
// cloud (the admin key's account is then an ordinary one: make it an admin of
// an organization). The config comes over IPC, not on the command line, which
// cannot hold thousands of members.
//
// Messages in: { type: 'config', config } (first) | { type: 'stats' } | { type: 'close' }. Out: { type: 'ready', baseUrl, adminApiKey, seedMs } | { type: 'stats', ... }.
// Secrets go over IPC only, never to stdout.
import { startFakeWandb } from '@wandb-ts/testing';

// A benchmark that dies (a failed check, an exception) leaves no server behind: the IPC channel closes with it.
process.once('disconnect', () => process.exit(0));

const config = await new Promise((resolve) => process.once('message', (message) => resolve(message.config ?? {})));
const fake = await startFakeWandb({ maxPageSize: config.maxPageSize ?? 50, ...(config.deployment && { deployment: config.deployment }) });
const seeded = performance.now();
// Seeded users have no keys: they are there to be found, not to log in.
for (const [prefix, count] of Object.entries(config.groups ?? {})) {
  for (let i = 0; i < count; i++) fake.addUser({ email: `${prefix}-${i}@example.com`, apiKeys: [] });
}
for (const team of config.teams ?? []) fake.addTeam(team);
// Optional, after the teams (W&B keeps a deactivated account's teams): service accounts of teams, and accounts deactivated.
for (const { team, description } of config.serviceAccounts ?? []) fake.addServiceAccount(team, description);
for (const email of config.deactivate ?? []) fake.deleteUser(fake.getUser(email).id);
for (const organization of config.organizations ?? []) fake.addOrganization(organization);
const seedMs = performance.now() - seeded;
process.send({ type: 'ready', baseUrl: fake.baseUrl, adminApiKey: fake.adminApiKey, seedMs });

process.on('message', async (message) => {
  if (message.type === 'stats') {
    const statuses = {};
    for (const r of fake.requests) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    // The request log grows with every request; benchmarks read it, then start afresh.
    const requests = fake.requests.length;
    fake.clearRequests();
    process.send({ type: 'stats', users: fake.listUsers().length, requests, statuses, rss: process.memoryUsage().rss });
  }
  if (message.type === 'close') {
    await fake.close();
    process.exit(0);
  }
});
