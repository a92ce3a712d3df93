#!/usr/bin/env node
// Builds the public package in the current directory to CommonJS (dist/cjs) and
// ES modules (dist/esm), each with declarations, declaration maps and source
// maps, from the same sources and tsconfig.build.json. Run by each public
// package's `build` script; see docs/packaging.md for the layout it produces.
//
// Two plain `tsc` runs, because TypeScript 7 has no compiler API for a bundler's
// declaration step, and tsc's own output is what the declarations describe.
// The ESM run overrides only the module settings. `dist/esm/package.json`
// (`{"type":"module"}`) makes Node and TypeScript read dist/esm as ES modules
// while the package itself stays `"type": "commonjs"`.
//
// With --bundle, the JavaScript of each format is then bundled with esbuild
// from tsc's ES module output: one file per entry point of package.json
// `exports` (plus, in dist/esm, shared and lazily imported chunks), its
// dependencies left as imports. Loading one file instead of fifteen is most
// of what the package costs a process at start-up (docs/performance.md, cold
// start). The declarations stay tsc's, file for file; the source maps lead
// through tsc's to src/.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = process.cwd();
// The workspace's own TypeScript (7.x), wherever npm placed it.
const tsc = join(dirname(createRequire(join(packageDir, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, ...args], { cwd: packageDir, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`tsc ${args.join(' ')} failed (${signal ?? `exit ${code}`})`))));
  });
}

// Stale files from an earlier layout or a renamed module must not reach a tarball.
rmSync(join(packageDir, 'dist'), { recursive: true, force: true });
await Promise.all([
  run(['-p', 'tsconfig.build.json', '--outDir', 'dist/cjs']),
  run(['-p', 'tsconfig.build.json', '--outDir', 'dist/esm', '--module', 'ES2022', '--moduleResolution', 'bundler']),
]);
mkdirSync(join(packageDir, 'dist', 'esm'), { recursive: true });
writeFileSync(join(packageDir, 'dist', 'esm', 'package.json'), '{\n  "type": "module"\n}\n');

if (process.argv.includes('--bundle')) await bundle();
installBins();

/**
 * The files package.json names in `bin` are run as commands inside this
 * repository too (e.g. the example package's `wandb-schema check`), through
 * npm's node_modules/.bin links. npm makes a bin executable and links it only
 * if its file exists when it installs, but in a fresh clone `npm ci` runs
 * before anything is built; and every build rewrites the file. So: make the
 * files executable, and when a link is missing, have npm make it
 * (`npm rebuild --ignore-scripts` links bins and runs no script).
 */
function installBins() {
  const { name, bin } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const bins = typeof bin === 'string' ? { [name.split('/').pop()]: bin } : (bin ?? {});
  for (const file of Object.values(bins)) chmodSync(join(packageDir, file), 0o755);
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const installed = join(root, 'node_modules', ...name.split('/'));
  // Only for this repository's own workspaces, as npm installed them.
  if (!existsSync(installed) || realpathSync(installed) !== realpathSync(packageDir)) return;
  const missing = Object.keys(bins).filter((command) => !existsSync(join(root, 'node_modules', '.bin', command)));
  if (missing.length === 0) return;
  const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  const result = spawnSync(npm[0], [...npm[1], 'rebuild', name, '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32' && !process.env.npm_execpath,
  });
  if (result.status !== 0)
    throw new Error(`npm rebuild ${name} failed (${result.error?.message ?? `exit ${result.status}`}): ${missing.join(', ')} not linked`);
  console.log(`linked ${missing.join(', ')} into node_modules/.bin`);
}

/** Replaces the per-file JavaScript of dist/esm and dist/cjs with bundles of the package's entry points. */
async function bundle() {
  const esbuild = await import('esbuild');
  const { exports } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  // The ES module builds of the entry points, e.g. dist/esm/index.js for ".".
  const entries = Object.values(exports)
    .map((target) => target?.import?.default)
    .filter((file) => typeof file === 'string' && file.startsWith('./dist/esm/'))
    .map((file) => join(packageDir, file));
  const esm = join(packageDir, 'dist', 'esm');
  const common = {
    entryPoints: entries,
    outbase: esm,
    bundle: true,
    // Only the package's own files: dependencies and Node built-ins stay imports.
    packages: 'external',
    external: ['node:*'],
    platform: 'neutral',
    target: 'es2022',
    sourcemap: 'linked',
    logLevel: 'warning',
  };
  // Staged next to dist/esm and dist/cjs (same depth: the source maps' paths to src/ stay right).
  const staging = (format) => join(packageDir, 'dist', `.${format}-bundle`);
  for (const format of ['esm', 'cjs']) rmSync(staging(format), { recursive: true, force: true });
  await esbuild.build({ ...common, format: 'esm', splitting: true, outdir: staging('esm'), chunkNames: '[name]-[hash]' });
  // CommonJS cannot split: each entry gets its own copy of what it uses, and
  // import() of the package's own modules becomes a lazy require of code in the bundle.
  await esbuild.build({ ...common, format: 'cjs', outdir: staging('cjs') });
  for (const format of ['esm', 'cjs']) {
    const dir = join(packageDir, 'dist', format);
    removeJavaScript(dir);
    for (const file of readdirSync(staging(format))) renameSync(join(staging(format), file), join(dir, file));
    rmSync(staging(format), { recursive: true, force: true });
  }
  console.log(`bundled ${entries.map((e) => relative(esm, e)).join(', ')} into dist/esm and dist/cjs`);
}

/** Deletes tsc's .js and .js.map files under `dir`, keeping declarations and package.json. */
function removeJavaScript(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) removeJavaScript(path);
    else if (/\.js(\.map)?$/.test(entry.name)) rmSync(path);
  }
}
