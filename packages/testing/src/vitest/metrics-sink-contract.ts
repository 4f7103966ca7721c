import type { Labels, MetricsSink } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';

/**
 * Reads a value back from a sink, for the value checks of {@link metricsSinkContract}: a
 * counter's total, a gauge's value, a histogram's observation count; `undefined` when unknown.
 */
export type MetricsReader<S extends MetricsSink> = (
  sink: S,
  kind: 'counter' | 'gauge' | 'histogram',
  name: string,
  labels?: Labels,
) => number | undefined | Promise<number | undefined>;

/** Options of {@link metricsSinkContract}. */
export interface MetricsSinkContractOptions<S extends MetricsSink> {
  /** Reads values back; without it, only the calls themselves are checked. */
  readonly read?: MetricsReader<S>;
}

/**
 * Registers a vitest suite that any `MetricsSink` must pass: every call shape is accepted
 * (counter without a value, labels or not, fractional seconds), a collector unregisters (twice
 * safely), and — with `read` — counters add, gauges keep the last value, histograms count,
 * series with different labels stay apart, and a caller mutating its labels object later does
 * not change what was recorded.
 *
 * @example
 * ```ts
 * metricsSinkContract('MockMonitoring', () => new MockMonitoring(), {
 *   read: (sink, _kind, name, labels) => sink.valueOf(name, labels),
 * });
 * ```
 */
export function metricsSinkContract<S extends MetricsSink>(
  name: string,
  makeSink: () => S | Promise<S>,
  options: MetricsSinkContractOptions<S> = {},
): void {
  describe(`${name} (MetricsSink contract)`, () => {
    it('accepts every call shape', async () => {
      const sink = await makeSink();
      expect(() => {
        sink.counter('contract_calls_total');
        sink.counter('contract_calls_total', 2);
        sink.counter('contract_calls_total', 1, { outcome: 'ok' });
        sink.gauge('contract_in_flight', 3);
        sink.gauge('contract_in_flight', 0, { pool: 'db' });
        sink.histogram('contract_duration_seconds', 0.0125);
        sink.histogram('contract_duration_seconds', 1.5, { outcome: 'ok' });
      }).not.toThrow();
    });

    it('unregisters a collector, and a second unregister is harmless', async () => {
      const sink = await makeSink();
      if (sink.registerCollector === undefined) return;
      const unregister = sink.registerCollector(() => sink.gauge('contract_collected', 1));
      expect(typeof unregister).toBe('function');
      expect(() => {
        unregister();
        unregister();
      }).not.toThrow();
    });

    const read = options.read;
    if (read !== undefined) {
      it('adds counters (1 by default) and keeps label sets apart', async () => {
        const sink = await makeSink();
        sink.counter('contract_adds_total');
        sink.counter('contract_adds_total', 4);
        sink.counter('contract_adds_total', 10, { outcome: 'error' });
        expect(await read(sink, 'counter', 'contract_adds_total', {})).toBe(5);
        expect(await read(sink, 'counter', 'contract_adds_total', { outcome: 'error' })).toBe(10);
      });

      it('keeps the last gauge value and counts histogram observations', async () => {
        const sink = await makeSink();
        sink.gauge('contract_level', 7);
        sink.gauge('contract_level', 2);
        sink.histogram('contract_seconds', 0.1);
        sink.histogram('contract_seconds', 0.2);
        sink.histogram('contract_seconds', 0.3);
        expect(await read(sink, 'gauge', 'contract_level')).toBe(2);
        expect(await read(sink, 'histogram', 'contract_seconds')).toBe(3);
      });

      it('is not changed by a caller mutating its labels object afterwards', async () => {
        const sink = await makeSink();
        const labels: Record<string, string> = { outcome: 'ok' };
        sink.counter('contract_labels_total', 1, labels);
        labels.outcome = 'mutated';
        expect(await read(sink, 'counter', 'contract_labels_total', { outcome: 'ok' })).toBe(1);
        expect(
          await read(sink, 'counter', 'contract_labels_total', { outcome: 'mutated' }),
        ).toBeUndefined();
      });
    }
  });
}
