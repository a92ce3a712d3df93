import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DocumentNode, execute, type GraphQLError, type GraphQLSchema, Kind, parse, validate } from 'graphql';
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
}

export interface HandlerOptions {
  schema: GraphQLSchema;
  store: FakeWandbStore;
  pageSize: number;
  maxPageSize: number;
  log: RequestLogEntry[];
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

function errorCodes(errors: readonly GraphQLError[] | undefined): string[] {
  return (errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : e.message));
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Answers one HTTP request the way W&B's GraphQL endpoint does, and records it in the log. */
export async function handleRequest(req: IncomingMessage, res: ServerResponse, options: HandlerOptions): Promise<void> {
  const entry: RequestLogEntry = { operationName: null, variables: null, identity: null, firstParty: isFirstParty(req), status: 0, errors: [] };
  const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
    entry.status = status;
    send(res, status, body, headers);
  };
  try {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/graphql') throw new HttpFailure(404, `no route for ${path}; the GraphQL endpoint is /graphql`);
    if (req.method !== 'POST') throw new HttpFailure(405, 'the GraphQL endpoint accepts POST only', { allow: 'POST' });
    const text = await readBody(req);
    let body: GraphQLBody | HttpFailure;
    try {
      body = parseBody(text);
      entry.operationName = body.operationName;
      entry.variables = redactSecrets(body.variables, options.store.allSecrets()) as Record<string, unknown> | null;
    } catch (error) {
      body = error as HttpFailure;
    }

    const key = apiKeyOf(req);
    const viewer: UserRecord | undefined = key === undefined ? undefined : options.store.authenticate(key);
    if (!viewer) {
      throw new HttpFailure(401, key === undefined ? 'authentication required: send HTTP Basic auth with your API key as the password' : 'invalid API key', {
        'www-authenticate': 'Basic realm="W&B"',
      });
    }
    entry.identity = viewer.username;
    if (body instanceof HttpFailure) throw body;

    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (error) {
      entry.errors = [(error as GraphQLError).message];
      return reply(400, { errors: [{ message: (error as GraphQLError).message }] });
    }
    entry.operationName ??= onlyOperationName(document);
    const invalid = validate(options.schema, document);
    if (invalid.length > 0) {
      entry.errors = errorCodes(invalid);
      return reply(400, { errors: invalid.map((e) => e.toJSON()) });
    }
    const context: RequestContext = {
      store: options.store,
      viewer,
      firstParty: entry.firstParty,
      pageSize: options.pageSize,
      maxPageSize: options.maxPageSize,
    };
    const result = await execute({
      schema: options.schema,
      document,
      variableValues: body.variables,
      operationName: body.operationName,
      contextValue: context,
      fieldResolver,
    });
    entry.errors = errorCodes(result.errors);
    // Without `data` the request itself was unusable (bad variables, unknown operation).
    reply(result.data === undefined ? 400 : 200, result);
  } catch (error) {
    const failure = error instanceof HttpFailure ? error : new HttpFailure(500, 'internal error in the fake W&B server');
    if (!(error instanceof HttpFailure)) console.error('fake W&B server: unexpected error', error);
    entry.errors = [failure.message];
    reply(failure.status, { errors: [{ message: failure.message }] }, failure.headers);
  } finally {
    options.log.push(entry);
  }
}
