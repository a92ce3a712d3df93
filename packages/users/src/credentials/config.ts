import { homedir } from 'node:os';
import { join } from 'node:path';
import { readCredentialsFile } from './file.js';
import { AuthenticationError } from '../errors/refusals.js';
import { ValidationError } from '../errors/validation-error.js';
import { netrcPasswordFor } from './netrc.js';
import { redactText } from '../errors/redact.js';
import { checkApiKey } from '../validation/validate.js';

/** W&B Cloud's API, used when neither `baseUrl` nor `WANDB_BASE_URL` is set. */
export const DEFAULT_BASE_URL = 'https://api.wandb.ai';
/** Default time limit of each request, in milliseconds (30 seconds). */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Environment variables, as `process.env` holds them. A type of its own
 * rather than Node's `NodeJS.ProcessEnv`, so that the SDK's types need no
 * `@types/node` (browsers, Deno, other runtimes).
 */
export type Environment = Readonly<Record<string, string | undefined>>;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(url.hostname);
}

/** `process.env` where there is one (Node, Deno, Bun), else nothing. */
export function processEnv(): Environment {
  return (globalThis as { process?: { env?: Environment } }).process?.env ?? {};
}

/**
 * The base URL from the option, `WANDB_BASE_URL`, or W&B Cloud, checked: an
 * absolute http(s) URL without credentials, and not plain http to a remote host
 * unless the caller opted in, because the API key would cross the network in
 * clear text.
 */
export function resolveBaseUrl(option: string | undefined, env: Environment, allowInsecureHttp: boolean): URL {
  const raw = option ?? env.WANDB_BASE_URL ?? DEFAULT_BASE_URL;
  const argument = option !== undefined ? 'baseUrl' : env.WANDB_BASE_URL !== undefined ? 'WANDB_BASE_URL' : undefined;
  const source = argument === 'WANDB_BASE_URL' ? 'WANDB_BASE_URL' : 'the base URL';
  const refuse = (message: string) => new ValidationError(message, { argument });
  if (typeof raw !== 'string' || raw.trim() === '') throw refuse(`${source} must be a non-empty URL string`);
  if (/[\u0000-\u001f\u007f\s]/.test(raw.trim())) throw refuse(`${source} contains whitespace or control characters`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw refuse(`${source} is not a valid URL: ${JSON.stringify(redactText(raw.slice(0, 100)))}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse(`${source} must use http or https, not ${url.protocol}`);
  if (url.username || url.password) throw refuse(`${source} must not contain credentials (user:password@); the API key is sent in a header`);
  if (url.search || url.hash) throw refuse(`${source} must not have a query string or fragment`);
  if (url.protocol === 'http:' && !isLoopback(url) && !allowInsecureHttp) {
    throw refuse(
      `refusing to send an API key over plain http to ${url.host}: anyone on the network could read it. ` +
        'Use https; plain http to a host other than this machine must be allowed explicitly, for a network you trust.',
    );
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** The netrc files looked at, in order: `NETRC` if set, else `~/.netrc` and `~/_netrc` (as the W&B CLI does). */
function netrcCandidates(env: Environment): string[] {
  return env.NETRC ? [env.NETRC] : [join(homedir(), '.netrc'), join(homedir(), '_netrc')];
}

/** The first netrc file that can be read, and its text; a file too large to be one is a ValidationError. */
function readNetrc(env: Environment): { path: string; text: string } | undefined {
  for (const path of netrcCandidates(env)) {
    let text: string;
    try {
      text = readCredentialsFile(path, { argument: 'netrc' });
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      // Absent or unreadable: try the next place, as the W&B CLI does.
      continue;
    }
    return { path, text };
  }
  return undefined;
}

interface ResolvedKey {
  key: string;
  source: Credentials['apiKeySource'];
  netrcPath: string | undefined;
}

function findApiKey(option: string | undefined, env: Environment, baseUrl: URL): ResolvedKey {
  if (option !== undefined && typeof option !== 'string') throw new ValidationError('the API key must be a string', { argument: 'apiKey' });
  let found: ResolvedKey | undefined;
  if (option !== undefined) found = { key: option, source: 'apiKey', netrcPath: undefined };
  else if (env.WANDB_API_KEY !== undefined) found = { key: env.WANDB_API_KEY, source: 'WANDB_API_KEY', netrcPath: undefined };
  else {
    const netrc = readNetrc(env);
    const password = netrc && netrcPasswordFor(netrc.text, baseUrl);
    if (netrc && password !== undefined) found = { key: password, source: 'netrc', netrcPath: netrc.path };
  }
  if (found === undefined || found.key.trim() === '') {
    throw new AuthenticationError(
      `no W&B API key: none was given, WANDB_API_KEY is not set, and no netrc file (what \`wandb login\` writes) has an entry for ${baseUrl.host}`,
    );
  }
  return { ...found, key: checkApiKey(found.key, found.source) };
}

/** The API key from the option, `WANDB_API_KEY`, or the netrc entry for the host (what `wandb login` writes). */
export function resolveApiKey(option: string | undefined, env: Environment, baseUrl: URL): string {
  return findApiKey(option, env, baseUrl).key;
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
  env?: Environment;
}

/** What `resolveCredentials` found. `apiKey` is not enumerable, so logging or serialising the object does not show it. */
export interface Credentials {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** The API key: a secret. Not enumerable on the returned object. */
  readonly apiKey: string;
  /** Where the key came from: the `apiKey` option, `WANDB_API_KEY`, or the netrc file. */
  readonly apiKeySource: 'apiKey' | 'WANDB_API_KEY' | 'netrc';
  /** The netrc file the key was read from, when `apiKeySource` is `'netrc'` (e.g. to check that only its owner can read it). */
  readonly netrcPath: string | undefined;
}

/**
 * The base URL and API key that `new Api(options)` would use, and where the key
 * came from, without sending anything. For tools that must know the key in use
 * (a CLI rotating it, or refusing to delete it). Throws as the constructor does.
 * Netrc files are read with a size bound (1 MiB): a larger one is a ValidationError.
 */
export function resolveCredentials(options: CredentialOptions = {}): Credentials {
  const env = options.env ?? processEnv();
  const base = resolveBaseUrl(options.baseUrl, env, options.allowInsecureHttp === true);
  const { key, source, netrcPath } = findApiKey(options.apiKey, env, base);
  const credentials = { baseUrl: base.href.replace(/\/+$/, ''), apiKeySource: source, netrcPath } as Credentials;
  Object.defineProperty(credentials, 'apiKey', { value: key, enumerable: false });
  return credentials;
}
