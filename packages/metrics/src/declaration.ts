import { invalidArgument } from '@leanvibe/core/contracts';
import type { MetricType } from './types.js';

/**
 * Default histogram buckets, in seconds: 0.5 ms to 10 s, with bounds at the Epic 1 budgets
 * (10 ms, 50 ms, 2 s).
 */
export const DEFAULT_BUCKETS: readonly number[] = Object.freeze([
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10,
]);

/** True when both lists are absent, or hold the same items in the same order. */
export function sameList(
  a: readonly unknown[] | undefined,
  b: readonly unknown[] | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** Checks a unit and that `name` ends in it (before `_total` for a counter). */
export function checkUnit(name: string, unit: unknown, type: MetricType): string {
  if (typeof unit !== 'string' || !/^[a-z][a-z0-9_]*$/.test(unit)) {
    throw invalidArgument('unit', 'a lower_snake unit such as "seconds" or "bytes"', unit);
  }
  const stem = type === 'counter' ? name.slice(0, -'_total'.length) : name;
  if (!stem.endsWith(`_${unit}`)) {
    throw invalidArgument(
      'name',
      `a name ending in "_${unit}${type === 'counter' ? '_total' : ''}" (its unit is ${unit})`,
      name,
    );
  }
  return unit;
}

/** Checks histogram bounds: non-empty, finite, strictly increasing; a trailing `+Inf` is dropped. */
export function checkBuckets(
  buckets: unknown,
  name: string,
  fail: (name: string, expected: string, value: unknown) => Error,
): readonly number[] {
  const expected = 'a non-empty array of strictly increasing finite numbers (+Inf is implied)';
  if (!Array.isArray(buckets)) throw fail(name, expected, buckets);
  const list = buckets.at(-1) === Number.POSITIVE_INFINITY ? buckets.slice(0, -1) : buckets;
  const ok =
    list.length > 0 &&
    list.every(
      (bound, i) =>
        typeof bound === 'number' && Number.isFinite(bound) && (i === 0 || bound > list[i - 1]),
    );
  if (!ok) throw fail(name, expected, buckets);
  return Object.freeze([...list]);
}

/**
 * Checks the suffix rules both ecosystems lint for: counters end in `_total` and nothing else
 * does; a histogram's name does not end like one of its own series (`_bucket`, `_count`, `_sum`).
 */
export function checkNameForType(name: string, type: MetricType): void {
  if (type === 'counter' && !name.endsWith('_total')) {
    throw invalidArgument('name', 'a counter name ending in "_total"', name);
  }
  if (type !== 'counter' && name.endsWith('_total')) {
    throw invalidArgument('name', `a ${type} name not ending in "_total" (only counters do)`, name);
  }
  if (type === 'histogram' && /_(bucket|count|sum)$/.test(name)) {
    throw invalidArgument('name', 'a histogram name not ending in _bucket, _count or _sum', name);
  }
}
