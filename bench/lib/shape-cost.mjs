// What the SDK's check of every answer against its operation's shape costs
// (packages/users/src/transport/shape.ts), timed on real answers of the fake: the
// checker is internal, so it is compiled here from the sources with esbuild,
// with the generated shapes.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { Api } from '@wandb-ts/users';
import { GetViewerDocument, SearchUsersDocument } from '@wandb-ts/users/graphql';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'users', 'src');

async function loadChecker() {
  const entry = `export { checkShape } from './transport/shape.ts';
export { shapes } from './generated/shapes.ts';`;
  const built = await esbuild.build({
    stdin: { contents: entry, resolveDir: src, loader: 'ts' },
    bundle: true,
    format: 'esm',
    write: false,
    platform: 'node',
    logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`);
}

/** Median µs per check of `data` against `shape`, over `rounds` rounds of `n` checks. */
function time(checkShape, data, shape, n, rounds) {
  if (checkShape(data, shape) !== undefined) throw new Error('the sample answer does not pass the shape check');
  const perCheck = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < n; i++) checkShape(data, shape);
    perCheck.push(((performance.now() - started) * 1000) / n);
  }
  perCheck.sort((a, b) => a - b);
  return perCheck[Math.floor(perCheck.length / 2)];
}

/**
 * µs per check of a GetViewer answer and of a SearchUsers page of `pageSize`
 * users, as the fake at `baseUrl` answers them (data fetched with the public
 * AST documents, which the SDK does not check, so the sample is what the server sent).
 */
export async function shapeCheckCost({ baseUrl, adminApiKey }, { pageSize = 50, quick = false } = {}) {
  const { checkShape, shapes } = await loadChecker();
  const api = new Api({ baseUrl, apiKey: adminApiKey, env: {} });
  const viewer = await api.request(GetViewerDocument, {});
  const page = await api.request(SearchUsersDocument, { query: '', first: pageSize });
  const n = quick ? 2000 : 20000;
  return {
    viewer: time(checkShape, viewer, shapes.get('GetViewer'), n, quick ? 3 : 15),
    page: time(checkShape, page, shapes.get('SearchUsers'), Math.ceil(n / pageSize), quick ? 3 : 15),
    pageUsers: page.users.edges.length,
  };
}
