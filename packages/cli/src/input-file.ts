import { readFileSync } from 'node:fs';
import type { Context } from './context.js';
import { usageError } from './exit-codes.js';

/**
 * The text of an input file, or of standard input for `-` (refused when it is
 * a terminal: the command would wait for typing nobody expects). `what` names
 * the input in messages ("the CSV"), `command` is how to pipe into it.
 */
export async function readInput(ctx: Context, file: string, what: string, command: string): Promise<string> {
  if (file !== '-') {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw usageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  if (ctx.io.stdin.isTTY)
    throw usageError(`reading ${what} from standard input, which is a terminal`, `Pipe a file in (\`... | wandb-users ${command} -\`) or name it.`);
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
