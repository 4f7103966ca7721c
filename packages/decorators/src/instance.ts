import { type Logger, type MetricsSink, noopLogger, noopMetrics } from '@leanvibe/core/contracts';

/** True for a promise or any other thenable. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function field(self: unknown, name: string): unknown {
  if ((typeof self !== 'object' && typeof self !== 'function') || self === null) return undefined;
  return (self as Record<string, unknown>)[name];
}

function isLogger(value: unknown): value is Logger {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Logger).error === 'function' &&
    typeof (value as Logger).warn === 'function'
  );
}

function isMetricsSink(value: unknown): value is MetricsSink {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as MetricsSink).histogram === 'function' &&
    typeof (value as MetricsSink).counter === 'function'
  );
}

/** The logger given in options, else the instance's `this.logger`, else a no-op. */
export function loggerOf(self: unknown, given: Logger | undefined): Logger {
  if (given !== undefined) return given;
  const own = field(self, 'logger');
  return isLogger(own) ? own : noopLogger;
}

/** The sink given in options, else the instance's `this.metrics`, else a no-op. */
export function metricsOf(self: unknown, given: MetricsSink | undefined): MetricsSink {
  if (given !== undefined) return given;
  const own = field(self, 'metrics');
  return isMetricsSink(own) ? own : noopMetrics;
}

/** The instance's `pluginId` (as `PluginBase` has one), when it is a string. */
export function pluginIdOf(self: unknown): string | undefined {
  const id = field(self, 'pluginId');
  return typeof id === 'string' ? id : undefined;
}

/** The class a method was called on: the constructor for an instance, the class itself for a static method. */
export function ownerOf(self: unknown): string | undefined {
  if (typeof self === 'function') return self.name || undefined;
  if (typeof self !== 'object' || self === null) return undefined;
  const name = (self as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : undefined;
}

/** `Class.method` for a method called on an instance of `Class`, else the method's name. */
export function methodLabel(self: unknown, method: string): string {
  const owner = ownerOf(self);
  return owner === undefined ? method : `${owner}.${method}`;
}
