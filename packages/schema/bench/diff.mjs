#!/usr/bin/env node
// Benchmark: how long `wandb-schema diff` takes on the full W&B snapshot
// (621 types) against a modified copy, against the target of 2 s. Not a test:
// it prints figures. Run after `npm run build`:
//
//   node packages/schema/bench/diff.mjs [--runs N]
//
// Three measurements, each the median of N runs (default 7) after one warm-up:
// - load: parsing and validating both schemas (the floor any diff pays),
// - diff: diffSchemas on freshly built schemas (what the library call costs),
// - cli: the real bin as a child process, end to end (node start-up included).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const { diffSchemas, schemaFromText } = require('../dist/cjs/index.js');
const { Kind, parse, parseType, print, visit } = require('graphql');

const TARGET_MS = 2000;
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');

const snapshotPath = join(here, '..', '..', '..', 'schema', 'wandb.graphql');
const oldSdl = readFileSync(snapshotPath, 'utf8');

// A plausible server upgrade: fields removed, nullability changed both ways,
// an enum value and a required argument added, a type renamed.
const newSdl = print(
  visit(parse(oldSdl), {
    ObjectTypeDefinition(node) {
      if (node.name.value === 'ApiKey') return { ...node, name: { ...node.name, value: 'AccessKey' } };
      if (node.name.value !== 'User' && node.name.value !== 'Query') return undefined;
      const fields = node.fields
        .filter((f) => !['deletedAt', 'photoUrl', 'limits'].includes(f.name.value))
        .map((f) => {
          if (f.name.value === 'name') return { ...f, type: parseType('String') };
          if (f.name.value === 'email') return { ...f, type: parseType('String!') };
          if (f.name.value === 'users') {
            const arg = parse('type T { f(flavor: String!): Int }').definitions[0].fields[0].arguments[0];
            return { ...f, arguments: [...f.arguments, arg] };
          }
          return f;
        });
      return { ...node, fields };
    },
    NamedType(node) {
      return node.name.value === 'ApiKey' ? { ...node, name: { ...node.name, value: 'AccessKey' } } : undefined;
    },
    EnumTypeDefinition(node) {
      if (node.name.value !== 'UserAccountType') return undefined;
      return { ...node, values: [...node.values, { kind: Kind.ENUM_VALUE_DEFINITION, name: { kind: Kind.NAME, value: 'SUPERUSER' } }] };
    },
  }),
);

const dir = mkdtempSync(join(tmpdir(), 'wandb-schema-bench-'));
const oldFile = join(dir, 'old.graphql');
const newFile = join(dir, 'new.graphql');
writeFileSync(oldFile, oldSdl);
writeFileSync(newFile, newSdl);
const cli = join(here, '..', 'dist', 'cli.js');

async function measure(fn) {
  await fn(); // warm-up: module loading and JIT, not what a user waits for twice
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times.at(-1) };
}

let changes = 0;
const load = await measure(() => {
  schemaFromText(oldSdl, 'old');
  schemaFromText(newSdl, 'new');
});
const diff = await measure(async () => {
  changes = (await diffSchemas(schemaFromText(oldSdl, 'old'), schemaFromText(newSdl, 'new'))).length;
});
const diffOnly = { median: diff.median - load.median };
const cliRun = await measure(() => {
  try {
    execFileSync(process.execPath, [cli, 'diff', '--json', oldFile, newFile], { stdio: 'pipe' });
  } catch (error) {
    if (error.status !== 1) throw error; // 1 = breaking changes found, as expected here
  }
});
rmSync(dir, { recursive: true, force: true });

const ms = (n) => `${n.toFixed(0).padStart(5)} ms`;
const row = (name, m, note = '') =>
  `${name.padEnd(28)} median ${ms(m.median)}${m.min === undefined ? '' : `  (min ${ms(m.min)}, max ${ms(m.max)})`}  ${(m.median / TARGET_MS).toFixed(2)}x of the 2 s target${note}`;
console.log(`wandb-schema diff benchmark: ${runs} runs each, snapshot ${oldSdl.length} bytes vs a modified copy (${changes} changes), Node ${process.version}`);
console.log(row('load both schemas', load));
console.log(row('load + diffSchemas', diff, `; the diff itself ~${ms(diffOnly.median).trim()}, ${(diff.median / load.median).toFixed(1)}x the load alone`));
console.log(row('wandb-schema diff (process)', cliRun));
console.log(cliRun.median < TARGET_MS ? 'OK: under the 2 s target' : 'SLOW: over the 2 s target');
