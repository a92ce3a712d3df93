#!/usr/bin/env node
// 6. Codegen: wall time of the full `npm run codegen` (schema snapshot and
// operations to packages/users/src/generated) and of `npm run codegen:check`,
// alternating, against the codegen CLI's own start-up (`graphql-codegen
// --version`). The generated files must come out unchanged.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOptions, emit, row } from './lib/report.mjs';
import { summary } from './lib/stats.mjs';

const options = benchOptions();
const runs = options.quick ? 2 : 7;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const generatedDir = join(root, 'packages', 'users', 'src', 'generated');
const snapshot = () => Object.fromEntries(readdirSync(generatedDir).map((f) => [f, readFileSync(join(generatedDir, f), 'utf8')]));

const commands = {
  codegen: ['npm', ['run', '--silent', 'codegen']],
  check: ['npm', ['run', '--silent', 'codegen:check']],
  cli: [process.execPath, [join(root, 'node_modules', '.bin', 'graphql-codegen'), '--version']],
};
function timed(name) {
  const [command, args] = commands[name];
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${run.stdout}${run.stderr}`);
  return seconds;
}

const before = snapshot();
const times = { codegen: [], check: [], cli: [] };
const names = Object.keys(times);
for (let run = 0; run < runs; run++) for (let i = 0; i < names.length; i++) times[names[(run + i) % names.length]].push(timed(names[(run + i) % names.length]));
const after = snapshot();
if (JSON.stringify(before) !== JSON.stringify(after)) throw new Error('npm run codegen changed the committed generated files: they were stale');

const cli = summary(times.cli);
const rowFor = (name, measure) => {
  const s = summary(times[name]);
  return row({ measure, unit: 's', ...s, baseline: { name: 'graphql-codegen --version', median: cli.median }, ratio: { median: s.median / cli.median }, target: '≤ 5 s', met: s.median <= 5 });
};
emit(options, {
  id: 'codegen',
  title: `Codegen: wall time of the npm scripts, ${runs} runs each, alternating`,
  rows: [rowFor('codegen', 'npm run codegen (full schema snapshot, 2 outputs)'), rowFor('check', 'npm run codegen:check')],
  notes: [`the baseline is the codegen CLI loading and printing its version (${cli.median.toFixed(2)} s, ${cli.min.toFixed(2)}–${cli.max.toFixed(2)}): most of each run is the tool's start-up, not the generation.`],
});
