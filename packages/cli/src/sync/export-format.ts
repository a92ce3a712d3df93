import { stringify } from 'csv-stringify/sync';
import { neutraliseCell } from '../commands/import/spreadsheet.js';
import { escapeControls } from '../output/terminal/escape.js';
import type { ExportedRoles, SyncExport } from './export.js';
import type { SyncFileFormat } from './read-desired.js';

// The text of an export, in each format sync reads: one entry per line where
// the format allows, in the export's order, so that two exports of a changed
// server differ by the lines of what changed. Every value has passed the sync
// file rules (export.ts); these writers still quote anything a reader could
// take for something else.

/** YAML words a reader could take for a boolean or null (1.2's core schema, and 1.1's, which other tools still use). */
const YAML_WORDS = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', '~']);

/** A letter or underscore, then letters, digits and `_ . @ + -`: nothing YAML could read as another type or as syntax. */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_.@+-]*$/;

/**
 * A string as a YAML scalar: plain where it is unambiguous, else
 * double-quoted (a JSON string is a valid YAML double-quoted scalar with the
 * same value).
 */
export function yamlScalar(value: string): string {
  return PLAIN.test(value) && !YAML_WORDS.has(value.toLowerCase()) ? value : JSON.stringify(value);
}

function yamlRoles(teams: ExportedRoles): string {
  return `{ ${teams.map(([team, role]) => `${yamlScalar(team)}: ${yamlScalar(role)}`).join(', ')} }`;
}

function yamlList(values: readonly string[]): string {
  return `[${values.map(yamlScalar).join(', ')}]`;
}

/** The comment that opens a YAML export: where it came from (no date: two exports of one state are the same bytes). */
function header(server: string): string[] {
  return [
    `# The users and teams of ${escapeControls(server)}, written by \`wandb-users sync export\`:`,
    '# a sync file (version 2; see the wandb-users README). `sync plan` of it',
    '# against that server finds nothing to change until one of the two does.',
  ];
}

/** The export as a version 2 YAML sync file. `server` (the base URL) goes in a comment. */
export function exportYaml(doc: SyncExport, server: string): string {
  const lines = [...header(server), `version: ${doc.version}`];
  if (doc.scope) {
    lines.push('scope:');
    if (doc.scope.teams) lines.push(`  teams: ${yamlList(doc.scope.teams)}`);
    if (doc.scope.emailDomains) lines.push(`  emailDomains: ${yamlList(doc.scope.emailDomains)}`);
  }
  lines.push(doc.teams.length === 0 ? 'teams: {}' : 'teams:');
  for (const team of doc.teams) lines.push(`  ${yamlScalar(team)}: {}`);
  lines.push(doc.users.length === 0 ? 'users: []' : 'users:');
  for (const user of doc.users) {
    lines.push(`  - email: ${yamlScalar(user.email)}`);
    if (user.admin !== undefined) lines.push(`    admin: ${user.admin}`);
    if (user.status !== undefined) lines.push(`    status: ${user.status}`);
    if (user.orgRole !== undefined) lines.push(`    orgRole: ${yamlScalar(user.orgRole)}`);
    if (user.teams.length > 0) lines.push(`    teams: ${yamlRoles(user.teams)}`);
  }
  if (doc.serviceAccounts.length > 0) {
    lines.push('serviceAccounts:');
    for (const account of doc.serviceAccounts) {
      lines.push(`  - username: ${yamlScalar(account.username)}`);
      if (account.status !== undefined) lines.push(`    status: ${account.status}`);
      if (account.teams.length > 0) lines.push(`    teams: ${yamlRoles(account.teams)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Roles as a JSON object, in the export's (team name) order. */
const rolesObject = (teams: ExportedRoles) => Object.fromEntries(teams);

/** The export as a version 2 JSON sync file: a user or service account a line. */
export function exportJson(doc: SyncExport): string {
  const entries = (values: readonly unknown[]) => (values.length === 0 ? '[]' : `[\n${values.map((v) => `    ${JSON.stringify(v)}`).join(',\n')}\n  ]`);
  const users = doc.users.map((user) => ({
    email: user.email,
    ...(user.admin !== undefined && { admin: user.admin }),
    ...(user.status !== undefined && { status: user.status }),
    ...(user.orgRole !== undefined && { orgRole: user.orgRole }),
    ...(user.teams.length > 0 && { teams: rolesObject(user.teams) }),
  }));
  const serviceAccounts = doc.serviceAccounts.map((account) => ({
    username: account.username,
    ...(account.status !== undefined && { status: account.status }),
    ...(account.teams.length > 0 && { teams: rolesObject(account.teams) }),
  }));
  const fields = [
    `  "version": ${doc.version}`,
    ...(doc.scope
      ? [
          `  "scope": ${JSON.stringify({ ...(doc.scope.teams && { teams: doc.scope.teams }), ...(doc.scope.emailDomains && { emailDomains: doc.scope.emailDomains }) })}`,
        ]
      : []),
    `  "teams": ${doc.teams.length === 0 ? '{}' : `{\n${doc.teams.map((team) => `    ${JSON.stringify(team)}: {}`).join(',\n')}\n  }`}`,
    `  "users": ${entries(users)}`,
    ...(serviceAccounts.length > 0 ? [`  "serviceAccounts": ${entries(serviceAccounts)}`] : []),
  ];
  return `{\n${fields.join(',\n')}\n}\n`;
}

/**
 * The export as a sync CSV (`email,admin,teams,status`). A CSV has no place
 * for a scope or service accounts: the caller refuses a scoped CSV export and
 * says that service accounts are left out (sync never touches them, so a plan
 * of the file is still empty). Cells a spreadsheet would run as a formula are
 * marked as text, as the failed-rows file of `users import` does, and read
 * back unmarked.
 */
export function exportCsv(doc: SyncExport): string {
  // The orgRole column only where someone has an organization role: a file without one reads as before.
  const orgRoles = doc.users.some((user) => user.orgRole !== undefined);
  const rows = doc.users.map((user) =>
    [
      user.email,
      user.admin === undefined ? '' : String(user.admin),
      user.teams.map(([team, role]) => `${team}:${role}`).join(';'),
      user.status ?? '',
      ...(orgRoles ? [user.orgRole ?? ''] : []),
    ].map(neutraliseCell),
  );
  return stringify(rows, { header: true, columns: ['email', 'admin', 'teams', 'status', ...(orgRoles ? ['orgRole'] : [])], record_delimiter: 'unix' });
}

/** The export in `format`. */
export function exportText(doc: SyncExport, format: SyncFileFormat, server: string): string {
  if (format === 'csv') return exportCsv(doc);
  return format === 'json' ? exportJson(doc) : exportYaml(doc, server);
}
