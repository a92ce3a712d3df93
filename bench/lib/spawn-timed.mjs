import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const preload = join(dirname(fileURLToPath(import.meta.url)), 'cpu-report.cjs');

/**
 * Runs a command to completion and returns its wall time and the CPU time of
 * every Node process it ran (npm and what npm starts included), in ms, with
 * what it printed on stdout.
 */
export function spawnTimed(command, args, { cwd, env = process.env } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wandb-ts-cpu-'));
  const cpuFile = join(dir, 'cpu');
  try {
    const nodeOptions = [env.NODE_OPTIONS, `--require ${JSON.stringify(preload)}`].filter(Boolean).join(' ');
    const started = process.hrtime.bigint();
    const run = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...env, NODE_OPTIONS: nodeOptions, BENCH_CPU_FILE: cpuFile } });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${run.status}):\n${run.stdout}${run.stderr}`);
    const cpuMs = readFileSync(cpuFile, 'utf8')
      .trim()
      .split('\n')
      .reduce((sum, us) => sum + Number(us) / 1000, 0);
    return { wallMs, cpuMs, stdout: run.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
