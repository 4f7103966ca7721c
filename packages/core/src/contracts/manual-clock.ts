import { setImmediate as realSetImmediate } from 'node:timers';
import type { Clock, TimerHandle } from './clock.js';
import { checkFiniteNumber } from './options.js';

/** A timer of the {@link ManualClock}. */
interface ManualTimer extends TimerHandle {
  readonly id: number;
  readonly dueAt: number;
  readonly callback: () => void;
  referenced: boolean;
}

/** A {@link Clock} that moves only when told to: deterministic tests of anything with timers. */
export interface ManualClock extends Clock {
  /**
   * Moves time forward by `ms`, firing due timers in order of due time (then creation), each
   * with `now()` equal to its due time. Timers scheduled by callbacks fire too if due in range.
   */
  advance(ms: number): void;
  /**
   * Like {@link ManualClock.advance}, but lets promise chains settle after each timer fires, so
   * `await`-based code (retries, pools) progresses as it would in real time.
   */
  advanceAsync(ms: number): Promise<void>;
  /** Fires every pending timer (including ones they schedule), up to `limit` timers. */
  runAll(limit?: number): Promise<void>;
  /** Lets pending promise callbacks run without moving time. */
  flush(): Promise<void>;
  /** How many timers are pending. */
  pendingTimers(): number;
  /** How many pending timers are referenced (would keep a real process alive). */
  referencedTimers(): number;
  /** When the next timer is due, or `undefined` when none is pending. */
  nextTimerAt(): number | undefined;
}

/** Options of {@link createManualClock}. */
export interface ManualClockOptions {
  /** The initial `now()`. @default 0 */
  readonly start?: number;
}

/**
 * Creates a clock that moves only when you advance it.
 *
 * @example
 * ```ts
 * const clock = createManualClock();
 * clock.setTimeout(() => console.log('fired at', clock.now()), 100);
 * clock.advance(100); // fired at 100
 * ```
 */
export function createManualClock(options: ManualClockOptions = {}): ManualClock {
  let now = checkFiniteNumber('start', options.start ?? 0);
  let nextId = 1;
  const timers = new Map<number, ManualTimer>();

  function next(limit: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const timer of timers.values()) {
      if (timer.dueAt > limit) continue;
      if (best === undefined || timer.dueAt < best.dueAt) best = timer;
    }
    return best;
  }

  function fire(timer: ManualTimer): void {
    timers.delete(timer.id);
    if (timer.dueAt > now) now = timer.dueAt;
    timer.callback();
  }

  function checkStep(ms: number): number {
    return checkFiniteNumber('ms', ms, { min: 0 });
  }

  const flush = (): Promise<void> =>
    new Promise((resolve) => {
      realSetImmediate(resolve);
    });

  return {
    now: () => now,
    setTimeout(callback: () => void, ms: number): TimerHandle {
      const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
      const timer: ManualTimer = {
        id: nextId++,
        dueAt: now + delay,
        callback,
        referenced: true,
        ref() {
          timer.referenced = true;
          return timer;
        },
        unref() {
          timer.referenced = false;
          return timer;
        },
        hasRef: () => timer.referenced,
      };
      timers.set(timer.id, timer);
      return timer;
    },
    clearTimeout(handle: TimerHandle): void {
      const id = (handle as Partial<ManualTimer> | undefined)?.id;
      if (typeof id === 'number' && timers.get(id) === handle) timers.delete(id);
    },
    advance(ms: number): void {
      const target = now + checkStep(ms);
      for (let timer = next(target); timer !== undefined; timer = next(target)) fire(timer);
      now = target;
    },
    async advanceAsync(ms: number): Promise<void> {
      const target = now + checkStep(ms);
      await flush();
      for (let timer = next(target); timer !== undefined; timer = next(target)) {
        fire(timer);
        await flush();
      }
      now = target;
    },
    async runAll(limit = 10_000): Promise<void> {
      await flush();
      for (let fired = 0; timers.size > 0; fired++) {
        if (fired >= limit) {
          throw new Error(`runAll fired ${limit} timers and more are pending: a timer loop?`);
        }
        const timer = next(Number.POSITIVE_INFINITY);
        if (timer !== undefined) fire(timer);
        await flush();
      }
    },
    flush,
    pendingTimers: () => timers.size,
    referencedTimers: () => [...timers.values()].filter((timer) => timer.referenced).length,
    nextTimerAt: () => next(Number.POSITIVE_INFINITY)?.dueAt,
  };
}
