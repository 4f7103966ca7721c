import type { Labels, MetricsSink } from '@leanvibe/core/contracts';
import type { PolicyKind } from './policy.js';

/**
 * The metric names this package reports, named for Prometheus and OpenTelemetry alike.
 * Durations are in seconds; every series has the labels `policy` (the kind) and `name`.
 */
export const RESILIENCE_METRICS = Object.freeze({
  /** Counter of finished calls, labelled `outcome` (`success`, `failure`, `rejected`, `timeout`, `fallback`, `aborted`). */
  calls: 'leanvibe_resilience_calls_total',
  /** Histogram of call durations in seconds, labelled `outcome`. */
  callDuration: 'leanvibe_resilience_call_duration_seconds',
  /** Counter of retries scheduled by a retry policy. */
  retries: 'leanvibe_resilience_retries_total',
  /** Gauge per breaker state (`state` label): 1 for the current state, 0 for the others. */
  circuitState: 'leanvibe_resilience_circuit_state',
  /** Counter of breaker transitions, labelled `to` (the new state). */
  circuitTransitions: 'leanvibe_resilience_circuit_transitions_total',
  /** Gauge of calls running inside a bulkhead. */
  bulkheadActive: 'leanvibe_resilience_bulkhead_active',
  /** Gauge of calls queued by a bulkhead or a waiting rate limiter. */
  queued: 'leanvibe_resilience_queued',
} as const);

/** How a call through a policy ended, as the `outcome` label says it. */
export type CallOutcome = 'success' | 'failure' | 'rejected' | 'timeout' | 'fallback' | 'aborted';

/** Records a policy's metrics into an optional sink; every method is a no-op without one. */
export class Instrument {
  readonly #sink: MetricsSink | undefined;
  readonly #base: Labels;
  readonly #byOutcome = new Map<string, Labels>();

  constructor(sink: MetricsSink | undefined, kind: PolicyKind, name: string) {
    this.#sink = sink;
    this.#base = Object.freeze({ policy: kind, name });
  }

  /** True when a sink was given (callers skip measuring time otherwise). */
  get enabled(): boolean {
    return this.#sink !== undefined;
  }

  /** Counts a finished call and records its duration, measured in milliseconds. */
  call(outcome: CallOutcome, durationMs: number): void {
    const sink = this.#sink;
    if (sink === undefined) return;
    const labels = this.#labels(outcome);
    sink.counter(RESILIENCE_METRICS.calls, 1, labels);
    sink.histogram(RESILIENCE_METRICS.callDuration, Math.max(0, durationMs) / 1000, labels);
  }

  /** Adds one to a counter with the base labels. */
  count(name: string): void {
    this.#sink?.counter(name, 1, this.#base);
  }

  /** Sets a gauge with the base labels and optional extra labels. */
  gauge(name: string, value: number, extra?: Labels): void {
    const sink = this.#sink;
    if (sink === undefined) return;
    sink.gauge(name, value, extra === undefined ? this.#base : { ...this.#base, ...extra });
  }

  /** Adds one to a counter with the base labels and extra labels. */
  countWith(name: string, extra: Labels): void {
    this.#sink?.counter(name, 1, { ...this.#base, ...extra });
  }

  #labels(outcome: string): Labels {
    let labels = this.#byOutcome.get(outcome);
    if (labels === undefined) {
      labels = Object.freeze({ ...this.#base, outcome });
      this.#byOutcome.set(outcome, labels);
    }
    return labels;
  }
}
