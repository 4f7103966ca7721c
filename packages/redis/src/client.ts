import { invalidOption, type Labels, type MetricsSink } from '@leanvibe/core/contracts';
import type { Redis } from 'ioredis';

/** The metric names this package reports; every series has the label `name` or `prefix`. */
export const REDIS_METRICS = Object.freeze({
  /** Counter of cache lookups, labelled `result` (`hit`, `local-hit`, `miss`, `error`). */
  cacheLookups: 'leanvibe_redis_cache_lookups_total',
  /** Counter of rate-limit decisions, labelled `result` (`allowed`, `limited`, `store-down`). */
  rateLimit: 'leanvibe_redis_rate_limit_total',
  /** Counter of circuit snapshots received from other processes, labelled `state`. */
  circuitRemote: 'leanvibe_redis_circuit_remote_total',
  /** Counter of failed Redis commands, labelled `op`. */
  errors: 'leanvibe_redis_errors_total',
} as const);

/** Checks that `client` looks like an ioredis client (the app owns it; it is never closed here). */
export function checkClient(client: unknown): Redis {
  const c = client as Partial<Redis> | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    typeof c.get !== 'function' ||
    typeof c.set !== 'function' ||
    typeof c.duplicate !== 'function'
  ) {
    throw invalidOption('client', 'an ioredis client', client);
  }
  return c as Redis;
}

/** Checks an optional `metrics` option. */
export function checkMetrics(metrics: unknown): MetricsSink | undefined {
  const m = metrics as Partial<MetricsSink> | undefined;
  if (m === undefined) return undefined;
  if (typeof m?.counter !== 'function') {
    throw invalidOption('metrics', 'a MetricsSink (counter, gauge, histogram)', metrics);
  }
  return m as MetricsSink;
}

/** Adds one to `name` in an optional sink. */
export function count(sink: MetricsSink | undefined, name: string, labels: Labels): void {
  sink?.counter(name, 1, labels);
}
