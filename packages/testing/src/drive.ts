import { setImmediate as realSetImmediate } from 'node:timers';
import type { Clock, ManualClock } from '@leanvibe/core/contracts';

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
}

const turn = (): Promise<void> =>
  new Promise((resolve) => {
    realSetImmediate(resolve);
  });

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
  let settled: Settled<T> = { state: 'pending' };
  const tracked = promise.then(
    (value) => {
      settled = { state: 'fulfilled', value };
    },
    (reason: unknown) => {
      settled = { state: 'rejected', reason };
    },
  );
  const { withinMs } = options;
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
  const idleTurns = options.idleTurns ?? 50;
  for (;;) {
    for (let i = 0; i < idleTurns && settled.state === 'pending'; i++) await turn();
    if (settled.state !== 'pending') return settled;
    const next = clock.nextTimerAt();
    if (deadline !== undefined && (next === undefined || next > deadline)) {
      await clock.advanceAsync(Math.max(0, deadline - clock.now()));
      for (let i = 0; i < idleTurns && settled.state === 'pending'; i++) await turn();
      return settled;
    }
    if (next !== undefined) await clock.advanceAsync(Math.max(0, next - clock.now()));
  }
}
