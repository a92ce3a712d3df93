// Child processes for the packaging scripts.
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');

const execFileAsync = promisify(execFile);

/**
 * The environment for npm and node children: npm exports its configuration to
 * the scripts it runs as npm_config_* variables (registry, workspace,
 * userconfig...), which must not leak into a consumer project's npm.
 */
function cleanEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, NO_UPDATE_NOTIFIER: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

/** Runs a command; on failure, throws with its output. */
async function sh(command, args, options) {
  try {
    return await execFileAsync(command, args, { maxBuffer: 64 * 1024 * 1024, env: cleanEnv(), ...options });
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} failed in ${options.cwd}:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

/** Runs `fn`, then prints how long it took under `label`. */
async function step(label, fn) {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

module.exports = { cleanEnv, sh, step };
