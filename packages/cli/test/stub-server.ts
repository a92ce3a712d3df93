import { createServer, type IncomingMessage, type Server } from 'node:http';

/** What a stub answers to one GraphQL request: a JSON body (status 200 unless said). */
export interface StubAnswer {
  status?: number;
  body: unknown;
}

/** A GraphQL request as the stub received it. */
export interface StubRequest {
  operationName: string;
  variables: Record<string, unknown>;
}

/** A misbehaving "W&B server" written for one test, on 127.0.0.1 (the fake stays W&B-faithful). */
export interface Stub {
  baseUrl: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts a stub that answers each GraphQL POST with `answer(request)`. */
export async function startStub(answer: (request: StubRequest) => StubAnswer): Promise<Stub> {
  const requests: StubRequest[] = [];
  const server: Server = createServer((req, res) => {
    void body(req).then((text) => {
      const parsed = JSON.parse(text) as { operationName?: string; query: string; variables?: Record<string, unknown> };
      const operationName = parsed.operationName ?? /(?:query|mutation)\s+(\w+)/.exec(parsed.query)?.[1] ?? '';
      const request = { operationName, variables: parsed.variables ?? {} };
      requests.push(request);
      const { status = 200, body: payload } = answer(request);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A user as W&B's UserFragment selects it. */
export function userNode(user: {
  id: string;
  username: string;
  email: string;
  name: string;
  admin?: boolean;
  accountType?: string;
  teams?: string[];
  keys?: { id: string; name: string; description: string | null }[];
}) {
  return {
    id: user.id,
    name: user.name,
    username: user.username,
    email: user.email,
    admin: user.admin ?? false,
    flags: null,
    accountType: user.accountType ?? 'USER',
    entity: user.username,
    deletedAt: null,
    apiKeys: { edges: (user.keys ?? []).map((node) => ({ node })) },
    teams: { edges: (user.teams ?? []).map((name) => ({ node: { name } })) },
  };
}
