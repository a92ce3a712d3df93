import { type GraphNode, walkGraph } from '../../src/sync/schedule.js';

// The scheduler on its own: plain nodes and a callback, no W&B. What apply
// adds on top of it (the executor, the statuses) is tested in apply.test.ts.

type Result = 'ok' | 'failed' | { blockedBy: number };

const node = (id: number, ...dependsOn: number[]): GraphNode => ({ id, dependsOn });

/** A walk that records the order nodes start in; `fail` lists the nodes that fail. */
function recorder(fail: number[] = []) {
  const started: number[] = [];
  let inWork = 0;
  let most = 0;
  return {
    started,
    most: () => most,
    run: async (n: GraphNode): Promise<Result> => {
      started.push(n.id);
      inWork++;
      most = Math.max(most, inWork);
      // A few turns of the event loop, so that several nodes are in work at once.
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
      inWork--;
      return fail.includes(n.id) ? 'failed' : 'ok';
    },
    succeeded: (r: Result) => r === 'ok',
    blocked: (_n: GraphNode, dependency: GraphNode): Result => ({ blockedBy: dependency.id }),
    aborted: 'aborted' as const,
  };
}

describe('walkGraph', () => {
  it('starts the lowest ID among the ready nodes first, each after what it depends on', async () => {
    const walk = recorder();
    const { results, stopped } = await walkGraph({ ...walk, nodes: [node(1), node(2), node(3, 1), node(4), node(5, 3)], concurrency: 1 });
    expect(walk.started).toEqual([1, 2, 3, 4, 5]);
    expect(stopped).toBeNull();
    expect([...results.values()]).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
  });

  it('keeps the number of nodes in work within the concurrency', async () => {
    const walk = recorder();
    await walkGraph({ ...walk, nodes: Array.from({ length: 20 }, (_, i) => node(i + 1)), concurrency: 3 });
    expect(walk.started).toHaveLength(20);
    expect(walk.most()).toBe(3);
  });

  it('blocks the dependents of a failed node, and theirs in turn, without starting them; the rest goes on', async () => {
    const walk = recorder([2]);
    const { results } = await walkGraph({ ...walk, nodes: [node(1), node(2), node(3, 2), node(4, 3), node(5, 1)], concurrency: 2 });
    expect(walk.started.sort()).toEqual([1, 2, 5]);
    expect(Object.fromEntries(results)).toEqual({ 1: 'ok', 2: 'failed', 3: { blockedBy: 2 }, 4: { blockedBy: 3 }, 5: 'ok' });
  });

  it('settles known results first without running them, releasing their dependents', async () => {
    const walk = recorder();
    const { results } = await walkGraph({ ...walk, nodes: [node(1), node(2, 1), node(3)], concurrency: 1, known: new Map([[1, 'ok' as Result]]) });
    expect(walk.started).toEqual([2, 3]);
    expect(results.get(1)).toBe('ok');
  });

  it('starts nothing new once stopAfter gives a reason, and lets the nodes in work finish', async () => {
    const walk = recorder([1]);
    const { results, stopped } = await walkGraph({
      ...walk,
      nodes: Array.from({ length: 10 }, (_, i) => node(i + 1)),
      concurrency: 3,
      stopAfter: (r: Result) => (r === 'failed' ? 'fail-fast' : undefined),
    });
    expect(stopped).toBe('fail-fast');
    // 1, 2 and 3 started together; 1 failed first, so nothing after them started.
    expect(walk.started).toEqual([1, 2, 3]);
    expect([...results.keys()].sort()).toEqual([1, 2, 3]);
  });

  it('starts nothing once the signal is aborted, before or during the walk', async () => {
    const before = recorder();
    const aborted = new AbortController();
    aborted.abort();
    const none = await walkGraph({ ...before, nodes: [node(1), node(2)], concurrency: 2, signal: aborted.signal });
    expect({ started: before.started, stopped: none.stopped }).toEqual({ started: [], stopped: 'aborted' });

    const during = recorder();
    const controller = new AbortController();
    const walked = await walkGraph({
      ...during,
      nodes: Array.from({ length: 10 }, (_, i) => node(i + 1)),
      concurrency: 2,
      signal: controller.signal,
      onResult: () => controller.abort(),
    });
    expect(walked.stopped).toBe('aborted');
    expect(during.started).toEqual([1, 2]);
  });

  it('rejects when a node’s work throws: a bug, not a result', async () => {
    const walk = recorder();
    const failing = walkGraph({
      ...walk,
      nodes: [node(1), node(2)],
      concurrency: 2,
      run: async (n) => {
        if (n.id === 1) throw new Error('bug');
        return walk.run(n);
      },
    });
    await expect(failing).rejects.toThrow('bug');
  });
});
