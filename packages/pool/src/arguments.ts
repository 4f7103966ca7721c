import { type InvalidArgumentError, invalidArgument } from '@leanvibe/core/contracts';
import type { PoolAcquireOptions } from './types.js';

/** The checked `signal` and `priority` of an acquire call, or the error naming what was wrong. */
export function readAcquireOptions(
  options: PoolAcquireOptions,
): { signal: AbortSignal | undefined; priority: number } | InvalidArgumentError {
  if (typeof options !== 'object' || options === null) {
    return invalidArgument('options', 'an object', options);
  }
  const { signal, priority = 0 } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    return invalidArgument('signal', 'an AbortSignal', signal);
  }
  if (typeof priority !== 'number' || !Number.isFinite(priority)) {
    return invalidArgument('priority', 'a finite number', priority);
  }
  return { signal, priority };
}
