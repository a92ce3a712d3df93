// Type-checked by the registry round-trip with no @types/node at all (a
// browser project: TypeScript's standard library and the DOM, nothing else).
// The published declarations of @wandb-ts/users must need nothing more.
import {
  Api,
  type ApiOptions,
  type CallOptions,
  type Environment,
  RedirectError,
  ResponseTooLargeError,
  type User,
  ValidationError,
  wandbHeaders,
} from '@wandb-ts/users';
import { GetViewerDocument, type GetViewerQuery } from '@wandb-ts/users/graphql';

export async function viewerIn(env: Environment, signal: AbortSignal): Promise<User> {
  const options: ApiOptions = { env, fetch: globalThis.fetch, maxResponseBytes: 1 << 20 };
  const api = new Api(options);
  const call: CallOptions = { signal, timeoutMs: 5000 };
  const data: GetViewerQuery = await api.request(GetViewerDocument, {}, call);
  if (!data.viewer) throw new ValidationError('no viewer', { argument: 'apiKey' });
  return api.viewer(call);
}

export function describe(error: unknown): string {
  if (error instanceof RedirectError) return `moved: ${error.location ?? 'somewhere'}`;
  if (error instanceof ResponseTooLargeError) return `over ${error.limitBytes} bytes at ${error.path ?? 'the body'}`;
  if (error instanceof ValidationError) return `bad ${error.argument ?? 'input'}`;
  return String(error);
}

export const headers: Record<string, string> = wandbHeaders('k'.repeat(40));
