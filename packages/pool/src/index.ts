export type { PoolAcquireWaitMessage, PoolDiagnosticsChannelName } from './diagnostics.js';
export { POOL_DIAGNOSTICS_CHANNELS } from './diagnostics.js';
export type { PoolReleaseProblem } from './errors.js';
export {
  isPoolAcquireTimeoutError,
  isPoolClosedError,
  isPoolCreateError,
  isPoolCreateTimeoutError,
  isPoolDestroyTimeoutError,
  isPoolError,
  isPoolQueueFullError,
  isPoolReleaseError,
  PoolAcquireTimeoutError,
  PoolClosedError,
  PoolCreateError,
  PoolCreateTimeoutError,
  PoolDestroyTimeoutError,
  PoolError,
  PoolQueueFullError,
  PoolReleaseError,
} from './errors.js';
export type { DestroyReason, PoolEvents, PoolListener } from './events.js';
export { POOL_METRICS } from './metrics.js';
export type { CreateRetryOptions, LeaseTimeoutInfo, PoolOptions } from './options.js';
export { createPool } from './pool.js';
export type {
  DrainOptions,
  Pool,
  PoolAcquireOptions,
  PoolState,
  PoolStats,
  PoolUseOptions,
} from './types.js';
