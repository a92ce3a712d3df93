// Packs every public package and publishes the tarballs to a fresh local
// registry (lib/verdaccio.cjs), then gives the caller a way to install them
// the way a consumer would.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { pack } = require('./pack.cjs');
const { sh, step } = require('./run.cjs');
const { SCOPE, startRegistry } = require('./verdaccio.cjs');

/**
 * Starts a registry under `work`, publishes `packages` (in order: dependencies
 * first) and returns `{ registry, packed, npmrc }`. The caller must call
 * `registry.stop()`, in a finally block.
 */
async function publishLocally(packages, work) {
  // An empty user config: the developer's own ~/.npmrc (tokens, registries) plays no part.
  const npmrc = join(work, 'empty-npmrc');
  writeFileSync(npmrc, '');
  // The packs are independent (one npm process each): at once, in the packages' order.
  const packed = await step('pack', () => Promise.all(packages.map((p) => pack(p, join(work, 'tarballs')))));
  const registry = await step('start verdaccio', () => startRegistry(join(work, 'registry')));
  console.log(`  registry ${registry.url} (pid ${registry.pid})`);
  try {
    const host = registry.url.replace(/^http:/, '');
    await step('publish', async () => {
      for (const p of packed) {
        // --provenance=false: provenance needs a CI identity (docs/releasing.md); a local registry has none.
        await sh('npm', ['publish', p.tarball, '--registry', registry.url, `--${host}:_authToken=anonymous`, '--provenance=false', '--userconfig', npmrc], {
          cwd: work,
        });
      }
    });
  } catch (error) {
    await registry.stop();
    throw error;
  }
  return { registry, packed, npmrc };
}

/**
 * A new project at `dir` (outside the repository) that installs `dependencies`,
 * taking only the @wandb-ts scope from the local registry and everything else
 * from the default one.
 */
async function installConsumer({ dir, dependencies, registry, npmrc, label = 'npm install in a fresh consumer project' }) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'wandb-ts-consumer', version: '1.0.0', private: true, dependencies }, null, 2)}\n`);
  writeFileSync(join(dir, '.npmrc'), `${SCOPE}:registry=${registry.url}\n`);
  // --prefer-online: revalidate cached metadata, since every run publishes the same versions with new contents.
  await step(label, () =>
    sh('npm', ['install', '--prefer-online', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts', '--userconfig', npmrc], { cwd: dir }),
  );
}

module.exports = { installConsumer, publishLocally };
