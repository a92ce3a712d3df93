// CommonJS on purpose, in both the ESM and the CommonJS build: `require`
// exists only in CommonJS and `import.meta` only in ES modules (each is an error
// in the other), while an ES module may import a CommonJS one. So dist/esm,
// dist/cjs and the sources under jest all find the package's files through here.
import { dirname } from 'node:path';

/**
 * This package's directory. Resolved by the package's own name (its "exports"
 * list ./package.json): src/, dist/esm/ and dist/cjs/ sit at different depths
 * below it, and dist/esm has a package.json of its own.
 */
export function findPackageDir(): string {
  return dirname(require.resolve('@wandb-ts/testing/package.json'));
}
