// The `wandb-users` command as a stranger installs it from the registry:
// with its optional peer @wandb-ts/testing (what `demo` and `serve` need),
// and without it (a production install), where they must say how to get it.
const { spawn } = require('node:child_process');
const { existsSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { installConsumer } = require('./publish.cjs');
const { cleanEnv, sh, step } = require('./run.cjs');
const { SCOPE } = require('./verdaccio.cjs');
const { ROOT } = require('./workspaces.cjs');

/** The environment variables a shell may have that point the CLI at a real server. */
const CLI_ENV = ['WANDB_API_KEY', 'WANDB_BASE_URL', 'NETRC'];

/** Runs the installed `wandb-users` in `dir` and resolves to its status and output; `onStdout` sees each chunk. */
function wandbUsers(dir, args, { onStdout } = {}) {
  const env = cleanEnv({ NO_COLOR: '1', HOME: dir });
  for (const name of CLI_ENV) delete env[name];
  const child = spawn(process.execPath, [join(dir, 'node_modules', SCOPE, 'cli', 'dist', 'cjs', 'bin.js'), ...args], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    onStdout?.(stdout, child);
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function expectStatus(result, code, what) {
  if (result.code !== code) throw new Error(`${what} exited with ${result.code ?? result.signal}, expected ${code}:\n${result.stdout}${result.stderr}`);
}

/**
 * In `consumer`, where @wandb-ts/testing was installed explicitly: `demo` runs
 * its whole session, and `serve --json` starts and stops on SIGTERM.
 */
async function checkWithTesting(consumer) {
  await step('wandb-users demo, with @wandb-ts/testing installed', async () => {
    expectStatus(await wandbUsers(consumer, ['demo']), 0, 'wandb-users demo');
  });
  await step('wandb-users serve, with @wandb-ts/testing installed', async () => {
    const result = await wandbUsers(consumer, ['--json', 'serve', '--port', '0'], {
      onStdout: (text, child) => {
        if (text.includes('\n')) child.kill('SIGTERM');
      },
    });
    expectStatus(result, 0, 'wandb-users serve');
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(JSON.parse(result.stdout).baseUrl)) throw new Error(`wandb-users serve printed no base URL:\n${result.stdout}`);
  });
}

/**
 * A new project with @wandb-ts/cli alone: the optional peer is not installed,
 * `demo` and `serve` exit 9 saying how to add it, and the package's entries
 * other than `/seed` type-check with every declaration file checked.
 */
async function checkWithoutTesting({ dir, version, registry, npmrc }) {
  await installConsumer({ dir, dependencies: { [`${SCOPE}/cli`]: version }, registry, npmrc, label: `npm install ${SCOPE}/cli alone` });
  if (existsSync(join(dir, 'node_modules', SCOPE, 'testing')))
    throw new Error(`${SCOPE}/testing was installed with ${SCOPE}/cli alone: it must be an optional peer dependency`);
  await step('wandb-users demo and serve without @wandb-ts/testing: exit 9, saying how to get it', async () => {
    for (const command of ['demo', 'serve']) {
      const result = await wandbUsers(dir, [command]);
      expectStatus(result, 9, `wandb-users ${command} without ${SCOPE}/testing`);
      if (!result.stderr.includes(`${SCOPE}/testing, which is not installed`) || !result.stderr.includes(`npm install -g ${SCOPE}/testing`)) {
        throw new Error(`wandb-users ${command} without ${SCOPE}/testing did not say how to get it:\n${result.stderr}`);
      }
    }
    expectStatus(await wandbUsers(dir, ['--help']), 0, 'wandb-users --help');
  });
  await step('@wandb-ts/cli and @wandb-ts/cli/sync type-check without @wandb-ts/testing (skipLibCheck false)', () => typeCheckWithoutTesting(dir));
}

/**
 * Only `@wandb-ts/cli/seed` may name @wandb-ts/testing in its types: a project
 * that uses `run` or the sync engine must not need the optional peer to
 * type-check. @types/node comes from the repository, as the CLI's types use it.
 */
async function typeCheckWithoutTesting(dir) {
  writeFileSync(
    join(dir, 'uses-cli.ts'),
    [
      `import { EXIT, run } from '${SCOPE}/cli';`,
      `import { parseDesiredState, plan } from '${SCOPE}/cli/sync';`,
      'export const used = [EXIT.OK, run, parseDesiredState, plan];',
      '',
    ].join('\n'),
  );
  const compilerOptions = {
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules', '@types')],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['uses-cli.ts'] }, null, 2));
  await sh(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir });
}

module.exports = { checkWithTesting, checkWithoutTesting };
