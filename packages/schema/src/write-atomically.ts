import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { SchemaToolError } from './errors.js';

/** Writes next to the target and renames, so a failed write never leaves a half-written file. */
export function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new SchemaToolError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
}
