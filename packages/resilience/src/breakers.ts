import { checkFiniteNumber, checkInteger, invalidOption } from '@leanvibe/core/contracts';

/**
 * The failure counter of one circuit breaker: it hears every counted outcome in the closed
 * state and says when to open. Each breaker builds its own window from a {@link Breaker}, so
 * two circuit breakers never share counts.
 */
export interface BreakerWindow {
  /** Whether `success`/`failure` need the current time (the breaker reads the clock only then). */
  readonly needsTime: boolean;
  /** Records a success at time `now`. */
  success(now: number): void;
  /** Records a failure at time `now`; returns true when the circuit should open. */
  failure(now: number): boolean;
  /** Forgets every outcome (when the circuit closes). */
  reset(): void;
  /** A JSON-safe picture of the counts, for `toJSON()` and state stores. */
  toJSON(): unknown;
  /** Restores counts from {@link BreakerWindow.toJSON}; ignores a picture of another kind. */
  restore(snapshot: unknown, now: number): void;
}

/** A recipe for breaker windows: `consecutive(5)`, `count({...})`, `sampling({...})`, or your own. */
export interface Breaker {
  /** A short description for logs and `toJSON()`, e.g. `consecutive(5)`. */
  readonly description: string;
  /** Builds a fresh window for one circuit breaker. */
  create(): BreakerWindow;
}

/**
 * Opens after `threshold` failures in a row; a success starts the count again.
 *
 * @example
 * ```ts
 * circuitBreaker({ breaker: consecutive(5), halfOpenAfterMs: 10_000 });
 * ```
 */
export function consecutive(threshold: number): Breaker {
  const limit = checkInteger('threshold', threshold, { min: 1 });
  return Object.freeze({
    description: `consecutive(${limit})`,
    create(): BreakerWindow {
      let failures = 0;
      return {
        needsTime: false,
        success: () => {
          failures = 0;
        },
        failure: () => ++failures >= limit,
        reset: () => {
          failures = 0;
        },
        toJSON: () => ({ kind: 'consecutive', failures }),
        restore(snapshot) {
          const s = snapshot as { kind?: unknown; failures?: unknown } | null;
          if (s?.kind === 'consecutive' && Number.isInteger(s.failures)) {
            failures = Math.max(0, s.failures as number);
          }
        },
      };
    },
  });
}

/** Options of {@link count}. */
export interface CountBreakerOptions {
  /** How many of the latest calls are remembered. */
  readonly size: number;
  /** The failure ratio, in (0, 1], at which the circuit opens. */
  readonly threshold: number;
  /** Calls remembered before the ratio may open the circuit. @default size */
  readonly minimumCalls?: number;
}

/**
 * Opens when, among the last `size` calls (at least `minimumCalls` of them), the share of
 * failures reaches `threshold`. A fixed ring of outcomes: O(1) per call, no allocation.
 *
 * @example
 * ```ts
 * circuitBreaker({ breaker: count({ size: 100, threshold: 0.5, minimumCalls: 20 }) });
 * ```
 */
export function count(options: CountBreakerOptions): Breaker {
  const size = checkInteger('size', options?.size, { min: 1 });
  const threshold = checkRatio(options.threshold);
  const minimumCalls = checkInteger('minimumCalls', options.minimumCalls ?? size, { min: 1 });
  if (minimumCalls > size) {
    throw invalidOption('minimumCalls', `an integer between 1 and size (${size})`, minimumCalls);
  }
  return Object.freeze({
    description: `count(${size}, ${threshold})`,
    create(): BreakerWindow {
      const ring = new Uint8Array(size);
      let next = 0;
      let filled = 0;
      let failures = 0;
      const push = (outcome: 0 | 1): void => {
        if (filled === size) failures -= ring[next]!;
        else filled++;
        ring[next] = outcome;
        failures += outcome;
        next = next + 1 === size ? 0 : next + 1;
      };
      const reset = (): void => {
        ring.fill(0);
        next = 0;
        filled = 0;
        failures = 0;
      };
      return {
        needsTime: false,
        success: () => push(0),
        failure: () => {
          push(1);
          return filled >= minimumCalls && failures >= threshold * filled;
        },
        reset,
        toJSON: () => {
          let outcomes = '';
          for (let i = 0; i < filled; i++) outcomes += ring[(next - filled + i + size) % size];
          return { kind: 'count', outcomes };
        },
        restore(snapshot) {
          const s = snapshot as { kind?: unknown; outcomes?: unknown } | null;
          if (s?.kind !== 'count' || typeof s.outcomes !== 'string') return;
          reset();
          for (const char of s.outcomes.slice(-size)) push(char === '1' ? 1 : 0);
        },
      };
    },
  });
}

/** Options of {@link sampling}. */
export interface SamplingBreakerOptions {
  /** The sliding window, in milliseconds. */
  readonly windowMs: number;
  /** The failure ratio, in (0, 1], at which the circuit opens. */
  readonly threshold: number;
  /**
   * Calls per second (averaged over the window) needed before the ratio may open the circuit.
   * @default enough for 5 calls per window
   */
  readonly minimumRps?: number;
  /** How many fixed buckets the window is cut into. @default 10 */
  readonly buckets?: number;
}

/**
 * Opens when, over the last `windowMs`, the share of failures reaches `threshold` and traffic
 * reached `minimumRps`. Time is cut into fixed buckets that rotate as the clock moves: O(1) per
 * call, never a per-call array.
 *
 * @example
 * ```ts
 * circuitBreaker({ breaker: sampling({ windowMs: 30_000, threshold: 0.2, minimumRps: 2 }) });
 * ```
 */
export function sampling(options: SamplingBreakerOptions): Breaker {
  const windowMs = checkFiniteNumber('windowMs', options?.windowMs, { min: 1 });
  const threshold = checkRatio(options.threshold);
  const minimumRps = checkFiniteNumber('minimumRps', options.minimumRps ?? 5000 / windowMs, {
    min: 0,
  });
  const buckets = checkInteger('buckets', options.buckets ?? 10, { min: 1, max: 1000 });
  const minimumCalls = Math.max(1, Math.ceil((minimumRps * windowMs) / 1000));
  const bucketMs = windowMs / buckets;
  return Object.freeze({
    description: `sampling(${windowMs} ms, ${threshold})`,
    create(): BreakerWindow {
      const successes = new Uint32Array(buckets);
      const failures = new Uint32Array(buckets);
      let current = 0;
      let currentStart = Number.NaN;
      let totalSuccesses = 0;
      let totalFailures = 0;
      const clear = (index: number): void => {
        totalSuccesses -= successes[index]!;
        totalFailures -= failures[index]!;
        successes[index] = 0;
        failures[index] = 0;
      };
      const reset = (): void => {
        successes.fill(0);
        failures.fill(0);
        totalSuccesses = 0;
        totalFailures = 0;
        currentStart = Number.NaN;
      };
      const rotate = (now: number): void => {
        if (Number.isNaN(currentStart)) {
          currentStart = now;
          return;
        }
        const steps = Math.floor((now - currentStart) / bucketMs);
        if (steps <= 0) return;
        if (steps >= buckets) {
          reset();
          currentStart = now;
          return;
        }
        for (let i = 0; i < steps; i++) {
          current = current + 1 === buckets ? 0 : current + 1;
          clear(current);
        }
        currentStart += steps * bucketMs;
      };
      return {
        needsTime: true,
        success(now) {
          rotate(now);
          successes[current]!++;
          totalSuccesses++;
        },
        failure(now) {
          rotate(now);
          failures[current]!++;
          totalFailures++;
          const total = totalSuccesses + totalFailures;
          return total >= minimumCalls && totalFailures >= threshold * total;
        },
        reset,
        toJSON: () => {
          const pairs: [number, number][] = [];
          for (let i = 1; i <= buckets; i++) {
            const index = (current + i) % buckets;
            pairs.push([successes[index]!, failures[index]!]);
          }
          return { kind: 'sampling', bucketMs, buckets: pairs };
        },
        restore(snapshot, now) {
          const s = snapshot as { kind?: unknown; bucketMs?: unknown; buckets?: unknown } | null;
          if (s?.kind !== 'sampling' || s.bucketMs !== bucketMs || !Array.isArray(s.buckets))
            return;
          if (s.buckets.length !== buckets) return;
          reset();
          s.buckets.forEach((pair: unknown, i) => {
            const [ok, bad] = Array.isArray(pair) ? pair : [];
            successes[i] = Number.isInteger(ok) && ok > 0 ? ok : 0;
            failures[i] = Number.isInteger(bad) && bad > 0 ? bad : 0;
            totalSuccesses += successes[i]!;
            totalFailures += failures[i]!;
          });
          current = buckets - 1;
          currentStart = now;
        },
      };
    },
  });
}

function checkRatio(value: unknown): number {
  const ratio = checkFiniteNumber('threshold', value, { min: 0, max: 1 });
  if (ratio === 0) throw invalidOption('threshold', 'a failure ratio in (0, 1]', ratio);
  return ratio;
}
