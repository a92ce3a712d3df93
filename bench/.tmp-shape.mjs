import * as esbuild from 'esbuild';
const built = await esbuild.build({ stdin: { contents: "export { checkShape } from './shape.ts'; export { shapes } from './generated/shapes.ts'; export { SearchUsersDocument } from './generated/operations.ts';", resolveDir: 'packages/users/src', loader: 'ts' }, bundle: true, format: 'esm', write: false, platform: 'node' });
const { checkShape, shapes, SearchUsersDocument } = await import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`);
const user = (n) => ({ id: `VXNlcjo${n}`, name: 'Ann', username: 'ann', email: 'ann@example.com', admin: false, flags: null, entity: 'ann', deletedAt: null, apiKeys: { edges: [{ node: { id: 'k1', name: 'n1', description: null } }] }, teams: { edges: [{ node: { name: 't' } }] } });
const page = { users: { edges: Array.from({ length: 50 }, (_, i) => ({ node: user(i) })), pageInfo: { endCursor: 'x', hasNextPage: true } } };
const shape = shapes.get(SearchUsersDocument);
for (let r = 0; r < 8; r++) { const t = performance.now(); for (let i = 0; i < 2000; i++) checkShape(page, shape); console.log(((performance.now() - t) * 1000 / 2000).toFixed(1), 'µs/page'); }
