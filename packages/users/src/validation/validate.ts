import { ValidationError } from '../errors/validation-error.js';
import { describeName } from '../errors/redact.js';

// Checks that run before anything is sent: a request that cannot succeed is
// refused locally, with a message that says what is wrong, and the option or
// parameter at fault in `argument` (its SDK name), so that a CLI can name it
// in its own terms.

const CONTROL = /[\u0000-\u001f\u007f]/;
// One "@", nothing blank, a dot in the domain: what W&B can send an invitation to.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export const MAX_EMAIL_LENGTH = 254;
export const MAX_QUERY_LENGTH = 256;
export const MAX_DESCRIPTION_LENGTH = 1000;
export const MAX_KEY_NAME_LENGTH = 256;

export function checkEmail(email: unknown, operation: string, argument = 'email'): string {
  const details = { operation, argument };
  if (typeof email !== 'string') throw new ValidationError(`the email address must be a string, got ${typeof email}`, details);
  const trimmed = email.trim();
  if (trimmed === '') throw new ValidationError('the email address is empty', details);
  if (trimmed.length > MAX_EMAIL_LENGTH) throw new ValidationError(`the email address is longer than ${MAX_EMAIL_LENGTH} characters`, details);
  if (CONTROL.test(trimmed) || !EMAIL.test(trimmed)) throw new ValidationError(`not an email address: ${describeName(trimmed)}`, details);
  return trimmed;
}

export function checkOptionalBoolean(value: unknown, argument: string, what: string, operation: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ValidationError(`${what} must be true or false, got ${typeof value}`, { operation, argument });
}

/** A username, email or search text: a string without control characters, within a sane length. */
export function checkLookup(value: unknown, argument: string, what: string, operation: string, { allowEmpty }: { allowEmpty: boolean }): string {
  const details = { operation, argument };
  if (typeof value !== 'string') throw new ValidationError(`${what} must be a string, got ${typeof value}`, details);
  const trimmed = value.trim();
  if (!allowEmpty && trimmed === '') throw new ValidationError(`${what} is empty`, details);
  if (trimmed.length > MAX_QUERY_LENGTH) throw new ValidationError(`${what} is longer than ${MAX_QUERY_LENGTH} characters`, details);
  if (CONTROL.test(trimmed)) throw new ValidationError(`${what} contains control characters`, details);
  return trimmed;
}

export function checkDescription(value: unknown, operation: string, what = 'the key description'): string | null {
  const details = { operation, argument: 'description' };
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ValidationError(`${what} must be a string, got ${typeof value}`, details);
  if (value.length > MAX_DESCRIPTION_LENGTH) throw new ValidationError(`${what} is longer than ${MAX_DESCRIPTION_LENGTH} characters`, details);
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) throw new ValidationError(`${what} contains control characters`, details);
  return value;
}

export function checkKeyName(value: unknown, operation: string): string {
  const details = { operation, argument: 'name' };
  if (typeof value !== 'string') throw new ValidationError(`the key name must be a string, got ${typeof value}`, details);
  if (value.trim() === '') throw new ValidationError('the key name is empty', details);
  if (value.length > MAX_KEY_NAME_LENGTH || CONTROL.test(value)) throw new ValidationError(`not a key name: ${describeName(value)}`, details);
  return value;
}

/** A count such as a page size or a byte limit: a positive integer. */
export function checkPositiveInteger(value: unknown, argument: string, what: string, operation?: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  throw new ValidationError(`${what} must be a positive integer, got ${String(value)}`, { operation, argument });
}

/** A time limit in milliseconds: a positive, finite number. */
export function checkTimeout(value: unknown, argument: string, operation?: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  throw new ValidationError(`the time limit must be a positive number of milliseconds, got ${String(value)}`, { operation, argument });
}

/**
 * An API key as it can go into an HTTP header: printable ASCII without
 * whitespace (surrounding whitespace is dropped). Never echoes the key.
 */
export function checkApiKey(value: unknown, argument: string): string {
  if (typeof value !== 'string') throw new ValidationError(`the API key must be a string, got ${typeof value}`, { argument });
  const key = value.trim();
  if (key === '') throw new ValidationError('the API key is empty', { argument });
  if (/[^\x21-\x7e]/.test(key))
    throw new ValidationError('the API key contains whitespace, control or non-ASCII characters; check how it was copied', { argument });
  return key;
}
