import { readFileSync, statSync } from 'node:fs';
import { Api, type Credentials, resolveCredentials } from '@wandb-ts/users';
import { usageError } from './exit-codes.js';
import type { Interrupts } from './interrupts.js';
import { Output } from './output.js';

/** The SDK's default budget for a call and its retries. */
const RETRY_BUDGET_MS = 60_000;

/** Options every command accepts (declared once, on the program). */
export interface GlobalOptions {
  /** --base-url. */
  baseUrl?: string;
  /** --api-key-file. */
  apiKeyFile?: string;
  /** --timeout, in seconds. */
  timeout?: number;
  /** --json. */
  json?: boolean;
  /** --quiet. */
  quiet?: boolean;
  /** false with --no-color. */
  color?: boolean;
  /** --allow-insecure-http. */
  allowInsecureHttp?: boolean;
}

/** What the CLI reads and writes: the process's streams and environment, or stand-ins (see `run`). */
export interface Io {
  /** Results: text, JSON or NDJSON. */
  stdout: NodeJS.WriteStream;
  /** Notes, progress, warnings and errors. */
  stderr: NodeJS.WriteStream;
  /** Read by `users import -`. */
  stdin: NodeJS.ReadStream;
  /** Where WANDB_API_KEY, WANDB_BASE_URL, NETRC, NO_COLOR and friends are read from. */
  env: NodeJS.ProcessEnv;
  /** SIGINT/SIGTERM: commands that stop gracefully (import, serve) register here. */
  interrupts: Interrupts;
}

/**
 * What a command runs with: the parsed global options, where to print, and
 * (created on first use) the credentials and the Api. Commands that need no
 * server (demo, serve, --help) never resolve a key.
 */
export class Context {
  readonly out: Output;
  #credentials: Credentials | undefined;
  #api: Api | undefined;

  constructor(
    readonly options: GlobalOptions,
    readonly io: Io,
  ) {
    this.out = new Output(io.stdout, io.stderr, {
      json: options.json === true,
      quiet: options.quiet === true,
      color: options.color !== false,
      env: io.env,
    });
  }

  get timeoutMs(): number | undefined {
    return this.options.timeout === undefined ? undefined : Math.round(this.options.timeout * 1000);
  }

  /** The base URL and key this invocation uses: --base-url / WANDB_BASE_URL, and --api-key-file / WANDB_API_KEY / ~/.netrc. */
  credentials(): Credentials {
    this.#credentials ??= resolveCredentials({
      ...(this.options.baseUrl !== undefined && { baseUrl: this.options.baseUrl }),
      ...(this.options.apiKeyFile !== undefined && { apiKey: this.#readKeyFile(this.options.apiKeyFile) }),
      allowInsecureHttp: this.options.allowInsecureHttp === true,
      env: this.io.env,
    });
    return this.#credentials;
  }

  api(): Api {
    this.#api ??= this.apiWithKey(this.credentials().apiKey);
    return this.#api;
  }

  /** An Api for the same server with another key (e.g. a freshly created one, to check it works). */
  apiWithKey(apiKey: string): Api {
    const { baseUrl } = this.credentials();
    return new Api({
      baseUrl,
      apiKey,
      allowInsecureHttp: this.options.allowInsecureHttp === true,
      env: this.io.env,
      // A longer --timeout also stretches the SDK's budget for all retries of a call (default 60 s).
      ...(this.timeoutMs !== undefined && { timeoutMs: this.timeoutMs, retry: { deadlineMs: Math.max(RETRY_BUDGET_MS, 2 * this.timeoutMs) } }),
    });
  }

  /** Where the key came from, in words, for messages such as "update it there". */
  keySourceDescription(): string {
    const { apiKeySource, baseUrl } = this.credentials();
    if (apiKeySource === 'apiKey') return `the file ${this.options.apiKeyFile}`;
    if (apiKeySource === 'WANDB_API_KEY') return 'WANDB_API_KEY';
    return `${this.io.env.NETRC ?? '~/.netrc'} (the entry for ${new URL(baseUrl).host})`;
  }

  /** Whether `name` (a key listing name) is the key this invocation authenticates with. */
  isKeyInUse(name: string): boolean {
    return name !== '' && this.credentials().apiKey.startsWith(name);
  }

  #readKeyFile(path: string): string {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw usageError(`cannot read --api-key-file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const key = text.trim();
    if (key === '') throw usageError(`--api-key-file ${path} is empty`);
    if (/\s/.test(key)) throw usageError(`--api-key-file ${path} must hold only the key (one line, no spaces)`);
    // As ssh does for private keys: say so when others can read the secret.
    if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
      this.out.warn(`${path} can be read by other users; \`chmod 600 ${path}\` keeps the key private.`);
    }
    return key;
  }
}
