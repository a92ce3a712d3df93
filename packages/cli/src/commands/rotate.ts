import { type User, WandbError } from '@wandb-ts/users';
import { type ContextOf, examples, type Group } from '../command.js';
import { confirm, ensureConfirmable } from '../confirm.js';
import type { Context } from '../context.js';
import { reportOf } from '../output/error-report.js';
import { CliError, EXIT, exitCodeFor } from '../exit-codes.js';
import { keyName, who } from '../output/format.js';
import { descriptionOption, yesOption } from '../options.js';
import { printSecret } from '../output/print-secret.js';
import { t } from '../output/terminal/styled.js';

/**
 * The listed key that is the one in use. W&B lists a key by a public prefix of
 * its secret (the fake server too), so the name that starts the secret is it;
 * where a server lists keys otherwise, the caller names it with --old.
 */
function keyInUse(ctx: Context, me: User, old: string | undefined): string {
  const names = me.apiKeys;
  const listed = names.length > 0 ? `Your keys: ${names.map(keyName).join(', ')}.` : 'You have no listed keys.';
  if (old !== undefined) {
    if (!names.includes(old)) throw new CliError(`you have no API key named ${JSON.stringify(keyName(old))}; nothing was changed`, EXIT.NOT_FOUND, listed);
    return old;
  }
  const matching = names.filter((name) => ctx.isKeyInUse(name));
  const [only, ...others] = matching;
  if (only !== undefined && others.length === 0) return only;
  throw new CliError(
    matching.length === 0
      ? "cannot tell which listed key is the one in use (this server's key names are not prefixes of the secrets); nothing was changed"
      : 'more than one listed key matches the key in use; nothing was changed',
    EXIT.USAGE,
    `Name it: wandb-users keys rotate --old NAME. ${listed}`,
  );
}

/** Tries to delete the key just made, after a failed rotation; says what became of it. */
async function removeNewKey(me: User, created: string | undefined): Promise<string> {
  if (created === undefined) return 'The new key could not be told apart in the listing: check `wandb-users keys list` and delete the extra one.';
  let removed = false;
  try {
    removed = await me.deleteApiKey(created);
  } catch (error) {
    if (!(error instanceof WandbError)) throw error;
  }
  return removed
    ? `Removed the new key ${keyName(created)}, so nothing changed.`
    : `Could not remove the new key ${keyName(created)} either, so both keys work: delete it with \`wandb-users keys delete ${keyName(created)}\`.`;
}

export function registerRotate(keys: Group, context: ContextOf): void {
  keys
    .command('rotate')
    .description('replace the API key in use: create a new one, check it works, then delete the old one')
    .addOption(descriptionOption("description of the new key (default: the old key's)"))
    .option('--old <name>', 'the listed name of the key in use, where the server does not let it be recognised')
    .addOption(yesOption())
    .addHelpText(
      'after',
      `
The new secret is printed once, on stdout, after the old key is deleted. If
any step fails, the old key is kept (it still works) and the new one removed.
Then replace the old key where it is configured (WANDB_API_KEY, ~/.netrc, or
the --api-key-file): anything else still using it stops working. On a
terminal the command asks first; without one (or with --json) it needs --yes.
${examples(['wandb-users keys rotate > new.key', 'wandb-users --api-key-file ci.key keys rotate --yes > ci.key.new && mv ci.key.new ci.key', 'wandb-users keys rotate --old 3fa9c1d2e4b7 --description "ci runner"'])}`,
    )
    .action(async (options) => {
      const ctx = context();
      const confirmation = { yes: options.yes === true, command: 'keys rotate' };
      ensureConfirmable(ctx, confirmation);
      const me = await ctx.api().viewer();
      const old = keyInUse(ctx, me, options.old);
      if (
        !(await confirm(
          ctx,
          t`Replace API key ${keyName(old)} of ${who(me)} with a new one? The old key stops working wherever it is configured.`,
          confirmation,
        ))
      ) {
        ctx.out.info('Not rotated: nothing was sent.');
        return;
      }
      const description =
        options.description ??
        me.apiKeyDetails.find((k) => k.name === old)?.description ??
        `rotated by wandb-users on ${new Date().toISOString().slice(0, 10)}`;
      const before = new Set(me.apiKeys);

      const kept = `Kept the old key ${keyName(old)}: it still works. Check \`wandb-users keys list\` for a stray new key.`;
      let secret: string | null;
      try {
        secret = await me.generateApiKey(description, { throwOnRefusal: true });
      } catch (error) {
        if (!(error instanceof WandbError)) throw error;
        throw new CliError(`rotation failed: the server did not make a new key: ${reportOf(error).message}`, exitCodeFor(error), kept, { cause: error });
      }
      if (secret === null) throw new CliError('rotation failed: the server did not return a new key (it failed, or its answer was lost)', EXIT.SERVER, kept);
      const created = me.apiKeys.find((n) => !before.has(n));

      let asNew: User;
      try {
        asNew = await ctx.apiWithKey(secret).viewer();
        if (asNew.id !== me.id) throw new CliError(`it authenticates as ${asNew.username ?? asNew.id}, not as ${me.username ?? me.id}`, EXIT.FAILURE);
      } catch (error) {
        if (!(error instanceof WandbError || error instanceof CliError)) throw error;
        throw new CliError(
          `rotation failed: the new key did not work: ${reportOf(error).message}`,
          exitCodeFor(error),
          `Kept the old key ${keyName(old)}: it still works. ${await removeNewKey(me, created)}`,
          { cause: error },
        );
      }

      // Deleted with the new key: it is known to work, and the old one is what goes.
      let deleted = false;
      let failure: WandbError | undefined;
      try {
        deleted = await asNew.deleteApiKey(old, { throwOnRefusal: true });
      } catch (error) {
        if (!(error instanceof WandbError)) throw error;
        failure = error;
      }
      if (!deleted) {
        const reason = failure ? reportOf(failure).message : 'the server failed, or its answer was lost';
        throw new CliError(
          `rotation failed: could not delete the old key ${keyName(old)} (${reason})`,
          failure ? exitCodeFor(failure) : EXIT.SERVER,
          `Kept the old key ${keyName(old)}: it still works. ${await removeNewKey(me, created)}`,
          failure && { cause: failure },
        );
      }

      printSecret(ctx, secret, { user: me.username, old: keyName(old), new: { name: created === undefined ? null : keyName(created), description } });
      ctx.out.info(
        t`Rotated the API key of ${who(me)}: created ${created === undefined ? 'a new key' : keyName(created)}, checked that it works, deleted ${keyName(old)}.`,
      );
      ctx.out.warn(t`the old key no longer works: replace it in ${ctx.keySourceDescription()} with the new one (printed on stdout, once).`);
    });
}
