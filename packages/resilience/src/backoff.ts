import {
  checkFiniteNumber,
  checkFunction,
  checkOneOf,
  invalidOption,
} from '@leanvibe/core/contracts';

/**
 * How retry delays are randomised:
 * - `'full'`: a uniform delay between 0 and the exponential delay (AWS "full jitter"); spreads
 *   a crowd of clients the most.
 * - `'decorrelated'`: a uniform delay between `minDelayMs` and three times the previous delay,
 *   capped at `maxDelayMs` (AWS "decorrelated jitter"); `factor` does not apply.
 * - `'none'`: exactly `minDelayMs × factor^n`, capped at `maxDelayMs`.
 */
export type Jitter = 'full' | 'decorrelated' | 'none';

/** The delay settings of a retry policy, validated. */
export interface Backoff {
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly factor: number;
  readonly jitter: Jitter;
  readonly random: () => number;
}

/** Validates the delay options; the defaults are documented on `RetryOptions`. */
export function normalizeBackoff(options: {
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly factor?: number;
  readonly jitter?: Jitter;
  readonly random?: () => number;
}): Backoff {
  const minDelayMs = checkFiniteNumber('minDelayMs', options.minDelayMs ?? 100, { min: 0 });
  const maxDelayMs = checkFiniteNumber(
    'maxDelayMs',
    options.maxDelayMs ?? Math.max(30_000, minDelayMs),
    { min: 0 },
  );
  if (maxDelayMs < minDelayMs) {
    throw invalidOption('maxDelayMs', `a finite number ≥ minDelayMs (${minDelayMs})`, maxDelayMs);
  }
  const factor = checkFiniteNumber('factor', options.factor ?? 2, { min: 1 });
  const jitter = checkOneOf('jitter', options.jitter ?? 'full', ['full', 'decorrelated', 'none']);
  const random = checkFunction<() => number>('random', options.random ?? Math.random);
  return { minDelayMs, maxDelayMs, factor, jitter, random };
}

/**
 * The delay before the next retry, in whole milliseconds. `consumed` is how many retries were
 * consumed before this one (failures that consume none do not grow the delay); `previous` is
 * the last delay waited, for decorrelated jitter.
 */
export function nextDelay(
  backoff: Backoff,
  consumed: number,
  previous: number | undefined,
): number {
  const { minDelayMs, maxDelayMs, factor, jitter } = backoff;
  if (jitter === 'decorrelated') {
    const upper = Math.max(minDelayMs, (previous ?? minDelayMs) * 3);
    return Math.round(Math.min(maxDelayMs, minDelayMs + unit(backoff) * (upper - minDelayMs)));
  }
  const exponential = Math.min(maxDelayMs, minDelayMs * factor ** consumed);
  return Math.round(jitter === 'full' ? unit(backoff) * exponential : exponential);
}

function unit(backoff: Backoff): number {
  const value = backoff.random();
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
