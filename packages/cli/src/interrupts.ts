/** What a command does on SIGINT or SIGTERM (see {@link Interrupts.handle}). */
export interface InterruptHandler {
  /**
   * The first signal: stop cleanly (finish the requests in flight, report the
   * rest). Without it, the first signal ends the process, after `last`.
   */
  first?(): void;
  /**
   * Last words before the process ends on a signal (a second one, or the
   * first without `first`): what was interrupted, what is known so far.
   * Synchronous: the process exits right after.
   */
  last?(): void;
}

/**
 * SIGINT/SIGTERM handling. A command that can stop cleanly (an import that
 * finishes the requests in flight and writes what is left, an apply, a server
 * that closes) registers a handler; every other command, and a second signal,
 * ends the process at once with the "interrupted" status, after the handler's
 * last words, if any.
 */
export class Interrupts {
  #handler: InterruptHandler | undefined;
  #received = 0;

  /** `exit` ends the process (the bin passes `process.exit`). */
  constructor(private readonly exit: (code: number) => void) {}

  /** Listens on the process; only the bin does this. */
  listen(code: number): this {
    for (const name of ['SIGINT', 'SIGTERM'] as const) process.on(name, () => this.fire(code));
    return this;
  }

  /** What a signal does: the handler's `first`, or (none, or a second signal) its `last` and exit with `code`. */
  fire(code: number): void {
    this.#received++;
    const handler = this.#handler;
    if (handler?.first && this.#received === 1) {
      handler.first();
      return;
    }
    try {
      handler?.last?.();
    } finally {
      this.exit(code);
    }
  }

  /** Makes `handler` what the next signal does; returns a function that removes it. */
  handle(handler: InterruptHandler): () => void {
    this.#handler = handler;
    return () => {
      if (this.#handler === handler) this.#handler = undefined;
    };
  }
}
