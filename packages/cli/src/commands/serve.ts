import { type Command, InvalidArgumentError } from 'commander';
import { type Act, examples } from '../command.js';
import type { Context } from '../context.js';
import { EXIT, usageError } from '../exit-codes.js';
import { SEED, startSeededFake } from '../seed.js';

function port(value: string): number {
  const n = Number(value);
  if (!(Number.isInteger(n) && n >= 0 && n <= 65535)) throw new InvalidArgumentError('expected a port number (0 picks a free one).');
  return n;
}

/** demo and serve run their own server: options that point elsewhere make no sense there. */
export function refuseServerOptions(ctx: Context, command: string): void {
  if (ctx.options.baseUrl !== undefined || ctx.options.apiKeyFile !== undefined) {
    throw usageError(`${command} runs its own fake W&B server on 127.0.0.1; it takes no --base-url or --api-key-file`);
  }
}

export function registerServe(program: Command, act: Act): void {
  program
    .command('serve')
    .description(`run the fake W&B server, seeded with a small organisation (${SEED.organisation}), until Ctrl-C`)
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', port)
    .addHelpText(
      'after',
      `
Prints the environment variables that point the SDK and this CLI at it; other
seeded users' keys are listed as comments, to try what a non-admin may do.
Everything lives in memory and is gone when the server stops.
${examples(['wandb-users serve --port 8765', 'wandb-users --json serve > server.json &   # then: jq -r .env.WANDB_BASE_URL server.json'])}`,
    )
    .action(
      act(async (ctx, _args, options) => {
        refuseServerOptions(ctx, 'serve');
        const { fake, people } = await startSeededFake(options.port === undefined ? {} : { port: options.port as number });
        const stopped = new Promise<void>((resolve) => ctx.io.interrupts.handle(resolve));
        try {
          const env = { WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: fake.adminApiKey };
          if (ctx.out.json) {
            const seeded = people.map((p) => ({ username: p.username, email: p.email, admin: fake.getUser(p.id)?.admin ?? false, teams: fake.getUser(p.id)?.teams ?? [], apiKey: p.apiKey }));
            ctx.out.document({ baseUrl: fake.baseUrl, env, users: [{ username: 'admin', email: 'admin@example.com', admin: true, teams: fake.getUser('admin')?.teams ?? [], apiKey: fake.adminApiKey }, ...seeded] });
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
        return EXIT.OK;
      }),
    );
}
