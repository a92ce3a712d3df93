#!/usr/bin/env node
// `npm run bench`: every performance benchmark of the repository, one fresh
// process each, then the table in docs/performance.md rewritten with the
// figures (between its bench:start and bench:end markers).
//
//   npm run bench                        all of them (about 15 minutes on 2 cores), docs updated
//   npm run bench -- --only per-call,bundle   some of them, printed only
//   npm run bench -- --quick             small runs of all, printed only (a smoke test)
//
// Needs built packages: `npm ci && npm run build` first. The reliability load
// test is separate: `npm run bench:load`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fmtRow } from './lib/report.mjs';
import { machine } from './lib/machine.mjs';

const BENCHMARKS = ['per-call', 'bulk', 'paging', 'cold-start', 'bundle', 'codegen', 'fake-server', 'sync', 'sync-export'];

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, 'no-write': { type: 'boolean' } } });
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const selected = values.only ? values.only.split(',').map((s) => s.trim()) : BENCHMARKS;
for (const name of selected) if (!BENCHMARKS.includes(name)) throw new Error(`unknown benchmark ${name}; known: ${BENCHMARKS.join(', ')}`);
for (const dist of ['packages/users/dist/cjs/index.js', 'packages/testing/dist/cjs/index.js']) {
  if (!existsSync(join(root, dist))) {
    console.error(`bench: ${dist} is missing; run \`npm run build\` first (the benchmarks use the built packages).`);
    process.exit(2);
  }
}

const where = machine();
console.log(`bench: ${selected.join(', ')} on ${where.cores} cores (${where.cpu}), Node ${where.node}, load average ${where.loadavg}`);
const scratch = mkdtempSync(join(tmpdir(), 'wandb-ts-bench-'));
const results = [];
let failed = 0;
try {
  for (const name of selected) {
    const json = join(scratch, `${name}.json`);
    const started = performance.now();
    const run = spawnSync(process.execPath, [join(here, `${name}.mjs`), '--json', json, ...(values.quick ? ['--quick'] : [])], { cwd: root, stdio: 'inherit' });
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    if (run.status !== 0 || !existsSync(json)) {
      console.error(`bench: ${name} failed (exit ${run.status}) after ${seconds} s`);
      failed++;
      continue;
    }
    results.push({ ...JSON.parse(readFileSync(json, 'utf8')), seconds });
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const unmet = results.flatMap((r) => r.rows.filter((row) => row.met === false).map((row) => `${r.id}: ${row.measure}`));
console.log(`\nbench: ${results.length} benchmark(s) ran, ${failed} failed; targets not met: ${unmet.length ? unmet.join('; ') : 'none'}`);

const full = !values.quick && !values.only && !values['no-write'] && failed === 0;
if (full) {
  const path = join(root, 'docs', 'performance.md');
  const doc = readFileSync(path, 'utf8');
  const start = '<!-- bench:start (written by npm run bench) -->\n';
  const end = '\n<!-- bench:end -->';
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < 0) throw new Error('docs/performance.md has no bench markers');
  writeFileSync(path, doc.slice(0, from + start.length) + render(results, where) + doc.slice(to));
  console.log(`bench: wrote ${path}`);
} else if (!values['no-write']) {
  console.log('bench: docs/performance.md left as it was (only a full run of every benchmark rewrites it)');
}
process.exitCode = failed ? 1 : 0;

function render(results, where) {
  const cell = (text) => String(text).replace(/\|/g, '\\|');
  const lines = [
    `Measured ${where.date} on ${where.cores} cores (${where.cpu}), Node ${where.node}, ${where.platform}; load average ${where.loadavg} when the run started (other work shared the machine).`,
    '',
    '| # | measure | median | min–max | baseline (median) | ratio | target | met |',
    '|---|---|---|---|---|---|---|---|',
  ];
  results.forEach((result, i) => {
    for (const row of result.rows) {
      const f = fmtRow(row);
      lines.push(
        `| ${i + 1} | ${cell(f.measure)} | ${cell(f.median)} | ${cell(f.range)} | ${cell(f.baseline)} | ${cell(f.ratio)} | ${cell(f.target)} | ${f.met} |`,
      );
    }
  });
  lines.push('', 'How each was measured:', '');
  results.forEach((result, i) => {
    lines.push(`${i + 1}. **${result.title}** (${result.seconds} s).${result.notes?.length ? ` ${result.notes.join(' ')}` : ''}`);
  });
  return lines.join('\n');
}
