import { brandError, createErrorGuard, LeanVibeError } from '@leanvibe/core/contracts';

/**
 * A metric name was used in two incompatible ways: as two kinds of instrument (a counter, then
 * a gauge), or declared twice with different help, unit, labels or buckets. Code
 * `METRICS_CONFLICT`; `details.metric` names the metric.
 */
export class MetricsConflictError extends LeanVibeError {
  static {
    brandError(this, 'MetricsConflictError');
  }
  /** The metric's name, as the caller gave it. */
  readonly metric: string;

  constructor(metric: string, message: string) {
    super('METRICS_CONFLICT', message, { details: { metric } });
    this.metric = metric;
  }
}

/** True for a {@link MetricsConflictError}, from any installed copy. */
export const isMetricsConflictError =
  createErrorGuard<MetricsConflictError>('MetricsConflictError');
