import { isMap } from 'yaml';
import type { z } from 'zod';
import { type DesiredServiceAccount, type DesiredState, type DesiredTeam, type DesiredUser, emailKey, type SyncScope } from './desired.js';
import { type FileProblem, SyncFileError } from './file-error.js';
import { fieldName, type Locator, type PathSegment } from './locate.js';
import { emailDomainProblem, emailProblem, teamNameProblem, usernameProblem } from './rules.js';
import { FIELDS, type SyncFileContent, syncFileSchema, VERSION_2_FIELDS } from './schema.js';
import { addressInScope, describeScope } from './scope.js';
import { closeNames, didYouMean } from '../suggest.js';
import { parseYamlFile } from './yaml-file.js';

/** Which kind of object `path` is: the file, a user, a service account, the scope, a team's settings. */
function objectKind(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'file';
  if (path[0] === 'users' && path.length === 2) return 'user';
  if (path[0] === 'serviceAccounts' && path.length === 2) return 'serviceAccount';
  if (path[0] === 'scope' && path.length === 1) return 'scope';
  return 'team';
}

/** Words for a schema issue, and the line it is on. */
function problemsOf(issue: z.core.$ZodIssue, where: Locator): FileProblem[] {
  const path = issue.path as PathSegment[];
  if (issue.code === 'unrecognized_keys') {
    const allowed = FIELDS[objectKind(path)] ?? [];
    const hint = allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ' (a team has no settings yet: write `{}`)';
    return issue.keys.map((key) => ({ line: where.lineOfKey([...path, key]), field: fieldName([...path, key]), message: `unknown field${hint}` }));
  }
  if (issue.code === 'invalid_key') {
    return [{ line: where.lineOfKey(path), field: fieldName(path), message: issue.issues[0]?.message ?? issue.message }];
  }
  if (!where.has(path) && path.length > 0) {
    return [{ line: where.lineOf(path), field: fieldName(path), message: 'is required' }];
  }
  let message = issue.message;
  if (issue.code === 'invalid_type' && path[0] === 'users' && path.length === 2)
    message = 'each user is a mapping with an email, e.g. `- email: ann@example.com`';
  if (issue.code === 'invalid_type' && path[0] === 'serviceAccounts' && path.length === 2)
    message = 'each service account is a mapping with a username, e.g. `- username: nightly-eval`';
  if (issue.code === 'invalid_type' && path.length === 0) message = 'a sync file is a mapping with `teams` and `users`';
  return [{ line: where.lineOf(path), field: fieldName(path), message }];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Team names a user or service account is put in that the file does not declare. */
function undeclaredTeams(entry: Record<string, unknown>, path: PathSegment[], declared: Set<string> | undefined, where: Locator): FileProblem[] {
  if (!declared || !isRecord(entry.teams)) return [];
  return Object.keys(entry.teams)
    .filter((team) => !declared.has(team) && teamNameProblem(team) === undefined)
    .map((team) => ({
      line: where.lineOfKey([...path, 'teams', team]),
      field: fieldName([...path, 'teams', team]),
      message: undeclaredMessage(team, declared),
    }));
}

/** Why `team` is refused: a typo of a declared team is said so ("did you mean"), before the way to declare a new one. */
function undeclaredMessage(team: string, declared: ReadonlySet<string>): string {
  const meant = didYouMean(closeNames(team, declared));
  return meant === undefined
    ? `team ${team} is not declared under \`teams\` (add \`${team}: {}\` there)`
    : `team ${team} is not declared under \`teams\`: ${meant} (a new team is declared there: \`${team}: {}\`)`;
}

/** Fields of version 2 in a file that does not say `version: 2`. */
function versionProblems(content: Record<string, unknown>, where: Locator): FileProblem[] {
  if (content.version === 2) return [];
  const needs = (path: PathSegment[]): FileProblem => ({
    line: where.lineOfKey(path),
    field: fieldName(path),
    message: `is a field of version 2 sync files: write \`version: 2\` at the top of the file`,
  });
  const problems = VERSION_2_FIELDS.file.filter((field) => field in content).map((field) => needs([field]));
  if (Array.isArray(content.users))
    content.users.forEach((user: unknown, index) => {
      for (const field of VERSION_2_FIELDS.user) if (isRecord(user) && field in user) problems.push(needs(['users', index, field]));
    });
  return problems;
}

/** The scope as written, where the schema accepts it (else null: the schema reports it). */
function scopeOf(content: Record<string, unknown>): SyncScope | null {
  const { scope } = content;
  if (!isRecord(scope)) return null;
  const teams = Array.isArray(scope.teams) && scope.teams.every((t) => typeof t === 'string' && teamNameProblem(t) === undefined) ? scope.teams : null;
  const domains =
    Array.isArray(scope.emailDomains) && scope.emailDomains.every((d) => typeof d === 'string' && emailDomainProblem(d) === undefined)
      ? scope.emailDomains.map((d: string) => d.toLowerCase())
      : null;
  return teams || domains ? { teams, emailDomains: domains } : null;
}

/**
 * Checks the schema cannot express: one entry per address (and per service
 * account), only declared teams, version 2's fields only in a version 2 file,
 * nothing listed outside the file's scope, and statuses that make sense. They
 * run on the raw content, next to the schema, so one pass reports every
 * problem; what the schema refuses (a bad address, a bad name) is left to it.
 */
function crossCheck(content: unknown, where: Locator): FileProblem[] {
  if (!isRecord(content) || !Array.isArray(content.users)) return [];
  const problems = versionProblems(content, where);
  const declared =
    content.teams === undefined || content.teams === null ? new Set<string>() : isRecord(content.teams) ? new Set(Object.keys(content.teams)) : undefined;
  const scope = scopeOf(content);
  if (isRecord(content.scope) && Object.keys(content.scope).length === 0)
    problems.push({ line: where.lineOfKey(['scope']), field: 'scope', message: 'a scope names `teams`, `emailDomains` or both' });
  if (scope?.teams && declared) {
    for (const team of declared) {
      if (!scope.teams.includes(team))
        problems.push({
          line: where.lineOfKey(['teams', team]),
          field: fieldName(['teams', team]),
          message: `team ${team} is outside the file's scope (${describeScope(scope)}): add it to scope.teams, or leave it out`,
        });
    }
  }
  const firstLine = new Map<string, number | null>();
  content.users.forEach((user: unknown, index) => {
    if (!isRecord(user)) return;
    const path: PathSegment[] = ['users', index];
    if (typeof user.email === 'string' && emailProblem(user.email) === undefined) {
      const key = emailKey(user.email);
      const line = where.lineOf([...path, 'email']);
      const earlier = firstLine.get(key);
      if (earlier !== undefined)
        problems.push({
          line,
          field: fieldName([...path, 'email']),
          message: `${user.email.trim()} is listed twice (addresses are compared ignoring case; first on line ${earlier ?? '?'})`,
        });
      else firstLine.set(key, line);
      if (scope && !addressInScope(scope, user.email))
        problems.push({
          line,
          field: fieldName([...path, 'email']),
          message: `${user.email.trim()} is outside the file's scope (${describeScope(scope)}): a partial file lists only the addresses it covers`,
        });
    }
    if (user.status === 'invited' && 'admin' in user)
      problems.push({
        line: where.lineOfKey([...path, 'admin']),
        field: fieldName([...path, 'admin']),
        message: 'an invited address has no account made by sync: admin does not apply (leave it out)',
      });
    problems.push(...undeclaredTeams(user, path, declared, where));
  });
  const firstAccount = new Map<string, number | null>();
  if (Array.isArray(content.serviceAccounts))
    content.serviceAccounts.forEach((account: unknown, index) => {
      if (!isRecord(account)) return;
      const path: PathSegment[] = ['serviceAccounts', index];
      if (typeof account.username === 'string' && usernameProblem(account.username) === undefined) {
        const line = where.lineOf([...path, 'username']);
        const earlier = firstAccount.get(account.username);
        if (earlier !== undefined)
          problems.push({ line, field: fieldName([...path, 'username']), message: `${account.username} is listed twice (first on line ${earlier ?? '?'})` });
        else firstAccount.set(account.username, line);
      }
      problems.push(...undeclaredTeams(account, path, declared, where));
    });
  return problems;
}

function toDesired(content: SyncFileContent, where: Locator, source: string): DesiredState {
  const teams = new Map<string, DesiredTeam>();
  for (const name of Object.keys(content.teams ?? {})) teams.set(name, { name, line: where.lineOfKey(['teams', name]) ?? 0 });
  const users: DesiredUser[] = content.users.map((user, index) => ({
    email: user.email.trim(),
    key: emailKey(user.email),
    admin: user.admin,
    teams: new Map(Object.entries(user.teams ?? {})),
    ...(user.status !== undefined && { status: user.status }),
    ...(user.orgRole !== undefined && { orgRole: user.orgRole }),
    line: where.lineOf(['users', index]) ?? 0,
  }));
  const serviceAccounts: DesiredServiceAccount[] = (content.serviceAccounts ?? []).map((account, index) => ({
    username: account.username,
    teams: new Map(Object.entries(account.teams ?? {})),
    status: account.status ?? 'active',
    line: where.lineOf(['serviceAccounts', index]) ?? 0,
  }));
  const scope = content.scope ? { teams: content.scope.teams ?? null, emailDomains: content.scope.emailDomains?.map((d) => d.toLowerCase()) ?? null } : null;
  return { source, teams, users, version: content.version ?? 1, scope, serviceAccounts };
}

/**
 * Reads a sync file written in YAML, or in JSON (which YAML 1.2 reads as it
 * is: one parser, and the same line numbers, for both). Everything is checked
 * before anything could be sent: syntax (duplicate keys included), reserved
 * names as keys (`__proto__`, `constructor`, `prototype`), the schema, one
 * entry per address in any case, that each team a user is put in is declared
 * under `teams` (a team named only there is an error, not a new team: a typo
 * must not create one), that version 2's fields come with `version: 2`, and
 * that a partial file lists nothing outside its `scope`. Throws
 * {@link SyncFileError} listing every problem with its line and field.
 *
 * @param source the file's name for messages ("standard input" for `-`)
 */
export function parseSyncDocument(text: string, source: string): DesiredState {
  const { doc, where, value } = parseYamlFile(text, source, 'YAML or JSON');
  if (doc.contents === null || (!isMap(doc.contents) && text.trim() === ''))
    throw new SyncFileError(source, [{ line: null, field: null, message: 'the file is empty' }]);
  const parsed = syncFileSchema.safeParse(value);
  const problems = [...(parsed.success ? [] : parsed.error.issues.flatMap((issue) => problemsOf(issue, where))), ...crossCheck(value, where)];
  if (!parsed.success || problems.length > 0) throw new SyncFileError(source, sortProblems(problems));
  return toDesired(parsed.data, where, source);
}

function sortProblems(problems: FileProblem[]): FileProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
