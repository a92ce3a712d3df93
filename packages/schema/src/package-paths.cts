// CommonJS on purpose, in both the ESM and the CommonJS build (as in
// @wandb-ts/testing): `require.resolve` exists only in CommonJS,
// and an ES module may import a CommonJS one.
import { dirname } from 'node:path';

/**
 * This package's directory. Resolved by the package's own name (its "exports"
 * list ./package.json): src/, dist/esm/ and dist/cjs/ sit at different depths
 * below it, and dist/esm has a package.json of its own.
 */
export function packageDir(): string {
  return dirname(require.resolve('@wandb-ts/schema/package.json'));
}

/** The directory of the installed @wandb-ts/users, whose operation documents `check` validates by default. */
export function usersPackageDir(): string {
  return dirname(require.resolve('@wandb-ts/users/package.json'));
}
