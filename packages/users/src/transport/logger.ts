import type { Environment } from '../credentials/config.js';
import type { Logger } from './transport.js';

/** With `DEBUG` naming `wandb-ts` (or `*`), debug lines go to stderr, as with the `debug` convention. */
export function debugLoggerFromEnv(env: Environment): Logger | undefined {
  const names = (env.DEBUG ?? '').split(/[\s,]+/);
  if (!names.some((n) => n === '*' || n === 'wandb-ts' || n === 'wandb-ts:*')) return undefined;
  return {
    debug(message, fields) {
      const line = `wandb-ts ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`;
      // console.error where there is no process (browsers): the debug convention's stderr.
      const stderr = (globalThis as { process?: { stderr?: { write(text: string): unknown } } }).process?.stderr;
      if (stderr) stderr.write(line);
      else console.error(line.trimEnd());
    },
  };
}
