import { Option } from '@commander-js/extra-typings';
import { examples, type Register } from '../command.js';
import { userDetail, userJson, userRow } from '../format.js';
import { runImport } from '../import/run.js';
import { findUser } from '../lookup.js';
import { IMPORT_CSV } from '../input-file.js';
import { maxInputOption, wholeNumber } from '../options.js';
import { registerLifecycle } from './lifecycle.js';
import { t } from '../terminal/styled.js';

export const MAX_CONCURRENCY = 32;

export const registerUsers: Register = (program, context) => {
  const users = program
    .command('users')
    .description('look up, search, create, bulk-import, deactivate and reactivate users (instance admins)')
    .addHelpText(
      'after',
      examples([
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
    .command('search')
    .description('list every user whose username, email or name contains the query, as the pages arrive')
    .argument('<query>', 'text to look for; "" lists everyone')
    .addHelpText(
      'after',
      examples(['wandb-users users search chen', 'wandb-users --json users search @acme.example | jq -r .email   # NDJSON, one user a line']),
    )
    .action(async (query) => {
      const ctx = context();
      let count = 0;
      for await (const user of ctx.api().iterUsers(query)) {
        count++;
        if (ctx.out.json) ctx.out.document(userJson(user));
        else ctx.out.line(userRow(user, ctx.out.c));
      }
      ctx.out.info(ctx.out.ce.dim(t`${count} user${count === 1 ? '' : 's'}`));
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
