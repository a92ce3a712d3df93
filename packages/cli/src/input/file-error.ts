import { resolve } from 'node:path';
import { type CliError, usageError } from '../exit-codes.js';

// A file the CLI was told to read that cannot be opened, said in the user's
// terms (not `ENOENT`) with what to check: `--api-key-file`, an import CSV,
// a sync file, a saved plan, a journal.

/** The usage error for `what` (`the file new-hires.csv`, `--api-key-file ci.key`) failing to open with `error`. */
export function unreadable(what: string, path: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return usageError(`${what} does not exist`, `Check the path: it was looked for at ${resolve(path)}.`);
    case 'EACCES':
    case 'EPERM':
      return usageError(`${what} cannot be read: no permission`, `Check its permissions (\`ls -l ${path}\`): this user must be able to read it.`);
    case 'EISDIR':
      return usageError(`${what} is a directory, not a file`);
    case 'ENOTDIR':
      return usageError(`${what} does not exist: a part of its path is not a directory`, `Check the path: ${resolve(path)}.`);
    default:
      return usageError(`${what} cannot be read (${code ?? String(error)})`);
  }
}
