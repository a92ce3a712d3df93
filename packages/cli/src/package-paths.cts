// CommonJS on purpose, in both the ESM and the CommonJS build (as in
// @wandb-ts/testing and @wandb-ts/schema): `require` exists only in CommonJS,
// and an ES module may import a CommonJS one.
import { dirname, join } from 'node:path';
import type * as Testing from '@wandb-ts/testing';

/**
 * This package's directory. Resolved by the package's own name (its "exports"
 * list ./package.json): src/, dist/esm/ and dist/cjs/ sit at different depths
 * below it, and dist/esm has a package.json of its own.
 */
export function packageDir(): string {
  return dirname(require.resolve('@wandb-ts/cli/package.json'));
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
