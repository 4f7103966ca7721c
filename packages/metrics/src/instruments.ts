import { invalidArgument, type Labels } from '@leanvibe/core/contracts';
import { Family, type FamilyContext, type Series } from './family.js';
import type { LabelValues } from './types.js';

/** A monotonically increasing count; exported as a Prometheus `counter`. */
export interface Counter<L extends string = string> {
  /** The full name, prefix included. */
  readonly name: string;
  readonly type: 'counter';
  /** Adds `value` (a finite number ≥ 0, default 1) to the series of `labels`. */
  inc(value?: number, labels?: LabelValues<L>): void;
  /** The series of `labels`, bound: the fastest way to update one series often. */
  labels(labels: LabelValues<L>): { inc(value?: number): void };
  /** Forgets the series of `labels`; true when it existed. */
  remove(labels: LabelValues<L>): boolean;
  /** Forgets every series. */
  reset(): void;
}

/** A count that goes up and down (in-flight tasks, open connections); exported as a `gauge`. */
export interface UpDownCounter<L extends string = string> {
  readonly name: string;
  readonly type: 'upDownCounter';
  /** Adds `delta` (any finite number) to the series of `labels`. */
  add(delta: number, labels?: LabelValues<L>): void;
  /** The series of `labels`, bound. */
  labels(labels: LabelValues<L>): { add(delta: number): void };
  remove(labels: LabelValues<L>): boolean;
  reset(): void;
}

/** A value that is set, not accumulated (a size, a temperature); exported as a `gauge`. */
export interface Gauge<L extends string = string> {
  readonly name: string;
  readonly type: 'gauge';
  /** Sets the series of `labels` to `value` (a finite number). */
  set(value: number, labels?: LabelValues<L>): void;
  /** The series of `labels`, bound. */
  labels(labels: LabelValues<L>): { set(value: number): void };
  remove(labels: LabelValues<L>): boolean;
  reset(): void;
}

/** A distribution over explicit buckets; exported as a Prometheus `histogram`. */
export interface Histogram<L extends string = string> {
  readonly name: string;
  readonly type: 'histogram';
  /** The finite bucket bounds; `+Inf` is implied. */
  readonly buckets: readonly number[];
  /** Records one observation (a finite number, in the metric's unit). */
  observe(value: number, labels?: LabelValues<L>): void;
  /**
   * Starts timing on the registry's clock; the returned function records the elapsed time in
   * seconds (to the series of `labels`) and returns it.
   */
  startTimer(labels?: LabelValues<L>): () => number;
  /** The series of `labels`, bound. */
  labels(labels: LabelValues<L>): { observe(value: number): void };
  remove(labels: LabelValues<L>): boolean;
  reset(): void;
}

function badValue(name: string, expected: string, value: unknown): never {
  throw invalidArgument(name, expected, value);
}

export class CounterFamily extends Family implements Counter {
  readonly type = 'counter';
  inc(value = 1, labels?: Labels): void {
    if (!(value >= 0 && value < Number.POSITIVE_INFINITY)) {
      badValue('value', 'a finite number ≥ 0', value);
    }
    this.series(labels).value += value;
  }
  labels(labels: Labels): { inc(value?: number): void } {
    const series = this.series(labels);
    return {
      inc(value = 1) {
        if (!(value >= 0 && value < Number.POSITIVE_INFINITY)) {
          badValue('value', 'a finite number ≥ 0', value);
        }
        series.value += value;
      },
    };
  }
}

export class UpDownCounterFamily extends Family implements UpDownCounter {
  readonly type = 'upDownCounter';
  add(delta: number, labels?: Labels): void {
    if (!Number.isFinite(delta)) badValue('delta', 'a finite number', delta);
    this.series(labels).value += delta;
  }
  labels(labels: Labels): { add(delta: number): void } {
    const series = this.series(labels);
    return {
      add(delta: number) {
        if (!Number.isFinite(delta)) badValue('delta', 'a finite number', delta);
        series.value += delta;
      },
    };
  }
}

export class GaugeFamily extends Family implements Gauge {
  readonly type = 'gauge';
  set(value: number, labels?: Labels): void {
    if (!Number.isFinite(value)) badValue('value', 'a finite number', value);
    this.series(labels).value = value;
  }
  labels(labels: Labels): { set(value: number): void } {
    const series = this.series(labels);
    return {
      set(value: number) {
        if (!Number.isFinite(value)) badValue('value', 'a finite number', value);
        series.value = value;
      },
    };
  }
}

/** Receives every histogram observation while a bridge (OpenTelemetry) mirrors it. */
export type ObservationMirror = (value: number, family: HistogramFamily, series: Series) => void;

export class HistogramFamily extends Family implements Histogram {
  readonly type = 'histogram';
  /** Bridges mirroring observations; `undefined` (no cost) when none is attached. */
  mirrors: ObservationMirror[] | undefined;

  constructor(
    ctx: FamilyContext,
    name: string,
    shortName: string,
    help: string,
    unit: string | undefined,
    labelNames: readonly string[] | undefined,
    readonly buckets: readonly number[],
  ) {
    super(ctx, name, shortName, help, unit, labelNames, ['le'], buckets.length);
  }

  observe(value: number, labels?: Labels): void {
    this.#record(value, this.series(labels));
  }

  startTimer(labels?: Labels): () => number {
    const clock = this.ctx.clock;
    const started = clock.now();
    return () => {
      const seconds = (clock.now() - started) / 1000;
      this.observe(seconds, labels);
      return seconds;
    };
  }

  labels(labels: Labels): { observe(value: number): void } {
    const series = this.series(labels);
    return { observe: (value: number) => this.#record(value, series) };
  }

  #record(value: number, series: Series): void {
    if (!Number.isFinite(value)) badValue('value', 'a finite number', value);
    const bounds = this.buckets;
    const n = bounds.length;
    let i = 0;
    while (i < n && value > (bounds[i] as number)) i++;
    const counts = series.counts as Float64Array;
    counts[i] = (counts[i] as number) + 1;
    series.sum += value;
    series.count++;
    if (this.mirrors !== undefined) for (const mirror of this.mirrors) mirror(value, this, series);
  }
}

/** Any of the four. */
export type AnyFamily = CounterFamily | UpDownCounterFamily | GaugeFamily | HistogramFamily;
