// Everything the SDK shows a person (error messages, response snippets, logs)
// passes through here first. W&B secrets are 40+ characters of letters, digits,
// `_` and `-` (with an optional prefix such as `local-`); any such run is masked
// even when we do not know it is a key, because a server may echo one back.

const KEY_SHAPED = /[A-Za-z0-9_-]{40,}/g;

export const REDACTED = '[REDACTED]';

export function redactText(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) if (secret) out = out.split(secret).join(REDACTED);
  return out.replace(KEY_SHAPED, REDACTED);
}

/** A deep copy of `value` with every string redacted. */
export function redactDeep<T>(value: T, known: readonly string[] = []): T {
  if (typeof value === 'string') return redactText(value, known) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, known)) as T;
  if (value && typeof value === 'object') {
    // fromEntries defines own properties, so a "__proto__" key stays data and cannot swap the prototype.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, known)])) as T;
  }
  return value;
}

/** How a possibly secret user-supplied string is named in a message: short ones verbatim, long ones by prefix. */
export function describeName(name: string): string {
  const shown = name.length > 24 ? `${name.slice(0, 8)}… (${name.length} characters)` : name;
  return JSON.stringify(redactText(shown));
}
