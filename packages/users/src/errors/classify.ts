import { AuthenticationError, ConflictError, GraphQLResponseError, NotFoundError, PermissionError, SchemaMismatchError } from './refusals.js';
import { ValidationError } from './validation-error.js';
import type { GraphQLErrorInfo, WandbError, WandbErrorDetails } from './wandb-error.js';
import { excerpt } from './redact.js';

type ErrorClass = new (message: string, details?: WandbErrorDetails) => WandbError;

// W&B does not document error codes; its messages and (for some errors)
// `extensions.code` are what a client can go on. Codes first, then messages,
// then the HTTP status the answer came with (W&B answers refusals with 4xx).
const BY_CODE: Record<string, ErrorClass> = {
  RELOGIN_REQUIRED: AuthenticationError,
  UNAUTHENTICATED: AuthenticationError,
  // W&B's code (wandb/wandb#8609); PERMISSION_DENIED is other servers' (and gRPC's) word for it.
  PERMISSION_ERROR: PermissionError,
  PERMISSION_DENIED: PermissionError,
  FORBIDDEN: PermissionError,
  NOT_FOUND: NotFoundError,
  CONFLICT: ConflictError,
  // Input the server refused as invalid (an unknown team role, a team name
  // outside W&B's rule): no retry and no look at the state can cure it. Only
  // the code, never message words, which are too vague to rely on ("invalid").
  BAD_USER_INPUT: ValidationError,
};

// What a refusal's status says when its errors say nothing more specific (a
// 401 never gets here: transport/request-error.ts makes it an AuthenticationError).
const BY_STATUS: Record<number, ErrorClass> = {
  403: PermissionError,
  404: NotFoundError,
  409: ConflictError,
};

const BY_MESSAGE: [RegExp, ErrorClass][] = [
  [/relogin required|unauthori[sz]ed|invalid api key|not logged in/i, AuthenticationError],
  [/permission|forbidden|not allowed|requires (instance )?admin/i, PermissionError],
  [/already exists|already taken|is taken|duplicate/i, ConflictError],
  [/not found|does not exist|no such/i, NotFoundError],
];

// Bounds on what a server's error list can put into our errors and messages.
const MAX_ERRORS = 50;
const MAX_MESSAGE_LENGTH = 1000;
const MAX_PATH_LENGTH = 64;
const MAX_NAME_LENGTH = 100;
const SUMMARISED = 5;

/**
 * Whether a response's `errors` is a GraphQL error list: a non-empty list of
 * errors with a message (objects, or strings as W&B's backend also sends them
 * and its clients read them). What tells a server's refusal at an HTTP error
 * status from a page that is not GraphQL's (a proxy's 403, a 404 off the endpoint).
 */
export function isGraphQLErrorList(errors: unknown): errors is readonly unknown[] {
  return (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((e) => typeof e === 'string' || (e !== null && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string'))
  );
}

/**
 * Whether an answer at an HTTP error status is the server's own GraphQL answer,
 * to be read as at 200 (W&B refuses operations with 400, 403, 404 and 409 and
 * a GraphQL error list): a 4xx with one. A 401 (the credentials), a 429 (the
 * rate) and a 5xx (the server) are failures whatever their body says.
 */
export function isGraphQLRefusal(status: number, errors: unknown): boolean {
  return status >= 400 && status < 500 && status !== 401 && status !== 429 && isGraphQLErrorList(errors);
}

/**
 * A GraphQL error as the SDK exposes it: message, path and code only (never
 * `extensions` or `locations` whole), each redacted and bounded. A string is
 * taken as an error's message.
 */
export function toErrorInfo(error: unknown, known: readonly string[]): GraphQLErrorInfo {
  if (typeof error === 'string') return { message: excerpt(error, MAX_MESSAGE_LENGTH, known) };
  const raw = (error !== null && typeof error === 'object' ? error : {}) as { message?: unknown; path?: unknown; extensions?: { code?: unknown } | null };
  const message = typeof raw.message === 'string' ? excerpt(raw.message, MAX_MESSAGE_LENGTH, known) : 'GraphQL error without a message';
  const info: GraphQLErrorInfo = { message };
  if (Array.isArray(raw.path)) {
    info.path = raw.path
      .slice(0, MAX_PATH_LENGTH)
      .filter((p): p is string | number => typeof p === 'string' || typeof p === 'number')
      .map((p) => (typeof p === 'string' ? excerpt(p, MAX_NAME_LENGTH, known) : p));
  }
  const code = raw.extensions?.code;
  if (typeof code === 'string') info.code = excerpt(code, MAX_NAME_LENGTH, known);
  return info;
}

/** The GraphQL errors of a response as the SDK exposes them (at most 50). */
export function toErrorInfos(errors: readonly unknown[], known: readonly string[]): GraphQLErrorInfo[] {
  return errors.slice(0, MAX_ERRORS).map((e) => toErrorInfo(e, known));
}

function classOf(errors: readonly GraphQLErrorInfo[], status: number | undefined): ErrorClass {
  for (const error of errors) {
    const byCode = error.code ? BY_CODE[error.code.toUpperCase()] : undefined;
    if (byCode) return byCode;
    const byMessage = BY_MESSAGE.find(([pattern]) => pattern.test(error.message));
    if (byMessage) return byMessage[1];
  }
  return (status !== undefined && BY_STATUS[status]) || GraphQLResponseError;
}

// graphql-js, gqlgen and graph-gophers all word a field the schema lacks this way.
const MISSING_FIELD = /Cannot query field "([^"]+)" on type "([^"]+)"/;

/** A server whose schema lacks a selected field (at HTTP 400 or 200): name the fields and say how to see the whole difference. */
function schemaMismatch(errors: readonly GraphQLErrorInfo[], details: WandbErrorDetails): SchemaMismatchError | undefined {
  const fields = [
    ...new Set(
      errors.flatMap((e) => {
        const match = MISSING_FIELD.exec(e.message);
        return match ? [`${match[2]}.${match[1]}`] : [];
      }),
    ),
  ];
  const [first, ...rest] = fields;
  if (first === undefined) return undefined;
  const server = details.url ?? 'the server';
  return new SchemaMismatchError(
    `the server at ${server} has no field ${fields.join(', ')}, which this operation selects: its GraphQL schema differs from the one @wandb-ts/users was built for. ` +
      `Run \`npx -p @wandb-ts/schema wandb-schema check --against ${server}\` to list every operation the difference breaks.`,
    { ...details, graphQLErrors: errors, fields: [first, ...rest] },
  );
}

/**
 * The typed error for the GraphQL errors of a response (the first five
 * messages make the message): by their codes, then their messages, then the
 * HTTP status they came with (`details.status`), so that a refusal is the same
 * error whether the server answered it with 200 or with W&B's 4xx.
 */
export function classifyGraphQLErrors(errors: readonly GraphQLErrorInfo[], details: WandbErrorDetails): WandbError {
  const mismatch = schemaMismatch(errors, details);
  if (mismatch) return mismatch;
  const more = errors.length - SUMMARISED;
  const summary =
    errors
      .slice(0, SUMMARISED)
      .map((e) => e.message)
      .join('; ') + (more > 0 ? ` (and ${more} more)` : '');
  const ErrorType = classOf(errors, details.status);
  return new ErrorType(summary, { ...details, graphQLErrors: errors });
}

/**
 * The typed error for the GraphQL errors of an answer of `operation` (which
 * has some): the error the same errors would be thrown as at a 4xx status,
 * with the answer's status, partial data and request count.
 */
export function errorOfResult(
  result: { readonly errors: readonly GraphQLErrorInfo[]; readonly status: number; readonly data?: unknown; readonly attempts: number },
  operation: string,
  url: string,
): WandbError {
  return classifyGraphQLErrors(result.errors, { operation, url, status: result.status, data: result.data, attempts: result.attempts });
}
