// A throwaway npm registry on 127.0.0.1: verdaccio with its storage in a temp
// directory and no uplinks, so nothing it is asked for leaves the machine.
// Anonymous users may publish the @wandb-ts scope; nobody can add a user.
const { spawn } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const { get } = require('node:http');
const { createServer } = require('node:net');
const { join } = require('node:path');

const verdaccioBin = join(require.resolve('verdaccio/package.json'), '..', 'bin', 'verdaccio');

const SCOPE = '@wandb-ts';

/** A port on 127.0.0.1 that was free a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function config(dir) {
  // JSON is valid YAML, and keeps this free of a YAML library.
  return JSON.stringify(
    {
      storage: join(dir, 'storage'),
      auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: -1 } },
      uplinks: {},
      packages: {
        [`${SCOPE}/*`]: { access: '$all', publish: '$anonymous', unpublish: '$anonymous' },
        '**': { access: '$all' },
      },
      publish: { allow_offline: true },
      web: { enable: false },
      log: { type: 'stdout', format: 'pretty', level: 'warn' },
    },
    null,
    2,
  );
}

/** The status of one GET, or 0 when nothing answers. node:http without keep-alive, so no socket outlives the check. */
function ping(url) {
  return new Promise((resolve) => {
    const request = get(url, { agent: false, timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

async function waitForPing(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with code ${child.exitCode} before answering ${url}-/ping`);
    if ((await ping(`${url}-/ping`)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`verdaccio did not answer ${url}-/ping within ${timeoutMs} ms`);
}

/**
 * Starts verdaccio in `dir` and resolves once it answers `/-/ping`.
 * Returns `{ url, pid, output(), stop() }`; `stop()` kills it by its pid.
 */
async function startRegistry(dir, { timeoutMs = 30_000 } = {}) {
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, config(dir));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, [verdaccioBin, '--config', configFile, '--listen', `127.0.0.1:${port}`], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (child.pid === undefined) throw new Error(`could not start verdaccio (${verdaccioBin})`);
  const pid = child.pid;
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // If this process ends without stop() (an uncaught error, Ctrl-C, a CI
  // timeout's SIGTERM), the registry must not outlive it.
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onSignal = (signal) => {
    killNow();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  };
  process.once('exit', killNow);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const stop = async () => {
    process.off('exit', killNow);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      let timer;
      const killed = await Promise.race([exited.then(() => true), new Promise((resolve) => (timer = setTimeout(() => resolve(false), 5000)))]);
      clearTimeout(timer);
      if (!killed) {
        process.kill(pid, 'SIGKILL');
        await exited;
      }
    }
  };
  try {
    await waitForPing(url, child, timeoutMs);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n${output}`);
  }
  return { url, port, pid, output: () => output, stop };
}

module.exports = { SCOPE, freePort, startRegistry };
