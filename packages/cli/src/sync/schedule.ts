import { WorkPool } from '../work-pool.js';

// The scheduler of apply, and nothing of W&B: a graph of nodes that depend on
// each other, walked at most `concurrency` at a time. What a node does, what
// counts as success, and when to stop are the caller's (apply.ts and its
// executor); the walk only decides what may start, and when.

/** A node of the graph: its ID (among the ready nodes, the lowest starts first) and the nodes that must succeed first. */
export interface GraphNode {
  /** Unique in the graph; among the nodes ready, the lowest starts first. */
  readonly id: number;
  /** The IDs of the nodes that must succeed before this one starts. */
  readonly dependsOn: readonly number[];
}

/** What {@link walkGraph} walks, and what it calls back. */
export interface Walk<N extends GraphNode, R, S> {
  /** The nodes; a dependency on an ID that is not among them is ignored. */
  readonly nodes: readonly N[];
  /** Nodes in work at once, 1 or more. */
  readonly concurrency: number;
  /** Does a node's work. Must not reject: a failure is a result like any other. */
  run(node: N): Promise<R>;
  /** Whether a result lets the nodes that depend on it start. */
  succeeded(result: R): boolean;
  /** The result of a node that cannot start because `dependency` did not succeed (it ended with `result`). */
  blocked(node: N, dependency: N, result: R): R;
  /** Results known before the walk (work done already): settled first, releasing what depends on them. */
  readonly known?: ReadonlyMap<number, R>;
  /** After each result: a reason to start nothing new, or undefined to go on. */
  stopAfter?(result: R): S | undefined;
  /** Aborting starts nothing new (the reason is `aborted`); the nodes in work finish. */
  readonly signal?: AbortSignal | undefined;
  /** The stop reason an abort gives. */
  readonly aborted: S;
  /** As a node starts its work. */
  onStart?(node: N): void;
  /** As each node settles: with its result, blocked, or known. */
  onResult?(node: N, result: R): void;
}

/** What a walk did: a result for every node that settled (the others never started), and why it stopped early, if it did. */
export interface Walked<R, S> {
  /** The result of every node that settled, by ID. */
  readonly results: ReadonlyMap<number, R>;
  /** Why the walk stopped before the end, or null when it ran to the end. */
  readonly stopped: S | null;
}

/**
 * Walks a dependency graph: each node starts once every node it depends on
 * has succeeded, at most `concurrency` at a time, the lowest ID first among
 * those ready (so the nodes' order is kept wherever dependencies allow). A
 * node whose dependency did not succeed is settled as {@link Walk.blocked}
 * without starting, and so are its own dependents, in turn. Once stopped
 * (`stopAfter`, or the signal), nothing new starts and the walk resolves when
 * the nodes in work have settled.
 */
export async function walkGraph<N extends GraphNode, R, S>(walk: Walk<N, R, S>): Promise<Walked<R, S>> {
  const pool = new WorkPool(walk.concurrency);
  const nodes = new Map(walk.nodes.map((node) => [node.id, node]));
  const waiting = new Map<number, number>();
  const dependents = new Map<number, N[]>();
  const results = new Map<number, R>();
  let stopped: S | null = null;

  const stop = (reason: S) => {
    stopped ??= reason;
    pool.clear();
  };
  const settle = (node: N, result: R) => {
    if (results.has(node.id)) return;
    results.set(node.id, result);
    walk.onResult?.(node, result);
    const ok = walk.succeeded(result);
    for (const next of dependents.get(node.id) ?? []) {
      if (results.has(next.id)) continue;
      if (!ok) {
        settle(next, walk.blocked(next, node, result));
        continue;
      }
      const left = (waiting.get(next.id) ?? 0) - 1;
      waiting.set(next.id, left);
      if (left === 0) release(next);
    }
  };
  const start = async (node: N) => {
    if (walk.signal?.aborted) stop(walk.aborted);
    if (stopped !== null || results.has(node.id)) return;
    walk.onStart?.(node);
    const result = await walk.run(node);
    settle(node, result);
    const reason = walk.stopAfter?.(result);
    if (reason !== undefined) stop(reason);
  };
  const release = (node: N) => pool.add(() => start(node), node.id);

  for (const node of nodes.values()) {
    for (const id of node.dependsOn) {
      if (!nodes.has(id)) continue;
      waiting.set(node.id, (waiting.get(node.id) ?? 0) + 1);
      const list = dependents.get(id);
      if (list) list.push(node);
      else dependents.set(id, [node]);
    }
  }
  const onAbort = () => stop(walk.aborted);
  walk.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (walk.signal?.aborted) stop(walk.aborted);
    // Paused while it is filled, so that what starts first is the lowest ID of all that are ready.
    pool.pause();
    const ready = [...nodes.values()].filter((node) => !waiting.get(node.id));
    for (const [id, result] of [...(walk.known ?? [])].sort(([a], [b]) => a - b)) {
      const node = nodes.get(id);
      if (node) settle(node, result);
    }
    for (const node of ready) if (!results.has(node.id)) release(node);
    pool.resume();
    await pool.idle();
  } finally {
    walk.signal?.removeEventListener('abort', onAbort);
  }
  return { results, stopped };
}
