import { examples, type Register } from '../command.js';
import { who } from '../format.js';
import { viewerOrUser } from '../lookup.js';
import { userOption } from '../options.js';
import { t } from '../terminal/styled.js';

export const registerTeams: Register = (program, context) => {
  program
    .command('teams')
    .description('list the teams you (or another user) belong to')
    .addOption(userOption('whose teams'))
    .addHelpText('after', examples(['wandb-users teams', 'wandb-users teams --user sofia.alvarez@acme.example', "wandb-users --json teams | jq -r '.teams[]'"]))
    .action(async (options) => {
      const ctx = context();
      const { user } = await viewerOrUser(ctx, options.user);
      if (ctx.out.json) {
        ctx.out.document({ user: user.username, teams: user.teams });
        return;
      }
      for (const team of user.teams) ctx.out.line(team);
      const n = user.teams.length;
      ctx.out.info(ctx.out.ce.dim(t`${who(user)}: ${n} team${n === 1 ? '' : 's'}`));
    });
};
