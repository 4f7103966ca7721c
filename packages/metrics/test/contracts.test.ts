// The shared MetricsSink contract suite of @leanvibe/testing, run on the registry.
import { isDeepStrictEqual } from 'node:util';
import type { Labels } from '@leanvibe/core/contracts';
import { type MetricsReader, metricsSinkContract } from '@leanvibe/testing/vitest';
import { createMetrics, type Metrics } from '../src/index.js';

/**
 * Reads a series back from what the registry collects — a value, or a histogram's count — for
 * a registry created with `prefix` and `defaultLabels`.
 */
const reader =
  (prefix = '', defaultLabels: Labels = {}): MetricsReader<Metrics> =>
  (metrics, _kind, name, labels = {}) => {
    const metric = metrics.collect().find((m) => m.name === `${prefix}${name}`);
    const wanted = { ...defaultLabels, ...labels };
    const series = metric?.series.find((s) => isDeepStrictEqual({ ...s.labels }, wanted));
    if (series === undefined) return undefined;
    return 'count' in series ? series.count : series.value;
  };

metricsSinkContract('createMetrics', () => createMetrics(), { read: reader() });
metricsSinkContract(
  'createMetrics with a prefix and default labels',
  () => createMetrics({ prefix: 'hive_', defaultLabels: { service: 'contract' } }),
  { read: reader('hive_', { service: 'contract' }) },
);
