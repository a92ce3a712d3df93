import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, lstatSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError, usageError } from '../exit-codes.js';

// Files the CLI writes for the user (`--out` of `sync export` and `sync
// plan`, the failed rows of `users import`): always whole, never through a
// link planted at the name, and never over an existing file unless asked.
// Their name is the user's, never one made from what a server or a file said.

/** Mode of files that hold addresses and roles: the owner's alone, as the umask may narrow further. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * A new file next to `path`, created exclusively (O_EXCL: a file or symlink
 * planted there makes it fail rather than be followed or reused) under a name
 * nobody can guess, with `mode`. Returns its path and descriptor.
 */
function createTemporary(path: string, mode: number): { temporary: string; fd: number } {
  for (let attempt = 0; ; attempt++) {
    const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      return { temporary, fd: openSync(temporary, 'wx', mode) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 4) throw error;
    }
  }
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/** The refusal of an existing file: what `--overwrite` is for. */
function exists(path: string) {
  return usageError(`${path} already exists`, 'Nothing was written over it. Pass --overwrite to replace it, or choose another name.');
}

/**
 * Checks, before any work, that `path` could be written: its directory
 * exists, it is not a directory, and (without `overwrite`) nothing is there,
 * not even a dangling symlink. {@link writeOutFile} checks again as it writes.
 */
export function checkOutFile(path: string, overwrite: boolean): void {
  try {
    if (!statSync(dirname(path)).isDirectory()) throw usageError(`cannot write ${path}: ${dirname(path)} is not a directory`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw usageError(`cannot write ${path}: its directory ${dirname(path)} does not exist (${codeOf(error)})`);
  }
  let there: ReturnType<typeof lstatSync> | undefined;
  try {
    there = lstatSync(path);
  } catch {
    return;
  }
  if (there.isDirectory()) throw usageError(`cannot write ${path}: it is a directory`);
  if (!overwrite) throw exists(path);
}

/** Hard links refused by the file system, not by the name: then the file is created in place. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Writes `text` to a new temporary file next to `path` (created exclusively,
 * with `mode`), synced, then hands it to `place` to put it at `path` in one
 * step; the temporary name never outlives the call. Throws what the file
 * system throws.
 */
export function writeWhole(path: string, text: string, mode: number, place: (temporary: string) => void): void {
  const { temporary, fd } = createTemporary(path, mode);
  try {
    try {
      writeFileSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    place(temporary);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * Writes `text` to `path`, whole (see {@link writeWhole}), with `mode`
 * (default 0600). Without `overwrite` it is hard-linked to `path`, which
 * fails if anything is there (a file, a symlink, a name taken since the
 * check); with it, renamed over `path` (a symlink there is replaced, not
 * followed). A file system without hard links gets `path` created exclusively
 * instead. Throws a usage error when it cannot.
 */
export function writeOutFile(path: string, text: string, options: { overwrite: boolean; mode?: number }): void {
  const mode = options.mode ?? PRIVATE_FILE_MODE;
  try {
    writeWhole(path, text, mode, (temporary) => {
      if (options.overwrite) renameSync(temporary, path);
      else placeExclusively(temporary, path, text, mode);
    });
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw usageError(`cannot write ${path}: ${codeOf(error)}`);
  }
}

function placeExclusively(temporary: string, path: string, text: string, mode: number): void {
  try {
    linkSync(temporary, path);
    return;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') throw exists(path);
    if (!NO_LINKS.has(codeOf(error))) throw error;
  }
  let fd: number;
  try {
    fd = openSync(path, 'wx', mode);
  } catch (error) {
    if (codeOf(error) === 'EEXIST') throw exists(path);
    throw error;
  }
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
