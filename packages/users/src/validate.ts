import { ValidationError } from './errors.js';
import { describeName } from './redact.js';

// Checks that run before anything is sent: a request that cannot succeed is
// refused locally, with a message that says what to fix.

const CONTROL = /[\u0000-\u001f\u007f]/;
// One "@", nothing blank, a dot in the domain: what W&B can send an invitation to.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export const MAX_EMAIL_LENGTH = 254;
export const MAX_QUERY_LENGTH = 256;
export const MAX_DESCRIPTION_LENGTH = 1000;
export const MAX_KEY_NAME_LENGTH = 256;

export function checkEmail(email: unknown, operation: string): string {
  if (typeof email !== 'string') throw new ValidationError(`email must be a string, got ${typeof email}`, { operation, argument: 'email' });
  const trimmed = email.trim();
  if (trimmed === '') throw new ValidationError('email must not be empty', { operation, argument: 'email' });
  if (trimmed.length > MAX_EMAIL_LENGTH) throw new ValidationError(`email is longer than ${MAX_EMAIL_LENGTH} characters`, { operation, argument: 'email' });
  if (CONTROL.test(trimmed) || !EMAIL.test(trimmed)) {
    throw new ValidationError(`not an email address: ${describeName(trimmed)}`, { operation, argument: 'email' });
  }
  return trimmed;
}

export function checkOptionalBoolean(value: unknown, name: string, operation: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ValidationError(`${name} must be a boolean, got ${typeof value}`, { operation, argument: name });
}

/** A username, email or search text: a string without control characters, within a sane length. */
export function checkLookup(value: unknown, what: string, operation: string, { allowEmpty }: { allowEmpty: boolean }): string {
  if (typeof value !== 'string') throw new ValidationError(`${what} must be a string, got ${typeof value}`, { operation, argument: what });
  const trimmed = value.trim();
  if (!allowEmpty && trimmed === '') throw new ValidationError(`${what} must not be empty`, { operation, argument: what });
  if (trimmed.length > MAX_QUERY_LENGTH) throw new ValidationError(`${what} is longer than ${MAX_QUERY_LENGTH} characters`, { operation, argument: what });
  if (CONTROL.test(trimmed)) throw new ValidationError(`${what} contains control characters`, { operation, argument: what });
  return trimmed;
}

export function checkDescription(value: unknown, operation: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ValidationError(`description must be a string, got ${typeof value}`, { operation, argument: 'description' });
  if (value.length > MAX_DESCRIPTION_LENGTH) throw new ValidationError(`description is longer than ${MAX_DESCRIPTION_LENGTH} characters`, { operation, argument: 'description' });
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) throw new ValidationError('description contains control characters', { operation, argument: 'description' });
  return value;
}

export function checkKeyName(value: unknown, operation: string): string {
  if (typeof value !== 'string') throw new ValidationError(`the key name must be a string, got ${typeof value}`, { operation, argument: 'name' });
  if (value.trim() === '') throw new ValidationError('the key name must not be empty', { operation, argument: 'name' });
  if (value.length > MAX_KEY_NAME_LENGTH || CONTROL.test(value)) throw new ValidationError(`not a key name: ${describeName(value)}`, { operation, argument: 'name' });
  return value;
}
