// W&B's naming rules as sync checks them before anything is sent, so a typo in
// a file is an error with its line number rather than a failed request later.

/**
 * Team names: letters, digits, hyphens and underscores (W&B's rule for
 * `createTeam`, from the schema's description of CreateTeamInput).
 */
export const TEAM_NAME = /^[A-Za-z0-9_-]+$/;

/** The longest team name sync accepts (W&B entity names are short; this catches pasted garbage). */
export const MAX_TEAM_NAME_LENGTH = 64;

/** W&B's built-in team roles. */
export const BUILT_IN_ROLES: readonly string[] = ['admin', 'member', 'viewer'];

/** The role that makes a team admin: the one the last-admin rule counts. */
export const ADMIN_ROLE = 'admin';

/**
 * A custom role's name (W&B Enterprise lets an instance define them): a
 * letter, then letters, digits, spaces, dots, hyphens or underscores, at most
 * 64 characters, no trailing space. The server refuses a role it does not
 * know, so sync cannot check that the role exists; it checks that the name is
 * one a person could have meant, and refuses a built-in role in another case
 * (`Admin`), which is a typo, not a custom role.
 */
export const CUSTOM_ROLE = /^[A-Za-z][A-Za-z0-9 ._-]{0,63}$/;

/** Why `role` is not a role sync accepts, or undefined when it is one. */
export function roleProblem(role: string): string | undefined {
  if (BUILT_IN_ROLES.includes(role)) return undefined;
  const builtIn = BUILT_IN_ROLES.find((r) => r === role.trim().toLowerCase());
  if (builtIn !== undefined) return `role ${JSON.stringify(role)} is not a role: did you mean ${builtIn}? (roles are written in lower case)`;
  if (!CUSTOM_ROLE.test(role) || role.endsWith(' ')) {
    return `role ${JSON.stringify(role)} is not admin, member, viewer or a custom role's name (a letter, then letters, digits, spaces, dots, hyphens or underscores, at most 64 characters)`;
  }
  return undefined;
}

/**
 * Names a JavaScript object cannot hold as keys safely (`__proto__` sets an
 * object's prototype, and code reading `obj.constructor` or `obj.prototype`
 * finds something else than data): refused as keys in every file sync reads,
 * and as team names, whatever the format.
 */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Why `name` is not a team name W&B accepts, or undefined when it is one. */
export function teamNameProblem(name: string): string | undefined {
  if (name.length > MAX_TEAM_NAME_LENGTH) return `team name ${JSON.stringify(name.slice(0, 20))}... is longer than ${MAX_TEAM_NAME_LENGTH} characters`;
  if (!TEAM_NAME.test(name)) return `team name ${JSON.stringify(name)} may only hold letters, digits, hyphens and underscores`;
  // No team is worth the risk of a key that changes how the file is read.
  if (RESERVED_KEYS.includes(name)) return `team name ${JSON.stringify(name)} is reserved: sync does not manage teams named ${RESERVED_KEYS.join(', ')}`;
  return undefined;
}

/** Addresses as the SDK's createUser accepts them: one "@", no spaces, a dot in the domain. */
export const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** The longest address W&B accepts (the SDK's limit). */
export const MAX_EMAIL_LENGTH = 254;

// Controls, format characters and line separators: never part of an address.
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Why `email` is not an address sync accepts, or undefined when it is one. */
export function emailProblem(email: string): string | undefined {
  if (email.trim() === '') return 'the email is empty';
  if (email.length > MAX_EMAIL_LENGTH) return `the email is longer than ${MAX_EMAIL_LENGTH} characters`;
  if (CONTROL.test(email) || !EMAIL.test(email.trim())) return `${JSON.stringify(email)} is not an email address`;
  return undefined;
}

/** Why `domain` is not an email domain sync accepts (`acme.example`), or undefined when it is one. */
export function emailDomainProblem(domain: string): string | undefined {
  if (emailProblem(`x@${domain}`) !== undefined || domain.trim() !== domain)
    return `${JSON.stringify(domain)} is not an email domain (the part after @ of an address, e.g. acme.example)`;
  return undefined;
}

/** The longest username sync accepts (W&B's are short; this catches pasted garbage). */
export const MAX_USERNAME_LENGTH = 128;

// Whitespace, controls, format characters and separators: never part of a username.
const NOT_IN_USERNAME = /[\s\p{Cc}\p{Cf}\p{Z}]/u;

/**
 * Why `username` is not one sync writes or reads (service accounts are listed
 * by username), or undefined when it is one: not empty, at most 128
 * characters, no whitespace, control or invisible character.
 */
export function usernameProblem(username: string): string | undefined {
  if (username === '') return 'the username is empty';
  if (username.length > MAX_USERNAME_LENGTH) return `the username is longer than ${MAX_USERNAME_LENGTH} characters`;
  if (NOT_IN_USERNAME.test(username)) return `username ${JSON.stringify(username)} holds whitespace or an invisible character`;
  return undefined;
}
