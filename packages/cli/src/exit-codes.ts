import { AbortError, AuthenticationError, ConflictError, NetworkError, NotFoundError, PermissionError, ValidationError, WandbError } from '@wandb-ts/users';

/**
 * The exit status of `wandb-users`, one per kind of outcome, so scripts can
 * branch on it. Documented in the README and in `wandb-users --help`; a test
 * checks that both list every one.
 */
export const EXIT = {
  /** Everything asked for was done. */
  OK: 0,
  /** An unexpected error: a bug, or a failure of no known kind. */
  FAILURE: 1,
  /**
   * Bad arguments, options or input (CSV header, email, team name, file), found before anything
   * was sent or refused by the server as invalid (a team role it does not know); a confirmation
   * needed where there is no terminal to ask on; no --org for a user in several organizations.
   */
  USAGE: 2,
  /** No API key was found, or the server did not accept it. */
  AUTHENTICATION: 3,
  /** The key is valid but may not do this (most user management needs an instance admin; changing a team, one of its admins). */
  PERMISSION: 4,
  /** The user, key, team, team member, organization or organization member named does not exist. */
  NOT_FOUND: 5,
  /**
   * What should be created already exists (`users create` of an existing email, `teams create`,
   * `teams invite` or `org invite` of a member), the change would leave a team or an organization
   * without an admin, the organization has no seat of the kind a role needs left, or the server
   * no longer matches a saved plan (`sync apply --plan`: stale).
   */
  CONFLICT: 6,
  /** Some of the work failed (`users import` with failed rows); the rest was done. */
  PARTIAL: 7,
  /**
   * The server failed or could not be reached: HTTP 5xx, 429, a timeout, a reset, an answer that is not
   * GraphQL (a 404 off the GraphQL endpoint), a refusal it does not explain.
   */
  SERVER: 8,
  /** Something on this machine is missing or in the way: a busy port for `serve`, `@wandb-ts/testing` not installed for `demo`/`serve`. */
  ENVIRONMENT: 9,
  /** `sync plan`: the server does not match the file; applying the plan would change something. */
  PENDING: 10,
  /** Stopped by SIGINT or SIGTERM. */
  INTERRUPTED: 130,
} as const;

/** One of the {@link EXIT} statuses. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

// The `--json` error name of an error the CLI raises itself: the @wandb-ts/users
// class for the same kind of failure, so scripts see one vocabulary.
const NAMES: Record<ExitCode, string> = {
  [EXIT.OK]: 'Error',
  [EXIT.FAILURE]: 'Error',
  [EXIT.USAGE]: 'ValidationError',
  [EXIT.AUTHENTICATION]: 'AuthenticationError',
  [EXIT.PERMISSION]: 'PermissionError',
  [EXIT.NOT_FOUND]: 'NotFoundError',
  [EXIT.CONFLICT]: 'ConflictError',
  [EXIT.PARTIAL]: 'Error',
  [EXIT.SERVER]: 'ServerError',
  [EXIT.ENVIRONMENT]: 'EnvironmentError',
  [EXIT.PENDING]: 'Error',
  [EXIT.INTERRUPTED]: 'AbortError',
};

/**
 * An error the CLI raises itself, with the exit status it stands for. Its
 * `name` is that of the @wandb-ts/users error class of the same kind
 * (`NotFoundError` for "no such user", `ValidationError` for bad usage...), or
 * of the SDK error it wraps; `EnvironmentError` for exit status 9.
 */
export class CliError extends Error {
  /** One line each, shown under the message (the problems of a file, the stale actions of a plan). */
  readonly details: readonly string[];

  constructor(
    message: string,
    /** The status the process ends with. */
    readonly exitCode: ExitCode,
    /** A line telling what to do about it, shown under the message. */
    readonly hint?: string,
    options: { cause?: unknown; details?: readonly string[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details ?? [];
    this.name = options.cause instanceof WandbError || options.cause instanceof CliError ? options.cause.name : NAMES[exitCode];
  }
}

/** A {@link CliError} with the usage status. */
export function usageError(message: string, hint?: string, details?: readonly string[]): CliError {
  return new CliError(message, EXIT.USAGE, hint, details === undefined ? {} : { details });
}

/**
 * A 404 that is not a GraphQL answer: nothing serves GraphQL at the base URL. A
 * 404 with GraphQL errors is W&B refusing: what was named does not exist.
 */
export function isMissingEndpoint(error: WandbError): boolean {
  return error instanceof NotFoundError && error.status === 404 && error.graphQLErrors.length === 0;
}

/** The exit status for an error from the SDK or the CLI. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (!(error instanceof WandbError)) return EXIT.FAILURE;
  if (error instanceof ValidationError) return EXIT.USAGE;
  if (error instanceof AuthenticationError) return EXIT.AUTHENTICATION;
  if (error instanceof PermissionError) return EXIT.PERMISSION;
  // A 404 without GraphQL errors means no GraphQL endpoint at that URL: the server, not what was asked for, is missing.
  if (error instanceof NotFoundError) return isMissingEndpoint(error) ? EXIT.SERVER : EXIT.NOT_FOUND;
  if (error instanceof ConflictError) return EXIT.CONFLICT;
  if (error instanceof AbortError) return EXIT.INTERRUPTED;
  if (error instanceof NetworkError) return EXIT.SERVER;
  // RateLimitError, ServerError, UnexpectedResponseError, GraphQLResponseError.
  return EXIT.SERVER;
}
