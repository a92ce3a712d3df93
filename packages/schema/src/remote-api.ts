import { Api } from '@wandb-ts/users';
import { UsageError } from './errors.js';

/** Which W&B server to talk to, and how (the same settings as `@wandb-ts/users`' `Api`). */
export interface ServerOptions {
  /** The W&B server: its base URL (`https://api.wandb.ai`) or its GraphQL endpoint (`.../graphql`). */
  endpoint: string;
  /** Default: `WANDB_API_KEY`, then the `~/.netrc` entry for the host, as the W&B SDKs do. */
  apiKey?: string;
  /** Where `WANDB_API_KEY` and `NETRC` are read from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Time limit of each request, in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Allow plain http to hosts other than loopback. Default false. */
  allowInsecureHttp?: boolean;
}

/** The base URL the Api wants, from either form users paste. */
export function baseUrlOf(endpoint: string): string {
  if (typeof endpoint !== 'string' || endpoint.trim() === '') throw new UsageError('the server must be a URL such as https://api.wandb.ai');
  return endpoint
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/graphql$/, '');
}

/**
 * An `Api` of `@wandb-ts/users` for the server: the same authentication,
 * headers, timeouts and secret-free errors as the SDK. `fetch` replaces the
 * global one (the probe reads error locations through it).
 */
export function remoteApi(options: ServerOptions, fetch?: typeof globalThis.fetch): Api {
  return new Api({
    baseUrl: baseUrlOf(options.endpoint),
    ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    ...(fetch !== undefined && { fetch }),
    allowInsecureHttp: options.allowInsecureHttp === true,
    env: options.env ?? process.env,
  });
}
