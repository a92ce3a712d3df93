// Everything the SDK shows a person (error messages, response snippets, logs,
// the fields and causes of its errors) passes through here first. W&B secrets
// are 40+ characters of letters, digits, `_` and `-` (with an optional prefix
// such as `local-`); any such run is masked even when we do not know it is a
// key, because a server may echo one back.

const KEY_SHAPED = /[A-Za-z0-9_-]{40,}/g;
const WHOLE_KEY_SHAPED = /^[A-Za-z0-9_-]{40,}$/;
// What a cut can leave of a key: the start of one, too short to match above.
// 12 characters shown leave at least 28 of a 40-character key unknown.
const KEY_SHAPED_AT_END = /[A-Za-z0-9_-]{12,}$/;
// Server data nested deeper than this is not copied (see redactDeep).
const MAX_DEPTH = 64;

/** What a masked secret is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * `text` with each of the `known` secrets, and every key-shaped run (40 or
 * more letters, digits, `_` or `-`), replaced by `[REDACTED]`: what the SDK
 * does to everything it reports, for tools built on it that report text of
 * their own (the `wandb-users` CLI masks its messages with it).
 */
export function redactText(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.replace(KEY_SHAPED, REDACTED);
}

/** Whether all of `text` has the shape of a W&B secret, e.g. a key listed by its full secret on an older server. */
export function isKeyShaped(text: string): boolean {
  return WHOLE_KEY_SHAPED.test(text);
}

/**
 * At most `max` characters of `text` for a message, secrets masked: redacted
 * before it is cut, so that the cut cannot turn a key into a shorter run that
 * no longer looks like one; a long key-shaped run left at the end by the cut
 * (or by a cut made before we got the text: `truncated`) is masked too.
 */
export function excerpt(text: string, max: number, known: readonly string[] = [], truncated = false): string {
  const redacted = redactText(text, known);
  const cut = redacted.length > max;
  const kept = cut ? redacted.slice(0, max) : redacted;
  return cut || truncated ? `${kept.replace(KEY_SHAPED_AT_END, REDACTED)}…` : kept;
}

/** A deep copy of `value` with every string redacted; what lies deeper than 64 levels is replaced by a marker, not copied. */
export function redactDeep<T>(value: T, known: readonly string[] = [], depth = 0): T {
  if (typeof value === 'string') return redactText(value, known) as T;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deeply]' as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, known, depth + 1)) as T;
  // fromEntries defines own properties, so a "__proto__" key stays data and cannot swap the prototype.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, known, depth + 1)])) as T;
}

const CAUSE_DEPTH = 5;
// The fields Node and undici put on their errors that say what failed, all plain values.
const CAUSE_FIELDS = ['code', 'errno', 'syscall', 'address', 'port'] as const;

/**
 * A copy of an error chain fit to show: an `Error` with the same name, its
 * message, stack and system-error fields redacted, and the same for its
 * `cause` and (AggregateError) `errors`, five levels deep. Anything else a
 * third-party error carries (request options, headers, sockets) is left out.
 */
export function redactedError(error: unknown, known: readonly string[] = [], depth = 0): Error {
  const source = (error ?? {}) as Partial<Record<string, unknown>>;
  const message = typeof source.message === 'string' ? source.message : String(error);
  const copy = new Error(redactText(message, known)) as Error & Record<string, unknown>;
  copy.name = typeof source.name === 'string' ? redactText(source.name, known) : 'Error';
  copy.stack = typeof source.stack === 'string' ? redactText(source.stack, known) : `${copy.name}: ${copy.message}`;
  for (const field of CAUSE_FIELDS) {
    const value = source[field];
    if (typeof value === 'string') copy[field] = redactText(value, known);
    else if (typeof value === 'number') copy[field] = value;
  }
  if (depth < CAUSE_DEPTH) {
    if (source.cause !== undefined) copy.cause = redactedError(source.cause, known, depth + 1);
    if (Array.isArray(source.errors)) copy.errors = source.errors.slice(0, 10).map((e) => redactedError(e, known, depth + 1));
  }
  return copy;
}

/** How a possibly secret user-supplied string is named in a message: short ones verbatim, long ones by prefix. */
export function describeName(name: string): string {
  const shown = name.length > 24 ? `${name.slice(0, 8)}… (${name.length} characters)` : name;
  return JSON.stringify(redactText(shown));
}
