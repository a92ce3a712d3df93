import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get hits() {
      return state.hits;
    },
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
