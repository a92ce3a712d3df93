// CommonJS on purpose, in both the ESM and the CommonJS build (as in
// @wandb-ts/testing and @wandb-ts/schema): `__dirname` and `require` exist only
// in CommonJS, and an ES module may import a CommonJS one.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as Testing from '@wandb-ts/testing';

const NAME = '@wandb-ts/cli';

function isThisPackage(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === NAME;
  } catch {
    return false;
  }
}

/** This package's directory: src/, dist/esm/ and dist/cjs/ sit at different depths below it. */
export function packageDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (isThisPackage(dir)) return dir;
    if (dirname(dir) === dir) throw new Error(`${NAME}: no package.json of ${NAME} above ${from}`);
  }
}

/** The `wandb-users` executable (what package.json's "bin" names), for the demo to run as a child. */
export function binPath(): string {
  return join(packageDir(), 'dist', 'cjs', 'bin.js');
}

/**
 * @wandb-ts/testing, loaded on first use: only `demo` and `serve` need the
 * fake server, and it is an optional peer dependency, absent from production
 * installs. Throws MODULE_NOT_FOUND when absent (seed.ts explains it).
 */
export function loadTesting(): typeof Testing {
  return require('@wandb-ts/testing') as typeof Testing;
}
