import { emailKey, type SyncScope } from './desired.js';

// The scope of a partial sync file: what a `sync export --team` or
// `--email-domain` covered, recorded in the file so that a plan of it acts only
// there. Outside its scope a file says nothing, so nothing outside is ever
// touched: not removed by --prune, not changed. The planner asks these
// predicates what it may plan; the safety rules (safety.ts) ask them again of
// every action, fresh or saved.

/** The domain of an address, in lower case: what `emailDomains` holds. */
export function domainOf(email: string): string {
  const key = emailKey(email);
  return key.slice(key.lastIndexOf('@') + 1);
}

/** Whether an address is inside the scope's domains (always, without a scope or a domain list). */
export function addressInScope(scope: SyncScope | null | undefined, email: string | null): boolean {
  if (!scope?.emailDomains) return true;
  return email !== null && scope.emailDomains.includes(domainOf(email));
}

/** Whether a team is inside the scope (always, without a scope or a team list). */
export function teamInScope(scope: SyncScope | null | undefined, team: string): boolean {
  return !scope?.teams || scope.teams.includes(team);
}

/** Whether the scope lets an account be deactivated: no team list (a file scoped to teams deactivates nobody), and its address inside. */
export function mayDeactivate(scope: SyncScope | null | undefined, email: string | null): boolean {
  return !scope?.teams && addressInScope(scope, email);
}

/** The scope in words, for plans and messages: `teams ml, infra; email domain acme.example`. */
export function describeScope(scope: SyncScope): string {
  const parts: string[] = [];
  if (scope.teams) parts.push(`team${scope.teams.length === 1 ? '' : 's'} ${scope.teams.join(', ')}`);
  if (scope.emailDomains) parts.push(`email domain${scope.emailDomains.length === 1 ? '' : 's'} ${scope.emailDomains.join(', ')}`);
  return parts.join('; ');
}
