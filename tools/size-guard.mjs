#!/usr/bin/env node
// `npm run size` (and, through tools/test/size-guard.test.ts, `npm test`):
// bundles apps that use @wandb-ts/users for the browser with esbuild and fails
// when one grows past its gzipped budget in tools/size-budget.json.
//
// Usage: node tools/size-guard.mjs [--budgets FILE] [--root DIR]
//   FILE  the budgets (default tools/size-budget.json)
//   DIR   where packages resolve from, through node_modules (default: the repository)
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { APPS, measureBundle } from './bundle-size.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { budgets: { type: 'string' }, root: { type: 'string' } } });
const budgetsFile = resolve(values.budgets ?? join(here, 'size-budget.json'));
const root = resolve(values.root ?? join(here, '..'));
const { budgets } = JSON.parse(readFileSync(budgetsFile, 'utf8'));

const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
let over = 0;
for (const budget of budgets) {
  const contents = budget.contents ?? APPS[budget.app]?.contents;
  if (!contents) throw new Error(`budget "${budget.name}" names no known app (${budget.app}) and has no contents`);
  if (budget.measure !== 'initial' && budget.measure !== 'total') throw new Error(`budget "${budget.name}": measure must be initial or total`);
  let bundle;
  try {
    bundle = await measureBundle({ contents, resolveDir: root });
  } catch (error) {
    console.error(`size-guard: could not bundle "${budget.name}" (run \`npm run build\` first?): ${error.message}`);
    process.exit(2);
  }
  const size = bundle[budget.measure].gzip;
  const ok = size <= budget.limit;
  if (!ok) over++;
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${budget.name}: ${kB(size)} gzipped (${budget.measure}; budget ${kB(budget.limit)}; packages: ${bundle.packages.join(', ')})`,
  );
}
if (over > 0) {
  console.error(
    `size-guard: ${over} bundle(s) grew past the budget in ${budgetsFile}. Find what grew with \`npm run bench -- --only bundle\`; raise a limit only on purpose.`,
  );
  process.exit(1);
}
console.log(`size-guard: ${budgets.length} bundle(s) within budget`);
