// One paging run in a fresh process (run with --expose-gc), so its memory is
// its own: `users` (api.users, which returns an array of every match),
// `iterUsers` (api.iterUsers, a page at a time) or `fetch` (a hand-written
// paging loop that keeps nothing). Gets its orders over IPC (the key never
// goes on a command line) and answers with time, count and memory growth:
//   rssGrowth   peak RSS (sampled every 2 ms) minus RSS at the start;
//   retained    with `checkpoints`, the most heap still live after a full GC,
//               taken every 1,000 users and at the end (the result held).
// Checkpoints cost time, so timed runs go without them.
import { Api } from '@wandb-ts/users';
import { SearchUsersDocument } from '@wandb-ts/users/graphql';
import { print } from 'graphql';

const { mode, baseUrl, apiKey, query, pageSize, checkpoints } = await new Promise((resolve) => process.once('message', resolve));
const api = new Api({ baseUrl, apiKey, env: {} });

// One request first, so fetch's lazily loaded code is not counted as growth.
await api.users('admin@', { pageSize });
globalThis.gc();
const start = process.memoryUsage();
let peakRss = start.rss;
let retained = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
};
const checkpoint = () => {
  globalThis.gc();
  retained = Math.max(retained, process.memoryUsage().heapUsed - start.heapUsed);
};
let seen = 0;
const onUser = () => {
  if (checkpoints && ++seen % 1000 === 0) checkpoint();
};

async function rawPages() {
  const text = print(SearchUsersDocument);
  const headers = {
    accept: 'application/graphql-response+json, application/json',
    'content-type': 'application/json',
    authorization: `Basic ${btoa(`api:${apiKey}`)}`,
    'use-admin-privileges': 'true',
    'user-agent': 'W&B Public Client (hand-written fetch)',
  };
  let count = 0;
  for (let after = null; ; ) {
    const body = JSON.stringify({ query: text, variables: { query, first: pageSize, after }, operationName: 'SearchUsers' });
    const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers, body });
    const json = await response.json();
    if (!response.ok || json.errors) throw new Error(`SearchUsers failed: HTTP ${response.status}`);
    for (const edge of json.data.users.edges) {
      if (!edge.node.id) continue;
      count++;
      onUser();
    }
    if (!json.data.users.pageInfo.hasNextPage) return count;
    after = json.data.users.pageInfo.endCursor;
  }
}

const runs = {
  users: async () => api.users(query, { pageSize }),
  iterUsers: async () => {
    let count = 0;
    for await (const user of api.iterUsers(query, { pageSize })) {
      if (!user.id) continue;
      count++;
      onUser();
    }
    return count;
  },
  fetch: rawPages,
};

const sampler = setInterval(sampleRss, 2);
const started = performance.now();
// Held until the end, as a caller keeps what users() returned.
const result = await runs[mode]();
const ms = performance.now() - started;
sampleRss();
clearInterval(sampler);
if (checkpoints) checkpoint();
const count = Array.isArray(result) ? result.length : result;
process.send({ mode, count, ms, rssGrowth: peakRss - start.rss, retained });
process.disconnect();
