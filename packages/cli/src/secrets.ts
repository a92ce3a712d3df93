// W&B secrets are 40+ characters of letters, digits, `_` and `-` (with an
// optional prefix such as `local-`); the SDK masks such runs in everything it
// reports, and the CLI does the same in what it reports itself.

const KEY_SHAPED = /[A-Za-z0-9_-]{40,}/g;
const WHOLE_KEY = /^[A-Za-z0-9_-]{40,}$/;

/** What a masked secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** `text` with each `known` secret and every key-shaped run masked. */
export function redact(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) if (secret !== '') out = out.split(secret).join(REDACTED);
  return out.replace(KEY_SHAPED, REDACTED);
}

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
  return WHOLE_KEY.test(name) ? `${name.slice(0, 8)}…` : name;
}
