import type { AnyFamily } from './instruments.js';
import type { HistogramSeriesSnapshot, MetricSnapshot, ValueSeriesSnapshot } from './types.js';

/** Copies every family's current state into plain frozen objects. */
export function snapshot(families: Iterable<AnyFamily>): MetricSnapshot[] {
  const result: MetricSnapshot[] = [];
  for (const family of families) {
    const base = { name: family.name, help: family.help, unit: family.unit };
    if (family.type === 'histogram') {
      const series: HistogramSeriesSnapshot[] = [];
      for (const s of family.reportedSeries()) {
        const bucketCounts: number[] = [];
        let cumulative = 0;
        for (const count of s.counts as Float64Array) {
          cumulative += count;
          bucketCounts.push(cumulative);
        }
        series.push(
          Object.freeze({
            labels: family.merged(s),
            bucketCounts: Object.freeze(bucketCounts),
            sum: s.sum,
            count: s.count,
          }),
        );
      }
      result.push(
        Object.freeze({
          ...base,
          type: 'histogram',
          buckets: family.buckets,
          series: Object.freeze(series),
        }),
      );
    } else {
      const series: ValueSeriesSnapshot[] = [];
      for (const s of family.reportedSeries()) {
        series.push(Object.freeze({ labels: family.merged(s), value: s.value }));
      }
      result.push(Object.freeze({ ...base, type: family.type, series: Object.freeze(series) }));
    }
  }
  return result;
}
