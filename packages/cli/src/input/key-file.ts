import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { usageError } from '../exit-codes.js';
import { unreadable } from './file-error.js';

/**
 * The most a key file may hold. A key is 40 to about 100 characters; the bound
 * keeps `--api-key-file /dev/zero` (or a log file named by mistake) from
 * filling memory.
 */
export const MAX_KEY_FILE_BYTES = 4096;

/** What was read from a key file, and whether others than its owner may read it. */
export interface KeyFile {
  key: string;
  sharedWithOthers: boolean;
}

/** Reads at most `limit` + 1 bytes: enough to tell whether there were more. */
function readBounded(fd: number, limit: number): Buffer {
  const buffer = Buffer.alloc(limit + 1);
  let length = 0;
  while (length < buffer.length) {
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}

/**
 * The key in `path` (`--api-key-file`): a regular file, or a pipe such as
 * `<(pass show wandb)`, read up to {@link MAX_KEY_FILE_BYTES}.
 */
export function readKeyFile(path: string): KeyFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw unreadable(`--api-key-file ${path}`, path, error);
  }
  let bytes: Buffer;
  let sharedWithOthers: boolean;
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw usageError(`--api-key-file ${path} is a directory`);
    // Checked on the file that was opened, not on the name, which could have changed since.
    sharedWithOthers = stat.isFile() && isShared(stat.mode);
    bytes = readBounded(fd, MAX_KEY_FILE_BYTES);
  } finally {
    closeSync(fd);
  }
  if (bytes.length > MAX_KEY_FILE_BYTES) throw usageError(`--api-key-file ${path} holds more than ${MAX_KEY_FILE_BYTES} bytes: it must hold only the key`);
  const key = bytes.toString('utf8').trim();
  if (key === '') throw usageError(`--api-key-file ${path} is empty`);
  if (/\s/.test(key)) throw usageError(`--api-key-file ${path} must hold only the key (one line, no spaces)`);
  return { key, sharedWithOthers };
}

/** Whether a mode lets the group or others read or write (as ssh judges private keys). */
function isShared(mode: number): boolean {
  return process.platform !== 'win32' && (mode & 0o077) !== 0;
}

/**
 * The netrc file the SDK took the key from: `NETRC`, else the first of
 * ~/.netrc and ~/_netrc that exists (the SDK's order).
 */
export function netrcPath(env: NodeJS.ProcessEnv): string | undefined {
  const candidates = env.NETRC ? [env.NETRC] : [join(homedir(), '.netrc'), join(homedir(), '_netrc')];
  return candidates.find((path) => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  });
}

/** Whether the file at `path` can be read by others than its owner; false when it cannot be checked. */
export function isSharedFile(path: string): boolean {
  try {
    return isShared(statSync(path).mode);
  } catch {
    return false;
  }
}
