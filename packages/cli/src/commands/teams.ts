import type { Command } from 'commander';
import { type Act, examples } from '../command.js';
import { viewerOrUser } from '../lookup.js';

export function registerTeams(program: Command, act: Act): void {
  program
    .command('teams')
    .description('list the teams you (or another user) belong to')
    .option('--user <username|email>', 'whose teams (another user: instance admins only)')
    .addHelpText('after', examples(['wandb-users teams', 'wandb-users teams --user ann@example.com', 'wandb-users --json teams | jq -r \'.teams[]\'']))
    .action(
      act(async (ctx, _args, options) => {
        const { user } = await viewerOrUser(ctx, options.user as string | undefined);
        if (ctx.out.json) {
          ctx.out.document({ user: user.username, teams: user.teams });
          return;
        }
        for (const team of user.teams) ctx.out.line(team);
        ctx.out.info(ctx.out.ce.dim(`${user.username ?? String(user)}: ${user.teams.length} team${user.teams.length === 1 ? '' : 's'}`));
      }),
    );
}
