// biome-ignore-all lint/style/noNonNullAssertion: every index below is checked against the array's length (or is its last element) before it is read.
import type { Action } from './actions.js';

/**
 * The actions ready to run, the lowest ID (the earliest in the plan) first, so
 * that apply keeps the plan's order wherever dependencies allow: a binary heap,
 * as a plan can hold thousands of actions.
 */
export class ReadyQueue {
  readonly #items: Action[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(action: Action): void {
    const items = this.#items;
    items.push(action);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.id <= items[i]!.id) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }

  /** The ready action with the lowest ID, taken out; `undefined` when none is ready. */
  pop(): Action | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < items.length && items[l]!.id < items[min]!.id) min = l;
        if (r < items.length && items[r]!.id < items[min]!.id) min = r;
        if (min === i) break;
        [items[min], items[i]] = [items[i]!, items[min]!];
        i = min;
      }
    }
    return top;
  }
}
