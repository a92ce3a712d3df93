import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry } from '../lib/verdaccio.cjs';

/** Whether the process runs. A killed child whose parent is gone may linger as a zombie until reaped: that counts as ended. */
/** Whether `pid` has exited within `ms` (polled; a synchronous wait keeps the test simple). */
function goneWithin(pid: number, ms: number): boolean {
  const end = Date.now() + ms;
  while (alive(pid) && Date.now() < end) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  return !alive(pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (not Linux): signal 0 succeeded, so it runs
  }
}

function status(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'packaging-verdaccio-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('starts on 127.0.0.1 with no uplinks, and stop() ends it by its pid', async () => {
  const registry = await startRegistry(dir);
  try {
    expect(registry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(alive(registry.pid)).toBe(true);
    expect(await status(`${registry.url}-/ping`)).toBe(200);
    // No uplinks: a package it does not hold is not fetched from anywhere.
    expect(await status(`${registry.url}left-pad`)).toBe(404);
  } finally {
    await registry.stop();
  }
  expect(alive(registry.pid)).toBe(false);
});

test('the registry does not outlive a process that fails without calling stop()', () => {
  const script = `
    const { startRegistry } = require(${JSON.stringify(join(__dirname, '..', 'lib', 'verdaccio.cjs'))});
    startRegistry(${JSON.stringify(dir)}).then((registry) => {
      console.log(registry.pid);
      throw new Error('a failing check');
    });
  `;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(child.status).not.toBe(0);
  expect(child.stderr).toContain('a failing check');
  const pid = Number(child.stdout.trim());
  expect(pid).toBeGreaterThan(0);
  // The kill is sent as the child exits; the registry's own exit can lag a moment on a busy machine.
  expect(goneWithin(pid, 10_000)).toBe(true);
});
