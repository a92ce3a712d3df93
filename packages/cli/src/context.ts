import { Api, type Credentials, resolveCredentials } from '@wandb-ts/users';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { Interrupts } from './interrupts.js';
import { isSharedFile, netrcPath, readKeyFile } from './input/key-file.js';
import type { GlobalOptions } from './options.js';
import { Output } from './output/output.js';
import type { SyncClient } from './sync/client.js';
import { t } from './output/terminal/styled.js';

/** The SDK's default budget for a call and its retries. */
const RETRY_BUDGET_MS = 60_000;

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
 * How commands reach what the SDK's Api does not give them directly. The
 * program passes the real ones; tests pass in-memory stand-ins.
 */
export interface Services {
  /** The client `sync` reads and changes the server through. */
  syncClient(ctx: Context): SyncClient;
  /** Runs another `wandb-users` command in this process, as `run` does: the demo's steps. */
  run?(args: readonly string[], io: Io): Promise<number>;
}

/**
 * What a command runs with, built once per invocation (in the program's
 * `preAction` hook): the parsed global options, where to print, and (created
 * on first use) the credentials and the Api. Commands that need no server
 * (demo, serve, --help) never resolve a key.
 */
export class Context {
  readonly out: Output;
  /** The status the process ends with; a command sets it when it is not 0. */
  exitCode: ExitCode = EXIT.OK;
  #credentials: Credentials | undefined;
  #api: Api | undefined;

  constructor(
    readonly options: GlobalOptions,
    readonly io: Io,
    private readonly services?: Services,
    /** The arguments this invocation was given (without `node` and the script), for hints that repeat the command. */
    private readonly args: readonly string[] = [],
  ) {
    this.out = new Output(io.stdout, io.stderr, {
      json: options.json === true,
      quiet: options.quiet === true,
      color: options.color,
      env: io.env,
    });
  }

  get timeoutMs(): number | undefined {
    return this.options.timeout === undefined ? undefined : Math.round(this.options.timeout * 1000);
  }

  /** The base URL and key this invocation uses (see KEY_SOURCES for the order). */
  credentials(): Credentials {
    if (this.#credentials) return this.#credentials;
    const { apiKeyFile } = this.options;
    const file = apiKeyFile === undefined ? undefined : readKeyFile(apiKeyFile);
    this.#credentials = resolveCredentials({
      ...(this.options.baseUrl !== undefined && { baseUrl: this.options.baseUrl }),
      ...(file !== undefined && { apiKey: file.key }),
      allowInsecureHttp: this.options.allowInsecureHttp === true,
      env: this.io.env,
    });
    // As ssh does for private keys: say so when others can read the secret in use.
    if (file?.sharedWithOthers && apiKeyFile !== undefined) this.#warnShared(apiKeyFile);
    if (this.#credentials.apiKeySource === 'netrc') {
      const netrc = netrcPath(this.io.env);
      if (netrc !== undefined && isSharedFile(netrc)) this.#warnShared(netrc);
    }
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

  /** The client `wandb-users sync` works through. */
  syncClient(): SyncClient {
    if (!this.services) throw new Error('wandb-users: this context was built without services');
    return this.services.syncClient(this);
  }

  /** Runs another `wandb-users` command in this process with its own streams and environment; resolves to its exit status. */
  runCommand(args: readonly string[], io: Io): Promise<number> {
    if (!this.services?.run) throw new Error('wandb-users: this context was built without a command runner');
    return this.services.run(args, io);
  }

  /** Where the key came from, in words, for messages such as "update it there". */
  keySourceDescription(): string {
    const { apiKeySource, baseUrl } = this.credentials();
    if (apiKeySource === 'apiKey') return `the file ${this.options.apiKeyFile}`;
    if (apiKeySource === 'WANDB_API_KEY') return 'WANDB_API_KEY';
    return `${this.io.env.NETRC ?? '~/.netrc'} (the entry for ${new URL(baseUrl).host})`;
  }

  /**
   * This command line as the person could type it again, with `extra` added
   * (`wandb-users users deactivate jtanaka --yes`): arguments quoted for a
   * POSIX shell where they need it.
   */
  commandLine(...extra: string[]): string {
    const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);
    return ['wandb-users', ...[...this.args, ...extra].map(quote)].join(' ');
  }

  /** {@link Context.keySourceDescription}, once the credentials were resolved; undefined before (nothing is read for it). */
  resolvedKeySource(): string | undefined {
    return this.#credentials === undefined ? undefined : this.keySourceDescription();
  }

  /** Whether `name` (a key listing name) is the key this invocation authenticates with. */
  isKeyInUse(name: string): boolean {
    return name !== '' && this.credentials().apiKey.startsWith(name);
  }

  #warnShared(path: string): void {
    this.out.warn(t`${path} holds the API key in use and can be read by other users; \`chmod 600 ${path}\` keeps it private.`);
  }
}
