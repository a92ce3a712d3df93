import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { CliError, EXIT } from '../../exit-codes.js';
import type { JournalEnd, JournalEntry, JournalHeader } from '../../sync/journal.js';

/**
 * Where journals go without --journal-dir: `wandb-users/journals` in the
 * user's state directory, `$XDG_STATE_HOME` (an absolute path: the XDG base
 * directory spec ignores a relative one), else `~/.local/state`, its default.
 * Undefined when the environment names neither.
 */
export function defaultJournalDir(env: NodeJS.ProcessEnv): string | undefined {
  const state = env.XDG_STATE_HOME;
  if (state !== undefined && isAbsolute(state)) return join(state, 'wandb-users', 'journals');
  const home = env.HOME;
  return home !== undefined && isAbsolute(home) ? join(home, '.local', 'state', 'wandb-users', 'journals') : undefined;
}

/** `apply-2025-06-01T12-00-00.123Z`: sorted by time in a listing, no colon for other file systems. */
function baseName(command: JournalHeader['command'], at: Date): string {
  return `${command}-${at.toISOString().replace(/:/g, '-')}`;
}

/**
 * A journal being written. The file is created for this apply only: with
 * O_EXCL (never an existing file, nor through a symlink planted at its
 * name), readable and writable by its owner only (it holds addresses), in a
 * folder created for the owner only. Each line is written as the action
 * settles, with a synchronous write, so the file is up to date whenever the
 * process stops, even at once.
 */
export class JournalFile {
  #fd: number | undefined;

  private constructor(
    /** Where it is. */
    readonly path: string,
    fd: number,
  ) {
    this.#fd = fd;
  }

  /** Creates the journal in `dir` and writes its header; refuses (exit 9) a folder where it cannot, before anything is sent. */
  static create(dir: string, header: JournalHeader): JournalFile {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const base = baseName(header.command, new Date(header.startedAt));
      for (let attempt = 1; ; attempt++) {
        const path = join(dir, `${base}${attempt === 1 ? '' : `-${attempt}`}.jsonl`);
        let fd: number;
        try {
          fd = openSync(path, 'wx', 0o600);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 100) continue;
          throw error;
        }
        const journal = new JournalFile(path, fd);
        journal.write(header);
        return journal;
      }
    } catch (error) {
      throw new CliError(
        `cannot write the journal in ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)}); nothing was sent`,
        EXIT.ENVIRONMENT,
        'Give a folder it can be written to: --journal-dir DIR.',
      );
    }
  }

  /** Appends a line; after {@link close}, does nothing. A journal that cannot be written stops the apply (exit 9). */
  write(record: JournalHeader | JournalEntry | JournalEnd): void {
    if (this.#fd === undefined) return;
    try {
      writeSync(this.#fd, `${JSON.stringify(record)}\n`);
    } catch (error) {
      throw new CliError(`cannot write the journal ${this.path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, EXIT.ENVIRONMENT);
    }
  }

  /** Writes the end line and closes the file. */
  close(end: JournalEnd): void {
    this.write(end);
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
