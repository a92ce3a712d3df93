import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ValidationError } from '../errors/validation-error.js';

/** How much of a credentials file is read at most by default: 1 MiB, far more than any netrc or key file needs. */
export const DEFAULT_MAX_CREDENTIALS_FILE_BYTES = 1024 * 1024;

/** Options of {@link readCredentialsFile}. */
export interface ReadCredentialsFileOptions {
  /** Refuse files larger than this many bytes. Default {@link DEFAULT_MAX_CREDENTIALS_FILE_BYTES} (1 MiB). */
  maxBytes?: number;
  /** Named in the `ValidationError` a file that is too large gets (`NETRC`, or a CLI's option). */
  argument?: string;
}

/**
 * The text of a small file that holds credentials (a netrc file, a file with
 * an API key), read with a size bound: a path such as `/dev/zero`, or a huge
 * file put there by mistake, is refused with a `ValidationError` after reading
 * at most `maxBytes + 1` bytes, instead of filling memory. Pipes and process
 * substitutions (`<(pass show wandb)`) work; the bound applies to what they
 * send. I/O errors (`ENOENT`, `EACCES`...) are thrown as Node reports them.
 * Node only.
 */
export function readCredentialsFile(path: string, options: ReadCredentialsFileOptions = {}): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_CREDENTIALS_FILE_BYTES;
  const tooLarge = () =>
    new ValidationError(`${path} is larger than ${maxBytes} bytes, too large for a credentials file; it was not read`, { argument: options.argument });
  const fd = openSync(path, 'r');
  try {
    // A regular file says its size; devices and pipes say 0 and are read up to the bound.
    if (fstatSync(fd).size > maxBytes) throw tooLarge();
    const buffer = new Uint8Array(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw tooLarge();
    }
    return new TextDecoder().decode(buffer.subarray(0, length));
  } finally {
    closeSync(fd);
  }
}
