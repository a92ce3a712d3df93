import { asGroupDefault, examples, type Register } from '../command.js';
import { orgEntryJson, organizationDetail, organizationTable } from '../output/org-format.js';
import { loadOrganization, orgOption } from '../lookup/organization.js';
import { t } from '../output/terminal/styled.js';
import { registerOrgMembers } from './org-members.js';

export const registerOrganizations: Register = (program, context) => {
  const org = program
    .command('org')
    .description('your organization: members, roles, seats; invite, set roles, remove')
    .addHelpText(
      'after',
      `
\`wandb-users org\` alone is \`org show\`. On W&B's cloud people join an
organization by invitation, and each takes a seat of the kind their role needs
(viewer: a view-only seat; admin, member: a full seat); a W&B Server instance
is one organization. Its members may look; changes need one of its admins or
an instance admin. Without --org, the organization you belong to.
${examples([
  'wandb-users org',
  'wandb-users org members --org "Acme Robotics"',
  'wandb-users org invite new.hire@acme.example --role viewer --team perception',
  'wandb-users org set-role tsilva admin',
  'wandb-users org remove jtanaka --yes',
])}`,
    );

  asGroupDefault(
    org
      .command('show', { isDefault: true })
      .description('the organization: its entity, members, pending invitations and seats of both kinds')
      .addOption(orgOption())
      .addHelpText('after', examples(['wandb-users org show', "wandb-users --json org show --org acme | jq '.seats.full.available'"])),
  ).action(async (options) => {
    const ctx = context();
    const found = await loadOrganization(ctx, options.org);
    if (ctx.out.json) {
      ctx.out.document(found.toJSON());
      return;
    }
    for (const row of organizationDetail(found, ctx.out.c)) ctx.out.line(row);
  });

  org
    .command('members')
    .description('its members (role, seat) and pending invitations, one a line')
    .addOption(orgOption())
    .addHelpText('after', examples(['wandb-users org members', 'wandb-users --json org members | jq -r \'.members[] | select(.role == "admin") | .username\'']))
    .action(async (options) => {
      const ctx = context();
      const found = await loadOrganization(ctx, options.org);
      if (ctx.out.json) {
        ctx.out.document({
          organization: found.name,
          members: found.members.map(orgEntryJson),
          pendingInvitations: found.pendingInvitations.map(orgEntryJson),
        });
        return;
      }
      for (const row of organizationTable(found, ctx.out.c)) ctx.out.line(row);
      const n = found.members.length;
      const pending = found.pendingInvitations.length;
      ctx.out.info(ctx.out.ce.dim(t`${found.name}: ${n} member${n === 1 ? '' : 's'}${pending > 0 ? ` (${pending} pending)` : ''}`));
    });

  registerOrgMembers(org, context);
};
