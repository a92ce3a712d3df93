import { Option } from '@commander-js/extra-typings';
import type { User } from '@wandb-ts/users';
import type { Context } from '../context.js';
import { examples, type Register } from '../command.js';
import { UserTable, userDetail, userJson } from '../output/format.js';
import { runImport } from './import/run.js';
import { findUser } from '../lookup/user.js';
import { IMPORT_CSV } from '../input/input-file.js';
import { maxInputOption, wholeNumber } from '../options.js';
import { registerLifecycle } from './lifecycle.js';
import { t } from '../output/terminal/styled.js';

export const MAX_CONCURRENCY = 32;

/**
 * The users `query` finds that pass `wanted`, printed as the pages arrive: a
 * table (header, aligned columns) or NDJSON; the count on stderr, with the
 * filters named.
 */
async function printUsers(ctx: Context, query: string, wanted: (user: User) => boolean, filters: readonly string[]): Promise<void> {
  const table = new UserTable((line) => ctx.out.line(line), ctx.out.c);
  let shown = 0;
  let read = 0;
  for await (const page of ctx.api().userPages(query)) {
    read += page.length;
    const kept = page.filter(wanted);
    shown += kept.length;
    if (ctx.out.json) for (const user of kept) ctx.out.document(userJson(user));
    else if (kept.length > 0) table.page(kept);
  }
  const what = `${shown} user${shown === 1 ? '' : 's'}`;
  ctx.out.info(ctx.out.ce.dim(filters.length === 0 ? what : t`${what} (${filters.join(', ')}) of ${read}`));
}

export const registerUsers: Register = (program, context) => {
  const users = program
    .command('users')
    .description('list, look up, search, create, bulk-import, deactivate and reactivate users (instance admins)')
    .addHelpText(
      'after',
      examples([
        'wandb-users users list --deactivated',
        'wandb-users users get sofia.alvarez@acme.example',
        'wandb-users users search acme.example',
        'wandb-users users import new-hires.csv',
        'wandb-users users deactivate jtanaka --yes',
      ]),
    );

  users
    .command('get')
    .description('show one user, by exact username or email')
    .argument('<username|email>')
    .addHelpText('after', examples(['wandb-users users get salvarez', 'wandb-users --json users get sofia.alvarez@acme.example | jq .teams']))
    .action(async (wanted) => {
      const ctx = context();
      const user = await findUser(ctx, wanted);
      if (ctx.out.json) ctx.out.document(userJson(user));
      else for (const line of userDetail(user, ctx.out.c)) ctx.out.line(line);
    });

  users
    .command('list')
    .description('list every user of the instance, as the pages arrive; filters narrow it down')
    .option('--admins', 'only instance admins')
    .option('--deactivated', 'only deactivated accounts')
    .option('--service-accounts', 'only service accounts')
    .addHelpText(
      'after',
      `
Every account, people and service accounts alike, with its account type
(user, service account), whether it is an instance admin, and its status
(active or deactivated). The filters combine: --admins --deactivated lists the
deactivated instance admins. W&B's API has no filters of its own, so every
user is read and the filters applied here. With --json, NDJSON: one user a
line (\`accountType\` SERVICE for a service account, \`deletedAt\` set while
deactivated).
${examples([
  'wandb-users users list',
  'wandb-users users list --deactivated',
  'wandb-users users list --service-accounts',
  "wandb-users --json users list --admins | jq -r '.email'",
])}`,
    )
    .action(async (options) => {
      const wanted = (user: User) =>
        (options.admins !== true || user.admin === true) &&
        (options.deactivated !== true || user.deletedAt !== null) &&
        (options.serviceAccounts !== true || user.isServiceAccount);
      const filters = [options.admins && 'instance admins', options.deactivated && 'deactivated', options.serviceAccounts && 'service accounts'];
      await printUsers(
        context(),
        '',
        wanted,
        filters.filter((f): f is string => typeof f === 'string'),
      );
    });

  users
    .command('search')
    .description('list every user whose username, email or name contains the query, as the pages arrive')
    .argument('<query>', 'text to look for; "" lists everyone (as `users list` does)')
    .addHelpText(
      'after',
      examples(['wandb-users users search chen', 'wandb-users --json users search @acme.example | jq -r .email   # NDJSON, one user a line']),
    )
    .action(async (query) => {
      await printUsers(context(), query, () => true, []);
    });

  users
    .command('create')
    .description('create a user; W&B sends them an invitation')
    .argument('<email>')
    .option('--admin', 'make them an instance admin')
    .addHelpText('after', examples(['wandb-users users create new.hire@acme.example', 'wandb-users users create ops.lead@acme.example --admin']))
    .action(async (email, options) => {
      const ctx = context();
      const user = await ctx.api().createUser(email, { admin: options.admin === true });
      if (ctx.out.json) ctx.out.document(userJson(user));
      else ctx.out.line(t`created ${user.email ?? email} (username ${user.username ?? '-'}${user.admin ? ', instance admin' : ''})`);
    });

  users
    .command('import')
    .description('create the users of a CSV file (columns: email, admin); safe to run again')
    .argument('<file.csv|->', 'the CSV file, or - for standard input')
    .addOption(new Option('-c, --concurrency <n>', `requests at a time, 1 to ${MAX_CONCURRENCY}`).default(4).argParser(wholeNumber(1, MAX_CONCURRENCY)))
    .option('--failed-file <path>', 'where to write the rows that failed (default: FILE.failed.csv, or import.failed.csv for -)')
    .addOption(maxInputOption(`${IMPORT_CSV.defaultMib}`))
    .addHelpText(
      'after',
      `
The file needs a header line with an "email" column; "admin" (true/false,
yes/no, 1/0, empty = false) is optional, other columns are ignored. A BOM,
CRLF line ends and blank lines are fine. It must be UTF-8 text of at most
${IMPORT_CSV.defaultMib} MiB (--max-input-mib raises the limit); anything else is refused
before a row is sent.

Each row is reported as created, exists (already on the server: nothing is
done), duplicate (same email earlier in the file), invalid, failed, or skipped
(not attempted: interrupted, or stopped after an authentication or permission
error). Rows that are invalid, failed or skipped are written to the failed
file, with an "error" column, and the exit status is 7; fix them and feed that
file back in. Running an import again is safe: nothing is created twice.
Cells that a spreadsheet would run as a formula (starting with =, +, -, @, a
tab or a carriage return) are written with a leading ', which an import drops.

On a terminal a progress bar is shown; otherwise one line per row. Ctrl-C
finishes the requests in flight, writes the failed file and stops.
${examples([
  'wandb-users users import new-hires.csv',
  'wandb-users users import new-hires.csv --concurrency 8 --failed-file retry.csv',
  'wandb-users users import retry.csv                 # the failed rows, fixed',
  'hr-export --format csv | wandb-users --json users import - > results.ndjson',
])}`,
    )
    .action(async (file, options) => {
      const ctx = context();
      ctx.exitCode = await runImport(ctx, file, { concurrency: options.concurrency, failedFile: options.failedFile, maxInputMib: options.maxInputMib });
    });

  registerLifecycle(users, context);
};
