/** Metric labels: a small, bounded set of string values. Never task or agent ids. */
export type Labels = Readonly<Record<string, string>>;

/**
 * Where packages report measurements. Values are in base units (seconds, bytes); counter
 * names end in `_total` as the caller gives them, and exporters never append it.
 */
export interface MetricsSink {
  /** Adds `value` (default 1) to a monotonically increasing counter. */
  counter(name: string, value?: number, labels?: Labels): void;
  /** Sets a gauge to `value`. */
  gauge(name: string, value: number, labels?: Labels): void;
  /** Records one observation of a distribution (a duration in seconds, a size in bytes). */
  histogram(name: string, value: number, labels?: Labels): void;
  /**
   * Registers a callback run just before each collection, to set gauges from live values
   * without timers. Returns a function that unregisters it.
   */
  registerCollector?(collect: () => void): () => void;
}

function ignore(): void {}

/** A sink that discards everything; the default wherever no sink is given. */
export const noopMetrics: MetricsSink = Object.freeze({
  counter: ignore,
  gauge: ignore,
  histogram: ignore,
  registerCollector: () => ignore,
});
