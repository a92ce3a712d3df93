import { examples, type Register } from '../command.js';
import type { Context } from '../context.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { wholeNumber } from '../options.js';
import { SEED, startSeededFake } from '../seed.js';

/** demo and serve run their own server: options that point elsewhere make no sense there. */
export function refuseServerOptions(ctx: Context, command: string): void {
  if (ctx.options.baseUrl !== undefined || ctx.options.apiKeyFile !== undefined) {
    throw usageError(`${command} runs its own fake W&B server on 127.0.0.1; it takes no --base-url or --api-key-file`);
  }
}

/** A port that cannot be listened on is this machine's state, not a bug: exit status 9. */
function listenError(error: unknown, port: number | undefined): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE')
    return new CliError(
      `port ${port} on 127.0.0.1 is already in use`,
      EXIT.ENVIRONMENT,
      'Stop what uses it, or pick another port: --port N, or --port 0 for a free one.',
    );
  if (code === 'EACCES')
    return new CliError(
      `not allowed to listen on port ${port} on 127.0.0.1`,
      EXIT.ENVIRONMENT,
      'Ports below 1024 need privileges: pick a higher one, or --port 0 for a free one.',
    );
  return error;
}

export const registerServe: Register = (program, context) => {
  program
    .command('serve')
    .description(`run the fake W&B server, seeded with a small organisation (${SEED.organisation}), until Ctrl-C`)
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', wholeNumber(0, 65535, 'a port number (0 picks a free one)'))
    .addHelpText(
      'after',
      `
Prints the environment variables that point the SDK and this CLI at it; other
seeded users' keys are listed as comments, to try what a non-admin may do.
Everything lives in memory and is gone when the server stops. Needs the
package @wandb-ts/testing next to this one (exit status 9 says so if not).
${examples(['wandb-users serve --port 8765', 'wandb-users --json serve > server.json &   # then: jq -r .env.WANDB_BASE_URL server.json'])}`,
    )
    .action(async (options) => {
      const ctx = context();
      refuseServerOptions(ctx, 'serve');
      const { fake, people } = await startSeededFake({ command: 'serve', ...(options.port !== undefined && { port: options.port }) }).catch(
        (error: unknown) => {
          throw listenError(error, options.port);
        },
      );
      const stopped = new Promise<void>((resolve) => ctx.io.interrupts.handle({ first: resolve }));
      try {
        const env = { WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: fake.adminApiKey };
        if (ctx.out.json) {
          const seeded = people.map((p) => ({
            username: p.username,
            email: p.email,
            admin: fake.getUser(p.id)?.admin ?? false,
            teams: fake.getUser(p.id)?.teams ?? [],
            apiKey: p.apiKey,
          }));
          ctx.out.document({
            baseUrl: fake.baseUrl,
            env,
            users: [
              { username: 'admin', email: 'admin@example.com', admin: true, teams: fake.getUser('admin')?.teams ?? [], apiKey: fake.adminApiKey },
              ...seeded,
            ],
          });
        } else {
          ctx.out.line(`# A fake W&B server with ${SEED.organisation} (${people.length + 1} users) on 127.0.0.1. Point the SDK and wandb-users at it:`);
          ctx.out.line(`export WANDB_BASE_URL=${env.WANDB_BASE_URL}`);
          ctx.out.line(`export WANDB_API_KEY=${env.WANDB_API_KEY}   # admin, the instance admin`);
          ctx.out.line('# Other seeded users:');
          for (const p of people) {
            const admin = fake.getUser(p.id)?.admin ? ' (instance admin)' : '';
            ctx.out.line(`#   WANDB_API_KEY=${p.apiKey}   # ${p.username}${admin}`);
          }
        }
        ctx.out.info(ctx.out.ce.dim('Serving until Ctrl-C or SIGTERM. Nothing leaves this machine; all data is in memory.'));
        await stopped;
      } finally {
        await fake.close();
      }
      ctx.out.info('stopped');
    });
};
