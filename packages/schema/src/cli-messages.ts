import { WandbError } from '@wandb-ts/users';
import { SchemaToolError } from './errors.js';
import { printable } from './printable.js';

// The SDK's setup errors say what is refused and why, in a library's terms; a
// wandb-schema user has flags and environment variables instead.
const IN_CLI_TERMS: readonly [RegExp, string][] = [
  [/must be allowed explicitly, for a network you trust\./g, 'must be allowed explicitly: pass --allow-insecure-http, for a network you trust.'],
  [/^no W&B API key: none was given, WANDB_API_KEY is not set, and no netrc file \(what `wandb login` writes\) has an entry for (\S+)$/, 'no W&B API key: set WANDB_API_KEY, or run `wandb login` (a ~/.netrc entry for $1)'],
  [/the API key is sent in a header$/, 'put the key in WANDB_API_KEY or ~/.netrc instead'],
  [/^the base URL\b/, 'the server URL'],
];

/** Whether the error is one the CLI expects (bad input, a server's answer) rather than a bug. */
export function isExpected(error: unknown): error is SchemaToolError | WandbError {
  return error instanceof SchemaToolError || error instanceof WandbError;
}

/**
 * The message `wandb-schema` prints for an expected error: in the CLI's terms
 * (its flags, not the SDK's option names), and printable (a server's words
 * inside it cannot drive the terminal).
 */
export function messageOf(error: SchemaToolError | WandbError): string {
  let message = error.message;
  if (error instanceof WandbError) for (const [sdk, cli] of IN_CLI_TERMS) message = message.replace(sdk, cli);
  return printable(message);
}
