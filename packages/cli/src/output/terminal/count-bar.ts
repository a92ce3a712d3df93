import { Presets, SingleBar } from 'cli-progress';
import type { Output } from '../output.js';

/** A bar that counts finished items; what `users import` and `sync apply` show on a terminal. */
export interface CountBar<P> {
  /** One more item finished; `payload` fills the format's other fields. */
  tick(payload: P): void;
  /** Draws the bar a last time and leaves it on the screen. Idempotent: an interrupt stops it early. */
  stop(): void;
}

/**
 * A progress bar on stderr for a person at a terminal: `format` is
 * cli-progress's (`{bar}`, `{value}`, `{total}`, `{duration_formatted}` and the
 * payload's fields). It shows counts and the CLI's own words only, never data
 * from a file or the server, since it writes its own cursor controls.
 */
export function countBar<P extends Record<string, string | number>>(out: Output, total: number, format: string, initial: P): CountBar<P> {
  const bar = new SingleBar(
    {
      stream: out.progressStream(),
      format,
      hideCursor: true,
      clearOnComplete: false,
      // Redraw at most 10 times a second however fast items finish.
      fps: 10,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, initial);
  let running = true;
  return {
    tick(payload) {
      if (running) bar.increment(1, payload);
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
