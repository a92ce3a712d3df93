import { WandbError } from '@wandb-ts/users';
import { SchemaToolError } from './errors.js';
import { printable } from './printable.js';

// The SDK's setup errors tell a library caller which option to pass; a
// wandb-schema user has flags and environment variables instead.
const IN_CLI_TERMS: readonly [RegExp, string][] = [
  [/pass allowInsecureHttp: true/g, 'pass --allow-insecure-http'],
  [/pass apiKey, set WANDB_API_KEY/g, 'set WANDB_API_KEY'],
  [/pass apiKey instead/g, 'put the key in WANDB_API_KEY or ~/.netrc instead'],
  [/^baseUrl\b/, 'the server URL'],
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
