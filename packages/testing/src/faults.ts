// Programmable faults: what a W&B server, or the proxies in front of it, do
// on a bad day. Each fault is scoped to an operation name and to a window of
// calls, so a test can say "the second DeleteApiKey gets a 502 after the key
// was deleted" and check how the client copes.
import { type FakeErrorCode, WANDB_STATUS } from './error-codes.js';

/** What the fake does instead of (or on top of) answering normally. */
export type FaultAction =
  /** Waits `ms`, then answers normally. */
  | { type: 'latency'; ms: number }
  /**
   * Answers with this HTTP status, body and headers. With `applied: true` the
   * operation is executed first (the backend did the work, the proxy lost the
   * answer); by default it is not.
   */
  | { type: 'status'; status: number; body?: string; headers?: Record<string, string>; applied?: boolean }
  /**
   * Destroys the connection without an answer: `before` executing (nothing
   * happened) or `after` executing (the mutation is applied, the client cannot know).
   */
  | { type: 'reset'; when: 'before' | 'after' }
  /** Answers with a raw body (an HTML error page, say); `applied` as for `status`. Default status 200. */
  | { type: 'body'; body: string; contentType?: string; status?: number; applied?: boolean }
  /** Executes, then sends only the first `fraction` (default 0.5) of the real JSON answer, as a complete response. */
  | { type: 'truncate'; fraction?: number }
  /**
   * Answers 200 with these GraphQL errors. With `withData: true` the operation
   * is executed and its real data is sent alongside (a partial result);
   * otherwise nothing is executed and `data` is null.
   */
  | { type: 'graphqlErrors'; errors: { message: string; code?: string; path?: (string | number)[] }[]; withData?: boolean }
  /**
   * The operation is refused as the fake's own resolvers refuse: each of its
   * root fields answers a GraphQL error with this code (and `message`, default
   * `refused by an injected fault`) before changing anything, with `data` null
   * there and the HTTP status of the server's `refusalStatus` style (W&B's
   * status for the code, or 200).
   */
  | { type: 'refuse'; code: FakeErrorCode; message?: string };

/**
 * Where and when a fault applies, for {@link FakeWandb.injectFault}: matching
 * calls (by operation name) are counted, the first `skip` pass untouched, and
 * the next `times` get `fault`.
 */
export interface FaultSpec {
  /** Operation name to match (`GetViewer`...); omitted: every operation. */
  operation?: string;
  /** Matching calls to let through before the fault starts. Default 0. */
  skip?: number;
  /** How many matching calls get the fault. Default 1; `Infinity` for all. */
  times?: number;
  /** What happens to the affected calls. */
  fault: FaultAction;
}

/** A fault as installed; `hits` counts the calls it has affected. */
export interface InstalledFault extends Readonly<FaultSpec> {
  /** How many calls this fault has affected so far (live: read it after the calls). */
  readonly hits: number;
}

interface Entry {
  spec: FaultSpec;
  seen: number;
  hits: number;
}

export function describeFault(fault: FaultAction): string {
  switch (fault.type) {
    case 'latency':
      return `latency ${fault.ms}ms`;
    case 'status':
      return `status ${fault.status}${fault.applied ? ' (applied)' : ''}`;
    case 'reset':
      return `reset ${fault.when}`;
    case 'body':
      return `body ${fault.contentType ?? 'text/html'}${fault.applied ? ' (applied)' : ''}`;
    case 'truncate':
      return 'truncate';
    case 'graphqlErrors':
      return `graphqlErrors${fault.withData ? ' with data' : ''}`;
    case 'refuse':
      return `refuse ${fault.code}`;
  }
}

function check(spec: FaultSpec): void {
  const { fault } = spec;
  if (!fault || typeof fault !== 'object') throw new TypeError('a fault needs a `fault` action');
  if ((spec.skip ?? 0) < 0 || (spec.times ?? 1) < 1) throw new RangeError('skip must be >= 0 and times >= 1');
  if (fault.type === 'latency' && !(fault.ms >= 0)) throw new RangeError('latency needs ms >= 0');
  if ((fault.type === 'status' || fault.type === 'body') && fault.status !== undefined && !(fault.status >= 100 && fault.status <= 599)) {
    throw new RangeError(`not an HTTP status: ${fault.status}`);
  }
  if (fault.type === 'refuse' && !Object.hasOwn(WANDB_STATUS, fault.code)) throw new RangeError(`not an error code of the fake: ${String(fault.code)}`);
  if (fault.type === 'truncate' && fault.fraction !== undefined && !(fault.fraction >= 0 && fault.fraction < 1)) {
    throw new RangeError('truncate needs 0 <= fraction < 1');
  }
}

/** The installed faults of one fake server, matched in installation order. */
export class FaultPlan {
  private entries: Entry[] = [];

  add(spec: FaultSpec): InstalledFault {
    check(spec);
    const entry: Entry = { spec: { ...spec }, seen: 0, hits: 0 };
    this.entries.push(entry);
    return Object.defineProperty({ ...entry.spec }, 'hits', { get: () => entry.hits, enumerable: true }) as InstalledFault;
  }

  clear(): void {
    this.entries = [];
  }

  /** The fault for this call of `operation`, if any; counts the call against every matching fault. */
  next(operation: string | null): FaultAction | undefined {
    let chosen: FaultAction | undefined;
    for (const entry of this.entries) {
      if (entry.spec.operation !== undefined && entry.spec.operation !== operation) continue;
      const index = entry.seen++;
      const skip = entry.spec.skip ?? 0;
      const times = entry.spec.times ?? 1;
      if (!chosen && index >= skip && index < skip + times) {
        entry.hits++;
        chosen = entry.spec.fault;
      }
    }
    return chosen;
  }
}
