// Started afresh for each start-up measurement: either the fake W&B server
// (`fake`) or, as the baseline, a bare node:http server that answers every
// POST /graphql with a canned viewer (`bare`). Reports over IPC when it
// listens, with how long each step took since the process started.
const boot = performance.now();
const mode = process.argv[2];

let port;
let apiKey = 'bare';
let imported = boot;
if (mode === 'fake') {
  const { startFakeWandb } = await import('@wandb-ts/testing');
  imported = performance.now();
  const fake = await startFakeWandb();
  port = new URL(fake.baseUrl).port;
  apiKey = fake.adminApiKey;
} else {
  const { createServer } = await import('node:http');
  imported = performance.now();
  const answer = JSON.stringify({
    data: {
      viewer: {
        id: 'VXNlcjox',
        name: 'Instance Admin',
        username: 'admin',
        email: 'admin@example.com',
        admin: true,
        flags: null,
        entity: 'admin',
        deletedAt: null,
        apiKeys: { edges: [] },
        teams: { edges: [] },
      },
    },
  });
  const server = createServer({ keepAlive: true }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.address().port;
}
process.send({ type: 'ready', port, apiKey, boot, imported: imported - boot, started: performance.now() - imported });
process.on('message', (m) => {
  // Asked once the first answer arrived: the CPU this process used up to then, boot included.
  if (m.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ type: 'cpu', cpuMs: (user + system) / 1000 });
  }
  if (m.type === 'close') process.exit(0);
});
