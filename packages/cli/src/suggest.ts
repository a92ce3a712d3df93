import { distance } from 'fastest-levenshtein';

// "Did you mean": the names a mistyped one was most likely meant to be, for
// every message that names something the server or the CLI does not have (a
// user, a team member, a command, a team in a sync file).

/** How many names a hint offers at most. */
export const SUGGESTIONS = 5;

/**
 * The edit distance within which a name counts as a likely typo of `wanted`:
 * 1 for names of up to 3 characters, 2 up to 8 (a swapped pair of letters
 * costs 2), 3 beyond.
 */
function tolerance(wanted: string): number {
  if (wanted.length <= 3) return 1;
  return wanted.length <= 8 ? 2 : 3;
}

/**
 * The `candidates` close to `wanted` by edit distance (any case), nearest
 * first; a candidate that contains `wanted`, or starts like it, counts too.
 */
export function closeNames(wanted: string, candidates: Iterable<string>): string[] {
  const text = wanted.toLowerCase();
  const scored: [string, number][] = [];
  for (const candidate of new Set(candidates)) {
    const lower = candidate.toLowerCase();
    const d = distance(text, lower);
    if (d <= tolerance(text) || (text.length >= 2 && lower.includes(text))) scored.push([candidate, d]);
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}

/** `Did you mean a, b or c?`, for at most {@link SUGGESTIONS} names ("..." when there are more); undefined for none. */
export function didYouMean(names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const shown = names.slice(0, SUGGESTIONS);
  const list = shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
  return `Did you mean ${list}${names.length > SUGGESTIONS ? ' (or more)' : ''}?`;
}
