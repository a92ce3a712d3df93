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
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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
