import { WandbError, type WandbErrorDetails } from './wandb-error.js';

// No answer at all.

/** No response: the connection failed, was reset, or DNS failed. */
export class NetworkError extends WandbError {
  /** The system error code when there is one (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`...). */
  readonly code: string | undefined;
  constructor(message: string, details: WandbErrorDetails & { code?: string | undefined } = {}) {
    super(message, details);
    this.code = details.code;
  }
}

/** No response within the time limit (`timeoutMs`). */
export class TimeoutError extends NetworkError {
  constructor(
    message: string,
    /** The time limit that ran out, in milliseconds. */
    readonly timeoutMs: number,
    details: WandbErrorDetails = {},
  ) {
    super(message, { ...details, code: 'ETIMEDOUT' });
  }
}

/** The caller's `AbortSignal` fired. */
export class AbortError extends NetworkError {}
