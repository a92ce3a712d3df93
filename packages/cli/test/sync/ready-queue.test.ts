import type { Action } from '../../src/sync/actions.js';
import { ReadyQueue } from '../../src/sync/ready-queue.js';

const action = (id: number) => ({ id }) as Action;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('ReadyQueue', () => {
  it('gives the lowest ID first, whatever order actions were pushed in', () => {
    const next = random(14);
    const ids = Array.from({ length: 500 }, (_, i) => i + 1).sort(() => next() - 0.5);
    const queue = new ReadyQueue();
    for (const id of ids) queue.push(action(id));
    expect(queue.size).toBe(500);
    const popped: number[] = [];
    for (let a = queue.pop(); a !== undefined; a = queue.pop()) popped.push(a.id);
    expect(popped).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(queue.size).toBe(0);
    expect(queue.pop()).toBeUndefined();
  });

  it('stays ordered when pushes and pops interleave, as in apply', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const next = random(seed);
      const queue = new ReadyQueue();
      const model: number[] = [];
      for (let step = 0; step < 300; step++) {
        if (model.length === 0 || next() < 0.55) {
          const id = Math.floor(next() * 1000);
          queue.push(action(id));
          model.push(id);
        } else {
          model.sort((a, b) => a - b);
          expect(queue.pop()?.id).toBe(model.shift());
        }
        expect(queue.size).toBe(model.length);
      }
    }
  });
});
