import { Option } from '@commander-js/extra-typings';
import type { Organization } from '@wandb-ts/users';
import { type ContextOf, examples, type Group } from '../command.js';
import { confirm } from '../confirm.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { orgEntryJson, orgLabel, seatName } from '../output/org-format.js';
import { findInOrganization, invitationFor, isOrgMemberNamed, loadOrganization, orgConflict, orgOption, orgRefusal } from '../lookup/organization.js';
import { t } from '../output/terminal/styled.js';

const ROLES = 'admin, member, viewer, or a custom role';

/** The member or invitation named, as the organization lists it now (after a change). */
async function reloaded(org: Organization, usernameOrEmail: string) {
  await org.reload();
  return org.members.find((m) => isOrgMemberNamed(m, usernameOrEmail)) ?? invitationFor(org, usernameOrEmail);
}

/** `org invite`, `org set-role`, `org remove`: the organization's admins and instance admins. */
export function registerOrgMembers(org: Group, context: ContextOf): void {
  org
    .command('invite')
    .description('bring someone into the organization with a role: an account joins at once, an address without one is invited')
    .argument('<username|email>', 'an argument containing @ is an email address, anything else a username')
    .addOption(new Option('--role <role>', `the organization role: ${ROLES} (default: member)`))
    .addOption(
      new Option('--team <team>', "one of the organization's teams to join, as member (repeat for more)").argParser((value, previous: string[] = []) => [
        ...previous,
        value,
      ]),
    )
    .addOption(orgOption())
    .addHelpText(
      'after',
      `
They take a seat of the kind the role needs (viewer: view-only; admin, member:
full); a pending invitation holds it until accepted. With no seat of that kind
left, nothing is done (exit 6). Someone already a member or invited is refused
before anything is sent (exit 6).
${examples(['wandb-users org invite jtanaka', 'wandb-users org invite new.hire@acme.example --role viewer --team perception --team vision'])}`,
    )
    .action(async (wanted, options) => {
      const ctx = context();
      const found = await loadOrganization(ctx, options.org);
      const listed = found.members.find((m) => isOrgMemberNamed(m, wanted)) ?? invitationFor(found, wanted);
      if (listed) {
        const member = 'username' in listed;
        throw new CliError(
          `${orgLabel(listed)} is already ${member ? `a member of organization ${found.name} (role ${listed.role})` : `invited to organization ${found.name}`}; nothing was sent`,
          EXIT.CONFLICT,
          member && options.role !== undefined && options.role !== listed.role
            ? `To change the role: wandb-users org set-role ${orgLabel(listed)} ${options.role}`
            : undefined,
        );
      }
      const role = options.role ?? 'member';
      let done: boolean;
      try {
        done = await found.invite(wanted, { role, ...(options.team !== undefined && { teams: options.team }) });
      } catch (error) {
        throw orgConflict(error);
      }
      if (!done) {
        const otherwise = wanted.includes('@')
          ? new CliError(
              `the server refused to invite ${wanted} to organization ${found.name} (already there under another name? a team that is not the organization's?)`,
              EXIT.CONFLICT,
            )
          : new CliError(
              `the server refused to add ${wanted} to organization ${found.name}: no user has that username, or a team named is not the organization's`,
              EXIT.NOT_FOUND,
              'Usernames are exact and case-sensitive; or invite by email.',
            );
        throw await orgRefusal(ctx, found, 'add people', otherwise);
      }
      const now = await reloaded(found, wanted);
      if (ctx.out.json) {
        ctx.out.document({ organization: found.name, invited: now ? orgEntryJson(now) : { usernameOrEmail: wanted, role } });
        return;
      }
      if (now && 'username' in now) ctx.out.line(t`added ${now.username} to organization ${found.name} as ${now.role} (${seatName(now.seatType)} seat)`);
      else ctx.out.line(t`invited ${wanted} to organization ${found.name} as ${role} (pending until they accept; the invitation holds a seat)`);
    });

  org
    .command('set-role')
    .description("change a member's organization role (the seat follows it)")
    .argument('<username|email>', 'exact username, or email in any case')
    .argument('<role>', ROLES)
    .addOption(orgOption())
    .addHelpText(
      'after',
      `
viewer takes a view-only seat, admin and member a full one: a change of kind
needs a free seat of the new kind (exit 6 otherwise). The organization's last
admin is never demoted (exit 6, nothing sent). A pending invitation's role is
set when inviting: withdraw it (\`org remove\`) and invite again.
${examples(['wandb-users org set-role tsilva admin', 'wandb-users org set-role mchen viewer --org "Acme Robotics"'])}`,
    )
    .action(async (wanted, role, options) => {
      const ctx = context();
      const found = await loadOrganization(ctx, options.org);
      const who = findInOrganization(found, wanted);
      if (!('username' in who)) {
        throw usageError(
          `${orgLabel(who)} has not accepted the invitation to organization ${found.name} yet: its role is set when inviting`,
          `Withdraw it and invite again: wandb-users org remove ${orgLabel(who)} --yes && wandb-users org invite ${orgLabel(who)} --role ${role}`,
        );
      }
      let done: boolean;
      try {
        done = await found.setRole(who, role);
      } catch (error) {
        throw orgConflict(error);
      }
      if (!done) {
        const otherwise = new CliError(
          `the server refused to change the role of ${who.username} in organization ${found.name} (no longer a member? a role it does not know?)`,
          EXIT.NOT_FOUND,
          '`wandb-users org members` lists its members now.',
        );
        throw await orgRefusal(ctx, found, 'change roles', otherwise);
      }
      const now = await reloaded(found, who.username);
      if (ctx.out.json) {
        ctx.out.document({ organization: found.name, member: now ? orgEntryJson(now) : { username: who.username, role }, previousRole: who.role });
        return;
      }
      const seat = now && 'username' in now ? ` (${seatName(now.seatType)} seat)` : '';
      ctx.out.line(t`${who.username}: ${who.role} -> ${role} in organization ${found.name}${seat}`);
    });

  org
    .command('remove')
    .description('remove a member from the organization, or withdraw a pending invitation')
    .argument('<username|email>', 'exact username, or email in any case')
    .addOption(orgOption())
    .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal)')
    .addHelpText(
      'after',
      `
They lose access to the organization and its teams, and their seat is free
again; the account itself stays. On a terminal the command asks first; without
one it needs --yes. Never the organization's last admin (exit 6), nor the
account whose key this command uses (exit 2).
${examples(['wandb-users org remove jtanaka', 'wandb-users org remove new.grad@acme.example --yes   # withdraws the invitation'])}`,
    )
    .action(async (wanted, options) => {
      const ctx = context();
      const found = await loadOrganization(ctx, options.org);
      const who = findInOrganization(found, wanted);
      const member = 'username' in who;
      if (member && (await who.user.isViewer())) {
        throw usageError(
          `${who.username} is the account whose API key this command is using: removing it from organization ${found.name} would lock you out of it`,
          "Use the key of another of the organization's admins.",
        );
      }
      const question = member
        ? t`Remove ${who.username} (${who.email ?? who.name}) from organization ${found.name}? They lose access to it and its teams; their account stays.`
        : t`Withdraw the invitation of ${orgLabel(who)} to organization ${found.name}?`;
      if (!(await confirm(ctx, question, { yes: options.yes === true, command: 'org remove' }))) {
        ctx.out.info('Nothing was removed: nothing was sent.');
        return;
      }
      let done: boolean;
      try {
        done = await found.remove(who);
      } catch (error) {
        throw orgConflict(error);
      }
      if (!done) {
        const otherwise = new CliError(
          `the server refused to remove ${orgLabel(who)} from organization ${found.name} (no longer listed?)`,
          EXIT.NOT_FOUND,
          '`wandb-users org members` lists its members now.',
        );
        throw await orgRefusal(ctx, found, 'remove people', otherwise);
      }
      if (ctx.out.json) ctx.out.document({ organization: found.name, removed: orgEntryJson(who) });
      else if (member) {
        const seat = who.seatType === null ? 'their seat' : `a ${seatName(who.seatType)} seat`;
        ctx.out.line(t`removed ${who.username} from organization ${found.name} (${seat} is free again)`);
      } else ctx.out.line(t`withdrew the invitation of ${orgLabel(who)} to organization ${found.name}`);
    });
}
