import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Loading the SDK must stay cheap (docs/performance.md, cold start):
// graphql-request, graphql-js and Node's fetch implementation (undici) are
// loaded with the first request, not on import. A fresh Node process per case
// loads the built package, as a user's program would; then it sends one
// request (to a canned server on 127.0.0.1, not the fake, which loads
// graphql-js itself) to show the same check sees them once they are used.
const dist = join(__dirname, '..', 'dist');

const child = (load: string) => `
const http = require('node:http');
const loaded = () => ({
  graphql: Object.keys(require.cache).some((file) => /[\\\\/]node_modules[\\\\/]graphql[\\\\/]/.test(file)),
  undici: process.moduleLoadList.some((name) => name.includes('undici')),
});
(async () => {
  const { Api } = await ${load};
  const atImport = loaded();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { viewer: { id: 'VXNlcjox', name: 'n', username: 'u', email: 'u@example.com', admin: false, flags: null, entity: 'u', deletedAt: null, accountType: 'USER', apiKeys: { edges: [] }, teams: { edges: [] } } } }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const api = new Api({ baseUrl: 'http://127.0.0.1:' + server.address().port, apiKey: 'k'.repeat(40), env: {} });
  await api.viewer();
  server.close();
  console.log(JSON.stringify({ atImport, afterRequest: loaded() }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

test.each([
  ['require (CommonJS)', `Promise.resolve(require(${JSON.stringify(join(dist, 'cjs', 'index.js'))}))`],
  ['import (ES module)', `import(${JSON.stringify(join(dist, 'esm', 'index.js'))})`],
])('%s loads neither graphql-js nor fetch until the first request', (_, load) => {
  const run = spawnSync(process.execPath, ['-e', child(load)], { encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual({ atImport: { graphql: false, undici: false }, afterRequest: { graphql: true, undici: true } });
});

// One lazy boundary: everything but the client on graphql-request is imported
// normally, so that what loads at start is decided in one place.
test('the only import() of the sources is the one that loads the client on graphql-request', () => {
  const src = join(__dirname, '..', 'src');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts') && !file.startsWith('generated'));
  const dynamic = files.flatMap((file) =>
    [...readFileSync(join(src, file), 'utf8').matchAll(/(?<!typeof )\bimport\(\s*(['"][^'"]+['"])/g)].map((m) => `${file.split('\\').join('/')}: ${m[1]}`),
  );
  expect(dynamic).toEqual(["transport/load-client.ts: './graphql-client.js'"]);
});

// The dist is bundled (packaging/scripts/build-package.mjs --bundle); a bundler
// that renamed a class to avoid a clash would change the `name` of errors
// users match on (errors take it from `new.target.name`). Every exported
// error class must still carry its own name.
test.each([
  ['CommonJS', `Promise.resolve(require(${JSON.stringify(join(dist, 'cjs', 'index.js'))}))`],
  ['ES module', `import(${JSON.stringify(join(dist, 'esm', 'index.js'))})`],
])('the %s build keeps the names of its error classes', (_, load) => {
  const script = `${load}.then((sdk) => {
    const errors = Object.entries(sdk).filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error);
    console.log(JSON.stringify(errors.map(([exported, ErrorClass]) => [exported, ErrorClass.name])));
  });`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).toBe('');
  const names: [string, string][] = JSON.parse(run.stdout);
  expect(names.length).toBeGreaterThanOrEqual(10);
  for (const [exported, name] of names) expect(name).toBe(exported);
});
