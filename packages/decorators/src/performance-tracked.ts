import {
  type Clock,
  checkBoolean,
  checkFiniteNumber,
  checkFunction,
  checkOptionsObject,
  checkString,
  invalidOption,
  type Labels,
  type Logger,
  type MetricsSink,
  noopMetrics,
  PluginMemoryError,
} from '@leanvibe/core/contracts';
import { isThenable, loggerOf, methodLabel, metricsOf, ownerOf, pluginIdOf } from './instance.js';
import {
  type AnyFunction,
  defineMethodDecorator,
  type Method,
  type MethodDecorator,
  type MethodInfo,
  wrapFunction,
} from './method-decorator.js';
import { checkClock, checkLogger, checkMetrics } from './options.js';

/** Options of {@link performanceTracked} and {@link tracked}. */
export interface PerformanceTrackedOptions {
  /** The `method` label of the metrics and the name in log lines. @default 'Class.method' (the function's name in the function form) */
  readonly name?: string;
  /** Also measure the heap delta of each call (`process.memoryUsage().heapUsed`, ~µs per call). @default false, true when `memoryLimitMb` is given */
  readonly trackMemory?: boolean;
  /** A heap delta above this many MB logs a warning, or fails the call when `enforceMemoryLimit` is set. */
  readonly memoryLimitMb?: number;
  /**
   * Fail a call whose heap delta exceeds `memoryLimitMb` with a `PluginMemoryError` (after it
   * ran). The heap is shared by the whole process, so the measure is approximate.
   * @default false
   */
  readonly enforceMemoryLimit?: boolean;
  /** A call slower than this many milliseconds logs a warning and counts as slow. @default undefined (no slow warnings) */
  readonly slowMs?: number;
  /** Where measurements go. @default the instance's `this.metrics`, else a no-op sink */
  readonly metrics?: MetricsSink;
  /** Where warnings go. @default the instance's `this.logger`, else a no-op logger */
  readonly logger?: Logger;
  /** Where time comes from. @default systemClock */
  readonly clock?: Clock;
}

/** The names of the metrics {@link performanceTracked} records (values in seconds and bytes). */
export const PERFORMANCE_METRICS = Object.freeze({
  /** Histogram of call durations in seconds; labels `method`, `outcome` (`success` | `error`). */
  duration: 'leanvibe_method_duration_seconds',
  /** Histogram of heap deltas in bytes (when memory is tracked); label `method`. */
  heapDelta: 'leanvibe_method_heap_delta_bytes',
  /** Counter of calls slower than `slowMs`; label `method`. */
  slow: 'leanvibe_method_slow_total',
} as const);

const MB = 1024 * 1024;

interface TrackConfig {
  readonly name: string | undefined;
  readonly trackMemory: boolean;
  readonly memoryLimitMb: number | undefined;
  readonly enforceMemoryLimit: boolean;
  readonly slowMs: number | undefined;
  readonly metrics: MetricsSink | undefined;
  readonly logger: Logger | undefined;
  readonly clock: Clock;
}

function normalize(options: PerformanceTrackedOptions | undefined): TrackConfig {
  const given = checkOptionsObject('options', options);
  const memoryLimitMb =
    given.memoryLimitMb === undefined
      ? undefined
      : checkFiniteNumber('memoryLimitMb', given.memoryLimitMb, { min: 0 });
  const enforceMemoryLimit = checkBoolean('enforceMemoryLimit', given.enforceMemoryLimit ?? false);
  if (enforceMemoryLimit && memoryLimitMb === undefined) {
    throw invalidOption(
      'memoryLimitMb',
      'a finite number ≥ 0 when `enforceMemoryLimit` is set',
      undefined,
    );
  }
  return {
    name: given.name === undefined ? undefined : checkString('name', given.name),
    trackMemory: checkBoolean('trackMemory', given.trackMemory ?? memoryLimitMb !== undefined),
    memoryLimitMb,
    enforceMemoryLimit,
    slowMs:
      given.slowMs === undefined
        ? undefined
        : checkFiniteNumber('slowMs', given.slowMs, { min: 0 }),
    metrics: checkMetrics(given.metrics),
    logger: checkLogger(given.logger),
    clock: checkClock(given.clock),
  };
}

interface Names {
  readonly method: string;
  readonly success: Labels;
  readonly error: Labels;
  readonly plain: Labels;
}

function namesFor(method: string): Names {
  return {
    method,
    success: Object.freeze({ method, outcome: 'success' }),
    error: Object.freeze({ method, outcome: 'error' }),
    plain: Object.freeze({ method }),
  };
}

function heapUsed(): number {
  return process.memoryUsage().heapUsed;
}

function trackWrapper(config: TrackConfig) {
  const fixed = config.name === undefined ? undefined : namesFor(config.name);
  return (original: Method, info: MethodInfo): Method => {
    // Labels are built once per class, not per call.
    let lastOwner: string | undefined;
    let last: Names | undefined;
    const namesOf = (self: unknown): Names => {
      if (fixed !== undefined) return fixed;
      const owner = ownerOf(self);
      if (last === undefined || owner !== lastOwner) {
        lastOwner = owner;
        last = namesFor(methodLabel(self, info.name));
      }
      return last;
    };

    const finish = (
      self: unknown,
      sink: MetricsSink,
      start: number,
      heapBefore: number,
      ok: boolean,
    ): void => {
      const names = namesOf(self);
      const durationMs = config.clock.now() - start;
      sink.histogram(
        PERFORMANCE_METRICS.duration,
        durationMs / 1000,
        ok ? names.success : names.error,
      );
      if (config.slowMs !== undefined && durationMs > config.slowMs) {
        sink.counter(PERFORMANCE_METRICS.slow, 1, names.plain);
        loggerOf(self, config.logger).warn(
          { method: names.method, durationMs, slowMs: config.slowMs },
          `${names.method} took ${durationMs.toFixed(1)} ms (slow above ${config.slowMs} ms)`,
        );
      }
      if (!config.trackMemory) return;
      const delta = heapUsed() - heapBefore;
      sink.histogram(PERFORMANCE_METRICS.heapDelta, delta, names.plain);
      const limitMb = config.memoryLimitMb;
      if (limitMb === undefined || delta <= limitMb * MB) return;
      const usedMb = delta / MB;
      const message = `${names.method} grew the heap by ${usedMb.toFixed(1)} MB, over its ${limitMb} MB limit`;
      if (ok && config.enforceMemoryLimit) {
        const pluginId = pluginIdOf(self);
        throw new PluginMemoryError(message, {
          limitMb,
          usedMb,
          details: { method: names.method },
          ...(pluginId === undefined ? {} : { pluginId }),
        });
      }
      loggerOf(self, config.logger).warn({ method: names.method, usedMb, limitMb }, message);
    };

    // Nobody to tell: with a no-op sink, no slow threshold and no memory tracking, a call costs
    // nothing but the lookup of the instance's sink.
    const measures = config.slowMs !== undefined || config.trackMemory;

    return function performanceTracked(this: unknown, ...args: unknown[]): unknown {
      const sink = metricsOf(this, config.metrics);
      if (sink === noopMetrics && !measures) return original.apply(this, args);
      const start = config.clock.now();
      const heapBefore = config.trackMemory ? heapUsed() : 0;
      let result: unknown;
      try {
        result = original.apply(this, args);
      } catch (error) {
        finish(this, sink, start, heapBefore, false);
        throw error;
      }
      if (!isThenable(result)) {
        finish(this, sink, start, heapBefore, true);
        return result;
      }
      return Promise.resolve(result).then(
        (value) => {
          finish(this, sink, start, heapBefore, true);
          return value;
        },
        (error: unknown) => {
          finish(this, sink, start, heapBefore, false);
          throw error;
        },
      );
    };
  };
}

/**
 * Measures every call of a method: its duration goes to the `MetricsSink` (the one given, else
 * the instance's `this.metrics`) as {@link PERFORMANCE_METRICS}`.duration` in seconds, and,
 * when asked, its heap delta in bytes. A call slower than `slowMs` logs a warning; a heap delta
 * above `memoryLimitMb` logs one too, or fails the call with a `PluginMemoryError` under
 * `enforceMemoryLimit`. A synchronous method stays synchronous.
 *
 * Works as a TC39 decorator and as a legacy (`experimentalDecorators`) one.
 *
 * @example
 * ```ts
 * class Indexer {
 *   constructor(readonly metrics: MetricsSink) {}
 *
 *   @performanceTracked({ slowMs: 200, memoryLimitMb: 50 })
 *   async index(documents: readonly string[]): Promise<number> {
 *     return documents.length;
 *   }
 * }
 * ```
 */
export function performanceTracked(options?: PerformanceTrackedOptions): MethodDecorator {
  return defineMethodDecorator('performanceTracked', trackWrapper(normalize(options)));
}

/**
 * The function form of {@link performanceTracked}: `fn`, measured. Its type is kept, and a
 * synchronous function stays synchronous.
 *
 * @example
 * ```ts
 * const parse = tracked((text: string) => JSON.parse(text), { name: 'parse', metrics });
 * ```
 */
export function tracked<F extends AnyFunction>(fn: F, options?: PerformanceTrackedOptions): F {
  checkFunction('fn', fn);
  const config = normalize(options);
  return wrapFunction(
    fn as unknown as Method,
    { name: fn.name || 'anonymous' },
    trackWrapper(config),
  ) as unknown as F;
}
