import type { PoolCore } from './core.js';
import type { PoolStats } from './types.js';

/** The pool's running totals, as `stats()` reports them. */
export interface PoolCounts {
  created: number;
  destroyed: number;
  createErrors: number;
  destroyErrors: number;
  validationFailures: number;
  acquired: number;
  acquireTimeouts: number;
}

/** Every total at zero, for a new pool. */
export function newCounts(): PoolCounts {
  return {
    created: 0,
    destroyed: 0,
    createErrors: 0,
    destroyErrors: 0,
    validationFailures: 0,
    acquired: 0,
    acquireTimeouts: 0,
  };
}

/** A snapshot of the pool's state, counts and totals. */
export function poolStats<T>(core: PoolCore<T>): PoolStats {
  const available = core.idle.length;
  return {
    state: core.state,
    size: available + core.borrowed + core.validating,
    available,
    borrowed: core.borrowed,
    validating: core.validating,
    pending: core.waiters.size,
    creating: core.creating,
    destroying: core.destroying,
    min: core.options.min,
    max: core.options.max,
    ...core.count,
  };
}
