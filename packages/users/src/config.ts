import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationError, ValidationError } from './errors.js';
import { netrcPasswordFor } from './netrc.js';
import { redactText } from './redact.js';

/** W&B Cloud's API, used when neither `baseUrl` nor `WANDB_BASE_URL` is set. */
export const DEFAULT_BASE_URL = 'https://api.wandb.ai';
/** Default time limit of each request, in milliseconds (30 seconds). */
export const DEFAULT_TIMEOUT_MS = 30_000;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(url.hostname);
}

/**
 * The base URL from the option, `WANDB_BASE_URL`, or W&B Cloud, checked: an
 * absolute http(s) URL without credentials, and not plain http to a remote host
 * unless the caller opted in, because the API key would cross the network in
 * clear text.
 */
export function resolveBaseUrl(option: string | undefined, env: NodeJS.ProcessEnv, allowInsecureHttp: boolean): URL {
  const raw = option ?? env.WANDB_BASE_URL ?? DEFAULT_BASE_URL;
  const source = option !== undefined ? 'baseUrl' : env.WANDB_BASE_URL !== undefined ? 'WANDB_BASE_URL' : 'the default base URL';
  const argument = option !== undefined ? 'baseUrl' : 'WANDB_BASE_URL';
  if (typeof raw !== 'string' || raw.trim() === '') throw new ValidationError(`${source} must be a non-empty URL string`, { argument });
  if (/[\u0000-\u001f\u007f\s]/.test(raw.trim())) throw new ValidationError(`${source} contains whitespace or control characters`, { argument });
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ValidationError(`${source} is not a valid URL: ${JSON.stringify(redactText(raw.slice(0, 100)))}`, { argument });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationError(`${source} must use http or https, not ${url.protocol}`, { argument });
  if (url.username || url.password) throw new ValidationError(`${source} must not contain credentials; pass apiKey instead`, { argument });
  if (url.search || url.hash) throw new ValidationError(`${source} must not have a query string or fragment`, { argument });
  if (url.protocol === 'http:' && !isLoopback(url) && !allowInsecureHttp) {
    throw new ValidationError(
      `refusing to send an API key over plain http to ${url.host}: anyone on the network could read it. ` +
        'Use https, or pass allowInsecureHttp: true if this network is trusted.',
      { argument },
    );
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

function readNetrc(env: NodeJS.ProcessEnv): string | undefined {
  const candidates = env.NETRC ? [env.NETRC] : [join(homedir(), '.netrc'), join(homedir(), '_netrc')];
  for (const path of candidates) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      // Absent or unreadable: try the next place, as the W&B CLI does.
    }
  }
  return undefined;
}

/** The API key from the option, `WANDB_API_KEY`, or the netrc entry for the host (what `wandb login` writes). */
export function resolveApiKey(option: string | undefined, env: NodeJS.ProcessEnv, baseUrl: URL): string {
  if (option !== undefined && typeof option !== 'string') throw new ValidationError('apiKey must be a string', { argument: 'apiKey' });
  const key = option ?? env.WANDB_API_KEY ?? (() => {
    const netrc = readNetrc(env);
    return netrc === undefined ? undefined : netrcPasswordFor(netrc, baseUrl);
  })();
  if (key === undefined || key.trim() === '') {
    throw new AuthenticationError(
      `no W&B API key: pass apiKey, set WANDB_API_KEY, or run \`wandb login\` (a ~/.netrc entry for ${baseUrl.host})`,
    );
  }
  // Which setting holds the bad key: the option, the variable, or the netrc file.
  const apiKeyArgument = option !== undefined ? 'apiKey' : env.WANDB_API_KEY !== undefined ? 'WANDB_API_KEY' : 'netrc';
  if (/[\s\u0000-\u001f\u007f]/.test(key.trim()) || /[^\x20-\x7e]/.test(key.trim())) {
    throw new ValidationError('the API key contains whitespace, control or non-ASCII characters; check how it was copied', { argument: apiKeyArgument });
  }
  return key.trim();
}

/** Where `resolveCredentials` looks; the same options as `new Api()` takes. */
export interface CredentialOptions {
  /** An explicit key; wins over `WANDB_API_KEY` and the netrc file. */
  apiKey?: string;
  /** Default: `WANDB_BASE_URL`, then `https://api.wandb.ai`. */
  baseUrl?: string;
  /** Allow plain `http://` to hosts other than loopback. Default false. */
  allowInsecureHttp?: boolean;
  /** Where `WANDB_API_KEY`, `WANDB_BASE_URL` and `NETRC` are read from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** What `resolveCredentials` found. `apiKey` is not enumerable, so logging or serialising the object does not show it. */
export interface Credentials {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** The API key: a secret. Not enumerable on the returned object. */
  readonly apiKey: string;
  /** Where the key came from: the `apiKey` option, `WANDB_API_KEY`, or the netrc file. */
  readonly apiKeySource: 'apiKey' | 'WANDB_API_KEY' | 'netrc';
}

/**
 * The base URL and API key that `new Api(options)` would use, and where the key
 * came from, without sending anything. For tools that must know the key in use
 * (a CLI rotating it, or refusing to delete it). Throws as the constructor does.
 */
export function resolveCredentials(options: CredentialOptions = {}): Credentials {
  const env = options.env ?? process.env;
  const base = resolveBaseUrl(options.baseUrl, env, options.allowInsecureHttp === true);
  const apiKey = resolveApiKey(options.apiKey, env, base);
  const apiKeySource = options.apiKey !== undefined ? 'apiKey' : env.WANDB_API_KEY !== undefined ? 'WANDB_API_KEY' : 'netrc';
  const credentials = { baseUrl: base.href.replace(/\/+$/, ''), apiKeySource } as Credentials;
  Object.defineProperty(credentials, 'apiKey', { value: apiKey, enumerable: false });
  return credentials;
}
