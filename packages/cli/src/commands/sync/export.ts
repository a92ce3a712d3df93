import type { Context } from '../../context.js';
import { CliError, EXIT, type ExitCode, usageError } from '../../exit-codes.js';
import { checkOutFile, writeOutFile } from '../../output/out-file.js';
import { t } from '../../output/terminal/styled.js';
import type { SyncScope } from '../../sync/desired.js';
import { ExportError, exportReadScope, exportState, type SyncExport } from '../../sync/export.js';
import { exportText } from '../../sync/export-format.js';
import { formatOf, type SyncFileFormat } from '../../sync/read-desired.js';
import { emailDomainProblem, teamNameProblem } from '../../sync/rules.js';
import { type DeploymentFlags, deploymentFor } from './deployment.js';
import { readState } from './run.js';

/** The flags of `sync export`. */
export interface ExportFlags extends DeploymentFlags {
  format?: SyncFileFormat;
  out?: string;
  overwrite?: boolean;
  team?: string[];
  emailDomain?: string[];
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The scope the flags ask for, checked (names by the sync file's rules) and sorted; null for the whole instance. */
export function scopeOfFlags(flags: Pick<ExportFlags, 'team' | 'emailDomain'>): SyncScope | null {
  const teams = [...new Set(flags.team ?? [])].sort(byCodeUnit);
  const domains = [...new Set((flags.emailDomain ?? []).map((d) => d.replace(/^@/, '').toLowerCase()))].sort(byCodeUnit);
  const problems = [...teams.map(teamNameProblem), ...domains.map(emailDomainProblem)].filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw usageError(`${problems[0]}`, 'Nothing was read.', problems.slice(1));
  if (teams.length === 0 && domains.length === 0) return null;
  return { teams: teams.length > 0 ? teams : null, emailDomains: domains.length > 0 ? domains : null };
}

/** The format to write: --format, else --out's name, else YAML; with --json and no --out, JSON. */
function formatFor(ctx: Context, flags: ExportFlags): SyncFileFormat {
  if (ctx.out.json && flags.out === undefined) {
    if (flags.format !== undefined && flags.format !== 'json')
      throw usageError(`--json prints the export as JSON, not ${flags.format}`, 'Leave out --json, or --format; or write the file with --out.');
    return 'json';
  }
  return flags.format ?? (flags.out === undefined ? 'yaml' : formatOf(flags.out));
}

/** `N accounts, M teams`: the counts of what the file holds, in words. */
function counts(doc: SyncExport, format: SyncFileFormat): string {
  const invited = doc.users.filter((u) => u.status === 'invited').length;
  const deactivated = doc.users.filter((u) => u.status === 'deactivated').length;
  const accounts = doc.users.length - invited;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
  return [
    `${plural(accounts, 'account')}${deactivated > 0 ? ` (${deactivated} deactivated)` : ''}`,
    plural(invited, 'invited address'),
    plural(doc.teams.length, 'team'),
    plural(format === 'csv' ? 0 : doc.serviceAccounts.length, 'service account'),
  ].join(', ');
}

/** Notes on what the file leaves out, and why a plan of it is still empty. */
function leftOutNotes(ctx: Context, doc: SyncExport, format: SyncFileFormat): void {
  const { out } = ctx;
  const { accountsWithoutAddress, linesWithoutAddress, teamsNotFound } = doc.leftOut;
  if (format === 'csv' && doc.serviceAccounts.length > 0)
    out.info(`${doc.serviceAccounts.length} service account(s) left out: a CSV has no place for them (sync never touches service accounts)`);
  if (accountsWithoutAddress > 0)
    out.info(`${accountsWithoutAddress} account(s) left out: the server shows no address for them (sync never matches or deactivates such accounts)`);
  if (linesWithoutAddress > 0) out.info(`${linesWithoutAddress} team line(s) left out: neither an address nor an account (sync never touches them)`);
  if (teamsNotFound.length > 0) out.warn(t`team(s) ${teamsNotFound.join(', ')} not found when read (removed meanwhile?): left out`);
}

/**
 * `sync export`: the server's users, teams, roles, instance admin flags,
 * invitations and service accounts as a sync file (version 2), on stdout or
 * in --out; a plan of it against the same server is empty.
 */
export async function runSyncExport(ctx: Context, flags: ExportFlags): Promise<ExitCode> {
  const scope = scopeOfFlags(flags);
  const format = formatFor(ctx, flags);
  if (format === 'csv' && scope)
    throw usageError(
      'a CSV cannot record the scope of a partial export (--team, --email-domain)',
      'Use --format yaml or json: without its scope, --prune of the file would act on everyone it leaves out.',
    );
  if (flags.out !== undefined) checkOutFile(flags.out, flags.overwrite === true);
  const state = await readState(ctx, ctx.syncClient(), exportReadScope(scope, { deployment: deploymentFor(ctx, flags), organization: flags.org }));
  const missing = (scope?.teams ?? []).filter((team) => !state.teams.get(team));
  if (missing.length > 0) throw new CliError(`no team is named ${missing.join(', ')}`, EXIT.NOT_FOUND, 'Nothing was written. Check the --team names.');
  let doc: SyncExport;
  try {
    doc = exportState(state, { scope });
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    throw new CliError(error.message, EXIT.CONFLICT, 'Nothing was written. Fix these on the server (or ask W&B support), then export again.', {
      details: error.lines(),
    });
  }
  const text = exportText(doc, format, ctx.credentials().baseUrl);
  if (flags.out === undefined) {
    ctx.out.block(text);
  } else {
    writeOutFile(flags.out, text, { overwrite: flags.overwrite === true });
    if (ctx.out.json)
      ctx.out.document({
        out: flags.out,
        format,
        users: doc.users.length,
        teams: doc.teams.length,
        serviceAccounts: format === 'csv' ? 0 : doc.serviceAccounts.length,
        scope: doc.scope,
      });
  }
  ctx.out.info(t`exported ${counts(doc, format)}${flags.out === undefined ? '' : ` to ${flags.out}`}`);
  leftOutNotes(ctx, doc, format);
  return EXIT.OK;
}
