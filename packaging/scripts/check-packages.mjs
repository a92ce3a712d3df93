#!/usr/bin/env node
// Packs every public workspace and checks each tarball: the repository's rules
// (lib/rules.cjs), publint (package.json against the packed files) and
// @arethetypeswrong/cli (types and module formats under node10, node16 CJS,
// node16 ESM and bundler resolution). Exits non-zero on any problem.
//
//   node packaging/scripts/check-packages.mjs [--keep DIR] [--release]
//
// Run by `npm test` (turbo task @wandb-ts/packaging#test) after every package is
// built; `npm run release` runs it with --release, which also requires what a
// publish with provenance needs (lib/rules.cjs, releaseProblems).
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { pack, readTarballJson, tempDir, unpack } from '../lib/pack.cjs';
import { releaseProblems, tarballProblems } from '../lib/rules.cjs';
import { coverageProblems, ROOT, publicPackages, readJson, workspaces } from '../lib/workspaces.cjs';
import { formatBytes, isMain } from '../lib/format.cjs';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const attwBin = join(require.resolve('@arethetypeswrong/cli/package.json'), '..', 'dist', 'index.js');

/**
 * What attw should look at in a package: nothing for a package without entry
 * points (a command-line tool with only `bin`), and never the subpaths that
 * export a plain file such as a schema (they are not modules, and attw would
 * report that they resolve to no types).
 */
export function attwScope(manifest) {
  const modules = manifest.exports !== undefined || manifest.main !== undefined || manifest.types !== undefined;
  const assets = Object.entries(typeof manifest.exports === 'object' && manifest.exports !== null ? manifest.exports : {})
    .filter(([, target]) => typeof target === 'string' && !/\.([cm]?js|json)$/.test(target))
    .map(([subpath]) => subpath);
  return { run: modules, exclude: assets };
}

/** publint's and attw's findings on one tarball, as lines of text (empty when both are satisfied). */
export async function lintTarball(tarball, scope = { run: true, exclude: [] }) {
  const [fromPublint, fromAttw] = await Promise.all([lint(tarball), scope.run ? attw(tarball, scope.exclude) : []]);
  return [...fromPublint, ...fromAttw];
}

async function attw(tarball, exclude) {
  // --no-definitely-typed: never look up @types packages on the registry.
  const args = [attwBin, tarball, '--format', 'json', '--no-definitely-typed', ...(exclude.length > 0 ? ['--exclude-entrypoints', ...exclude] : [])];
  const result = await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }).catch((error) => {
    if (typeof error.stdout === 'string' && error.stdout.trim().startsWith('{')) return error;
    throw error;
  });
  const { analysis } = JSON.parse(result.stdout);
  // An analysis without entry points would pass vacuously: treat it as a failure of the check itself.
  if (!analysis?.entrypoints || Object.keys(analysis.entrypoints).length === 0) throw new Error(`attw analysed no entry point of ${tarball}`);
  return (analysis.problems ?? []).map((p) => {
    const where = [
      p.entrypoint && `at "${p.entrypoint}"`,
      p.resolutionKind && `(${p.resolutionKind})`,
      p.typesFileName && `types ${p.typesFileName}`,
      p.implementationFileName && `for ${p.implementationFileName}`,
    ].filter(Boolean);
    return `attw: ${p.kind}${where.length ? ` ${where.join(' ')}` : ''}: https://github.com/arethetypeswrong/arethetypeswrong.github.io/blob/main/docs/problems/${p.kind}.md`;
  });
}

async function lint(tarball) {
  const bytes = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    strict: true,
    level: 'suggestion',
  });
  return messages.map((m) => `publint ${m.type} ${m.code}: ${formatMessage(m, pkg, { color: false })}`);
}

export async function checkPackages({ keep, release = false } = {}) {
  const packages = publicPackages();
  const workspaceVersions = Object.fromEntries(workspaces().map((w) => [w.manifest.name, w.manifest.version]));
  const reasons = readJson(join(ROOT, 'packaging', 'runtime-dependencies.json'));
  const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
  const destination = keep ?? tempDir('pack');
  const problems = coverageProblems(packages, readJson(join(ROOT, 'packaging', 'package.json')));
  const results = [];
  try {
    for (const workspace of packages) {
      const packed = await pack(workspace, destination);
      const dir = await unpack(packed.tarball);
      try {
        const manifest = readTarballJson(dir, 'package.json');
        const found = tarballProblems({
          manifest,
          files: packed.files.map((f) => f.path),
          workspaceVersions,
          reasons: reasons[manifest.name] ?? {},
        });
        if (release) found.push(...releaseProblems(manifest, relative(ROOT, workspace.dir).split('\\').join('/')));
        if (packed.files.some((f) => f.path === 'LICENSE') && readFileSync(join(dir, 'LICENSE'), 'utf8') !== license) {
          found.push(`${manifest.name}: its LICENSE differs from the repository's LICENSE`);
        }
        found.push(...(await lintTarball(packed.tarball, attwScope(manifest))).map((m) => `${manifest.name}: ${m}`));
        problems.push(...found);
        results.push({ ...packed, problems: found.length });
      } finally {
        rmSync(join(dir, '..'), { recursive: true, force: true });
      }
    }
  } finally {
    if (!keep) rmSync(destination, { recursive: true, force: true });
  }
  return { results, problems };
}

if (isMain(import.meta.url)) {
  const keepAt = process.argv.indexOf('--keep');
  const { results, problems } = await checkPackages({ keep: keepAt > 0 ? process.argv[keepAt + 1] : undefined, release: process.argv.includes('--release') });
  for (const r of results) {
    console.log(
      `${r.name}@${r.version}: ${r.files.length} files, ${formatBytes(r.size)} packed, ${formatBytes(r.unpackedSize)} unpacked; rules, publint, attw: ${r.problems === 0 ? 'no problems' : `${r.problems} problem(s)`}`,
    );
  }
  if (problems.length > 0) {
    console.error(`\n${problems.length} packaging problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`${results.length} packages checked: no problems`);
}
