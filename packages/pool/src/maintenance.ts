import type { Entry } from './entry.js';
import type { DestroyReason } from './events.js';
import type { ResolvedPoolOptions } from './options.js';

/**
 * When the next idle eviction or lifetime expiry among `idle` is due (clock time), or
 * `Infinity` when none is. `idle` is a stack whose bottom is the least recently used entry.
 */
export function nextMaintenanceAt<T>(
  options: ResolvedPoolOptions<T>,
  idle: readonly Entry<T>[],
  size: number,
): number {
  const { idleTimeoutMs, maxLifetimeMs, min } = options;
  let due = Number.POSITIVE_INFINITY;
  if (idle.length === 0) return due;
  if (idleTimeoutMs !== Number.POSITIVE_INFINITY && size > min) {
    due = idle[0]!.lastUsedAt + idleTimeoutMs;
  }
  if (maxLifetimeMs !== Number.POSITIVE_INFINITY) {
    for (const entry of idle) due = Math.min(due, entry.createdAt + maxLifetimeMs);
  }
  return due;
}

/**
 * Takes out of `idle` (in place) the entries due at `now`: those past `maxLifetimeMs`, then
 * the least recently used ones idle for `idleTimeoutMs`, as long as `size` stays above `min`.
 */
export function takeDue<T>(
  options: ResolvedPoolOptions<T>,
  idle: Entry<T>[],
  size: number,
  now: number,
): [Entry<T>, DestroyReason][] {
  const { idleTimeoutMs, maxLifetimeMs, min } = options;
  const due: [Entry<T>, DestroyReason][] = [];
  if (maxLifetimeMs !== Number.POSITIVE_INFINITY) {
    for (let i = idle.length - 1; i >= 0; i--) {
      const entry = idle[i]!;
      if (now - entry.createdAt < maxLifetimeMs) continue;
      idle.splice(i, 1);
      due.push([entry, 'maxLifetime']);
    }
  }
  let remaining = size - due.length;
  while (idle.length > 0 && remaining > min && now - idle[0]!.lastUsedAt >= idleTimeoutMs) {
    due.push([idle.shift()!, 'idle']);
    remaining--;
  }
  return due;
}
