import { examples, type Register } from '../command.js';
import { userDetail, userJson } from '../output/format.js';
import { t } from '../output/terminal/styled.js';

export const registerWhoami: Register = (program, context) => {
  program
    .command('whoami')
    .description('show the account the API key belongs to, and the server')
    .addHelpText(
      'after',
      examples(['wandb-users whoami', 'wandb-users --json whoami | jq .user.admin', 'WANDB_BASE_URL=https://wandb.corp.example wandb-users whoami']),
    )
    .action(async () => {
      const ctx = context();
      const me = await ctx.api().viewer();
      const { baseUrl, apiKeySource } = ctx.credentials();
      if (ctx.out.json) {
        ctx.out.document({ user: userJson(me), server: baseUrl, apiKeySource });
        return;
      }
      for (const line of userDetail(me, ctx.out.c)) ctx.out.line(line);
      ctx.out.info(ctx.out.ce.dim(t`server    ${baseUrl} (key from ${ctx.keySourceDescription()})`));
    });
};
