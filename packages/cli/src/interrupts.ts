/**
 * SIGINT/SIGTERM handling. A command that can stop cleanly (an import that
 * finishes the requests in flight and writes what is left, a server that
 * closes) registers a handler; every other command, and a second signal,
 * ends the process at once with the "interrupted" status.
 */
export class Interrupts {
  #handler: (() => void) | undefined;
  #received = 0;

  /** `exit` ends the process (the bin passes `process.exit`). */
  constructor(private readonly exit: (code: number) => void) {}

  /** Listens on the process; only the bin does this. */
  listen(code: number): this {
    for (const name of ['SIGINT', 'SIGTERM'] as const) process.on(name, () => this.fire(code));
    return this;
  }

  /** What a signal does: calls the registered handler, or (none, or a second signal) exits with `code`. */
  fire(code: number): void {
    this.#received++;
    const handler = this.#handler;
    if (!handler || this.#received > 1) this.exit(code);
    else handler();
  }

  /** Calls `handler` on the first signal instead of exiting; returns a function that removes it. */
  handle(handler: () => void): () => void {
    this.#handler = handler;
    return () => {
      if (this.#handler === handler) this.#handler = undefined;
    };
  }
}
