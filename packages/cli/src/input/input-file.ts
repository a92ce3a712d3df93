import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import { type ChunkSource, MIB, readBoundedText, TextInputError, type TextProblem } from './bounded-text.js';
import type { Context } from '../context.js';
import { usageError } from '../exit-codes.js';
import { unreadable } from './file-error.js';

/**
 * What a command reads, with its default size limit. Each default is about
 * ten times what a 100,000-user company needs (measured: a YAML sync file
 * listing 100,000 users in two teams each is 12 MB, the CSV of 100,000 new
 * hires 4 MB, and the plan that creates those 100,000 users and invites them
 * to their teams 82 MB), and far below what would fill memory.
 */
export interface InputKind {
  /** What it is, in messages: "the sync file". */
  readonly what: string;
  /** The command that reads it, to say how to pipe into it: "sync plan". */
  readonly command: string;
  /** The formats it may be written in, for messages: "YAML, JSON or CSV". */
  readonly formats: string;
  /** The default limit, in MiB. */
  readonly defaultMib: number;
}

export const SYNC_FILE: InputKind = { what: 'the sync file', command: 'sync plan', formats: 'YAML, JSON or CSV', defaultMib: 32 };
export const SAVED_PLAN: InputKind = { what: 'the plan', command: 'sync apply --plan', formats: 'JSON, as `sync plan --json` writes it', defaultMib: 128 };
export const JOURNAL: InputKind = { what: 'the journal', command: 'sync undo', formats: 'JSON Lines, as `sync apply` writes it', defaultMib: 128 };
export const IMPORT_CSV: InputKind = { what: 'the CSV', command: 'users import', formats: 'CSV', defaultMib: 32 };

function refusal(name: string, kind: InputKind, problem: TextProblem) {
  switch (problem.kind) {
    case 'too-large':
      return usageError(
        `${name} is larger than ${problem.limit / MIB} MiB, the limit for ${kind.what}`,
        `Nothing was read past the limit. If it is meant to be this large, raise the limit: --max-input-mib N (default ${kind.defaultMib}).`,
      );
    case 'binary':
      return usageError(`${name} is not text: it holds a NUL byte at byte ${problem.offset}`, `Give a UTF-8 text file (${kind.formats}).`);
    case 'utf16':
      return usageError(`${name} is UTF-16 text`, 'Save it as UTF-8 (in a spreadsheet: "CSV UTF-8"), then run again.');
    case 'not-utf8':
      return usageError(`${name} is not UTF-8 text (an invalid byte sequence in the bytes from ${problem.offset})`, 'Save it as UTF-8, then run again.');
  }
}

/** A file opened for reading: a stream of it, or the refusal of a regular file already known to be too large. */
function openInput(file: string, maxBytes: number): ChunkSource | 'too-large' {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw unreadable(`the file ${file}`, file, error);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw usageError(`the file ${file} is a directory, not a file`);
    // A regular file says its size: refused without reading a byte. Pipes and devices are counted as they are read.
    if (stat.isFile() && stat.size > maxBytes) {
      closeSync(fd);
      return 'too-large';
    }
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return createReadStream('', { fd, autoClose: true });
}

/**
 * The text of an input file, or of standard input for `-` (refused when it is
 * a terminal: the command would wait for typing nobody expects), read to at
 * most `maxMib` MiB (the kind's default when undefined) and refused as a usage
 * error when it is larger, binary or not UTF-8, before anything is sent.
 */
export async function readInput(ctx: Context, file: string, kind: InputKind, maxMib: number | undefined): Promise<string> {
  const maxBytes = (maxMib ?? kind.defaultMib) * MIB;
  const name = file === '-' ? 'standard input' : file;
  let source: ChunkSource;
  if (file === '-') {
    if (ctx.io.stdin.isTTY)
      throw usageError(`reading ${kind.what} from standard input, which is a terminal`, `Pipe a file in (\`... | wandb-users ${kind.command} -\`) or name it.`);
    source = ctx.io.stdin;
  } else {
    const opened = openInput(file, maxBytes);
    if (opened === 'too-large') throw refusal(name, kind, { kind: 'too-large', limit: maxBytes });
    source = opened;
  }
  try {
    return await readBoundedText(source, maxBytes);
  } catch (error) {
    if (error instanceof TextInputError) throw refusal(name, kind, error.problem);
    throw usageError(`cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
