import type PQueue from 'p-queue' with { 'resolution-mode': 'import' };

// Every pool of the CLI (the rows of `users import`, the teams sync reads, the
// actions apply runs) is a p-queue: concurrency, priorities (apply starts the
// earliest ready action of the plan first), clear() to start nothing new and
// onIdle() to wait for what is in flight.
//
// p-queue is an ES module only, and this package is also built to CommonJS,
// which can require() an ES module only from Node 20.19 on (the package
// supports 20.10): import() loads it in both builds, once, with the first queue.

let loading: Promise<typeof PQueue> | undefined;

/** A queue running at most `concurrency` tasks at a time. */
export async function workQueue(concurrency: number): Promise<PQueue> {
  loading ??= import('p-queue').then((module) => module.default);
  const Queue = await loading;
  return new Queue({ concurrency });
}
