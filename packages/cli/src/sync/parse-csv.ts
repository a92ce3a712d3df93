import { CsvError } from 'csv-parse/sync';
import { type CsvRecord, parseBooleanCell, readCsvRecords } from '../input/csv-records.js';
import { type AccountStatus, type DesiredState, type DesiredTeam, type DesiredUser, emailKey } from './desired.js';
import { type FileProblem, SyncFileError } from './file-error.js';
import { emailProblem, roleProblem, teamNameProblem } from './rules.js';

/**
 * The columns of a sync CSV: `users import`'s, plus `teams`, and `status` and
 * `orgRole` (what version 2 files say of an account). Headers are matched
 * ignoring case.
 */
export const CSV_COLUMNS: readonly string[] = ['email', 'admin', 'teams', 'status', 'orgRole'];

/** The version 2 columns: a CSV with one of them is a version 2 file. */
const VERSION_2_COLUMNS: readonly string[] = ['status', 'orgrole'];

const STATUSES: readonly AccountStatus[] = ['active', 'deactivated', 'invited'];

interface Row {
  line: number;
  email: string;
  admin: boolean | undefined;
  teams: Map<string, string>;
  status: AccountStatus | undefined;
  orgRole: string | undefined;
}

/** A `status` cell: empty is active; the problems found go to `problems`. */
function parseStatusCell(cell: string, line: number, problems: FileProblem[]): AccountStatus | undefined {
  const text = cell.trim();
  if (text === '') return undefined;
  const status = STATUSES.find((s) => s === text);
  if (status === undefined)
    problems.push({ line, field: 'status', message: `status must be active, deactivated or invited (or empty), got ${JSON.stringify(cell)}` });
  return status;
}

/** `ml:admin; infra:member` → team to role, with the problems found. */
function parseTeamsCell(cell: string, line: number, problems: FileProblem[]): Map<string, string> {
  const teams = new Map<string, string>();
  for (const entry of cell.split(';')) {
    if (entry.trim() === '') continue;
    const colon = entry.indexOf(':');
    const team = (colon < 0 ? entry : entry.slice(0, colon)).trim();
    const role = colon < 0 ? '' : entry.slice(colon + 1).trim();
    const problem =
      teamNameProblem(team) ??
      (colon < 0 || role === '' ? `${JSON.stringify(entry.trim())} needs a role: TEAM:ROLE, e.g. ${team || 'ml'}:member` : roleProblem(role));
    if (problem !== undefined) problems.push({ line, field: 'teams', message: problem });
    else if (teams.has(team)) problems.push({ line, field: 'teams', message: `team ${team} is named twice` });
    else teams.set(team, role);
  }
  return teams;
}

/**
 * Reads a sync file in the CSV form of `users import`, with a `teams` column:
 *
 * ```text
 * email,admin,teams
 * ann@acme.example,false,ml:admin;infra:member
 * bob@acme.example,,ml:viewer
 * ```
 *
 * Same reader as `users import` (BOM, CRLF, quoting, blank lines; the leading
 * `'` the failed-rows file puts before formula-like cells is dropped). `admin`
 * is true/false (yes/no, 1/0); empty leaves an existing user's flag alone, as
 * an omitted `admin` does in YAML. `teams` is `TEAM:ROLE` pairs separated by
 * `;`. `status` (optional) is `active` (or empty), `deactivated` or
 * `invited`, and `orgRole` (optional) an organization role, empty to leave
 * it, as in a version 2 YAML file. A CSV cannot declare teams apart
 * from their members, nor record a scope or service accounts: the teams it
 * manages are those its `teams` column names. Unlike `users import`, other
 * columns are an error: a misspelt `team` column silently ignored would take
 * everyone out of their teams under `--prune`. Throws {@link SyncFileError}
 * with every problem and its line.
 */
export function parseSyncCsv(text: string, source: string): DesiredState {
  let records: CsvRecord[];
  try {
    records = readCsvRecords(text);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    throw new SyncFileError(source, [{ line: typeof line === 'number' ? line : null, field: null, message: `not valid CSV: ${error.message}` }]);
  }
  const header = records.shift();
  if (!header) throw new SyncFileError(source, [{ line: null, field: null, message: 'the file is empty' }]);
  const columns = header.cells.map((c) => c.trim().toLowerCase());
  const known = CSV_COLUMNS.map((c) => c.toLowerCase());
  const problems: FileProblem[] = [];
  columns.forEach((column, index) => {
    if (!known.includes(column))
      problems.push({
        line: header.line,
        field: null,
        message: `unknown column ${JSON.stringify(header.cells[index])} (a sync CSV has: ${CSV_COLUMNS.join(', ')})`,
      });
    else if (columns.indexOf(column) !== index) problems.push({ line: header.line, field: null, message: `column ${column} appears twice` });
  });
  const at = (name: string) => columns.indexOf(name);
  if (at('email') < 0)
    problems.push({ line: header.line, field: null, message: 'no "email" column: the first line must be a header, e.g. "email,admin,teams"' });
  if (problems.length > 0) throw new SyncFileError(source, problems);

  const rows: Row[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, cells } of records) {
    const cell = (name: string) => (at(name) < 0 ? '' : (cells[at(name)] ?? ''));
    const email = cell('email');
    const emailIssue = emailProblem(email);
    if (emailIssue !== undefined) problems.push({ line, field: 'email', message: emailIssue });
    const adminText = cell('admin');
    const admin = adminText.trim() === '' ? undefined : parseBooleanCell(adminText);
    if (adminText.trim() !== '' && admin === undefined)
      problems.push({ line, field: 'admin', message: `admin must be true or false (or yes/no, 1/0, empty to leave it), got ${JSON.stringify(adminText)}` });
    const teams = parseTeamsCell(cell('teams'), line, problems);
    const status = parseStatusCell(cell('status'), line, problems);
    if (status === 'invited' && adminText.trim() !== '')
      problems.push({ line, field: 'admin', message: 'an invited address has no account made by sync: admin does not apply (leave it empty)' });
    const orgRoleText = cell('orgrole').trim();
    const orgRoleIssue = orgRoleText === '' ? undefined : roleProblem(orgRoleText);
    if (orgRoleIssue !== undefined) problems.push({ line, field: 'orgRole', message: orgRoleIssue });
    const key = emailKey(email);
    const earlier = firstLine.get(key);
    if (emailIssue === undefined && earlier !== undefined)
      problems.push({ line, field: 'email', message: `${email} is listed twice (addresses are compared ignoring case; first on line ${earlier})` });
    else if (emailIssue === undefined) firstLine.set(key, line);
    rows.push({ line, email: email.trim(), admin, teams, status, orgRole: orgRoleText === '' ? undefined : orgRoleText });
  }
  if (problems.length > 0)
    throw new SyncFileError(
      source,
      [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    );

  const teams = new Map<string, DesiredTeam>();
  const users: DesiredUser[] = rows.map((row) => {
    for (const name of row.teams.keys()) if (!teams.has(name)) teams.set(name, { name, line: row.line });
    return {
      email: row.email,
      key: emailKey(row.email),
      admin: row.admin,
      teams: row.teams,
      ...(row.status && { status: row.status }),
      ...(row.orgRole !== undefined && { orgRole: row.orgRole }),
      line: row.line,
    };
  });
  return { source, teams, users, version: VERSION_2_COLUMNS.some((c) => at(c) >= 0) ? 2 : 1, scope: null, serviceAccounts: [] };
}
