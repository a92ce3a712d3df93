import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, type ApiOptions } from '../src';
import type { FakeWandb } from '@wandb-ts/testing';

/** An Api for the fake, authenticated with `apiKey` (default: the fake's admin). */
export function apiFor(fake: FakeWandb, apiKey = fake.adminApiKey, options: ApiOptions = {}): Api {
  return new Api({ baseUrl: fake.baseUrl, apiKey, env: {}, ...options });
}

export interface RawServer {
  baseUrl: string;
  hits: number;
  close(): Promise<void>;
}

/**
 * A bare HTTP server on 127.0.0.1 for the few faults the fake W&B server does
 * not produce (HTML error pages, hanging responses): still real HTTP, no mocks.
 */
export async function startRawServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<RawServer> {
  const state = { hits: 0 };
  const server = createServer((req, res) => {
    state.hits++;
    req.resume();
    handler(req, res);
  });
  return {
    ...(await listening(server)),
    get hits() {
      return state.hits;
    },
  };
}

/** `server` listening on a free port of 127.0.0.1: its base URL, and how to close it with its connections. */
async function listening(server: Server): Promise<{ baseUrl: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A request as a stub server received it. */
export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** `operationName` of a JSON body, when it has one. */
  operationName: string | undefined;
}

export interface StubServer extends RawServer {
  requests: StubRequest[];
}

/**
 * A small HTTP server on 127.0.0.1 for hostile-server tests: reads each
 * request's body, records it, and lets `handler` answer however it likes
 * (wrong shapes, redirects, huge or compressed bodies). Not the fake W&B
 * server, which stays faithful to W&B.
 */
export async function startStubServer(handler: (request: StubRequest, res: ServerResponse) => void | Promise<void>): Promise<StubServer> {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let operationName: string | undefined;
      try {
        operationName = (JSON.parse(body) as { operationName?: string }).operationName;
      } catch {
        operationName = undefined;
      }
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, operationName };
      requests.push(request);
      Promise.resolve(handler(request, res)).catch((error: unknown) => {
        res.destroy(error as Error);
      });
    });
  });
  return {
    ...(await listening(server)),
    requests,
    get hits() {
      return requests.length;
    },
  };
}

/** Answers with `body` as JSON (status 200 unless given). */
export function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A complete GetViewer `viewer`, as the operation selects it. */
export function viewerData(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'VXNlcjox',
    name: 'Ann',
    username: 'ann',
    email: 'ann@example.com',
    admin: true,
    flags: null,
    entity: 'ann',
    deletedAt: null,
    accountType: 'USER',
    apiKeys: { edges: [{ node: { id: 'QXBpS2V5OjE=', name: 'listed-name', description: null } }] },
    teams: { edges: [] },
    ...over,
  };
}

/** What `make` throws (fails the test if it returns). */
export function thrown<T = Error>(make: () => unknown): T {
  try {
    make();
  } catch (error) {
    return error as T;
  }
  throw new Error('expected a throw');
}

/** Settles `promise` and returns what it threw (fails the test if it resolved). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    (value: unknown) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${String(outcome.value)}`);
  return outcome.error as Error;
}

/** Polls until `condition` holds; the test's own timeout bounds the wait. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
