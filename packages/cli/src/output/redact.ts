// The SDK masks secrets (and every run shaped like one) in everything it
// reports; the CLI masks what it reports itself with the same function.
import { isKeyShaped, REDACTED, redactText } from '@wandb-ts/users';

/** `text` with each `known` secret and every key-shaped run masked (the SDK's rule). */
export const redact: (text: string, known?: readonly string[]) => string = redactText;

/**
 * `text` (a message of commander's) with the command-line values that must
 * never be echoed masked: key-shaped runs, and whatever was given to an
 * `--api-key` option (which does not exist, so commander reports it, value
 * included), whatever its shape.
 */
export function redactArguments(text: string, args: readonly string[]): string {
  let out = text;
  args.forEach((arg, i) => {
    const inline = /^(--api-?key)=(.+)$/i.exec(arg);
    if (inline) out = out.split(arg).join(`${inline[1]}=${REDACTED}`);
    const next = args[i + 1];
    // Commander quotes the values it echoes: 'value'.
    if (/^--api-?key$/i.test(arg) && next !== undefined && next !== '') out = out.split(`'${next}'`).join(`'${REDACTED}'`);
  });
  return redact(out);
}

// Current W&B servers list keys by a short public name. Older ones list the
// full secret as the name (see @wandb-ts/users' README); such a name is shown
// by its start only, so `keys list` never puts a secret on the screen.
/** A key's listing name as the CLI shows it: short names whole, secret-shaped ones by their start. */
export function keyName(name: string): string {
  return isKeyShaped(name) ? `${name.slice(0, 8)}…` : name;
}
