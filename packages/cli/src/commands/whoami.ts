import type { Command } from 'commander';
import { userDetail, userJson } from '../format.js';
import { type Act, examples } from '../command.js';

export function registerWhoami(program: Command, act: Act): void {
  program
    .command('whoami')
    .description('show the account the API key belongs to, and the server')
    .addHelpText('after', examples(['wandb-users whoami', 'wandb-users --json whoami | jq .user.admin', 'WANDB_BASE_URL=https://wandb.corp.example wandb-users whoami']))
    .action(
      act(async (ctx) => {
        const me = await ctx.api().viewer();
        const { baseUrl, apiKeySource } = ctx.credentials();
        if (ctx.out.json) {
          ctx.out.document({ user: userJson(me), server: baseUrl, apiKeySource });
          return;
        }
        for (const line of userDetail(me, ctx.out.c)) ctx.out.line(line);
        ctx.out.info(ctx.out.ce.dim(`server    ${baseUrl} (key from ${ctx.keySourceDescription()})`));
      }),
    );
}
