#!/usr/bin/env node
// Client CPU of benchmark 8's plan row without the network, for comparing two
// builds: the fake's answers to a state read (10,000 users, 50 teams) are
// recorded once, then every read is answered from memory, so what is timed is
// the client alone. Two checkouts' built packages (ROOT_A, ROOT_B: e.g. a copy
// of main and a worktree) and a hand-written loop run alternately in this
// process; prints median ms per state read and per plan (planned and printed).
//
//   node bench/investigations/sync-read-replay.mjs ROOT_A ROOT_B [rounds]
import { pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
const [rootA, rootB, rounds = '8'] = process.argv.slice(2);
const load = async (root) => ({
  sync: await import(pathToFileURL(`${root}/packages/cli/dist/esm/sync/index.js`).href),
  users: await import(pathToFileURL(`${root}/packages/users/dist/esm/index.js`).href),
  out: await import(pathToFileURL(`${root}/packages/cli/dist/esm/output/output.js`).href),
  render: await import(pathToFileURL(`${root}/packages/cli/dist/esm/commands/sync/render.js`).href),
});
const A = await load(rootA),
  B = await load(rootB);
const { startFakeChild } = await import('../lib/fake.mjs');
const { companyConfig, desiredYaml } = await import('../lib/sync-company.mjs');
const company = { users: 10000, teams: 50, membersEach: 100, changes: 100 };
const fake = await startFakeChild(companyConfig(company));
const recorded = new Map();
const keyOf = (body) => {
  const b = JSON.parse(body);
  const v = b.variables ?? {};
  return `${b.operationName} ${v.name ?? ''} ${v.after ?? ''} ${v.query ?? ''}`;
};
const recorder = async (input, init) => {
  const res = await fetch(input, init);
  const text = await res.text();
  recorded.set(keyOf(init.body), text);
  return new Response(text, { status: res.status, headers: res.headers });
};
const replay = async (_input, init) => {
  const text = recorded.get(keyOf(init.body));
  if (text === undefined) throw new Error(`not recorded: ${String(init.body).slice(0, 200)}`);
  return new Response(text, { status: 200, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) } });
};
const sink = new Writable({ write: (_c, _e, d) => d() });
function variant(M, fetchImpl) {
  const api = new M.users.Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, env: {}, fetch: fetchImpl });
  const client = M.sync.syncClientFor(api);
  const desired = M.sync.parseDesiredState(desiredYaml(company), 'people.yaml', 'yaml');
  const out = new M.out.Output(sink, sink, { json: false, quiet: false, color: false, env: {} });
  return {
    read: async () => {
      const viewer = await client.viewer();
      return M.sync.readCurrentState(client, { ...M.sync.readScopeFor(desired, {}), viewer });
    },
    plan: (state) => M.render.printPlan(out, M.sync.plan(desired, state, { server: fake.baseUrl })),
  };
}
await variant(A, recorder).read();
await variant(B, recorder).read();
await fake.close();
const va = variant(A, replay),
  vb = variant(B, replay);
const { GetTeamEntityDocument, GetViewerDocument, SearchUsersDocument } = await import(pathToFileURL(`${rootA}/packages/users/dist/esm/graphql.js`).href);
const { print } = await import('graphql');
const texts = { GetViewer: print(GetViewerDocument), SearchUsers: print(SearchUsersDocument), GetTeamEntity: print(GetTeamEntityDocument) };
const names = [...A.sync.parseDesiredState(desiredYaml(company), 'p', 'yaml').teams.keys()];
async function post(operationName, variables) {
  const response = await replay(fake.baseUrl, { method: 'POST', body: JSON.stringify({ query: texts[operationName], variables, operationName }) });
  const json = await response.json();
  return json.data;
}
const hand = {
  read: async () => {
    await post('GetViewer', {});
    for (let after = null; ; ) {
      const { users } = await post('SearchUsers', { query: '', first: 50, after });
      if (!users.pageInfo.hasNextPage) break;
      after = users.pageInfo.endCursor;
    }
    const q = [...names];
    const worker = async () => {
      for (let n = q.shift(); n; n = q.shift()) await post('GetTeamEntity', { name: n });
    };
    await Promise.all(Array.from({ length: 4 }, worker));
  },
  plan: () => {},
};

const times = { A: { read: [], plan: [] }, B: { read: [], plan: [] }, H: { read: [], plan: [] } };
for (let r = -2; r < Number(rounds); r++) {
  for (const [name, v] of r % 2
    ? [
        ['A', va],
        ['B', vb],
        ['H', hand],
      ]
    : [
        ['H', hand],
        ['B', vb],
        ['A', va],
      ]) {
    let s = performance.now();
    const state = await v.read();
    const read = performance.now() - s;
    s = performance.now();
    v.plan(state);
    const plan = performance.now() - s;
    if (r >= 0) {
      times[name].read.push(read);
      times[name].plan.push(plan);
    }
  }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const k of ['read', 'plan'])
  console.log(
    k,
    'A',
    med(times.A[k]).toFixed(1),
    'B',
    med(times.B[k]).toFixed(1),
    'hand',
    med(times.H[k]).toFixed(1),
    'B/A',
    (med(times.B[k]) / med(times.A[k])).toFixed(3),
  );
