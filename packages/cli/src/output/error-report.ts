import {
  AbortError,
  AuthenticationError,
  NetworkError,
  NotFoundError,
  PermissionError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
  WandbError,
} from '@wandb-ts/users';
import { CliError, type ExitCode, exitCodeFor, isMissingEndpoint } from '../exit-codes.js';

/** What the invocation knows that makes a hint precise: where the key and the server came from. */
export interface ReportContext {
  /** Where the key in use came from, in words (`the file ci.key`, `WANDB_API_KEY`...), once it was resolved. */
  keySource?: string | undefined;
}

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
  adminUsername: "Check --admin-user: the username or email of the team's first admin.",
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
  'PermissionError DeleteTeam': TEAM_ADMIN,
  'NotFoundError DeleteTeam': '`wandb-users teams list --all` lists the teams there are now.',
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

/** Where to set the server, in the CLI's words. */
const SERVER_SETTING = '--base-url or WANDB_BASE_URL';

/** What a failed connection means, by its system error code, and what to do about it. */
function networkHint(error: NetworkError): string {
  const code = error.code ?? '';
  const where = error.url === undefined ? 'the server' : new URL(error.url).host;
  if (error instanceof TimeoutError)
    return `${where} did not answer in time: --timeout SECONDS allows slower answers; check ${SERVER_SETTING} if it should be fast.`;
  if (code === 'ECONNREFUSED') return `Nothing is listening at ${where}: check ${SERVER_SETTING} (host and port), and that the server is running.`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `The host name ${where} is not known (DNS): check ${SERVER_SETTING}.`;
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return `${where} closed the connection: check ${SERVER_SETTING} and your network or proxy; running the command again is safe.`;
  if (/^ERR_SSL_(WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST)/.test(code) || /wrong version number|packet length too long/i.test(error.message))
    return `${where} does not speak https there: a plain http server? Use an http:// address in ${SERVER_SETTING} (plain http is for localhost, or with --allow-insecure-http).`;
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(`${code} ${error.message}`))
    return `The TLS connection to ${where} failed: for a certificate of your own CA, NODE_EXTRA_CA_CERTS=ca.pem makes Node trust it; check ${SERVER_SETTING}.`;
  return `Check ${SERVER_SETTING} and your network; --timeout SECONDS allows slower answers.`;
}

/** What to do when the key was refused, or none was found, by where it came from. */
function authenticationHint(error: AuthenticationError, context: ReportContext): string {
  const found = error.status !== undefined || error.graphQLErrors.length > 0 || error.operation !== undefined;
  if (!found || context.keySource === undefined) return 'Set WANDB_API_KEY, run `wandb login` (it writes ~/.netrc), or pass --api-key-file FILE.';
  return `The key from ${context.keySource} was refused: put a current key of this server there (W&B: User settings, API keys), or check ${SERVER_SETTING}.`;
}

function hintOf(error: unknown, message: string, context: ReportContext): string | undefined {
  if (error instanceof CliError) return error.hint;
  if (error instanceof ValidationError) {
    const hint = error.argument === undefined ? undefined : HINTS[error.argument];
    // Said once: the message may already name the flag that helps.
    return hint?.includes('--allow-insecure-http') && message.includes('--allow-insecure-http') ? undefined : hint;
  }
  if (error instanceof AuthenticationError) return authenticationHint(error, context);
  const refusal = error instanceof WandbError && error.graphQLErrors.length > 0 ? REFUSAL_HINTS[`${error.name} ${error.operation}`] : undefined;
  if (refusal) return refusal;
  if (error instanceof PermissionError)
    return "Managing users, other users' keys and teams needs the API key of an instance admin (a team's own admins may change it).";
  if (error instanceof NotFoundError && isMissingEndpoint(error))
    return `No W&B API answers at that address: check ${SERVER_SETTING} (the server's address, without /graphql).`;
  if (error instanceof UnexpectedResponseError && (/html/i.test(error.contentType ?? '') || /^\s*<(!doctype|html)/i.test(error.bodySnippet ?? '')))
    return `That address answers with a web page, not W&B's API: check ${SERVER_SETTING} (your W&B server's address, e.g. https://wandb.example.com, not a sign-in page or a proxy in front of it).`;
  if (error instanceof NetworkError && !(error instanceof AbortError)) return networkHint(error);
  return undefined;
}

/** How `error` is reported: name, message and hint in the CLI's words, and the exit status. */
export function reportOf(error: unknown, context: ReportContext = {}): ErrorReport {
  const exitCode = exitCodeFor(error);
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), exitCode };
  const message = messageOf(error);
  const hint = hintOf(error, message, context);
  const details = error instanceof CliError && error.details.length > 0 ? error.details : undefined;
  return {
    name: error instanceof WandbError || error instanceof CliError ? error.name : 'Error',
    message,
    exitCode,
    ...(hint !== undefined && { hint }),
    ...(details !== undefined && { details }),
  };
}
