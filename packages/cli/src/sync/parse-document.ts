import { isMap } from 'yaml';
import type { z } from 'zod';
import { type DesiredState, type DesiredTeam, type DesiredUser, emailKey } from './desired.js';
import { type FileProblem, SyncFileError } from './file-error.js';
import { fieldName, type Locator, type PathSegment } from './locate.js';
import { emailProblem, teamNameProblem } from './rules.js';
import { type SyncFileContent, syncFileSchema } from './schema.js';
import { parseYamlFile } from './yaml-file.js';

/** Fields each object of a sync file may have, for "unknown field" messages. */
const ALLOWED: Record<string, readonly string[]> = {
  file: ['teams', 'users'],
  user: ['email', 'admin', 'teams'],
  team: [],
};

/** Which kind of object `path` is: the file, a user, a team's settings. */
function objectKind(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'file';
  if (path[0] === 'users' && path.length === 2) return 'user';
  return 'team';
}

/** Words for a schema issue, and the line it is on. */
function problemsOf(issue: z.core.$ZodIssue, where: Locator): FileProblem[] {
  const path = issue.path as PathSegment[];
  if (issue.code === 'unrecognized_keys') {
    const allowed = ALLOWED[objectKind(path)] ?? [];
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
  if (issue.code === 'invalid_type' && path.length === 0) message = 'a sync file is a mapping with `teams` and `users`';
  return [{ line: where.lineOf(path), field: fieldName(path), message }];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the schema cannot express: one entry per address, and only declared
 * teams. They run on the raw content, next to the schema, so one pass reports
 * every problem; what the schema refuses (a bad address, a bad name) is left to it.
 */
function crossCheck(content: unknown, where: Locator): FileProblem[] {
  const problems: FileProblem[] = [];
  if (!isRecord(content) || !Array.isArray(content.users)) return problems;
  const declared =
    content.teams === undefined || content.teams === null ? new Set<string>() : isRecord(content.teams) ? new Set(Object.keys(content.teams)) : undefined;
  const firstLine = new Map<string, number | null>();
  content.users.forEach((user: unknown, index) => {
    if (!isRecord(user)) return;
    if (typeof user.email === 'string' && emailProblem(user.email) === undefined) {
      const key = emailKey(user.email);
      const line = where.lineOf(['users', index, 'email']);
      const earlier = firstLine.get(key);
      if (earlier !== undefined)
        problems.push({
          line,
          field: fieldName(['users', index, 'email']),
          message: `${user.email.trim()} is listed twice (addresses are compared ignoring case; first on line ${earlier ?? '?'})`,
        });
      else firstLine.set(key, line);
    }
    if (!declared || !isRecord(user.teams)) return;
    for (const team of Object.keys(user.teams)) {
      if (declared.has(team) || teamNameProblem(team) !== undefined) continue;
      const path = ['users', index, 'teams', team];
      problems.push({
        line: where.lineOfKey(path),
        field: fieldName(path),
        message: `team ${team} is not declared under \`teams\` (add \`${team}: {}\` there)`,
      });
    }
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
    line: where.lineOf(['users', index]) ?? 0,
  }));
  return { source, teams, users };
}

/**
 * Reads a sync file written in YAML, or in JSON (which YAML 1.2 reads as it
 * is: one parser, and the same line numbers, for both). Everything is checked
 * before anything could be sent: syntax (duplicate keys included), reserved
 * names as keys (`__proto__`, `constructor`, `prototype`), the schema, one entry per address in any case, and that each team a user is put
 * in is declared under `teams` (a team named only there is an error, not a new
 * team: a typo must not create one). Throws {@link SyncFileError} listing
 * every problem with its line and field.
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
