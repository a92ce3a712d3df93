import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Length of the random part of a secret; W&B keys carry 40 or more characters. */
export const SECRET_BODY_LENGTH = 40;
/** Length of the public listing name: a prefix of the secret that cannot authenticate. */
export const LISTING_NAME_LENGTH = 12;

/** `length` letters and digits from a CSPRNG, each equally likely. */
export function randomString(length: number): string {
  // Rejection sampling keeps every character equally likely (256 % 62 != 0).
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export interface IssuedSecret {
  /** The full secret: `prefix` + 40 letters/digits. Only the generateApiKey payload reveals it. */
  secret: string;
  /** What listings show: the prefix and the first characters of the body. */
  listingName: string;
}

export function issueSecret(prefix: string): IssuedSecret {
  const body = randomString(SECRET_BODY_LENGTH);
  return { secret: prefix + body, listingName: prefix + body.slice(0, LISTING_NAME_LENGTH) };
}

/**
 * Key-shaped substrings (40+ key characters) are masked wherever the fake logs
 * what it received. The same rule as the SDK's redactText, written here on
 * purpose: the fake must not depend on the SDK it is there to test.
 */
export function redactSecrets(value: unknown, known: { has(value: string): boolean }): unknown {
  if (typeof value === 'string') {
    if (known.has(value)) return '[REDACTED]';
    return value.replace(/[A-Za-z0-9_-]{40,}/g, '[REDACTED]');
  }
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, known));
  if (value && typeof value === 'object') {
    // fromEntries defines own properties, so a "__proto__" key stays data and cannot swap the prototype.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecrets(v, known)]));
  }
  return value;
}
