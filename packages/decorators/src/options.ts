import {
  type Clock,
  invalidOption,
  type Logger,
  type MetricsSink,
  systemClock,
} from '@leanvibe/core/contracts';

function hasMethods(value: unknown, methods: readonly string[]): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function')
  );
}

/** Returns the clock given, `systemClock` for `undefined`, or throws naming the option. */
export function checkClock(value: Clock | undefined): Clock {
  if (value === undefined) return systemClock;
  if (!hasMethods(value, ['now', 'setTimeout', 'clearTimeout'])) {
    throw invalidOption('clock', 'a Clock (now, setTimeout, clearTimeout)', value);
  }
  return value;
}

/** Returns the logger given (or `undefined`), or throws naming the option. */
export function checkLogger(value: Logger | undefined): Logger | undefined {
  if (value !== undefined && !hasMethods(value, ['debug', 'info', 'warn', 'error'])) {
    throw invalidOption('logger', 'a Logger (debug, info, warn, error, child)', value);
  }
  return value;
}

/** Returns the sink given (or `undefined`), or throws naming the option. */
export function checkMetrics(value: MetricsSink | undefined): MetricsSink | undefined {
  if (value !== undefined && !hasMethods(value, ['counter', 'gauge', 'histogram'])) {
    throw invalidOption('metrics', 'a MetricsSink (counter, gauge, histogram)', value);
  }
  return value;
}
