import type { PoolCoreState } from './core-state.js';
import type { PoolStats } from './types.js';

/** A snapshot of the pool's state, counts and totals. */
export function poolStats<T>(core: PoolCoreState<T>): PoolStats {
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
