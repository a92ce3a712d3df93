import { type ContextOf, examples, type Group } from '../command.js';
import { confirm, ensureConfirmable } from '../confirm.js';
import { CliError, EXIT, exitCodeFor, usageError } from '../exit-codes.js';
import { WandbError } from '@wandb-ts/users';
import { memberJson, memberTable } from '../output/format.js';
import { yesOption } from '../options.js';
import { printSecret } from '../output/print-secret.js';
import { findMember, loadTeam, memberLabel } from '../lookup/team.js';
import { t } from '../output/terminal/styled.js';

/** `teams service-account list`, `create` (team admins and instance admins) and `delete` (instance admins). */
export function registerServiceAccounts(teams: Group, context: ContextOf): void {
  const accounts = teams
    .command('service-account')
    .description("a team's service accounts: users of their own, with a key, for machines")
    .addHelpText(
      'after',
      examples([
        'wandb-users teams service-account list perception',
        'wandb-users teams service-account create perception --description "Nightly eval" > eval.key',
        'wandb-users teams service-account delete perception nightly-eval',
      ]),
    );

  accounts
    .command('list')
    .description("a team's service accounts, as `teams show` lists its members (W&B shows an account's description as its name); never a key")
    .argument('<team>')
    .addHelpText(
      'after',
      `
Members and instance admins may look; a service account's key is never shown.
${examples(['wandb-users teams service-account list perception', "wandb-users --json teams service-account list perception | jq -r '.serviceAccounts[].username'"])}`,
    )
    .action(async (teamName) => {
      const ctx = context();
      const team = await loadTeam(ctx, teamName);
      const found = team.members.filter((m) => m.accountType === 'SERVICE');
      if (ctx.out.json) {
        ctx.out.document({ team: team.name, serviceAccounts: found.map(memberJson) });
        return;
      }
      if (found.length > 0) for (const row of memberTable(found, ctx.out.c)) ctx.out.line(row);
      const n = found.length;
      ctx.out.info(ctx.out.ce.dim(t`${team.name}: ${n === 0 ? 'no' : n} service account${n === 1 ? '' : 's'}`));
    });

  accounts
    .command('create')
    .description("create a service account in a team and print its key's secret, once, on stdout")
    .argument('<team>')
    .requiredOption('--description <text>', 'what the account is for; W&B also shows it as its name')
    .addHelpText(
      'after',
      `
The account is a member of the team; its key acts as the account, not as you.
Store the secret where the machine reads it: it is printed once, on stdout, and
never shown by \`teams show\`. If the server's answer is lost, nothing is sent
again (a second request would make a second account): the command says so, and
\`teams show\` lists an account that was made.
${examples(['wandb-users teams service-account create perception --description "Nightly eval" > eval.key', 'wandb-users --json teams service-account create perception --description CI | jq -r .secret'])}`,
    )
    .action(async (teamName, options) => {
      const ctx = context();
      const team = await loadTeam(ctx, teamName);
      const before = new Set(team.members.map((m) => m.id));
      // A refusal is thrown with the server's reason; null is an outcome nobody knows.
      const made = await team.createServiceAccount(options.description, { throwOnRefusal: true });
      if (!made) {
        // createServiceAccount reloads the team after an unknown outcome: an account that appeared is worth naming.
        const appeared = team.members.filter((m) => !before.has(m.id) && m.accountType === 'SERVICE');
        throw new CliError(
          `the server did not hand over a new service account for team ${team.name} (it failed, or its answer was lost); nothing was sent twice`,
          EXIT.SERVER,
          appeared.length > 0
            ? `Team ${team.name} now lists ${appeared.map(memberLabel).join(', ')}: check \`wandb-users teams show ${team.name}\` before trying again.`
            : `Check \`wandb-users teams show ${team.name}\` before trying again.`,
        );
      }
      const { member, apiKey } = made;
      printSecret(ctx, apiKey, { team: team.name, member: memberJson(member) });
      ctx.out.info(t`Created service account ${memberLabel(member)} in team ${team.name}. This is the only time its secret is shown here.`);
    });

  registerDelete(accounts, context);
}

/** `teams service-account delete`: deactivates the account (its key stops working) and takes it out of its team. */
function registerDelete(accounts: Group, context: ContextOf): void {
  accounts
    .command('delete')
    .description("delete a team's service account: its key stops working and it leaves the team (instance admins)")
    .argument('<team>')
    .argument('<account>', 'its username, as `teams service-account list` shows it')
    .addOption(yesOption())
    .addHelpText(
      'after',
      `
W&B's API has no deleting of accounts: the service account is deactivated
(\`deleteUser\`, instance admins only), so its key is refused from then on,
then taken out of the team. W&B keeps the deactivated account, as it keeps
every account. On a terminal the command asks first; without one (or with
--json) it needs --yes. Safe to run again: an account already deactivated is
only taken out of the team. A team admin who is not an instance admin can take
it out of the team (\`teams remove\`), but its key then keeps working.
${examples(['wandb-users teams service-account delete perception nightly-eval', 'wandb-users teams service-account delete perception nightly-eval --yes'])}`,
    )
    .action(async (teamName, wanted, options) => {
      const ctx = context();
      const confirmation = { yes: options.yes === true, command: 'teams service-account delete' };
      ensureConfirmable(ctx, confirmation);
      const team = await loadTeam(ctx, teamName);
      const member = findMember(team, wanted);
      if (member.accountType !== 'SERVICE') {
        throw usageError(
          `${memberLabel(member)} is ${member.pending ? 'invited to' : 'a member of'} team ${team.name}, not one of its service accounts`,
          `To take them out of the team: wandb-users teams remove ${team.name} ${memberLabel(member)}`,
        );
      }
      if ((await ctx.api().viewer()).admin !== true) {
        throw new CliError(
          `only instance admins can delete service accounts (deactivating ${memberLabel(member)} is what stops its key); nothing was sent`,
          EXIT.PERMISSION,
          `A team admin can take it out of the team (\`wandb-users teams remove ${team.name} ${memberLabel(member)}\`), but its key keeps working; ask an instance admin to delete it.`,
        );
      }
      const account = member.username === null ? null : await ctx.api().exactUser(member.username);
      if (!account || account.id !== member.id) {
        throw new CliError(
          `team ${team.name} lists ${memberLabel(member)}, but no account by that username is its own`,
          EXIT.NOT_FOUND,
          `\`wandb-users teams service-account list ${team.name}\` lists its service accounts now.`,
        );
      }
      const question = t`Delete service account ${memberLabel(member)} of team ${team.name}? Its API key stops working at once, and it leaves the team.`;
      if (!(await confirm(ctx, question, confirmation))) {
        ctx.out.info('Not deleted: nothing was sent.');
        return;
      }
      // A refusal is thrown with the server's reason (exit 4, 5 or 6); false is an answer without one.
      if (account.deletedAt === null && !(await account.deactivate({ throwOnRefusal: true }))) {
        throw new CliError(`the server did not deactivate ${memberLabel(member)}, and gave no reason`, EXIT.SERVER, 'Nothing else was sent.');
      }
      const retry = `Its key no longer works; run the command again to take it out of the team: wandb-users teams service-account delete ${team.name} ${memberLabel(member)} --yes`;
      let removed: boolean;
      try {
        removed = await member.delete({ throwOnRefusal: true });
      } catch (error) {
        // Half done: said so, with the server's reason and its exit status.
        if (!(error instanceof WandbError) || error.graphQLErrors.length === 0) throw error;
        throw new CliError(`${memberLabel(member)} is deactivated, but was not taken out of team ${team.name}: ${error.message}`, exitCodeFor(error), retry, {
          cause: error,
        });
      }
      if (!removed) {
        throw new CliError(
          `${memberLabel(member)} is deactivated, but the server did not take it out of team ${team.name}, and gave no reason`,
          EXIT.SERVER,
          retry,
        );
      }
      if (ctx.out.json) ctx.out.document({ team: team.name, deleted: memberJson(member), deactivated: true });
      else
        ctx.out.line(
          t`deleted service account ${memberLabel(member)} of team ${team.name}: its key is refused from now on (W&B keeps the deactivated account)`,
        );
    });
}
