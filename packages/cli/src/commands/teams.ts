import { Option } from '@commander-js/extra-typings';
import { asGroupDefault, examples, type Register } from '../command.js';
import { confirm, ensureConfirmable } from '../confirm.js';
import { CliError, EXIT } from '../exit-codes.js';
import { memberTable, teamJson, who } from '../output/format.js';
import { findUser, viewerOrUser } from '../lookup/user.js';
import { userOption, yesOption } from '../options.js';
import { loadTeam, memberLabel } from '../lookup/team.js';
import { Styled, t } from '../output/terminal/styled.js';
import { registerServiceAccounts } from './service-accounts.js';
import { registerTeamMembers } from './team-members.js';

export const registerTeams: Register = (program, context) => {
  const teams = program
    .command('teams')
    .description('list, show, create and delete teams; invite, remove and set roles; service accounts')
    .addHelpText(
      'after',
      `
\`wandb-users teams\` alone is \`teams list\`. Creating teams needs an instance
admin; changing a team needs one of its admins or an instance admin.
${examples([
  'wandb-users teams',
  'wandb-users teams list --all',
  'wandb-users teams show perception',
  'wandb-users teams create vision --admin-user salvarez',
  'wandb-users teams invite vision new.hire@acme.example --role viewer',
])}`,
    );

  asGroupDefault(
    teams
      .command('list', { isDefault: true })
      .description('list the teams you (or another user) belong to, or with --all every team of the instance, one a line')
      .addOption(userOption('whose teams').conflicts('all'))
      .addOption(new Option('--all', 'every team some account belongs to (instance admins: it reads every user)'))
      .addHelpText(
        'after',
        `
W&B's API lists a user's teams, not the instance's: --all reads every account
(people and service accounts) and lists each team one of them belongs to.
${examples([
  'wandb-users teams list',
  'wandb-users teams --user sofia.alvarez@acme.example',
  'wandb-users teams list --all',
  "wandb-users --json teams | jq -r '.teams[]'",
])}`,
      ),
  ).action(async (options) => {
    const ctx = context();
    if (options.all === true) {
      const names = new Set<string>();
      // A user's own entity is not a team (teams and users share one namespace).
      for await (const page of ctx.api().userPages('')) for (const user of page) for (const team of user.teams) if (team !== user.username) names.add(team);
      const all = [...names].sort((a, b) => a.localeCompare(b));
      if (ctx.out.json) {
        ctx.out.document({ teams: all });
        return;
      }
      for (const team of all) ctx.out.line(team);
      ctx.out.info(ctx.out.ce.dim(t`${all.length} team${all.length === 1 ? '' : 's'} (every team an account belongs to)`));
      return;
    }
    const { user } = await viewerOrUser(ctx, options.user);
    if (ctx.out.json) {
      ctx.out.document({ user: user.username, teams: user.teams });
      return;
    }
    for (const team of user.teams) ctx.out.line(team);
    const n = user.teams.length;
    ctx.out.info(ctx.out.ce.dim(t`${who(user)}: ${n} team${n === 1 ? '' : 's'}`));
  });

  teams
    .command('show')
    .description("a team's members and pending invitations: role, account type, status")
    .argument('<name>', 'the team (case-sensitive)')
    .addHelpText(
      'after',
      `
Members and instance admins may look; a service account's key is never shown.
${examples(['wandb-users teams show perception', "wandb-users --json teams show perception | jq -r '.members[] | select(.pending) | .email'"])}`,
    )
    .action(async (name) => {
      const ctx = context();
      const team = await loadTeam(ctx, name);
      if (ctx.out.json) {
        ctx.out.document(teamJson(team));
        return;
      }
      for (const row of memberTable(team.members, ctx.out.c)) ctx.out.line(row);
      const n = team.members.length;
      const pending = team.members.filter((m) => m.pending).length;
      ctx.out.info(ctx.out.ce.dim(t`${team.name}: ${n} member${n === 1 ? '' : 's'}${pending > 0 ? ` (${pending} pending)` : ''}`));
    });

  teams
    .command('create')
    .description('create a team (instance admins)')
    .argument('<name>', 'letters, digits, hyphens and underscores; team and user names share one namespace')
    .addOption(new Option('--admin-user <username|email>', "the team's first admin (default: you)"))
    .addHelpText(
      'after',
      `
Safe to repeat after a timeout: the SDK looks the team up before sending again,
so a team is never created twice (a name taken meanwhile ends with exit 6).
${examples(['wandb-users teams create vision', 'wandb-users teams create vision --admin-user salvarez', 'wandb-users teams create vision --admin-user sofia.alvarez@acme.example'])}`,
    )
    .action(async (name, options) => {
      const ctx = context();
      // W&B names the first admin by username: an address is looked up first, as everywhere a person is named.
      const admin = options.adminUser === undefined ? undefined : await findUser(ctx, options.adminUser);
      const team = await ctx.api().createTeam(name, admin?.username == null ? {} : { adminUsername: admin.username });
      if (ctx.out.json) {
        ctx.out.document(teamJson(team));
        return;
      }
      const admins = team.members.filter((m) => m.admin).map((m) => m.username ?? m.name);
      ctx.out.line(t`created team ${team.name} (admin ${admins.length > 0 ? admins.join(', ') : '-'})`);
    });

  teams
    .command('delete')
    .description('delete a team: shows what it holds, then asks (team admins and instance admins)')
    .argument('<name>', 'the team (case-sensitive)')
    .addOption(yesOption())
    .addHelpText(
      'after',
      `
The team's members, pending invitations and service accounts are shown
first; on a terminal the command then asks, and without one (or with --json)
it needs --yes (see the README's "Confirmation"). W&B deletes the team; the
accounts of its members stay, service accounts included, whose keys keep
working: \`teams service-account delete\` them first when they must stop.
Deleting a team cannot be undone.
${examples(['wandb-users teams delete robotics', 'wandb-users teams delete robotics --yes'])}`,
    )
    .action(async (name, options) => {
      const ctx = context();
      const confirmation = { yes: options.yes === true, command: 'teams delete' };
      ensureConfirmable(ctx, confirmation);
      const team = await loadTeam(ctx, name);
      const accounts = team.members.filter((m) => m.accountType === 'SERVICE');
      const pending = team.members.filter((m) => m.pending).length;
      const people = team.members.length - accounts.length - pending;
      if (!ctx.out.json) {
        ctx.out.info(t`Team ${team.name} holds:`);
        for (const row of memberTable(team.members, ctx.out.ce)) ctx.out.info(Styled.join(['  ', row]));
      }
      const holds = `${count(people, 'member')}, ${count(pending, 'pending invitation')} and ${count(accounts, 'service account')}`;
      const keysStay =
        accounts.length > 0
          ? ` The service account${accounts.length === 1 ? '' : 's'} ${accounts.map(memberLabel).join(', ')} stay${accounts.length === 1 ? 's' : ''}, with ${accounts.length === 1 ? 'its key' : 'their keys'} working: \`wandb-users teams service-account delete ${team.name} NAME\` first stops one.`
          : '';
      const question = t`Delete team ${team.name} (${holds})? Their accounts stay; this cannot be undone.${keysStay}`;
      if (!(await confirm(ctx, question, confirmation))) {
        ctx.out.info('Not deleted: nothing was sent.');
        return;
      }
      // A refusal is thrown with the server's reason (exit 4, 5 or 6); false is an answer without one.
      if (!(await team.delete({ throwOnRefusal: true }))) {
        throw new CliError(
          `the server did not delete team ${team.name}, and gave no reason`,
          EXIT.SERVER,
          '`wandb-users teams list --all` lists the teams there are now.',
        );
      }
      if (ctx.out.json) {
        ctx.out.document({ deleted: teamJson(team) });
        return;
      }
      ctx.out.line(t`deleted team ${team.name} (${holds}; their accounts stay)`);
      if (accounts.length > 0)
        ctx.out.warn(
          t`${accounts.map(memberLabel).join(', ')}: still active, ${accounts.length === 1 ? 'its key works' : 'their keys work'}; \`wandb-users users deactivate NAME --yes\` stops one.`,
        );
    });

  registerTeamMembers(teams, context);
  registerServiceAccounts(teams, context);
};

/** `no things`, `1 thing` or `n things`. */
function count(n: number | readonly unknown[], thing: string): string {
  const k = typeof n === 'number' ? n : n.length;
  return `${k === 0 ? 'no' : k} ${thing}${k === 1 ? '' : 's'}`;
}
