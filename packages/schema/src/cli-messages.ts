import { AuthenticationError, ValidationError, WandbError } from '@wandb-ts/users';
import { SchemaSourceError, SchemaToolError } from './errors.js';
import { printable } from './printable.js';

// The SDK says what it refused and why, naming the setting at fault in
// `ValidationError.argument` rather than in its words; wandb-schema adds what
// to do about it with its own flags and variables.
const HINTS: Readonly<Record<string, string>> = {
  baseUrl: 'Check the server URL: https://, or http:// for this machine (plain http elsewhere needs --allow-insecure-http).',
  WANDB_BASE_URL: 'Check WANDB_BASE_URL: https://, or http:// for this machine (plain http elsewhere needs --allow-insecure-http).',
  WANDB_API_KEY: 'Check how WANDB_API_KEY was set: it must hold only the key.',
  netrc: "Check the password of the server's entry in ~/.netrc (or the file NETRC names), or run `wandb login` again.",
  timeoutMs: '--timeout takes a positive number of seconds.',
};

const NO_KEY = 'Set WANDB_API_KEY, or run `wandb login` (it writes ~/.netrc).';

/** Whether the error is one the CLI expects (bad input, a server's answer) rather than a bug. */
export function isExpected(error: unknown): error is SchemaToolError | WandbError {
  return error instanceof SchemaToolError || error instanceof WandbError;
}

function hintOf(error: SchemaToolError | WandbError): string | undefined {
  if (error instanceof ValidationError) return error.argument === undefined ? undefined : HINTS[error.argument];
  // No status: refused before anything was sent, for want of a key.
  if (error instanceof AuthenticationError && error.status === undefined) return NO_KEY;
  return undefined;
}

/**
 * The message `wandb-schema` prints for an expected error: the error's own,
 * followed by what to do about it in the CLI's terms where that helps. Each
 * line is {@link printable}: a server's words inside it cannot drive the
 * terminal or start a line of their own. The only line breaks are those
 * between the problems of an invalid schema, each on its own indented line.
 */
export function messageOf(error: SchemaToolError | WandbError): string {
  const hint = hintOf(error);
  const [first, details] = error instanceof SchemaSourceError ? [error.summary, error.details] : [error.message, []];
  return [printable(hint === undefined ? first : `${first}. ${hint}`), ...details.map((d) => `  ${printable(d)}`)].join('\n');
}
