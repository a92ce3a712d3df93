import type { Action } from './actions.js';
import type { CurrentState } from './current.js';
import { emailKey } from './desired.js';

// An address that differs from another only by a letter from another script
// (`аnn@acme.example`, with a Cyrillic а, next to `ann@acme.example`) prints
// the same in a plan. Internationalised addresses are legitimate, so sync
// does not refuse them: it flags every address and username of a plan that
// holds a character outside printable ASCII, shows it escaped, names the
// scripts of its letters, and names the existing accounts it can be mistaken
// for (by Unicode's confusables: the `unhomoglyph` package, loaded only when
// such a name is found).

/** A name in a plan that a person could misread. */
export interface LookalikeWarning {
  /** The action it is in. */
  readonly action: number;
  /** The address or username, exactly. */
  readonly value: string;
  /** The same with every character outside printable ASCII as an escape: `\u0430nn@acme.example`. */
  readonly escaped: string;
  /** The scripts of its letters (`Cyrillic`, `Latin`), in order of appearance; more than one is a mixed-script name. */
  readonly scripts: readonly string[];
  /** Addresses and usernames of the server, or of other actions, that it can be mistaken for. */
  readonly looksLike: readonly string[];
}

const OUTSIDE_ASCII = /[^\x20-\x7e]/u;

/** `value` with every character outside printable ASCII written as `\uXXXX` (or `\u{XXXXX}`). */
export function escapeNonAscii(value: string): string {
  let out = '';
  for (const character of value) {
    const code = character.codePointAt(0) ?? 0;
    if (code >= 0x20 && code <= 0x7e) out += character;
    else out += code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
  }
  return out;
}

// The scripts named in warnings; a letter of any other is reported as `Other`.
const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Cherokee',
  'Hebrew',
  'Arabic',
  'Devanagari',
  'Bengali',
  'Thai',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
].map((name) => ({ name, pattern: new RegExp(`^\\p{Script=${name}}$`, 'u') }));

const LETTER = /^\p{L}$/u;

/** The scripts of the letters of `value`, in order of first appearance. */
export function scriptsOf(value: string): string[] {
  const found: string[] = [];
  for (const character of value) {
    if (!LETTER.test(character)) continue;
    const script = SCRIPTS.find((s) => s.pattern.test(character))?.name ?? 'Other';
    if (!found.includes(script)) found.push(script);
  }
  return found;
}

/** The addresses and usernames an action shows. */
function namesOf(action: Action): (string | null)[] {
  switch (action.kind) {
    case 'create-user':
    case 'invite':
      return [action.email];
    case 'org-invite':
      return [action.email, action.username];
    case 'reinvite':
      return [action.email, action.member.username];
    case 'change-role':
    case 'remove-from-team':
    case 'org-set-role':
    case 'org-remove':
      return [action.member.email, action.member.username];
    case 'create-team':
      return [action.adminUsername];
    default:
      return [action.user.email, action.user.username];
  }
}

/**
 * The names of `actions` that hold characters outside printable ASCII, each
 * with its escaped form, its scripts and the names of `state` (and of the
 * other actions) it can be mistaken for. Empty, without loading anything, when
 * every name is ASCII.
 */
export async function lookalikeWarnings(actions: readonly Action[], state: CurrentState): Promise<LookalikeWarning[]> {
  const flagged: { action: number; value: string }[] = [];
  for (const action of actions) {
    for (const value of new Set(namesOf(action))) if (value !== null && OUTSIDE_ASCII.test(value)) flagged.push({ action: action.id, value });
  }
  if (flagged.length === 0) return [];
  const { default: skeletonOf } = await import('unhomoglyph');
  // Every name that could be meant, by its skeleton (the shape it prints with): the server's and the plan's.
  const bySkeleton = new Map<string, Set<string>>();
  const known = (name: string | null) => {
    if (name === null) return;
    const key = emailKey(name);
    const skeleton = skeletonOf(key);
    const names = bySkeleton.get(skeleton);
    if (names) names.add(name);
    else bySkeleton.set(skeleton, new Set([name]));
  };
  for (const user of state.users) {
    known(user.email);
    known(user.username);
  }
  for (const action of actions) for (const name of namesOf(action)) known(name);
  return flagged.map(({ action, value }) => {
    const key = emailKey(value);
    const looksLike = [...(bySkeleton.get(skeletonOf(key)) ?? [])].filter((name) => emailKey(name) !== key);
    return { action, value, escaped: escapeNonAscii(value), scripts: scriptsOf(value), looksLike: [...new Set(looksLike)].sort() };
  });
}

/** A warning in words: `\u0430nn@acme.example: Cyrillic and Latin letters; looks like ann@acme.example`. */
export function describeLookalike(warning: LookalikeWarning): string {
  const scripts =
    warning.scripts.length > 1
      ? `mixed scripts: ${warning.scripts.slice(0, -1).join(', ')} and ${warning.scripts.at(-1)} letters`
      : warning.scripts.length === 1
        ? `${warning.scripts[0]} letters`
        : 'characters outside ASCII';
  const looks = warning.looksLike.length > 0 ? `; looks like ${warning.looksLike.join(', ')}` : '';
  return `${warning.escaped}: ${scripts}${looks}`;
}
