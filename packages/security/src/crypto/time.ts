import { invalidArgument } from '@leanvibe/core/contracts';

/** A point in time: a `Date` or milliseconds since the Unix epoch. */
export type Instant = Date | number;

/** Milliseconds since the epoch of `value` (default: the wall clock), checked. */
export function instantMs(name: string, value: Instant | undefined): number {
  if (value === undefined) return Date.now();
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw invalidArgument(name, 'a valid Date or a finite number of epoch milliseconds ≥ 0', value);
  }
  return ms;
}

/** Checks an optional TTL in milliseconds. */
export function checkTtlMs(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidArgument(name, 'a finite number of milliseconds ≥ 0', value);
  }
  return value;
}
