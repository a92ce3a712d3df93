import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DocumentNode, execute, type GraphQLError, type GraphQLSchema, Kind, parse, validate, type ValidationRule } from 'graphql';
import { type RefusalStatus, statusOfErrors } from './error-codes.js';
import { describeFault, type FaultAction, type FaultPlan } from './faults.js';
import { responseType, type ResponseType, unsupportedContentType } from './media-types.js';
import { fieldResolver, type RequestContext } from './resolvers.js';
import { redactSecrets } from './secrets.js';
import type { FakeWandbStore, UserRecord } from './store.js';

/** One request as the fake saw it. Secrets in variables are replaced by `[REDACTED]`. */
export interface RequestLogEntry {
  /** `operationName` from the body, else the name of the document's only operation. */
  operationName: string | null;
  /**
   * The request's variables, with secrets (and anything key-shaped) replaced by `[REDACTED]`; null
   * when it sent none.
   */
  variables: Record<string, unknown> | null;
  /** Username of the authenticated caller; null when authentication failed. */
  identity: string | null;
  /** Whether the request carried W&B's first-party headers (admin privileges + `W&B Public Client` User-Agent). */
  firstParty: boolean;
  /** The HTTP status the fake answered with. */
  status: number;
  /** `extensions.code` (or the message, when there is none) of each GraphQL error in the answer. */
  errors: string[];
  /**
   * Whether the operation ran (graphql-js executed its resolvers): false when
   * authentication, the request's shape, parsing, validation or variable
   * coercion stopped it, or an injected fault answered instead.
   */
  executed: boolean;
  /** The injected fault that shaped the answer, if any (e.g. `status 503`, `reset after`). */
  fault?: string;
}

export interface HandlerOptions {
  schema: GraphQLSchema;
  /** Validation rules when they differ from graphql-js's own (the introspection ban); undefined: the standard rules. */
  rules?: readonly ValidationRule[] | undefined;
  store: FakeWandbStore;
  pageSize: number;
  maxPageSize: number;
  log: RequestLogEntry[];
  faults: FaultPlan;
  /** The HTTP status of refused operations: W&B's for each code, or always 200. */
  refusalStatus: RefusalStatus;
}

/** Larger bodies are refused with 413, as a proxy in front of W&B would. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

const FIRST_PARTY_AGENT = 'W&B Public Client';

interface GraphQLBody {
  query: string;
  variables: Record<string, unknown> | null;
  operationName: string | null;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpFailure(413, `request body larger than ${MAX_BODY_BYTES} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string): GraphQLBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpFailure(400, 'request body is not valid JSON');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new HttpFailure(400, 'request body must be a JSON object');
  const { query, variables, operationName } = json as Record<string, unknown>;
  if (typeof query !== 'string') throw new HttpFailure(400, 'request body has no "query" string');
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) throw new HttpFailure(400, '"variables" must be an object');
  if (operationName != null && typeof operationName !== 'string') throw new HttpFailure(400, '"operationName" must be a string');
  return { query, variables: (variables as Record<string, unknown> | null) ?? null, operationName: operationName ?? null };
}

/** The API key in `Authorization: Basic base64(user:key)`, as every W&B client sends it. */
function apiKeyOf(req: IncomingMessage): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

function isFirstParty(req: IncomingMessage): boolean {
  const agent = req.headers['user-agent'] ?? '';
  return agent.startsWith(FIRST_PARTY_AGENT) && String(req.headers['use-admin-privileges']).toLowerCase() === 'true';
}

function onlyOperationName(document: DocumentNode): string | null {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operations.length === 1 ? (operations[0]?.name?.value ?? null) : null;
}

function errorCodes(errors: readonly { message: string; extensions?: { code?: unknown } }[] | undefined): string[] {
  return (errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : e.message));
}

function send(res: ServerResponse, type: ResponseType, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

function failureAnswer(failure: HttpFailure): Answer {
  return { status: failure.status, body: { errors: [{ message: failure.message }] }, headers: failure.headers };
}

/** What W&B would answer: authentication, then parsing, validation and execution. */
async function answerRequest(
  req: IncomingMessage,
  body: GraphQLBody | HttpFailure,
  document: DocumentNode | GraphQLError | undefined,
  options: HandlerOptions,
  entry: RequestLogEntry,
  refusal: Extract<FaultAction, { type: 'refuse' }> | undefined,
): Promise<Answer> {
  const key = apiKeyOf(req);
  const viewer: UserRecord | undefined = key === undefined ? undefined : options.store.authenticate(key);
  if (!viewer) {
    const message = key === undefined ? 'authentication required: send HTTP Basic auth with your API key as the password' : 'invalid API key';
    return failureAnswer(new HttpFailure(401, message, { 'www-authenticate': 'Basic realm="W&B"' }));
  }
  entry.identity = viewer.username;
  if (body instanceof HttpFailure) return failureAnswer(body);
  if (!document || !('kind' in document)) {
    const message = document?.message ?? 'the query could not be parsed';
    return { status: 400, body: { errors: [{ message }] } };
  }
  // Extra rules (introspection refused) are per server, so those servers validate uncached.
  const invalid = options.rules ? validate(options.schema, document, options.rules) : validateOnce(options.schema, document);
  if (invalid.length > 0) return { status: 400, body: { errors: invalid.map((e) => e.toJSON()) } };
  const context: RequestContext = {
    store: options.store,
    viewer,
    firstParty: entry.firstParty,
    pageSize: options.pageSize,
    maxPageSize: options.maxPageSize,
    refusal: refusal && { code: refusal.code, message: refusal.message ?? 'refused by an injected fault' },
  };
  const result = await execute({
    schema: options.schema,
    document,
    variableValues: body.variables,
    operationName: body.operationName,
    contextValue: context,
    fieldResolver,
  });
  entry.executed = result.data !== undefined;
  // Without `data` the request itself was unusable (bad variables, unknown operation). With it,
  // a refusal gets its own status (error-codes.ts), and `data` comes along as W&B sends it.
  return { status: result.data === undefined ? 400 : statusOfErrors(result.errors, options.refusalStatus), body: result };
}

// Clients send the same few documents over and over; parsing and validating
// each against the 600-type schema once, not per request, is most of what
// keeps the fake fast under load. Bounded, so random queries cannot grow it.
const MAX_CACHED_DOCUMENTS = 500;
const parsed = new Map<string, DocumentNode | GraphQLError>();
const validated = new WeakMap<DocumentNode, WeakMap<GraphQLSchema, readonly GraphQLError[]>>();

function parseDocument(query: string): DocumentNode | GraphQLError {
  let document = parsed.get(query);
  if (!document) {
    try {
      document = parse(query);
    } catch (error) {
      document = error as GraphQLError;
    }
    if (parsed.size >= MAX_CACHED_DOCUMENTS) parsed.delete(parsed.keys().next().value as string);
    parsed.set(query, document);
  }
  return document;
}

function validateOnce(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
  let bySchema = validated.get(document);
  if (!bySchema) {
    bySchema = new WeakMap();
    validated.set(document, bySchema);
  }
  let errors = bySchema.get(schema);
  if (!errors) {
    errors = validate(schema, document);
    bySchema.set(schema, errors);
  }
  return errors;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers one HTTP request the way W&B's GraphQL endpoint does (or as a fault says), and records it in the log. */
export async function handleRequest(req: IncomingMessage, res: ServerResponse, options: HandlerOptions): Promise<void> {
  const entry: RequestLogEntry = {
    operationName: null,
    variables: null,
    identity: null,
    firstParty: isFirstParty(req),
    status: 0,
    errors: [],
    executed: false,
  };
  const type = responseType(req.headers.accept);
  const reply = (answer: Answer) => {
    entry.status = answer.status;
    const errors = (answer.body as { errors?: readonly { message: string; extensions?: { code?: unknown } }[] } | undefined)?.errors;
    if (errors) entry.errors = errorCodes(errors);
    send(res, type, answer.status, answer.body, answer.headers);
  };
  const hangUp = () => {
    entry.status = 0;
    req.socket.destroy();
  };
  try {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/graphql') {
      // Not a GraphQL answer, as a Go server's mux (W&B's backend is written in Go) answers an
      // unknown path: a client must tell "no endpoint here" from a GraphQL refusal at 404.
      entry.status = 404;
      const text = '404 page not found\n';
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    if (req.method !== 'POST') throw new HttpFailure(405, 'the GraphQL endpoint accepts POST only', { allow: 'POST' });
    const text = await readBody(req);
    let body: GraphQLBody | HttpFailure;
    let document: DocumentNode | GraphQLError | undefined;
    try {
      const unsupported = unsupportedContentType(req.headers['content-type']);
      if (unsupported) throw new HttpFailure(415, unsupported);
      body = parseBody(text);
      entry.operationName = body.operationName;
      entry.variables = redactSecrets(body.variables, { has: (v) => options.store.isIssuedSecret(v) }) as Record<string, unknown> | null;
      document = parseDocument(body.query);
      if ('kind' in document) entry.operationName ??= onlyOperationName(document);
    } catch (error) {
      body = error as HttpFailure;
    }

    const fault = options.faults.next(entry.operationName);
    if (fault) entry.fault = describeFault(fault);
    if (fault?.type === 'latency') await sleep(fault.ms);
    if (fault?.type === 'reset' && fault.when === 'before') return hangUp();
    const rawFault = fault?.type === 'status' || fault?.type === 'body' ? fault : undefined;
    const sendRaw = () => {
      if (!rawFault) return;
      const status = rawFault.status ?? 200;
      entry.status = status;
      const contentType = rawFault.type === 'body' ? (rawFault.contentType ?? 'text/html; charset=utf-8') : 'text/plain; charset=utf-8';
      const payload = rawFault.body ?? '';
      res.writeHead(status, {
        'content-type': contentType,
        'content-length': Buffer.byteLength(payload),
        ...(rawFault.type === 'status' ? rawFault.headers : {}),
      });
      res.end(payload);
    };
    if (rawFault && !rawFault.applied) return sendRaw();
    if (fault?.type === 'graphqlErrors' && !fault.withData) return reply({ status: 200, body: { errors: fault.errors.map(toWireError), data: null } });

    const answer = await answerRequest(req, body, document, options, entry, fault?.type === 'refuse' ? fault : undefined);
    if (fault?.type === 'reset') return hangUp();
    if (rawFault) return sendRaw();
    if (fault?.type === 'truncate') {
      const full = JSON.stringify(answer.body);
      const cut = full.slice(0, Math.floor(full.length * (fault.fraction ?? 0.5)));
      entry.status = answer.status;
      res.writeHead(answer.status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(cut) });
      res.end(cut);
      return;
    }
    if (fault?.type === 'graphqlErrors') {
      const real = answer.body as { data?: unknown; errors?: unknown[] };
      return reply({ status: 200, body: { data: real.data ?? null, errors: [...(real.errors ?? []), ...fault.errors.map(toWireError)] } });
    }
    reply(answer);
  } catch (error) {
    const failure = error instanceof HttpFailure ? error : new HttpFailure(500, 'internal error in the fake W&B server');
    if (!(error instanceof HttpFailure)) console.error('fake W&B server: unexpected error', error);
    reply(failureAnswer(failure));
  } finally {
    options.log.push(entry);
  }
}

function toWireError(error: { message: string; code?: string; path?: (string | number)[] }) {
  return { message: error.message, ...(error.path && { path: error.path }), ...(error.code && { extensions: { code: error.code } }) };
}
