import { setImmediate as realSetImmediate, setTimeout as realSetTimeout } from 'node:timers';
import {
  type Clock,
  checkFiniteNumber,
  checkInteger,
  checkOptionsObject,
  invalidArgument,
  type ManualClock,
} from '@leanvibe/core/contracts';

/** True for a clock that moves only when told to (the contracts' `createManualClock()`). */
export function isManualClock(clock: Clock): clock is ManualClock {
  const candidate = clock as Partial<ManualClock>;
  return (
    typeof candidate.advanceAsync === 'function' &&
    typeof candidate.nextTimerAt === 'function' &&
    typeof candidate.flush === 'function'
  );
}

/** How a promise driven by {@link drive} ended. */
export type Settled<T> =
  | { readonly state: 'fulfilled'; readonly value: T }
  | { readonly state: 'rejected'; readonly reason: unknown }
  | { readonly state: 'pending' };

/** Options of {@link drive}. */
export interface DriveOptions {
  /** Stop waiting after this much clock time; the result is then `pending`. */
  readonly withinMs?: number;
  /**
   * With a manual clock and no timer due, how many event-loop turns to give real I/O before
   * moving time on. @default 50
   */
  readonly idleTurns?: number;
  /**
   * With a manual clock, `withinMs` and nothing scheduled on the clock at all, how long (real
   * time) to wait for real work — I/O, a module loading, a worker thread — to settle the promise
   * or schedule a timer, before moving time to the budget and answering `pending`. Only a
   * promise nothing will ever settle pays it in full. @default 2000
   */
  readonly idleMs?: number;
}

const turn = (): Promise<void> =>
  new Promise((resolve) => {
    realSetImmediate(resolve);
  });

const pause = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    realSetTimeout(resolve, ms);
  });

/** Waits up to `ms` of real time for `progress()`; true when it came. */
async function waitForProgress(progress: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await pause(Math.min(5, Math.max(0, until - Date.now())));
    if (progress()) return true;
  }
  return progress();
}

/**
 * Waits for `promise` while moving `clock`: a manual clock is advanced timer by timer (and, with
 * `withinMs`, never past that budget), so time-based verdicts are deterministic; the system
 * clock is simply waited on, with a real timer for the budget.
 */
export async function drive<T>(
  clock: Clock,
  promise: Promise<T>,
  options: DriveOptions = {},
): Promise<Settled<T>> {
  if (typeof clock?.now !== 'function' || typeof clock.setTimeout !== 'function') {
    throw invalidArgument('clock', 'a Clock', clock);
  }
  if (typeof (promise as { then?: unknown } | null)?.then !== 'function') {
    throw invalidArgument('promise', 'a Promise', promise);
  }
  const checked = checkOptionsObject('options', options);
  const withinMs =
    checked.withinMs === undefined
      ? undefined
      : checkFiniteNumber('withinMs', checked.withinMs, { min: 0 });
  const idleTurns = checkInteger('idleTurns', checked.idleTurns ?? 50, { min: 0 });
  const idleMs = checkFiniteNumber('idleMs', checked.idleMs ?? 2000, { min: 0 });
  let settled: Settled<T> = { state: 'pending' };
  const tracked = Promise.resolve(promise).then(
    (value) => {
      settled = { state: 'fulfilled', value };
    },
    (reason: unknown) => {
      settled = { state: 'rejected', reason };
    },
  );
  if (!isManualClock(clock)) {
    if (withinMs === undefined) {
      await tracked;
      return settled;
    }
    let timer: ReturnType<Clock['setTimeout']> | undefined;
    await Promise.race([
      tracked,
      new Promise<void>((resolve) => {
        timer = clock.setTimeout(resolve, withinMs);
      }),
    ]);
    if (timer !== undefined) clock.clearTimeout(timer);
    return settled;
  }
  const deadline = withinMs === undefined ? undefined : clock.now() + withinMs;
  for (;;) {
    for (let i = 0; i < idleTurns && settled.state === 'pending'; i++) await turn();
    if (settled.state !== 'pending') return settled;
    const next = clock.nextTimerAt();
    if (
      deadline !== undefined &&
      next === undefined &&
      (await waitForProgress(
        () => settled.state !== 'pending' || clock.nextTimerAt() !== undefined,
        idleMs,
      ))
    ) {
      continue;
    }
    if (deadline !== undefined && (next === undefined || next > deadline)) {
      await clock.advanceAsync(Math.max(0, deadline - clock.now()));
      for (let i = 0; i < idleTurns && settled.state === 'pending'; i++) await turn();
      return settled;
    }
    if (next !== undefined) await clock.advanceAsync(Math.max(0, next - clock.now()));
  }
}
