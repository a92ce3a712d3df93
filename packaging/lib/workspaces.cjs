// Which workspaces are published. A workspace is public unless its package.json
// says `"private": true`; every packaging check covers every public workspace,
// so a new package is checked as soon as it exists (see docs/packaging.md).
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

/** The repository root. */
const ROOT = resolve(__dirname, '..', '..');

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Expands the root package.json `workspaces` (plain folders and `folder/*`, all this repository uses). */
function workspaces(root = ROOT) {
  const found = [];
  for (const pattern of readJson(join(root, 'package.json')).workspaces ?? []) {
    if (/[*?[{]/.test(pattern.replace(/\/\*$/, ''))) throw new Error(`workspace pattern ${pattern} is not supported by packaging/lib/workspaces.cjs`);
    const dirs = pattern.endsWith('/*')
      ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => join(root, pattern.slice(0, -2), entry.name))
      : [join(root, pattern)];
    for (const dir of dirs.sort()) {
      const manifestPath = join(dir, 'package.json');
      if (existsSync(manifestPath)) found.push({ dir, manifest: readJson(manifestPath) });
    }
  }
  return found;
}

/** Public workspaces in dependency order: a package comes after the internal packages it depends on. */
function publicPackages(root = ROOT) {
  const all = workspaces(root).filter((w) => w.manifest.private !== true);
  const byName = new Map(all.map((w) => [w.manifest.name, w]));
  const ordered = [];
  const visiting = new Set();
  const visit = (w) => {
    if (ordered.includes(w)) return;
    if (visiting.has(w)) throw new Error(`dependency cycle through ${w.manifest.name}`);
    visiting.add(w);
    for (const name of Object.keys(runtimeDependencies(w.manifest))) {
      const dep = byName.get(name);
      if (dep) visit(dep);
    }
    visiting.delete(w);
    ordered.push(w);
  };
  for (const w of all) visit(w);
  return ordered;
}

/** What a consumer installs with the package: dependencies, peer and optional dependencies. */
function runtimeDependencies(manifest) {
  return { ...manifest.optionalDependencies, ...manifest.peerDependencies, ...manifest.dependencies };
}

/**
 * The packaging workspace must list every public package as a devDependency
 * (`"@wandb-ts/x": "*"`): that is how turbo knows to build it before the
 * packaging checks, and to run them again when it changes.
 */
function coverageProblems(packages, packagingManifest) {
  const listed = { ...packagingManifest.dependencies, ...packagingManifest.devDependencies };
  return packages
    .filter((p) => !(p.manifest.name in listed))
    .map(
      (p) =>
        `${p.manifest.name} is public but not a devDependency of packaging/package.json ("${p.manifest.name}": "*"), so turbo would not build it before these checks`,
    );
}

module.exports = { ROOT, coverageProblems, publicPackages, readJson, runtimeDependencies, workspaces };
