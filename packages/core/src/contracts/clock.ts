/** A timer handle: Node's `Timeout`, or the manual clock's own. `unref` keeps it from holding the process open. */
export interface TimerHandle {
  ref?(): unknown;
  unref?(): unknown;
  hasRef?(): boolean;
}

/** Time as every package sees it, so tests can drive it by hand. */
export interface Clock {
  /** Monotonic milliseconds; only differences are meaningful. */
  now(): number;
  /** Calls `callback` after `ms` milliseconds. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Cancels a timer; unknown or fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The real clock: `performance.now()` and the global timers, looked up at call time so that
 * fake timers (vitest, sinon) installed after import still apply.
 */
export const systemClock: Clock = Object.freeze({
  now: () => globalThis.performance.now(),
  setTimeout: (callback: () => void, ms: number): TimerHandle =>
    globalThis.setTimeout(callback, ms) as unknown as TimerHandle,
  clearTimeout: (handle: TimerHandle): void => {
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
  },
});
