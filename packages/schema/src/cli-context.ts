import type { RemoteOptions } from './source.js';

/** What every command needs, built once from the program's options before the command runs. */
export interface CliContext {
  /** How to reach a W&B server named by a URL, and how much of a file to read. */
  remote: RemoteOptions;
  /** Writes a note to standard error (never to standard output, which holds the result). */
  note(text: string): void;
}

/** The program-wide options, as commander parsed them. */
export interface GlobalFlags {
  /** --timeout, in seconds. */
  timeout?: number | undefined;
  allowInsecureHttp?: true | undefined;
  /** --max-input-mib: the largest schema or document file read. */
  maxInputMib?: number | undefined;
}

/** The context for a run: the remote settings from the flags and the environment. */
export function createContext(flags: GlobalFlags, env: NodeJS.ProcessEnv, stderr: (text: string) => void): CliContext {
  return {
    remote: {
      env,
      ...(flags.timeout !== undefined && { timeoutMs: Math.round(flags.timeout * 1000) }),
      allowInsecureHttp: flags.allowInsecureHttp === true,
      ...(flags.maxInputMib !== undefined && { maxFileBytes: flags.maxInputMib * 1024 * 1024 }),
    },
    note: (text) => stderr(`wandb-schema: ${text}\n`),
  };
}
