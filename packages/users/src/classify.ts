import {
  AuthenticationError,
  ConflictError,
  type GraphQLErrorInfo,
  GraphQLResponseError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  SchemaMismatchError,
  ServerError,
  UnexpectedResponseError,
  type WandbError,
  type WandbErrorDetails,
} from './errors.js';
import { redactText } from './redact.js';

type ErrorClass = new (message: string, details?: WandbErrorDetails) => WandbError;

// W&B does not document error codes; its messages and (for some errors)
// `extensions.code` are what a client can go on. Codes first, then messages.
const BY_CODE: Record<string, ErrorClass> = {
  RELOGIN_REQUIRED: AuthenticationError,
  UNAUTHENTICATED: AuthenticationError,
  PERMISSION_DENIED: PermissionError,
  FORBIDDEN: PermissionError,
  NOT_FOUND: NotFoundError,
  CONFLICT: ConflictError,
};

const BY_MESSAGE: [RegExp, ErrorClass][] = [
  [/relogin required|unauthori[sz]ed|invalid api key|not logged in/i, AuthenticationError],
  [/permission|forbidden|not allowed|requires (instance )?admin/i, PermissionError],
  [/already exists|already taken|is taken|duplicate/i, ConflictError],
  [/not found|does not exist|no such/i, NotFoundError],
];

export function toErrorInfo(error: unknown, known: readonly string[]): GraphQLErrorInfo {
  const raw = (error ?? {}) as { message?: unknown; path?: unknown; extensions?: { code?: unknown } };
  const info: GraphQLErrorInfo = { message: redactText(typeof raw.message === 'string' ? raw.message : 'GraphQL error without a message', known) };
  if (Array.isArray(raw.path)) info.path = raw.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  if (typeof raw.extensions?.code === 'string') info.code = raw.extensions.code;
  return info;
}

function classOf(errors: readonly GraphQLErrorInfo[]): ErrorClass {
  for (const error of errors) {
    const byCode = error.code ? BY_CODE[error.code.toUpperCase()] : undefined;
    if (byCode) return byCode;
    const byMessage = BY_MESSAGE.find(([pattern]) => pattern.test(error.message));
    if (byMessage) return byMessage[1];
  }
  return GraphQLResponseError;
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

export function classifyGraphQLErrors(errors: readonly GraphQLErrorInfo[], details: WandbErrorDetails): WandbError {
  const mismatch = schemaMismatch(errors, details);
  if (mismatch) return mismatch;
  const summary = errors.map((e) => e.message).join('; ');
  const ErrorType = classOf(errors);
  return new ErrorType(summary, { ...details, graphQLErrors: errors });
}

/** Milliseconds to wait from a `Retry-After` header (seconds or an HTTP date). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface HttpDetails extends WandbErrorDetails {
  status: number;
  contentType: string | undefined;
  bodySnippet: string;
}

export function classifyHttpFailure(
  response: Response,
  body: { errors?: unknown[] } | undefined,
  details: HttpDetails,
  known: readonly string[],
): WandbError {
  const { status } = details;
  const graphQLErrors = (body?.errors ?? []).map((e) => toErrorInfo(e, known));
  const said = graphQLErrors.length > 0 ? graphQLErrors.map((e) => e.message).join('; ') : details.bodySnippet ? `${details.contentType ?? 'no content type'}: ${JSON.stringify(details.bodySnippet)}` : 'an empty body';
  const withErrors = { ...details, graphQLErrors };
  if (status === 401) return new AuthenticationError(`the server rejected the API key (HTTP 401): ${said}`, withErrors);
  if (status === 403) return new PermissionError(`forbidden (HTTP 403): ${said}`, withErrors);
  if (status === 404) return new NotFoundError(`no GraphQL endpoint at ${details.url} (HTTP 404); check baseUrl`, withErrors);
  if (status === 409) return new ConflictError(`conflict (HTTP 409): ${said}`, withErrors);
  if (status === 429) {
    return new RateLimitError(`rate limited (HTTP 429): ${said}`, { ...withErrors, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) });
  }
  if (status >= 500) {
    return new ServerError(`server error (HTTP ${status}): ${said}`, { ...withErrors, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) });
  }
  if (graphQLErrors.length > 0) return classifyGraphQLErrors(graphQLErrors, withErrors);
  return new UnexpectedResponseError(`unexpected HTTP ${status}: ${said}`, details);
}
