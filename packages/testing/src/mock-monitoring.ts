import {
  checkFiniteNumber,
  checkFunction,
  checkString,
  invalidArgument,
  type Labels,
  type Logger,
  type MetricsSink,
} from '@leanvibe/core/contracts';

/** One recorded metric call. */
export interface RecordedMetric {
  readonly kind: 'counter' | 'gauge' | 'histogram';
  readonly name: string;
  readonly value: number;
  readonly labels: Labels;
}

/** One recorded event: a log line, or an event logged with {@link MockMonitoring.logEvent}. */
export interface LoggedEvent {
  /** `event` for {@link MockMonitoring.logEvent}, else the log level. */
  readonly level: 'event' | 'debug' | 'info' | 'warn' | 'error';
  /** The event name or the log message (`''` when a log line had none). */
  readonly message: string;
  /** Fields: the logger's bindings merged with the line's fields. */
  readonly fields: Readonly<Record<string, unknown>>;
}

function checkLabels(labels: unknown): Labels {
  if (labels === undefined) return Object.freeze({});
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    throw invalidArgument('labels', 'an object of string values', labels);
  }
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== 'string') {
      throw invalidArgument(`labels.${key}`, 'a string', value);
    }
  }
  return Object.freeze({ ...(labels as Labels) });
}

/** True when `recorded` carries every label of `wanted` with the same value. */
export function labelsMatch(recorded: Labels, wanted: Labels | undefined): boolean {
  if (wanted === undefined) return true;
  return Object.entries(wanted).every(([key, value]) => recorded[key] === value);
}

/**
 * A {@link MetricsSink} and a {@link Logger} that record everything, for assertions:
 * `getLoggedMetrics()` and `getLoggedEvents()`. Values are checked as a strict sink would
 * (finite numbers, string labels), so a plugin's metric bug fails its test.
 *
 * @example
 * ```ts
 * const monitoring = new MockMonitoring();
 * await plugin.initialize(framework.createContext({ metrics: monitoring, logger: monitoring.logger }));
 * monitoring.getLoggedMetrics('tasks_total'); // [{ kind: 'counter', name: 'tasks_total', value: 1, labels: {} }]
 * ```
 */
export class MockMonitoring implements MetricsSink {
  readonly #metrics: RecordedMetric[] = [];
  readonly #events: LoggedEvent[] = [];
  readonly #collectors = new Set<() => void>();
  /** A logger whose every line is recorded as an event; `child()` bindings become fields. */
  readonly logger: Logger;

  constructor() {
    this.logger = this.#makeLogger({});
  }

  counter(name: string, value = 1, labels?: Labels): void {
    this.#record('counter', name, checkFiniteNumber('value', value, { min: 0 }), labels);
  }

  gauge(name: string, value: number, labels?: Labels): void {
    this.#record('gauge', name, checkFiniteNumber('value', value), labels);
  }

  histogram(name: string, value: number, labels?: Labels): void {
    this.#record('histogram', name, checkFiniteNumber('value', value), labels);
  }

  registerCollector(collect: () => void): () => void {
    checkFunction('collect', collect);
    const entry = (): void => collect();
    this.#collectors.add(entry);
    return () => {
      this.#collectors.delete(entry);
    };
  }

  /** Runs every registered collector, as an exporter does before a scrape. */
  collect(): void {
    for (const collect of [...this.#collectors]) collect();
  }

  /** How many collectors are registered (to prove a plugin unregistered in cleanup). */
  get collectorCount(): number {
    return this.#collectors.size;
  }

  /** Records a named event with optional fields. */
  logEvent(name: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.#events.push(
      Object.freeze({ level: 'event', message: checkString('name', name), fields: { ...fields } }),
    );
  }

  /** Every event and log line, in order. */
  getLoggedEvents(): readonly LoggedEvent[] {
    return [...this.#events];
  }

  /**
   * Every metric call, in order; with `name` (and `labels`), only the matching ones: those
   * carrying every one of `labels`, or exactly `labels` with `{ exactLabels: true }`.
   */
  getLoggedMetrics(
    name?: string,
    labels?: Labels,
    options: { readonly exactLabels?: boolean } = {},
  ): readonly RecordedMetric[] {
    return this.#metrics.filter(
      (metric) =>
        (name === undefined || metric.name === name) &&
        labelsMatch(metric.labels, labels) &&
        (options.exactLabels !== true ||
          Object.keys(metric.labels).length === Object.keys(labels ?? {}).length),
    );
  }

  /**
   * The current value of one series — the calls with exactly `labels` (none by default): a
   * counter's sum, a gauge's last value, a histogram's observation count; `undefined` when
   * nothing was recorded.
   */
  valueOf(name: string, labels: Labels = {}): number | undefined {
    const matching = this.getLoggedMetrics(name, labels, { exactLabels: true });
    const last = matching.at(-1);
    if (last === undefined) return undefined;
    if (last.kind === 'gauge') return last.value;
    if (last.kind === 'histogram') return matching.length;
    return matching.reduce((sum, metric) => sum + metric.value, 0);
  }

  /** Forgets every metric and event (collectors stay registered). */
  reset(): void {
    this.#metrics.length = 0;
    this.#events.length = 0;
  }

  #record(kind: RecordedMetric['kind'], name: string, value: number, labels?: Labels): void {
    checkString('name', name);
    this.#metrics.push(Object.freeze({ kind, name, value, labels: checkLabels(labels) }));
  }

  #makeLogger(bindings: Readonly<Record<string, unknown>>): Logger {
    const log =
      (level: LoggedEvent['level']) =>
      (first: object | string, second?: string): void => {
        const fields = typeof first === 'string' ? {} : { ...first };
        const message = typeof first === 'string' ? first : (second ?? '');
        this.#events.push(Object.freeze({ level, message, fields: { ...bindings, ...fields } }));
      };
    return {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: (more) => this.#makeLogger({ ...bindings, ...more }),
    };
  }
}
