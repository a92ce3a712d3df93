import type { Logger } from './transport.js';

/** With `DEBUG` naming `wandb-ts` (or `*`), debug lines go to stderr, as with the `debug` convention. */
export function debugLoggerFromEnv(env: NodeJS.ProcessEnv): Logger | undefined {
  const names = (env.DEBUG ?? '').split(/[\s,]+/);
  if (!names.some((n) => n === '*' || n === 'wandb-ts' || n === 'wandb-ts:*')) return undefined;
  return {
    debug(message, fields) {
      process.stderr.write(`wandb-ts ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`);
    },
  };
}
