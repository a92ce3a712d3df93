// CommonJS on purpose, in both the ESM and the CommonJS build: `__dirname`
// exists only in CommonJS and `import.meta` only in ES modules (each is an error
// in the other), while an ES module may import a CommonJS one. So dist/esm,
// dist/cjs and the sources under jest all find the package's files through here.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const NAME = '@wandb-ts/testing';

function isThisPackage(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === NAME;
  } catch {
    return false;
  }
}

/**
 * The package's own directory: the nearest ancestor of this module whose
 * package.json is @wandb-ts/testing's (src/, dist/esm/ and dist/cjs/ sit at
 * different depths, and dist/esm has a package.json of its own).
 */
export function findPackageDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (isThisPackage(dir)) return dir;
    if (dirname(dir) === dir) throw new Error(`${NAME}: no package.json of ${NAME} above ${from}`);
  }
}
