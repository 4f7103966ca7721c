import type { Labels, MetricsSink } from '@leanvibe/core/contracts';
import type { PoolStats } from './types.js';

/** Names of the metrics a pool reports (gauges are sampled at collection time). */
export const POOL_METRICS = Object.freeze({
  /** Gauge: resources that exist. */
  size: 'leanvibe_pool_size',
  /** Gauge: idle resources ready to lend. */
  available: 'leanvibe_pool_available',
  /** Gauge: resources out on loan. */
  borrowed: 'leanvibe_pool_borrowed',
  /** Gauge: callers waiting in `acquire`. */
  pending: 'leanvibe_pool_pending',
  /** Gauge: resources being created. */
  creating: 'leanvibe_pool_creating',
  /** Gauge: the `max` option. */
  max: 'leanvibe_pool_max',
  /** Counter: resources created. */
  created: 'leanvibe_pool_created_total',
  /** Counter: resources destroyed, labelled with `reason`. */
  destroyed: 'leanvibe_pool_destroyed_total',
  /** Counter: failed `create` attempts. */
  createErrors: 'leanvibe_pool_create_errors_total',
  /** Counter: failed or timed-out `destroy` calls. */
  destroyErrors: 'leanvibe_pool_destroy_errors_total',
  /** Counter: idle resources that failed validation. */
  validationFailures: 'leanvibe_pool_validation_failures_total',
  /** Counter: `acquire` calls that timed out. */
  acquireTimeouts: 'leanvibe_pool_acquire_timeouts_total',
  /** Histogram: seconds a caller waited in `acquire` (only callers that had to wait). */
  acquireWait: 'leanvibe_pool_acquire_wait_seconds',
});

function ignore(): void {}

/**
 * Registers a collector that sets the pool's gauges from `stats()` just before each collection,
 * so nothing is computed between scrapes. Returns the function that unregisters it (a no-op
 * when the sink has no `registerCollector`).
 */
export function registerPoolGauges(
  sink: MetricsSink,
  labels: Labels,
  stats: () => PoolStats,
): () => void {
  if (typeof sink.registerCollector !== 'function') return ignore;
  return sink.registerCollector(() => {
    const current = stats();
    sink.gauge(POOL_METRICS.size, current.size, labels);
    sink.gauge(POOL_METRICS.available, current.available, labels);
    sink.gauge(POOL_METRICS.borrowed, current.borrowed, labels);
    sink.gauge(POOL_METRICS.pending, current.pending, labels);
    sink.gauge(POOL_METRICS.creating, current.creating, labels);
    sink.gauge(POOL_METRICS.max, current.max, labels);
  });
}
