import type { Command } from 'commander';
import { ApiKeyNotFoundError } from '@wandb-ts/users';
import { type Act, examples } from '../command.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { keyName, table } from '../format.js';
import { viewerOrUser } from '../lookup.js';
import { printSecret } from '../secret.js';
import { registerRotate } from './rotate.js';

export function registerKeys(program: Command, act: Act): void {
  const keys = program
    .command('keys')
    .description('list, create, delete and rotate API keys')
    .addHelpText('after', examples(['wandb-users keys list', 'wandb-users keys create --description "ci runner" > ci.key', 'wandb-users keys rotate']));

  keys
    .command('list')
    .description('list API keys by name and description (never secrets)')
    .option('--user <username|email>', 'whose keys (another user: instance admins only)')
    .addHelpText('after', examples(['wandb-users keys list', 'wandb-users keys list --user ann@example.com', 'wandb-users --json keys list | jq -r \'.keys[].name\'']))
    .action(
      act(async (ctx, _args, options) => {
        const { user, isViewer } = await viewerOrUser(ctx, options.user as string | undefined);
        const listed = user.apiKeyDetails.map((k) => ({ name: keyName(k.name), description: k.description, inUse: isViewer && ctx.isKeyInUse(k.name) }));
        if (ctx.out.json) {
          ctx.out.document({ user: user.username, keys: listed });
          return;
        }
        if (listed.length > 0) {
          const rows = table([['NAME', 'DESCRIPTION', ''], ...listed.map((k) => [k.name, k.description ?? '-', k.inUse ? '(in use here)' : ''])]);
          ctx.out.line(ctx.out.c.dim(rows[0]!));
          for (const row of rows.slice(1)) ctx.out.line(row);
        }
        ctx.out.info(ctx.out.ce.dim(`${user.username ?? String(user)}: ${listed.length} API key${listed.length === 1 ? '' : 's'}`));
      }),
    );

  keys
    .command('create')
    .description("create an API key for yourself and print its secret, once, on stdout")
    .option('--description <text>', 'what the key is for')
    .addHelpText(
      'after',
      `
A key is always made for the account the current key belongs to, with its own
credentials: W&B has no way to make a key for someone else.
${examples(['wandb-users keys create --description "ci runner" > ci.key', 'wandb-users --json keys create --description laptop | jq -r .secret'])}`,
    )
    .action(
      act(async (ctx, _args, options) => {
        const me = await ctx.api().viewer();
        const before = new Set(me.apiKeys);
        const description = (options.description as string | undefined) ?? null;
        const secret = await me.generateApiKey(description);
        if (secret === null) {
          throw new CliError('the server did not return a new key (it refused, failed, or did not answer)', EXIT.SERVER, 'Check with `wandb-users keys list` before trying again.');
        }
        const name = me.apiKeys.find((n) => !before.has(n));
        printSecret(ctx, secret, { user: me.username, name: name === undefined ? null : keyName(name), description });
        ctx.out.info(`Created API key ${name === undefined ? '' : `${keyName(name)} `}for ${me.username ?? String(me)}. This is the only time its secret is shown.`);
      }),
    );

  keys
    .command('delete')
    .description('delete an API key by its listed name')
    .argument('<name>', 'the name `keys list` shows')
    .option('--user <username|email>', 'whose key (another user: instance admins only)')
    .option('--force', 'also when it is the key this command is using (you lose access)')
    .addHelpText('after', examples(['wandb-users keys delete 3fa9c1d2e4b7', 'wandb-users keys delete 3fa9c1d2e4b7 --user ann@example.com']))
    .action(
      act(async (ctx, [name], options) => {
        const { user, isViewer } = await viewerOrUser(ctx, options.user as string | undefined);
        if (isViewer && ctx.isKeyInUse(name!) && options.force !== true) {
          throw usageError(`${keyName(name!)} is the key this command is using: deleting it would lock you out`, 'Replace it with `wandb-users keys rotate`, or pass --force.');
        }
        let deleted: boolean;
        try {
          deleted = await user.deleteApiKey(name!);
        } catch (error) {
          if (!(error instanceof ApiKeyNotFoundError)) throw error;
          const listed = error.available.map(keyName);
          throw new CliError(`${user.username ?? String(user)} has no API key named ${JSON.stringify(keyName(name!))}`, EXIT.NOT_FOUND, listed.length > 0 ? `Their keys: ${listed.join(', ')}` : 'They have no keys.');
        }
        if (!deleted) {
          throw new CliError(`the server did not delete ${keyName(name!)} (it refused, failed, or did not answer)`, EXIT.SERVER, 'Check with `wandb-users keys list` before trying again.');
        }
        if (ctx.out.json) ctx.out.document({ user: user.username, deleted: keyName(name!) });
        else ctx.out.line(`deleted ${keyName(name!)} (${user.username ?? String(user)})`);
      }),
    );

  registerRotate(keys, act);
}
