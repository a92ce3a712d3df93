import { ApiKeyNotFoundError } from '@wandb-ts/users';
import { examples, type Register } from '../command.js';
import { confirm, ensureConfirmable } from '../confirm.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { keyName, who } from '../output/format.js';
import { viewerOrUser } from '../lookup/user.js';
import { descriptionOption, userOption, yesOption } from '../options.js';
import { printSecret } from '../output/print-secret.js';
import { t, table } from '../output/terminal/styled.js';
import { registerRotate } from './rotate.js';

export const registerKeys: Register = (program, context) => {
  const keys = program
    .command('keys')
    .description('list, create, delete and rotate API keys')
    .addHelpText('after', examples(['wandb-users keys list', 'wandb-users keys create --description "ci runner" > ci.key', 'wandb-users keys rotate']));

  keys
    .command('list')
    .description('list API keys by name and description (never secrets)')
    .addOption(userOption('whose keys'))
    .addHelpText(
      'after',
      examples(['wandb-users keys list', 'wandb-users keys list --user tomas.silva@acme.example', "wandb-users --json keys list | jq -r '.keys[].name'"]),
    )
    .action(async (options) => {
      const ctx = context();
      const { user, isViewer } = await viewerOrUser(ctx, options.user);
      const listed = user.apiKeyDetails.map((k) => ({ name: keyName(k.name), description: k.description, inUse: isViewer && ctx.isKeyInUse(k.name) }));
      if (ctx.out.json) {
        ctx.out.document({ user: user.username, keys: listed });
        return;
      }
      if (listed.length > 0) {
        const rows = table([['NAME', 'DESCRIPTION', ''], ...listed.map((k) => [k.name, k.description ?? '-', k.inUse ? '(in use here)' : ''])]);
        for (const [i, row] of rows.entries()) ctx.out.line(i === 0 ? ctx.out.c.dim(row) : row);
      }
      const n = listed.length;
      ctx.out.info(ctx.out.ce.dim(t`${who(user)}: ${n} API key${n === 1 ? '' : 's'}`));
    });

  keys
    .command('create')
    .description('create an API key for yourself and print its secret, once, on stdout')
    .addOption(descriptionOption('what the key is for'))
    .addHelpText(
      'after',
      `
A key is always made for the account the current key belongs to, with its own
credentials: W&B has no way to make a key for someone else.
${examples(['wandb-users keys create --description "ci runner" > ci.key', 'wandb-users --json keys create --description laptop | jq -r .secret'])}`,
    )
    .action(async (options) => {
      const ctx = context();
      const me = await ctx.api().viewer();
      const before = new Set(me.apiKeys);
      const description = options.description ?? null;
      // What the server said against it is thrown, with its reason; null is an outcome nobody knows.
      const secret = await me.generateApiKey(description, { throwOnRefusal: true });
      if (secret === null) {
        throw new CliError(
          'the server did not return a new key (it failed, or its answer was lost)',
          EXIT.SERVER,
          'Check with `wandb-users keys list` before trying again.',
        );
      }
      const name = me.apiKeys.find((n) => !before.has(n));
      printSecret(ctx, secret, { user: me.username, name: name === undefined ? null : keyName(name), description });
      ctx.out.info(t`Created API key ${name === undefined ? '' : `${keyName(name)} `}for ${who(me)}. This is the only time its secret is shown.`);
    });

  keys
    .command('delete')
    .description('delete an API key by its listed name')
    .argument('<name>', 'the name `keys list` shows')
    .addOption(userOption('whose key'))
    .option('--force', "also when it is the key this command is using, or the user's last key")
    .addOption(yesOption())
    .addHelpText(
      'after',
      `
Whatever uses the key stops working. On a terminal the command asks first;
without one (or with --json) it needs --yes. --force is another matter: it
lets the command delete the key in use or a user's last key, which it refuses
otherwise, and does not answer the question (pass both to do that unasked).
${examples(['wandb-users keys delete 3fa9c1d2e4b7', 'wandb-users keys delete 3fa9c1d2e4b7 --user tomas.silva@acme.example --yes'])}`,
    )
    .action(async (name, options) => {
      const ctx = context();
      const confirmation = { yes: options.yes === true, command: 'keys delete' };
      ensureConfirmable(ctx, confirmation);
      const { user, isViewer } = await viewerOrUser(ctx, options.user);
      const force = options.force === true;
      if (!force && isViewer && ctx.isKeyInUse(name)) {
        throw usageError(
          `${keyName(name)} is the key this command is using: deleting it would lock you out`,
          'Replace it with `wandb-users keys rotate`, or pass --force.',
        );
      }
      if (!force && user.apiKeys.length === 1 && user.apiKeys[0] === name) {
        throw usageError(
          `${keyName(name)} is the last API key of ${who(user)}: deleting it leaves ${isViewer ? 'you' : 'them'} no key to use the API with`,
          isViewer ? 'Create another first (`wandb-users keys create`), or pass --force.' : 'Pass --force if that is what you want.',
        );
      }
      if (!(await confirm(ctx, t`Delete API key ${keyName(name)} of ${who(user)}? Whatever uses it stops working.`, confirmation))) {
        ctx.out.info('Not deleted: nothing was sent.');
        return;
      }
      let deleted: boolean;
      try {
        deleted = await user.deleteApiKey(name, { throwOnRefusal: true });
      } catch (error) {
        if (!(error instanceof ApiKeyNotFoundError)) throw error;
        const listed = error.available.map(keyName);
        throw new CliError(
          `${who(user)} has no API key named ${JSON.stringify(keyName(name))}`,
          EXIT.NOT_FOUND,
          listed.length > 0 ? `Their keys: ${listed.join(', ')}` : 'They have no keys.',
        );
      }
      if (!deleted) {
        throw new CliError(
          `the server did not delete ${keyName(name)} (it failed, or its answer was lost)`,
          EXIT.SERVER,
          'Check with `wandb-users keys list` before trying again.',
        );
      }
      if (ctx.out.json) ctx.out.document({ user: user.username, deleted: keyName(name) });
      else ctx.out.line(t`deleted ${keyName(name)} (${who(user)})`);
    });

  registerRotate(keys, context);
};
