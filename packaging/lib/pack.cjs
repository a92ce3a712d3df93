// Packs public packages the way `npm publish` would, and opens the tarballs.
// Every check and the registry round-trip work on these tarballs, never on the
// package folders, so what is checked is byte for byte what would be published.
const { execFile } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { promisify } = require('node:util');

const run = promisify(execFile);

/** A fresh temporary directory; the caller removes it. */
function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `wandb-ts-${prefix}-`));
}

/**
 * `npm pack` of one workspace into `destination`. Lifecycle scripts are skipped:
 * the build is turbo's job, and a pack must not rebuild behind its back.
 */
async function pack(workspace, destination) {
  const { dir, manifest } = workspace;
  for (const target of exportTargets(manifest)) {
    if (!existsSync(join(dir, target))) {
      throw new Error(`${manifest.name}: ${target} is missing; run \`npm run build\` first`);
    }
  }
  mkdirSync(destination, { recursive: true });
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [info] = JSON.parse(stdout);
  return {
    name: info.name,
    version: info.version,
    tarball: join(destination, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    files: info.files.map((f) => ({ path: f.path, size: f.size })),
  };
}

/** Extracts a tarball into a new directory and returns the package folder inside it. */
async function unpack(tarball, into = tempDir('unpack')) {
  await run('tar', ['-xzf', tarball, '-C', into]);
  return join(into, 'package');
}

/** Every file path (relative, without `./`) that `exports`, `main` or `types` points at. */
function exportTargets(manifest) {
  const targets = new Set();
  const walk = (value) => {
    if (typeof value === 'string') {
      if (!value.includes('*')) targets.add(value.replace(/^\.\//, ''));
    } else if (value && typeof value === 'object') {
      for (const v of Object.values(value)) walk(v);
    }
  };
  walk(manifest.exports);
  walk(manifest.main);
  walk(manifest.types);
  return [...targets].sort();
}

function readTarballJson(packageDir, file) {
  return JSON.parse(readFileSync(join(packageDir, file), 'utf8'));
}

module.exports = { exportTargets, pack, readTarballJson, tempDir, unpack };
