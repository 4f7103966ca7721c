import {
  type Clock,
  checkFunction,
  checkInteger,
  checkOptionsObject,
  checkString,
  invalidArgument,
  invalidOption,
  type Labels,
  type Logger,
  type MetricsSink,
  noopLogger,
  systemClock,
} from '@leanvibe/core/contracts';
import {
  checkBuckets,
  checkNameForType,
  checkUnit,
  DEFAULT_BUCKETS,
  sameList,
} from './declaration.js';
import { MetricsConflictError } from './errors.js';
import type { FamilyContext } from './family.js';
import { type MetricsHandler, type MetricsHandlerOptions, metricsHandler } from './http.js';
import {
  type AnyFamily,
  type Counter,
  CounterFamily,
  type Gauge,
  GaugeFamily,
  type Histogram,
  HistogramFamily,
  type UpDownCounter,
  UpDownCounterFamily,
} from './instruments.js';
import { checkLabelName, checkMetricName } from './names.js';
import { type OpenTelemetryBridge, type OtelMeter, toOpenTelemetry } from './opentelemetry.js';
import { PROMETHEUS_CONTENT_TYPE, serialize } from './prometheus.js';
import { snapshot } from './snapshot.js';
import type {
  HistogramDeclaration,
  MetricDeclaration,
  MetricSnapshot,
  MetricType,
} from './types.js';

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Prepended to every metric name, e.g. `myapp_`. @default '' */
  readonly prefix?: string;
  /** Labels added to every series of every metric, e.g. `{ service: 'hive' }`. @default {} */
  readonly defaultLabels?: Labels;
  /**
   * The most label sets one metric keeps; past it, new label sets fold into one
   * `overflow="true"` series and a warning is logged once per metric. @default 2000
   */
  readonly maxSeriesPerMetric?: number;
  /** Buckets of histograms declared without any (and of those first used through the sink). @default DEFAULT_BUCKETS */
  readonly defaultBuckets?: readonly number[];
  /** Where the cardinality warning and collector failures go. @default noopLogger */
  readonly logger?: Logger;
  /** The clock `Histogram.startTimer` reads. @default systemClock */
  readonly clock?: Clock;
}

/**
 * A metrics registry: a {@link MetricsSink} for every LeanVibe package, with declared
 * instruments, bounded cardinality and exporters.
 */
export interface Metrics extends Required<MetricsSink> {
  /** Declares a counter (its name ends in `_total`); declaring the same again returns it. */
  declareCounter<const L extends string = string>(declaration: MetricDeclaration<L>): Counter<L>;
  /** Declares an up-down counter. */
  declareUpDownCounter<const L extends string = string>(
    declaration: MetricDeclaration<L>,
  ): UpDownCounter<L>;
  /** Declares a gauge. */
  declareGauge<const L extends string = string>(declaration: MetricDeclaration<L>): Gauge<L>;
  /** Declares a histogram with explicit buckets. */
  declareHistogram<const L extends string = string>(
    declaration: HistogramDeclaration<L>,
  ): Histogram<L>;
  /** Adds `delta` to an up-down counter, registering it with defaults when undeclared. */
  upDownCounter(name: string, delta: number, labels?: Labels): void;
  /** Runs the collectors, then returns every metric's current state. */
  collect(): MetricSnapshot[];
  /** Runs the collectors, then renders every metric in the Prometheus text format (0.0.4). */
  toPrometheus(): string;
  /** The content type of {@link Metrics.toPrometheus}'s output. */
  readonly contentType: string;
  /** A `node:http` request listener serving {@link Metrics.toPrometheus}. */
  metricsHandler(options?: MetricsHandlerOptions): MetricsHandler;
  /** Mirrors every instrument, present and future, onto an OpenTelemetry `Meter`. */
  toOpenTelemetry(meter: OtelMeter): OpenTelemetryBridge;
  /** Sets every series of every metric back to zero by forgetting it. */
  reset(): void;
}

type Declared = HistogramDeclaration<string> & { readonly type: MetricType };

class Registry implements Metrics {
  readonly contentType = PROMETHEUS_CONTENT_TYPE;
  readonly #families = new Map<string, AnyFamily>();
  readonly #declared = new Map<string, Declared>();
  readonly #collectors = new Set<() => void>();
  readonly #listeners = new Set<(family: AnyFamily) => void>();
  readonly #ctx: FamilyContext;
  readonly #prefix: string;
  readonly #defaultBuckets: readonly number[];
  #collecting = false;

  constructor(options: MetricsOptions) {
    checkOptionsObject('options', options);
    this.#prefix = checkString('prefix', options.prefix ?? '', { allowEmpty: true });
    if (this.#prefix !== '' && !/^[A-Za-z][A-Za-z0-9_]*$/.test(this.#prefix)) {
      throw invalidOption(
        'prefix',
        'letters, digits and underscores starting with a letter',
        options.prefix,
      );
    }
    const defaultLabels = checkOptionsObject('defaultLabels', options.defaultLabels);
    for (const [name, value] of Object.entries(defaultLabels)) {
      try {
        checkLabelName('defaultLabels', name, ['le', 'overflow']);
      } catch {
        throw invalidOption('defaultLabels', 'label names other than le and overflow', name);
      }
      checkString(`defaultLabels.${name}`, value);
    }
    this.#defaultBuckets = checkBuckets(
      options.defaultBuckets ?? DEFAULT_BUCKETS,
      'defaultBuckets',
      invalidOption,
    );
    this.#ctx = {
      maxSeriesPerMetric: checkInteger('maxSeriesPerMetric', options.maxSeriesPerMetric ?? 2000, {
        min: 1,
      }),
      logger: options.logger ?? noopLogger,
      clock: options.clock ?? systemClock,
      defaultLabels: Object.freeze({ ...defaultLabels }),
    };
  }

  counter(name: string, value?: number, labels?: Labels): void {
    (this.#family(name, 'counter') as CounterFamily).inc(value, labels);
  }
  gauge(name: string, value: number, labels?: Labels): void {
    (this.#family(name, 'gauge') as GaugeFamily).set(value, labels);
  }
  histogram(name: string, value: number, labels?: Labels): void {
    (this.#family(name, 'histogram') as HistogramFamily).observe(value, labels);
  }
  upDownCounter(name: string, delta: number, labels?: Labels): void {
    (this.#family(name, 'upDownCounter') as UpDownCounterFamily).add(delta, labels);
  }

  registerCollector(collect: () => void): () => void {
    checkFunction('collect', collect);
    // A wrapper per registration, so the same function registered twice unregisters once.
    const entry = () => collect();
    this.#collectors.add(entry);
    return () => {
      this.#collectors.delete(entry);
    };
  }

  declareCounter<const L extends string = string>(d: MetricDeclaration<L>): Counter<L> {
    return this.#declare(d, 'counter') as unknown as Counter<L>;
  }
  declareUpDownCounter<const L extends string = string>(d: MetricDeclaration<L>): UpDownCounter<L> {
    return this.#declare(d, 'upDownCounter') as unknown as UpDownCounter<L>;
  }
  declareGauge<const L extends string = string>(d: MetricDeclaration<L>): Gauge<L> {
    return this.#declare(d, 'gauge') as unknown as Gauge<L>;
  }
  declareHistogram<const L extends string = string>(d: HistogramDeclaration<L>): Histogram<L> {
    return this.#declare(d, 'histogram') as unknown as Histogram<L>;
  }

  collect(): MetricSnapshot[] {
    this.#runCollectors();
    return snapshot(this.#families.values());
  }

  toPrometheus(): string {
    this.#runCollectors();
    return serialize(this.#families.values());
  }

  metricsHandler(options?: MetricsHandlerOptions): MetricsHandler {
    return metricsHandler(this, { logger: this.#ctx.logger, ...options });
  }

  toOpenTelemetry(meter: OtelMeter): OpenTelemetryBridge {
    return toOpenTelemetry(
      {
        families: () => this.#families.values(),
        runCollectors: () => this.#runCollectors(),
        onFamily: (listener) => {
          this.#listeners.add(listener);
          return () => this.#listeners.delete(listener);
        },
      },
      meter,
    );
  }

  reset(): void {
    for (const family of this.#families.values()) family.reset();
  }

  #runCollectors(): void {
    if (this.#collecting) return;
    this.#collecting = true;
    try {
      for (const collect of this.#collectors) {
        try {
          collect();
        } catch (error) {
          this.#ctx.logger.error(
            { err: error },
            'a metrics collector threw; its values may be stale',
          );
        }
      }
    } finally {
      this.#collecting = false;
    }
  }

  #family(name: string, type: MetricType): AnyFamily {
    const family = this.#families.get(name);
    if (family !== undefined) {
      if (family.type !== type)
        throw conflict(name, `is a ${family.type}; it cannot be used as a ${type}`);
      return family;
    }
    return this.#create({ name, type }, name);
  }

  #declare(declaration: HistogramDeclaration<string>, type: MetricType): AnyFamily {
    checkOptionsObject('declaration', declaration);
    const name = checkMetricName('name', declaration.name);
    const wanted: Declared = { ...declaration, type };
    const existing = this.#families.get(name);
    if (existing !== undefined) {
      const previous = this.#declared.get(name);
      if (previous === undefined) {
        throw conflict(name, 'was already used without a declaration; declare it before first use');
      }
      const same =
        previous.type === type &&
        previous.help === declaration.help &&
        previous.unit === declaration.unit &&
        sameList(previous.labelNames, declaration.labelNames) &&
        (type !== 'histogram' ||
          sameList((existing as HistogramFamily).buckets, this.#buckets(declaration)));
      if (!same) throw conflict(name, 'was already declared differently');
      return existing;
    }
    const family = this.#create(wanted, name);
    this.#declared.set(name, {
      ...wanted,
      ...(family.fixedLabels ? { labelNames: [...family.labelNames] } : {}),
    });
    return family;
  }

  #create(d: Declared, shortName: string): AnyFamily {
    const name = checkMetricName('name', d.name);
    const full = this.#prefix + name;
    checkNameForType(name, d.type);
    const unit = d.unit === undefined ? undefined : checkUnit(name, d.unit, d.type);
    const help =
      d.help === undefined
        ? `${full} (recorded without a declaration)`
        : checkString('help', d.help);
    const ctx = this.#ctx;
    const labels = d.labelNames;
    if (labels !== undefined && !Array.isArray(labels)) {
      throw invalidArgument('labelNames', 'an array of label names', labels);
    }
    let family: AnyFamily;
    if (d.type === 'counter')
      family = new CounterFamily(ctx, full, shortName, help, unit, labels, [], 0);
    else if (d.type === 'gauge')
      family = new GaugeFamily(ctx, full, shortName, help, unit, labels, [], 0);
    else if (d.type === 'upDownCounter') {
      family = new UpDownCounterFamily(ctx, full, shortName, help, unit, labels, [], 0);
    } else {
      family = new HistogramFamily(ctx, full, shortName, help, unit, labels, this.#buckets(d));
    }
    this.#families.set(shortName, family);
    for (const listener of this.#listeners) listener(family);
    return family;
  }

  #buckets(d: HistogramDeclaration<string>): readonly number[] {
    return d.buckets === undefined
      ? this.#defaultBuckets
      : checkBuckets(d.buckets, 'buckets', invalidArgument);
  }
}

function conflict(name: string, what: string): MetricsConflictError {
  return new MetricsConflictError(name, `metric "${name}" ${what}`);
}

/**
 * Creates a metrics registry: a {@link MetricsSink} to hand to the host and every package, plus
 * declared instruments, bounded cardinality, and Prometheus and OpenTelemetry exporters.
 *
 * @example
 * ```ts
 * const metrics = createMetrics({ prefix: 'app_', defaultLabels: { service: 'hive' } });
 * const tasks = metrics.declareCounter({
 *   name: 'tasks_total',
 *   help: 'Tasks run, by outcome.',
 *   labelNames: ['outcome'],
 * });
 * tasks.inc(1, { outcome: 'success' });
 * metrics.histogram('task_duration_seconds', 0.042);
 * console.log(metrics.toPrometheus());
 * ```
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  return new Registry(options);
}
