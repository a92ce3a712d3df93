import { type ContextOf, examples, type Group } from '../command.js';
import { CliError, EXIT } from '../exit-codes.js';
import { memberJson } from '../format.js';
import { printSecret } from '../secret.js';
import { loadTeam, memberLabel } from '../team-lookup.js';
import { t } from '../terminal/styled.js';

/** `teams service-account create`: team admins and instance admins. */
export function registerServiceAccounts(teams: Group, context: ContextOf): void {
  const accounts = teams
    .command('service-account')
    .description("a team's service accounts: users of their own, with a key, for machines")
    .addHelpText('after', examples(['wandb-users teams service-account create perception --description "Nightly eval" > eval.key']));

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
}
