// Keeps each public package's src/version.ts equal to its package.json version
// (see scripts/sync-version.mjs).
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { ROOT, publicPackages } = require('./workspaces.cjs');

const DECLARATION = /^(export const VERSION = )(['"])([^'"]*)\2;$/m;

/** The text of a version.ts with VERSION set to `version`; throws when the file does not declare VERSION as a string literal. */
function withVersion(text, version, file = 'version.ts') {
  if (!DECLARATION.test(text)) throw new Error(`${file} has no line \`export const VERSION = '...';\``);
  return text.replace(DECLARATION, (_, head, quote) => `${head}${quote}${version}${quote};`);
}

/**
 * Brings every public package's src/version.ts under `root` in line with its
 * package.json (packages without one are skipped). Returns what differed;
 * with `check`, writes nothing.
 */
function syncVersions({ root = ROOT, check = false } = {}) {
  const changed = [];
  for (const { dir, manifest } of publicPackages(root)) {
    const file = join(dir, 'src', 'version.ts');
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const next = withVersion(text, manifest.version, relative(root, file));
    if (next !== text) {
      changed.push({ file: relative(root, file), version: manifest.version });
      if (!check) writeFileSync(file, next);
    }
  }
  return changed;
}

module.exports = { syncVersions, withVersion };
