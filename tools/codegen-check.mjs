#!/usr/bin/env node
// `npm run codegen:check`: fails when the committed generated code is not what
// codegen.yml produces from schema/ and the .graphql operations (stale), or
// when an operation does not validate against the schema (invalid). It runs
// GraphQL Code Generator's CLI (its programmatic API: the same configuration
// loading and generation as `npm run codegen`) in memory and compares; it
// never writes. Beyond the CLI's own `--check`, it reports a file left in an
// output folder that codegen.yml no longer produces (a removed output).
//
// Usage: node tools/codegen-check.mjs [--root DIR]   (DIR holds codegen.yml; default: cwd)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

// The CLI's CommonJS build, as `npm run codegen` runs it (graphql-codegen-cjs):
// Node loads its ~2,000 modules as CommonJS in about two thirds of the CPU
// time it takes as ES modules (docs/performance.md, benchmark 6).
const { generate, loadContext } = createRequire(import.meta.url)('@graphql-codegen/cli');

const { values } = parseArgs({ options: { root: { type: 'string' } } });
const root = resolve(values.root ?? process.cwd());
process.chdir(root);

// Codegen reports through listr and its own logger; keep it quiet, we print our own verdict.
process.env.CI ??= 'true';

let outputs;
try {
  const context = await loadContext(join(root, 'codegen.yml'));
  context.updateConfig({ silent: true, verbose: false, errorsOnly: true });
  outputs = await generate(context, false);
} catch (error) {
  // Every output validates the same documents, so one mistake fails each of them: say it once.
  const messages = (error?.errors?.length ? error.errors : [error]).map((e) =>
    String(e?.message ?? e)
      .split(`${root}/`)
      .join(''),
  );
  console.error('codegen:check: operations are invalid against schema/wandb.graphql (or codegen.yml is broken):');
  console.error([...new Set(messages)].join('\n').replace(/^/gm, '  '));
  process.exit(1);
}

const stale = [];
const produced = new Set();
for (const output of outputs) {
  const file = resolve(root, output.filename);
  produced.add(file);
  const committed = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (committed === undefined) stale.push(`${relative(root, file)} (missing)`);
  else if (committed !== output.content) stale.push(`${relative(root, file)} (differs)`);
}

// A generated file that codegen no longer produces is stale too.
for (const dir of new Set([...produced].map((f) => resolve(f, '..')))) {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (!produced.has(file)) stale.push(`${relative(root, file)} (not produced by codegen.yml)`);
  }
}

if (stale.length > 0) {
  console.error('codegen:check: generated code is stale; run `npm run codegen` and commit the result:');
  for (const line of stale) console.error(`  ${line}`);
  process.exit(1);
}
console.log(`codegen:check: ${outputs.length} generated file(s) up to date`);
