import { Option } from '@commander-js/extra-typings';
import { type ContextOf, examples, type Group } from '../command.js';
import { confirm, ensureConfirmable } from '../confirm.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { memberJson } from '../output/format.js';
import { yesOption } from '../options.js';
import { findMember, isMemberNamed, joinedAdmins, loadTeam, memberLabel } from '../lookup/team.js';
import { t } from '../output/terminal/styled.js';

const ROLES = 'admin, member, viewer, or a custom role of the instance';

/** `teams invite`, `teams remove`, `teams set-role`: team admins and instance admins. */
export function registerTeamMembers(teams: Group, context: ContextOf): void {
  teams
    .command('invite')
    .description('invite a user, by username or email, to a team; they are pending until they accept')
    .argument('<team>')
    .argument('<username|email>', 'an argument containing @ is an email address, anything else a username')
    .addOption(new Option('--role <role>', `the team role they get: ${ROLES} (default: the server's, member)`))
    .addHelpText(
      'after',
      `
W&B sends the invitation; the invitee shows as pending in \`teams show\` until
they accept it. Someone already a member or invited is refused (exit 6).
${examples(['wandb-users teams invite perception jtanaka', 'wandb-users teams invite perception new.hire@acme.example --role viewer'])}`,
    )
    .action(async (teamName, wanted, options) => {
      const ctx = context();
      const team = await loadTeam(ctx, teamName);
      const listed = team.members.find((m) => isMemberNamed(m, wanted));
      if (listed) {
        throw new CliError(
          `${memberLabel(listed)} is already ${listed.pending ? 'invited to' : 'a member of'} team ${team.name} (role ${listed.role}); nothing was sent`,
          EXIT.CONFLICT,
          listed.role === options.role || options.role === undefined
            ? undefined
            : `To change the role: ${listed.pending ? `withdraw the invitation (\`wandb-users teams remove ${team.name} ${memberLabel(listed)}\`) and invite again` : `wandb-users teams set-role ${team.name} ${memberLabel(listed)} ${options.role}`}.`,
        );
      }
      // A refusal is thrown with the server's reason (exit 4, 5 or 6); false is an answer without one.
      const invited = await team.invite(wanted, { ...(options.role !== undefined && { role: options.role }), throwOnRefusal: true });
      if (!invited)
        throw new CliError(
          `the server did not invite ${wanted} to team ${team.name}, and gave no reason`,
          EXIT.SERVER,
          `\`wandb-users teams show ${team.name}\` lists its members and invitations now.`,
        );
      // The invitation as the team now lists it (its role is the server's when none was asked for).
      await team.reload();
      const member = team.members.find((m) => isMemberNamed(m, wanted));
      if (ctx.out.json) {
        ctx.out.document({ team: team.name, invited: member ? memberJson(member) : { usernameOrEmail: wanted, role: options.role ?? null, pending: true } });
        return;
      }
      ctx.out.line(
        t`invited ${member ? memberLabel(member) : wanted} to team ${team.name} as ${member?.role ?? options.role ?? 'member'} (pending until they accept)`,
      );
    });

  teams
    .command('remove')
    .description('remove a member from a team, or withdraw a pending invitation')
    .argument('<team>')
    .argument('<username|email>', 'exact username, or email in any case')
    .addOption(yesOption())
    .addHelpText(
      'after',
      `
The account itself stays (see \`users deactivate\`). The team's last admin
cannot be removed (exit 6): make another member admin first. On a terminal
the command asks first; without one (or with --json) it needs --yes.
${examples(['wandb-users teams remove perception tsilva', 'wandb-users teams remove perception new.grad@acme.example --yes   # withdraws the invitation'])}`,
    )
    .action(async (teamName, wanted, options) => {
      const ctx = context();
      const confirmation = { yes: options.yes === true, command: 'teams remove' };
      ensureConfirmable(ctx, confirmation);
      const team = await loadTeam(ctx, teamName);
      const member = findMember(team, wanted);
      const admins = joinedAdmins(team);
      if (admins.length === 1 && admins[0] === member) {
        throw new CliError(
          `${memberLabel(member)} is the last admin of team ${team.name}; nothing was sent`,
          EXIT.CONFLICT,
          `Make another member admin first: wandb-users teams set-role ${team.name} USER admin`,
        );
      }
      const question = member.pending
        ? t`Withdraw the invitation of ${memberLabel(member)} to team ${team.name}?`
        : t`Remove ${memberLabel(member)} from team ${team.name}?`;
      if (!(await confirm(ctx, question, confirmation))) {
        ctx.out.info('Not removed: nothing was sent.');
        return;
      }
      if (!(await member.delete({ throwOnRefusal: true }))) {
        throw new CliError(
          `the server did not remove ${memberLabel(member)} from team ${team.name}, and gave no reason`,
          EXIT.SERVER,
          `\`wandb-users teams show ${team.name}\` lists its members now.`,
        );
      }
      if (ctx.out.json) ctx.out.document({ team: team.name, removed: memberJson(member) });
      else
        ctx.out.line(
          t`${member.pending ? 'withdrew the invitation of' : 'removed'} ${memberLabel(member)} ${member.pending ? 'to' : 'from'} team ${team.name}`,
        );
    });

  teams
    .command('set-role')
    .description("change a member's team role")
    .argument('<team>')
    .argument('<username|email>', 'exact username, or email in any case')
    .argument('<role>', ROLES)
    .addHelpText(
      'after',
      `
The team's last admin cannot be demoted (exit 6). A pending invitation's role
is set when inviting: withdraw it (\`teams remove\`) and invite again.
${examples(['wandb-users teams set-role perception mchen admin', 'wandb-users teams set-role perception tsilva member'])}`,
    )
    .action(async (teamName, wanted, role) => {
      const ctx = context();
      const team = await loadTeam(ctx, teamName);
      const member = findMember(team, wanted);
      if (member.pending) {
        throw usageError(
          `${memberLabel(member)} has not accepted the invitation to team ${team.name} yet: its role is set when inviting`,
          `Withdraw it and invite again: wandb-users teams remove ${team.name} ${memberLabel(member)} && wandb-users teams invite ${team.name} ${memberLabel(member)} --role ${role}`,
        );
      }
      const admins = joinedAdmins(team);
      if (role !== 'admin' && admins.length === 1 && admins[0] === member) {
        throw new CliError(
          `${memberLabel(member)} is the last admin of team ${team.name}; nothing was sent`,
          EXIT.CONFLICT,
          `Make another member admin first: wandb-users teams set-role ${team.name} USER admin`,
        );
      }
      const before = member.role;
      if (before === role) {
        if (ctx.out.json) ctx.out.document({ team: team.name, member: memberJson(member), previousRole: before });
        else ctx.out.line(t`${memberLabel(member)} is already ${role} in team ${team.name}: nothing was sent`);
        return;
      }
      if (!(await member.setRole(role, { throwOnRefusal: true }))) {
        throw new CliError(
          `the server did not change the role of ${memberLabel(member)} in team ${team.name}, and gave no reason`,
          EXIT.SERVER,
          `\`wandb-users teams show ${team.name}\` lists its members now.`,
        );
      }
      if (ctx.out.json) {
        ctx.out.document({ team: team.name, member: memberJson(member), previousRole: before });
        return;
      }
      ctx.out.line(t`${memberLabel(member)}: ${before} -> ${member.role} in team ${team.name}`);
    });
}
