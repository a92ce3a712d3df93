import { type ContextOf, examples, type Group } from '../command.js';
import { confirm } from '../confirm.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { userJson, who } from '../output/format.js';
import { findUser } from '../lookup/user.js';
import { yesOption } from '../options.js';
import { t } from '../output/terminal/styled.js';

/** `users deactivate` and `users reactivate`: instance admins. */
export function registerLifecycle(users: Group, context: ContextOf): void {
  users
    .command('deactivate')
    .description('deactivate an account: W&B keeps it, and its API keys stop working')
    .argument('<username|email>', 'exact username, or email in any case')
    .addOption(yesOption())
    .addHelpText(
      'after',
      `
The account, its teams and its keys are kept; the keys are refused until
\`users reactivate\`. On a terminal the command asks first; without one it
needs --yes. The account whose key this command uses is never deactivated
(that would lock you out), nor the last active instance admin (exit 6).
${examples(['wandb-users users deactivate jtanaka', 'wandb-users users deactivate jun.tanaka@acme.example --yes', 'wandb-users --json users deactivate jtanaka --yes | jq .deletedAt'])}`,
    )
    .action(async (wanted, options) => {
      const ctx = context();
      // Asked (or refused for want of --yes) only once there is something to do: an account already deactivated is not.
      const confirmation = { yes: options.yes === true, command: 'users deactivate' };
      const user = await findUser(ctx, wanted);
      if (await user.isViewer()) {
        throw usageError(
          `${who(user)} is the account whose API key this command is using: deactivating it would lock you out`,
          'Use the key of another instance admin.',
        );
      }
      const already = user.deletedAt !== null;
      if (!already) {
        const question = t`Deactivate ${who(user)} (${user.email ?? user.name})? Their API keys stop working until they are reactivated.`;
        if (!(await confirm(ctx, question, confirmation))) {
          ctx.out.info('Not deactivated: nothing was sent.');
          return;
        }
      }
      // A refusal is thrown with the server's reason (exit 4 or 6); false is an answer without one.
      if (!(await user.deactivate({ throwOnRefusal: true }))) throw new CliError(`the server did not deactivate ${who(user)}, and gave no reason`, EXIT.SERVER);
      if (ctx.out.json) ctx.out.document(userJson(user));
      else
        ctx.out.line(
          t`${already ? 'already deactivated' : 'deactivated'} ${who(user)}: their API keys are refused until \`wandb-users users reactivate ${who(user)}\``,
        );
    });

  users
    .command('reactivate')
    .description('reactivate a deactivated account: its API keys work again')
    .argument('<username|email>', 'exact username, or email in any case')
    .addOption(yesOption())
    .addHelpText(
      'after',
      `
The keys the account had work again, wherever they are. On a terminal the
command asks first; without one it needs --yes.
${examples(['wandb-users users reactivate jtanaka', 'wandb-users users reactivate jun.tanaka@acme.example --yes'])}`,
    )
    .action(async (wanted, options) => {
      const ctx = context();
      const confirmation = { yes: options.yes === true, command: 'users reactivate' };
      const user = await findUser(ctx, wanted);
      const already = user.deletedAt === null;
      if (!already) {
        const question = t`Reactivate ${who(user)} (${user.email ?? user.name})? Their API keys work again.`;
        if (!(await confirm(ctx, question, confirmation))) {
          ctx.out.info('Not reactivated: nothing was sent.');
          return;
        }
      }
      if (!(await user.reactivate({ throwOnRefusal: true }))) throw new CliError(`the server did not reactivate ${who(user)}, and gave no reason`, EXIT.SERVER);
      if (ctx.out.json) ctx.out.document(userJson(user));
      else ctx.out.line(t`${already ? 'already active' : 'reactivated'} ${who(user)}: their API keys work again`);
    });
}
