import type { Labels } from '@leanvibe/core/contracts';

/** The kinds of instrument a registry holds. An up-down counter is exported as a Prometheus gauge. */
export type MetricType = 'counter' | 'upDownCounter' | 'gauge' | 'histogram';

/** Label values keyed by the declared label names; a missing or empty value means "not set". */
export type LabelValues<L extends string = string> = Readonly<Partial<Record<L, string>>>;

/** What every declaration accepts. */
export interface MetricDeclaration<L extends string = string> {
  /**
   * The metric's name, without the registry's prefix: letters, digits and underscores,
   * starting with a letter. Counters end in `_total`; nothing else may.
   */
  readonly name: string;
  /** One line saying what is measured. @default a note that the metric was not declared */
  readonly help?: string;
  /**
   * The base unit in lower_snake case (`seconds`, `bytes`, `ratio`); the name must then end in
   * `_<unit>` (or `_<unit>_total` for a counter). @default none
   */
  readonly unit?: string;
  /**
   * The only label names this metric accepts; any other name throws. Without it, the metric
   * accepts any label names. @default any
   */
  readonly labelNames?: readonly L[];
}

/** A histogram's declaration: {@link MetricDeclaration} plus its buckets. */
export interface HistogramDeclaration<L extends string = string> extends MetricDeclaration<L> {
  /**
   * Upper bounds (inclusive, strictly increasing, finite) of the buckets, in the metric's unit;
   * `+Inf` is always added. @default the registry's `defaultBuckets`
   */
  readonly buckets?: readonly number[];
}

/** One series of a counter, up-down counter or gauge, as collected. */
export interface ValueSeriesSnapshot {
  /** The series' labels, the registry's default labels included. */
  readonly labels: Labels;
  readonly value: number;
}

/** One series of a histogram, as collected. */
export interface HistogramSeriesSnapshot {
  /** The series' labels, the registry's default labels included. */
  readonly labels: Labels;
  /** Cumulative counts, one per bucket bound and a last one for `+Inf` (equal to `count`). */
  readonly bucketCounts: readonly number[];
  readonly sum: number;
  readonly count: number;
}

/** One metric, as collected: what {@link Metrics.collect} returns and the exporters read. */
export type MetricSnapshot =
  | {
      readonly type: 'counter' | 'upDownCounter' | 'gauge';
      /** The full name, prefix included. */
      readonly name: string;
      readonly help: string;
      readonly unit: string | undefined;
      readonly series: readonly ValueSeriesSnapshot[];
    }
  | {
      readonly type: 'histogram';
      readonly name: string;
      readonly help: string;
      readonly unit: string | undefined;
      /** The finite bucket bounds; `+Inf` is implied. */
      readonly buckets: readonly number[];
      readonly series: readonly HistogramSeriesSnapshot[];
    };
