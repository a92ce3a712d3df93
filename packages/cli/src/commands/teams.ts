import { Option } from '@commander-js/extra-typings';
import { examples, type Register } from '../command.js';
import { memberTable, teamJson, who } from '../format.js';
import { viewerOrUser } from '../lookup.js';
import { userOption } from '../options.js';
import { loadTeam } from '../team-lookup.js';
import { t } from '../terminal/styled.js';
import { registerServiceAccounts } from './service-accounts.js';
import { registerTeamMembers } from './team-members.js';

export const registerTeams: Register = (program, context) => {
  const teams = program
    .command('teams')
    .description('list, show and create teams; invite, remove and set roles; service accounts')
    .addHelpText(
      'after',
      `
\`wandb-users teams\` alone is \`teams list\`. Creating teams needs an instance
admin; changing a team needs one of its admins or an instance admin.
${examples([
  'wandb-users teams',
  'wandb-users teams show perception',
  'wandb-users teams create vision --admin-user salvarez',
  'wandb-users teams invite vision new.hire@acme.example --role viewer',
])}`,
    );

  teams
    .command('list', { isDefault: true })
    .description('list the teams you (or another user) belong to, one a line')
    .addOption(userOption('whose teams'))
    .addHelpText(
      'after',
      examples(['wandb-users teams list', 'wandb-users teams --user sofia.alvarez@acme.example', "wandb-users --json teams | jq -r '.teams[]'"]),
    )
    .action(async (options) => {
      const ctx = context();
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
    .addOption(new Option('--admin-user <username>', "the team's first admin (default: you)"))
    .addHelpText(
      'after',
      `
Safe to repeat after a timeout: the SDK looks the team up before sending again,
so a team is never created twice (a name taken meanwhile ends with exit 6).
${examples(['wandb-users teams create vision', 'wandb-users teams create vision --admin-user salvarez'])}`,
    )
    .action(async (name, options) => {
      const ctx = context();
      const team = await ctx.api().createTeam(name, options.adminUser === undefined ? {} : { adminUsername: options.adminUser });
      if (ctx.out.json) {
        ctx.out.document(teamJson(team));
        return;
      }
      const admins = team.members.filter((m) => m.admin).map((m) => m.username ?? m.name);
      ctx.out.line(t`created team ${team.name} (admin ${admins.length > 0 ? admins.join(', ') : '-'})`);
    });

  registerTeamMembers(teams, context);
  registerServiceAccounts(teams, context);
};
