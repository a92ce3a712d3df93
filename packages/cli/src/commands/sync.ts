import { Option } from '@commander-js/extra-typings';
import { examples, type Register } from '../command.js';
import { usageError } from '../exit-codes.js';
import { JOURNAL, SAVED_PLAN, SYNC_FILE } from '../input/input-file.js';
import { maxInputOption, wholeNumber, yesOption } from '../options.js';
import { deploymentOptions } from './sync/deployment-options.js';
import { MAX_CONCURRENCY } from './users.js';

// `sync plan` and `sync apply`. The engine (src/sync/, which loads zod and
// yaml) is imported when a sync command runs, not when the program starts:
// `wandb-users whoami` does not pay for it.
const engine = () => import('./sync/run.js');
const exporter = () => import('./sync/export.js');

/** Collects a repeatable option's values. */
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** --out and --overwrite of the commands that write a file. */
function outOptions(what: string) {
  return [
    new Option('--out <file>', `${what} (a new file, mode 0600: it holds addresses)`),
    new Option('--overwrite', 'replace the --out file if it exists (default: refuse)'),
  ] as const;
}

/** The most removals --max-removals accepts. */
const MAX_REMOVALS = 1_000_000;

const FORMAT_HELP = `
The file (YAML, or JSON: the same schema) lists the users, their instance
admin flag and their roles in the teams it declares:

  teams:
    ml: {}
    infra: {}
  users:
    - email: ann@acme.example
      admin: false                          # omitted: left as it is
      teams: { ml: admin, infra: member }   # admin, member, viewer, or a custom role
    - email: bob@acme.example
      teams: { ml: viewer }

Or the CSV of \`users import\` with a "teams" column: email,admin,teams then
ann@acme.example,false,ml:admin;infra:member. Every problem is reported with
its line before anything is sent. Addresses are compared ignoring case. The
file is read as UTF-8 text of at most 32 MiB (--max-input-mib raises it).
Addresses and usernames outside ASCII are flagged in the plan, escaped, with
the accounts they could be mistaken for. Version 2 files (\`version: 2\`, what
\`sync export\` writes) add a user's \`status\` (active, the default;
deactivated: never reactivated or invited, deactivated with --prune; invited:
invited without an account made), their organization role \`orgRole\` (admin,
member, viewer or a custom role; the seat follows it: viewer takes a view-only
seat), a \`scope\` that a partial file never acts outside of, and
\`serviceAccounts\`, recorded only.

On W&B's multi-tenant cloud (--deployment cloud, the default for
https://api.wandb.ai) nobody's key creates or deactivates accounts: with an
organization admin's key, sync invites people to the organization instead,
and --prune removes them from it (and so from its teams). A plan that needs
more seats of a kind than the organization has left is refused (exit 6).
Never touched: the last admin of the organization, nor the key's own account.


Without --prune, sync only adds and changes: it creates users and teams,
invites members (they stay pending until they accept; a pending invitation with
the listed role counts as done), changes roles, sets or unsets instance admin,
and reactivates listed users who are deactivated. With --prune it also removes
members and invitations of the declared teams that the file does not list, and
deactivates active accounts it does not list. Never touched: service accounts,
the API key's own account, the last admin of a team who has joined, and
(without --include-admins) instance admins. More than --max-removals removals
(default: 10, or 5% of the active accounts, whichever is larger) refuse to run.`;

/** The options of the commands that run a plan (apply, undo): each a new instance, as commander needs one per command. */
function runOptions() {
  return [
    yesOption(),
    new Option('--journal-dir <dir>', 'where the journal of what was done goes (default: $XDG_STATE_HOME/wandb-users/journals, or ~/.local/state/...)'),
    new Option('--fail-fast', 'start nothing new after the first failed action'),
    new Option('-c, --concurrency <n>', `actions at a time, 1 to ${MAX_CONCURRENCY}`).default(4).argParser(wholeNumber(1, MAX_CONCURRENCY)),
  ] as const;
}

function planOptions() {
  return [
    new Option('--format <format>', 'the file format (default: from the name; yaml for -)').choices(['yaml', 'json', 'csv'] as const),
    new Option(
      '--prune',
      "also remove what the file does not list: team members and invitations, and accounts (deactivated; on W&B's cloud, removed from the organization)",
    ),
    new Option('--max-removals <n>', 'allow this many removals (default: 10, or 5% of the active accounts or organization members)').argParser(
      wholeNumber(0, MAX_REMOVALS),
    ),
    new Option('--include-admins', "let --prune deactivate instance admins the file does not list (on W&B's cloud: remove organization admins)"),
  ] as const;
}

export const registerSync: Register = (program, context) => {
  const sync = program
    .command('sync')
    .description('make W&B match a file of users, teams and roles: plan, then apply (instance admins)')
    .addHelpText(
      'after',
      examples([
        'wandb-users sync export --out people.yaml',
        'wandb-users sync plan people.yaml',
        'wandb-users sync apply people.yaml',
        'wandb-users sync plan people.yaml --out plan.json && wandb-users sync apply --plan plan.json',
        'wandb-users sync undo JOURNAL   # reverses one apply, from the journal it named',
      ]),
    );

  const [exportOut, exportOverwrite] = outOptions('write the file here instead of standard output');
  const [exportDeployment, exportOrg] = deploymentOptions();
  sync
    .command('export')
    .description("write the server's users, teams, roles and invitations as a sync file; a plan of it finds nothing to change")
    .addOption(new Option('--format <format>', 'the file format (default: from --out, else yaml)').choices(['yaml', 'json', 'csv'] as const))
    .addOption(exportOut)
    .addOption(exportOverwrite)
    .addOption(new Option('--team <name>', 'only this team: its members and invitations (repeat for more); the file records the scope').argParser(collect))
    .addOption(
      new Option('--email-domain <domain>', 'only addresses of this domain, e.g. acme.example (repeat for more); the file records the scope').argParser(
        collect,
      ),
    )
    .addOption(exportDeployment)
    .addOption(exportOrg)
    .addHelpText(
      'after',
      `
The file is a sync file of version 2, sorted (users by address, teams and
service accounts by name) so that two exports diff line by line: every account
with its instance admin flag, \`status: deactivated\` for a deactivated one
(sync neither reactivates nor invites it), every address invited without an
account as \`status: invited\` (sync creates no account for it), its teams and
roles (pending invitations too), each member's organization role (\`orgRole\`),
and the service accounts, recorded (sync never changes them). On W&B's cloud
(--deployment cloud) the accounts are the organization's members, and its
pending invitations are \`status: invited\`. \`sync plan\` of it against the
same server finds nothing to do.

With --team or --email-domain the file is partial and says so (\`scope:\`):
a plan of it, --prune included, acts only inside that scope, and a file scoped
to teams deactivates nobody. A CSV holds no scope, and no service accounts.
The server's data is checked by the sync file's rules: an address, name or
role they refuse, or two accounts with one address, fails the export (exit 6),
naming each account, and nothing is written.
${examples([
  'wandb-users sync export --out people.yaml   # readable by you alone',
  'wandb-users sync export > people.yaml',
  'wandb-users sync export --team ml --team infra --out ml-infra.yaml',
  'wandb-users sync export --email-domain acme.example --format json --out acme.json',
])}`,
    )
    .action(async (options) => {
      const ctx = context();
      const { runSyncExport } = await exporter();
      ctx.exitCode = await runSyncExport(ctx, options);
    });

  const [format, prune, maxRemovals, includeAdmins] = planOptions();
  const [planDeployment, planOrg] = deploymentOptions();
  const [planOut, planOverwrite] = outOptions('also save the plan document (as --json prints it) to this file, for `sync apply --plan`');
  sync
    .command('plan')
    .description('show what apply would change, like a diff; exit 0: nothing, 10: changes pending')
    .argument('<file|->', 'the desired state (YAML, JSON or CSV), or - for standard input')
    .addOption(format)
    .addOption(prune)
    .addOption(maxRemovals)
    .addOption(includeAdmins)
    .addOption(planDeployment)
    .addOption(planOrg)
    .addOption(maxInputOption(`${SYNC_FILE.defaultMib}`))
    .addOption(new Option('--markdown', 'print the plan as Markdown, for a pull request comment or $GITHUB_STEP_SUMMARY (not with --json)'))
    .addOption(planOut)
    .addOption(planOverwrite)
    .addHelpText(
      'after',
      `${FORMAT_HELP}

With --json the plan is one JSON document (version 1) that \`sync apply --plan\`
executes later, after checking that what it expected still holds; --out saves
that document to a file while the plan is printed as text or --markdown (one
plan: what is shown is what is saved). --markdown shows every name from the
file or the server in code, never as links, HTML or @mentions.
${examples([
  'wandb-users sync plan people.yaml',
  'wandb-users sync plan people.yaml --prune',
  'hr-export | wandb-users sync plan --format csv -',
  'wandb-users --json sync plan people.yaml > plan.json   # exit 10 when there are changes',
  'wandb-users sync plan people.yaml --prune --markdown --out plan.json >> "$GITHUB_STEP_SUMMARY"',
  "wandb-users sync plan people.yaml --deployment cloud --org Acme   # W&B's cloud: invitations to the organization",
])}`,
    )
    .action(async (file, options) => {
      const ctx = context();
      const { runSyncPlan } = await engine();
      ctx.exitCode = await runSyncPlan(ctx, file, options);
    });

  const [format2, prune2, maxRemovals2, includeAdmins2] = planOptions();
  const [applyDeployment, applyOrg] = deploymentOptions();
  const [yes, journalDir, failFast, concurrency] = runOptions();
  sync
    .command('apply')
    .description('change W&B to match the file (or execute a saved plan); safe to run again')
    .argument('[file|-]', 'the desired state (YAML, JSON or CSV), or - for standard input')
    .addOption(
      new Option(
        '--plan <plan.json>',
        'execute a plan saved by `sync plan --json` instead: checked again against the server now and the flags given now (--prune, --include-admins, --max-removals)',
      ).conflicts(['format']),
    )
    .addOption(format2)
    .addOption(prune2)
    .addOption(maxRemovals2)
    .addOption(includeAdmins2)
    .addOption(applyDeployment)
    .addOption(applyOrg)
    .addOption(maxInputOption(`${SYNC_FILE.defaultMib} for a file, ${SAVED_PLAN.defaultMib} for a saved plan`))
    .addOption(yes)
    .addOption(journalDir)
    .addOption(failFast)
    .addOption(concurrency)
    .addHelpText(
      'after',
      `${FORMAT_HELP}

On a terminal, apply shows the plan and asks: only the word yes applies it.
Without a terminal, or with --json, it does not ask and needs --yes; a saved
plan (--plan), reviewed when it was made, is applied without asking.

Each action is reported as done, already-done (found done: an earlier apply, or
someone else), failed (with the reason), blocked (an action it needs failed) or
not-run (stopped: Ctrl-C, --fail-fast). A failure does not stop independent
actions. An interrupted apply is finished by running it again: nothing is done
twice. Ctrl-C starts nothing new and lets the actions in flight finish; a
second Ctrl-C quits at once, reporting those still in flight as in-flight.

Every apply writes a journal of each action with the state before it (JSON
Lines, readable by you only; no secrets) to --journal-dir, by default
$XDG_STATE_HOME/wandb-users/journals (~/.local/state/wandb-users/journals),
and names it at the end: \`sync undo JOURNAL\` reverses that apply.

A saved plan (--plan) trusts nothing it says about itself: each action is
checked again by the safety rules, on the server's state now, with the flags
given now. Removals need --prune, deactivating an instance admin needs
--include-admins, the removal limit is --max-removals or the default for the
active accounts now; names and roles must pass the file's rules; service
accounts, the API key's own account and a team's last admin are never
touched. Any violation refuses the whole plan, naming the actions, and nothing
is sent (exit 6).

Exit 0: all done (or not confirmed: nothing sent); 2: a bad file, flag or plan
file, or no --yes where it cannot ask; 6: a saved plan refused (another server,
stale, or against the safety rules); 7: some actions need another run; 9: the
journal cannot be written; 130: interrupted.
${examples([
  'wandb-users sync apply people.yaml                 # shows the plan, asks for yes',
  'wandb-users sync apply people.yaml --yes --prune --max-removals 40',
  'wandb-users sync apply --plan plan.json',
  'wandb-users sync apply --plan plan.json --prune --max-removals 40   # a saved plan that removes',
])}`,
    )
    .action(async (file, options) => {
      const ctx = context();
      if ((file === undefined) === (options.plan === undefined))
        throw usageError(
          'sync apply needs a file, or --plan with a saved plan (not both)',
          'e.g. `wandb-users sync apply people.yaml` or `wandb-users sync apply --plan plan.json`.',
        );
      const { runSyncApply } = await engine();
      ctx.exitCode = await runSyncApply(ctx, file, options);
    });

  const [, , maxRemovals3] = planOptions();
  const [undoDeployment, undoOrg] = deploymentOptions();
  const [yes2, journalDir2, failFast2, concurrency2] = runOptions();
  sync
    .command('undo')
    .description('reverse what one apply did, from its journal: plan, review, then apply')
    .argument('<journal|->', 'the journal an apply named at its end (.jsonl), or - for standard input')
    .addOption(maxRemovals3)
    .addOption(new Option('--include-admins', 'let undo deactivate instance admins (accounts the apply created or reactivated), or remove organization admins'))
    .addOption(undoDeployment)
    .addOption(undoOrg)
    .addOption(maxInputOption(`${JOURNAL.defaultMib}`))
    .addOption(yes2)
    .addOption(journalDir2)
    .addOption(failFast2)
    .addOption(concurrency2)
    .addHelpText(
      'after',
      `
Plans the reverse of what the journal's apply did, against the server now: a
user created is deactivated, a user reactivated deactivated again, a user
deactivated reactivated, an instance admin flag set back, an invitation
withdrawn, a member removed invited again with their old role, a role set
back; in the organization, someone invited is removed (or the invitation
withdrawn), a role set back, a member removed invited back with their role.
What cannot be reversed (a team created: sync never deletes a team; a
withdrawn invitation to the organization, whose role W&B does not list), or
was changed by someone since, is listed as not reversed, with the reason.

The plan is shown and asked about, and applied, as \`sync apply\` does (--yes
without a terminal or with --json), and writes a journal of its own. The
journal is read as a file anyone could have edited: every action is checked
by the safety rules. Undo needs no --prune (it names exactly what it
reverses), but its deactivations and withdrawn invitations count against
--max-removals, and it never deactivates the API key's own account, nor an
instance admin without --include-admins.

Exit 0: done, or nothing to undo; 2: a journal that cannot be read, a bad flag,
more removals than the limit, no --yes where it cannot ask; 6: a journal of
another server, or an undo the safety rules refuse; 7: some actions need
another run; 130: interrupted.
${examples([
  'wandb-users sync undo ~/.local/state/wandb-users/journals/apply-2025-06-01T12-00-00.000Z.jsonl',
  'wandb-users sync undo JOURNAL --yes --max-removals 40   # a script undoing 40 creations',
])}`,
    )
    .action(async (journal, options) => {
      const ctx = context();
      const { runSyncUndo } = await import('./sync/undo.js');
      ctx.exitCode = await runSyncUndo(ctx, journal, options);
    });
};
