import { ValidationError } from '../errors/validation-error.js';
import { describeName } from '../errors/redact.js';
import { checkDescription, checkEmail, checkLookup, MAX_QUERY_LENGTH } from '../validation/validate.js';

// The checks of team and member input, before anything is sent;
// ../validation/validate.ts has the checks every model shares.

// W&B's rule for new team names (the schema's description of CreateTeamInput's
// team name): letters, digits, hyphens and underscores.
const TEAM_NAME = /^[A-Za-z0-9_-]+$/;

/** A name for a new team, by W&B's rule; longer than lookups allow is refused as well. */
export function checkTeamName(value: unknown, operation: string): string {
  const details = { operation, argument: 'name' };
  if (typeof value !== 'string') throw new ValidationError(`the team name must be a string, got ${typeof value}`, details);
  if (value === '') throw new ValidationError('the team name is empty', details);
  if (value.length > MAX_QUERY_LENGTH || !TEAM_NAME.test(value)) {
    throw new ValidationError(`not a team name: ${describeName(value)} (W&B allows letters, digits, hyphens and underscores)`, details);
  }
  return value;
}

/**
 * A team role: `admin`, `member`, `viewer` or a custom role's name. Which
 * custom roles exist only the server knows, so anything printable passes here.
 */
export function checkRole(value: unknown, operation: string): string {
  return checkLookup(value, 'role', 'the team role', operation, { allowEmpty: false });
}

/** Whom to invite, as CreateInvite's variables name them. */
export type Invitee = { email: string } | { username: string };

/**
 * Whom to invite: an address when it contains `@` (then it must be one), else
 * a username. Returns the variable to send.
 */
export function checkInvitee(value: unknown, operation: string): Invitee {
  const argument = 'usernameOrEmail';
  const text = checkLookup(value, argument, 'the username or email', operation, { allowEmpty: false });
  return text.includes('@') ? { email: checkEmail(text, operation, argument) } : { username: text };
}

/** A service account's description, which W&B also shows as its name: required, unlike a key's. */
export function checkAccountDescription(value: unknown, operation: string): string {
  const text = checkDescription(value, operation, 'the service account description');
  if (text === null || text.trim() === '') throw new ValidationError('the service account description is empty', { operation, argument: 'description' });
  return text;
}
