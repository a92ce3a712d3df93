import { AbortError, AuthenticationError, NetworkError, NotFoundError, PermissionError, ValidationError, WandbError } from '@wandb-ts/users';
import { CliError, type ExitCode, exitCodeFor, isMissingEndpoint } from './exit-codes.js';

/** An error as `wandb-users` reports it: in its own words, with its flags, never the SDK's option names. */
export interface ErrorReport {
  /** The @wandb-ts/users error class name (or the CLI's equivalent, see CliError). */
  name: string;
  message: string;
  exitCode: ExitCode;
  /** What to do about it, when there is something useful to say. */
  hint?: string;
  /** Lines detailing it (a file's problems), shown under the message. */
  details?: readonly string[];
}

// What to do about a setting the SDK refused (ValidationError.argument), with the CLI's flags.
const HINTS: Record<string, string> = {
  baseUrl: 'Check --base-url: an https:// URL (http:// is for localhost, or with --allow-insecure-http).',
  WANDB_BASE_URL: 'Check WANDB_BASE_URL, or pass --base-url: an https:// URL (http:// is for localhost, or with --allow-insecure-http).',
  apiKey: 'The --api-key-file must hold only the key.',
  WANDB_API_KEY: 'Check how WANDB_API_KEY was set: it must hold only the key.',
  netrc: "Check the password of the server's entry in ~/.netrc (or the file NETRC names), or run `wandb login` again.",
  adminUsername: "Check --admin-user: the exact username of the team's first admin.",
};

// What to do about a refusal of a team change, by the operation refused: the
// server's message says what happened, this what to do next.
const TEAM_ADMIN = "Ask an admin of the team (`wandb-users teams show TEAM` lists them), or use an instance admin's key.";
const LAST_ADMIN = 'A team keeps one admin: make another member admin first (`wandb-users teams set-role TEAM USER admin`).';
const REFUSAL_HINTS: Record<string, string> = {
  'PermissionError CreateInvite': TEAM_ADMIN,
  'PermissionError DeleteInvite': TEAM_ADMIN,
  'PermissionError UpdateMember': TEAM_ADMIN,
  'PermissionError CreateServiceAccount': TEAM_ADMIN,
  'NotFoundError CreateInvite': 'Usernames are exact and case-sensitive; `wandb-users users search` finds them (instance admins), or invite by email.',
  'NotFoundError DeleteInvite': '`wandb-users teams show TEAM` lists its members now.',
  'NotFoundError UpdateMember': '`wandb-users teams show TEAM` lists its members now.',
  'ConflictError DeleteInvite': LAST_ADMIN,
  'ConflictError UpdateMember': LAST_ADMIN,
};

/**
 * An SDK message in the CLI's words: without the GraphQL operation it came
 * from (`CreateUserFromAdmin: ...`). The SDK names no option of its own in
 * messages; the hint (hintOf) names the CLI's flag.
 */
function messageOf(error: Error): string {
  if (!(error instanceof WandbError)) return error.message;
  const { operation } = error;
  return operation && error.message.startsWith(`${operation}: `) ? error.message.slice(operation.length + 2) : error.message;
}

function hintOf(error: unknown, message: string): string | undefined {
  if (error instanceof CliError) return error.hint;
  if (error instanceof ValidationError) {
    const hint = error.argument === undefined ? undefined : HINTS[error.argument];
    // Said once: the message may already name the flag that helps.
    return hint?.includes('--allow-insecure-http') && message.includes('--allow-insecure-http') ? undefined : hint;
  }
  if (error instanceof AuthenticationError) {
    return 'Set WANDB_API_KEY, run `wandb login` (it writes ~/.netrc), or pass --api-key-file FILE.';
  }
  const refusal = error instanceof WandbError && error.graphQLErrors.length > 0 ? REFUSAL_HINTS[`${error.name} ${error.operation}`] : undefined;
  if (refusal) return refusal;
  if (error instanceof PermissionError)
    return "Managing users, other users' keys and teams needs the API key of an instance admin (a team's own admins may change it).";
  if (error instanceof NotFoundError && isMissingEndpoint(error)) return 'Check --base-url or WANDB_BASE_URL.';
  if (error instanceof NetworkError && !(error instanceof AbortError))
    return 'Check --base-url or WANDB_BASE_URL and your network; --timeout SECONDS allows slower answers.';
  return undefined;
}

/** How `error` is reported: name, message and hint in the CLI's words, and the exit status. */
export function reportOf(error: unknown): ErrorReport {
  const exitCode = exitCodeFor(error);
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), exitCode };
  const message = messageOf(error);
  const hint = hintOf(error, message);
  const details = error instanceof CliError && error.details.length > 0 ? error.details : undefined;
  return {
    name: error instanceof WandbError || error instanceof CliError ? error.name : 'Error',
    message,
    exitCode,
    ...(hint !== undefined && { hint }),
    ...(details !== undefined && { details }),
  };
}
