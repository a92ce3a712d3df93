// biome-ignore-all lint/style/noNonNullAssertion: every index below is checked against the heap's length (or is its last element) before it is read.

// The one concurrency idiom of the CLI: the rows of `users import`, the teams
// sync reads and the actions apply runs all go through a WorkPool. A small
// module of our own rather than p-queue or p-limit: apply is held to the
// throughput of a plain createUser loop, and p-queue's per-task machinery
// (promises, ids, events, a queueMicrotask hop per task) measurably lowered
// it, while apply needs only a bound, an order (the plan's, where
// dependencies allow) and a way to stop starting (Ctrl-C, --fail-fast).
// p-queue and p-limit are also ES modules only, and this package is built to
// CommonJS too, which cannot require() them on Node before 20.19.

interface Entry {
  readonly task: () => Promise<void>;
  readonly priority: number;
  readonly seq: number;
}

const before = (a: Entry, b: Entry) => a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq);

/**
 * Runs tasks at most `concurrency` at a time, the lowest priority first (in
 * the order added among equals). clear() drops what waits (what runs goes on);
 * idle() resolves once nothing waits or runs, and rejects with the first
 * error a task threw (a bug: tasks report failures as results), once the
 * others running have settled.
 */
export class WorkPool {
  // A binary heap: a plan can hold thousands of actions. Sifts move a hole instead of swapping pairs.
  readonly #waiting: Entry[] = [];
  #running = 0;
  #seq = 0;
  #paused = false;
  #error: { error: unknown } | undefined;
  #idle: (() => void)[] = [];
  #room: (() => void)[] = [];

  constructor(readonly concurrency: number) {
    if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError(`concurrency must be a whole number of at least 1, got ${concurrency}`);
  }

  /** Tasks waiting to start. */
  get size(): number {
    return this.#waiting.length;
  }

  /** Adds a task; it starts at once if there is room (and the pool is not paused). */
  add(task: () => Promise<void>, priority = 0): void {
    this.#push({ task, priority, seq: this.#seq++ });
    this.#pump();
  }

  /** Starts nothing until {@link resume}: lets a caller add a batch whose order is then decided by priority alone. */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#pump();
  }

  /** Drops every task that has not started. */
  clear(): void {
    this.#waiting.length = 0;
    this.#settleWaiters();
  }

  /** Resolves when fewer than `concurrency` tasks wait: for feeding a long list a little at a time. */
  whenRoom(): Promise<void> {
    if (this.#waiting.length < this.concurrency) return Promise.resolve();
    return new Promise((resolve) => this.#room.push(resolve));
  }

  /** Resolves when nothing waits or runs; rejects with the first error a task threw. */
  idle(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => (this.#error ? reject(this.#error.error) : resolve());
      if (this.#running === 0 && (this.#waiting.length === 0 || this.#paused)) done();
      else this.#idle.push(done);
    });
  }

  #pump(): void {
    while (!this.#paused && this.#running < this.concurrency) {
      const entry = this.#pop();
      if (entry === undefined) break;
      this.#running++;
      entry.task().then(
        () => this.#finished(),
        (error: unknown) => {
          this.#error ??= { error };
          this.#waiting.length = 0;
          this.#finished();
        },
      );
    }
    this.#settleWaiters();
  }

  #finished(): void {
    this.#running--;
    this.#pump();
  }

  #settleWaiters(): void {
    if (this.#room.length > 0 && this.#waiting.length < this.concurrency) for (const resolve of this.#room.splice(0)) resolve();
    if (this.#idle.length > 0 && this.#running === 0 && this.#waiting.length === 0) for (const done of this.#idle.splice(0)) done();
  }

  #push(entry: Entry): void {
    const items = this.#waiting;
    let i = items.length;
    items.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = items[parent]!;
      if (!before(entry, above)) break;
      items[i] = above;
      i = parent;
    }
    items[i] = entry;
  }

  #pop(): Entry | undefined {
    const items = this.#waiting;
    const top = items[0];
    const last = items.pop();
    const size = items.length;
    if (size === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && before(items[child + 1]!, items[child]!)) child++;
      const below = items[child]!;
      if (!before(below, last)) break;
      items[i] = below;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
