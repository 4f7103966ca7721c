import type { Labels, Logger, MetricsSink } from '@leanvibe/core/contracts';

export interface Recorded {
  readonly kind: 'counter' | 'gauge' | 'histogram';
  readonly name: string;
  readonly value: number;
  readonly labels: Labels | undefined;
}

/** A MetricsSink that remembers every observation. */
export function recordingMetrics(): MetricsSink & { readonly records: Recorded[] } {
  const records: Recorded[] = [];
  return {
    records,
    counter: (name, value = 1, labels) => records.push({ kind: 'counter', name, value, labels }),
    gauge: (name, value, labels) => records.push({ kind: 'gauge', name, value, labels }),
    histogram: (name, value, labels) => records.push({ kind: 'histogram', name, value, labels }),
  };
}

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: object | undefined;
  readonly message: string | undefined;
}

/** A Logger that remembers every line. */
export function recordingLogger(): Logger & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (first: object | string, message?: string): void => {
      if (typeof first === 'string') lines.push({ level, fields: undefined, message: first });
      else lines.push({ level, fields: first, message });
    };
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

/** A promise with its resolve and reject functions. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
