import type { GraphQLErrorInfo } from '@wandb-ts/users';
import type { ProbeAnswer, ProbeError } from './probe-answer.js';
import { remoteApi, type ServerOptions } from './remote-api.js';
import { serverMessage } from './printable.js';

/** Sends probe requests to one server; see {@link createProbeClient}. */
export interface ProbeClient {
  /** The GraphQL endpoint. */
  readonly url: string;
  /**
   * Sends `text` with `variables` and returns the server's GraphQL answer,
   * at any HTTP status that carries one. Throws the SDK's typed errors when
   * there is none: authentication refused, server error, network failure...
   */
  send(text: string, variables: Record<string, unknown>): Promise<ProbeAnswer>;
}

interface RawAnswer {
  data?: unknown;
  errors?: unknown;
}

/** What the probe reads of an answer itself (error locations and whether data came back); larger bodies are not read. */
const MAX_READ_BYTES = 1024 * 1024;

async function readCapped(response: Response): Promise<RawAnswer | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_READ_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  try {
    const json: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return json !== null && typeof json === 'object' ? json : undefined;
  } catch {
    return undefined;
  }
}

function locationsOf(raw: unknown): ProbeError['locations'] {
  const locations = raw !== null && typeof raw === 'object' && 'locations' in raw ? raw.locations : undefined;
  if (!Array.isArray(locations)) return [];
  return locations.flatMap((l: unknown) => {
    if (l === null || typeof l !== 'object' || !('line' in l) || !('column' in l)) return [];
    const { line, column } = l;
    return typeof line === 'number' && typeof column === 'number' ? [{ line, column }] : [];
  });
}

/**
 * The answer from what the SDK reports (messages with secrets masked, codes,
 * paths) and what the probe read of the same body (locations, which the SDK
 * does not keep, and whether data came back). Errors are paired by position;
 * if the two lists differ, locations are dropped rather than mismatched.
 */
function answerOf(status: number, errors: readonly GraphQLErrorInfo[], raw: RawAnswer | undefined): ProbeAnswer {
  const rawErrors = Array.isArray(raw?.errors) && raw.errors.length === errors.length ? raw.errors : [];
  return {
    status,
    executed: raw?.data !== null && typeof raw?.data === 'object',
    errors: errors.map((error, i) => ({
      message: serverMessage(error.message),
      ...(error.code !== undefined && { code: error.code }),
      ...(error.path !== undefined && { path: error.path }),
      locations: locationsOf(rawErrors[i]),
    })),
  };
}

/** A client that sends probe requests through `@wandb-ts/users` (its authentication, headers, timeouts, retries and typed errors). */
export function createProbeClient(options: ServerOptions): ProbeClient {
  let last: Promise<RawAnswer | undefined> | undefined;
  // The SDK's `fetch` option: the probe reads a copy of each answer for what the SDK does not keep.
  const fetchAndRead: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    last = readCapped(response.clone()).catch(() => undefined);
    return response;
  };
  const api = remoteApi(options, fetchAndRead);
  return {
    url: api.graphqlUrl,
    async send(text, variables) {
      last = undefined;
      // The SDK returns every GraphQL answer: at 200, and at the 4xx W&B answers with (400 for a
      // document or variables it refuses, 403, 404 and 409 for an operation it ran and refused).
      // 401, 429, 5xx and pages that are not GraphQL are thrown, as its typed errors.
      const result = await api.execute<unknown, Record<string, unknown>>(text, variables);
      return answerOf(result.status, result.errors, await last);
    },
  };
}
