#!/usr/bin/env node
// `npm run codegen:check`: fails when the committed generated code is not what
// codegen.yml produces from schema/ and the .graphql operations (stale), or
// when an operation does not validate against the schema (invalid). It runs
// codegen in memory (tools/codegen.mjs) and compares; it never writes.
//
// Usage: node tools/codegen-check.mjs [--root DIR]   (DIR holds codegen.yml; default: cwd)
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CodegenError, generate } from './codegen.mjs';

const { values } = parseArgs({ options: { root: { type: 'string' } } });
const root = resolve(values.root ?? process.cwd());

let outputs;
try {
  outputs = await generate({ root });
} catch (error) {
  if (!(error instanceof CodegenError)) throw error;
  console.error('codegen:check: operations are invalid against schema/wandb.graphql (or codegen.yml is broken):');
  console.error(error.message.replace(/^/gm, '  '));
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
