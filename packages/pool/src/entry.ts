import type { TimerHandle } from '@leanvibe/core/contracts';

/** In the idle stack, ready to lend. */
export const IDLE = 0;
/** Out on loan. */
export const BORROWED = 1;
/** Taken from the idle stack and being validated before a loan. */
export const VALIDATING = 2;

/** What the pool knows about one resource it holds. */
export interface Entry<T> {
  readonly resource: T;
  readonly createdAt: number;
  /** When it last went idle (only kept while idle eviction or lifetimes are on). */
  lastUsedAt: number;
  /** Loans so far. */
  uses: number;
  state: typeof IDLE | typeof BORROWED | typeof VALIDATING;
  /** The `leaseTimeoutMs` watch of the current loan. */
  leaseTimer: TimerHandle | undefined;
}

/** Calls `handle.unref()` when the clock's handles have it; returns the handle. */
export function unref(handle: TimerHandle): TimerHandle {
  handle.unref?.();
  return handle;
}

/** Whether `value` is a promise or another thenable. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
