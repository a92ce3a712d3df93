// CommonJS on purpose, in both the ESM and the CommonJS build (as in
// @wandb-ts/testing): `__dirname` and `require.resolve` exist only in CommonJS,
// and an ES module may import a CommonJS one.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const NAME = '@wandb-ts/schema';

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

/** The directory of the installed @wandb-ts/users, whose operation documents `check` validates by default. */
export function usersPackageDir(): string {
  return dirname(require.resolve('@wandb-ts/users/package.json'));
}
