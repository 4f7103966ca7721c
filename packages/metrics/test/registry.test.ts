import {
  createManualClock,
  isInvalidArgumentError,
  isInvalidOptionError,
  isLeanVibeError,
  type MetricsSink,
} from '@leanvibe/core/contracts';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createMetrics,
  DEFAULT_BUCKETS,
  isMetricsConflictError,
  type Metrics,
} from '../src/index.js';
import { recordingLogger } from './helpers.js';

function seriesValue(
  metrics: Metrics,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const metric = metrics.collect().find((m) => m.name === name);
  if (metric === undefined || metric.type === 'histogram') return undefined;
  return metric.series.find((s) => JSON.stringify(s.labels) === JSON.stringify(labels))?.value;
}

describe('createMetrics as a MetricsSink', () => {
  it('is assignable to the contracts MetricsSink, registerCollector included', () => {
    const sink: MetricsSink = createMetrics();
    expect(typeof sink.registerCollector).toBe('function');
  });

  it('adds counter values, 1 by default, per label set', () => {
    const metrics = createMetrics();
    metrics.counter('jobs_total');
    metrics.counter('jobs_total', 2);
    metrics.counter('jobs_total', 5, { kind: 'a' });
    expect(seriesValue(metrics, 'jobs_total')).toBe(3);
    expect(seriesValue(metrics, 'jobs_total', { kind: 'a' })).toBe(5);
  });

  it('sets gauges, adds up-down counters, observes histograms', () => {
    const metrics = createMetrics();
    metrics.gauge('queue_depth', 4);
    metrics.gauge('queue_depth', 2);
    metrics.upDownCounter('open_connections', 3);
    metrics.upDownCounter('open_connections', -1);
    metrics.histogram('wait_seconds', 0.003);
    metrics.histogram('wait_seconds', 3);
    expect(seriesValue(metrics, 'queue_depth')).toBe(2);
    expect(seriesValue(metrics, 'open_connections')).toBe(2);
    const histogram = metrics.collect().find((m) => m.name === 'wait_seconds');
    expect(histogram?.type).toBe('histogram');
    if (histogram?.type !== 'histogram') return;
    expect(histogram.buckets).toEqual(DEFAULT_BUCKETS);
    const [series] = histogram.series;
    expect(series?.count).toBe(2);
    expect(series?.sum).toBeCloseTo(3.003);
    // cumulative: 0.003 falls in le=0.005 (index 3), 3 in le=5 (index 12)
    expect(series?.bucketCounts.slice(0, 3)).toEqual([0, 0, 0]);
    expect(series?.bucketCounts[3]).toBe(1);
    expect(series?.bucketCounts[11]).toBe(1);
    expect(series?.bucketCounts[12]).toBe(2);
    expect(series?.bucketCounts.at(-1)).toBe(2);
  });

  it('treats an empty label value as not set, as Prometheus does', () => {
    const metrics = createMetrics();
    metrics.counter('jobs_total', 1, { kind: '' });
    metrics.counter('jobs_total', 1);
    expect(metrics.collect()[0]?.series).toHaveLength(1);
    expect(seriesValue(metrics, 'jobs_total')).toBe(2);
  });

  it('keys series unambiguously whatever the label values hold', () => {
    const metrics = createMetrics();
    metrics.counter('pairs_total', 1, { a: '1:x', b: '' });
    metrics.counter('pairs_total', 1, { a: '', b: '1:x' });
    metrics.counter('pairs_total', 1, { a: '1', b: ':x' });
    expect(metrics.collect()[0]?.series).toHaveLength(3);
  });

  it('learns new label names of an undeclared metric without losing series', () => {
    const metrics = createMetrics();
    metrics.counter('jobs_total', 1, { kind: 'a' });
    metrics.counter('jobs_total', 1, { kind: 'a', region: 'eu' });
    metrics.counter('jobs_total', 1, { kind: 'a' });
    expect(seriesValue(metrics, 'jobs_total', { kind: 'a' })).toBe(2);
    expect(seriesValue(metrics, 'jobs_total', { kind: 'a', region: 'eu' })).toBe(1);
  });

  it.each([
    [
      'a negative counter increment',
      (m: Metrics) => m.counter('x_total', -1),
      '`value` must be a finite number ≥ 0, got -1',
    ],
    [
      'a NaN gauge',
      (m: Metrics) => m.gauge('g', Number.NaN),
      '`value` must be a finite number, got NaN',
    ],
    [
      'an infinite observation',
      (m: Metrics) => m.histogram('h', Infinity),
      '`value` must be a finite number, got Infinity',
    ],
    [
      'an infinite delta',
      (m: Metrics) => m.upDownCounter('u', -Infinity),
      '`delta` must be a finite number, got -Infinity',
    ],
    [
      'a counter without _total',
      (m: Metrics) => m.counter('jobs'),
      'a counter name ending in "_total"',
    ],
    ['a gauge with _total', (m: Metrics) => m.gauge('jobs_total', 1), 'only counters do'],
    ['a name with a dash', (m: Metrics) => m.gauge('queue-depth', 1), 'a metric name of letters'],
    [
      'a label value that is not a string',
      (m: Metrics) => m.counter('x_total', 1, { n: 5 as unknown as string }),
      '`labels.n` must be a string',
    ],
    [
      'a reserved label name',
      (m: Metrics) => m.counter('x_total', 1, { overflow: 'x' }),
      'a label name other than',
    ],
    [
      'le on a histogram',
      (m: Metrics) => m.histogram('h', 1, { le: '1' }),
      'a label name other than le',
    ],
    [
      'a label name starting with __',
      (m: Metrics) => m.gauge('g', 1, { __name: 'x' }),
      'not starting with a digit or "__"',
    ],
    [
      'a histogram named like a child series',
      (m: Metrics) => m.histogram('h_count', 1),
      'not ending in _bucket, _count or _sum',
    ],
  ])('rejects %s with an error naming what was wrong', (_, act, message) => {
    const metrics = createMetrics();
    let caught: unknown;
    try {
      act(metrics);
    } catch (error) {
      caught = error;
    }
    expect(isInvalidArgumentError(caught)).toBe(true);
    expect((caught as Error).message).toContain(message);
  });

  it('refuses to use one name as two kinds of instrument', () => {
    const metrics = createMetrics();
    metrics.counter('jobs_total');
    metrics.gauge('depth', 1);
    expect(() => metrics.histogram('depth', 1)).toThrow(
      'metric "depth" is a gauge; it cannot be used as a histogram',
    );
    try {
      metrics.upDownCounter('depth', 1);
    } catch (error) {
      expect(isMetricsConflictError(error)).toBe(true);
      expect(isLeanVibeError(error)).toBe(true);
      expect((error as { code: string }).code).toBe('METRICS_CONFLICT');
      expect((error as { metric: string }).metric).toBe('depth');
    }
  });
});

describe('declarations', () => {
  it('types label names and rejects undeclared ones', () => {
    const metrics = createMetrics();
    const tasks = metrics.declareCounter({
      name: 'tasks_total',
      help: 'Tasks.',
      labelNames: ['plugin', 'outcome'],
    });
    expectTypeOf(tasks.inc)
      .parameter(1)
      .toEqualTypeOf<Readonly<Partial<Record<'plugin' | 'outcome', string>>> | undefined>();
    tasks.inc(1, { plugin: 'a', outcome: 'ok' });
    expect(() => tasks.inc(1, { plugin: 'a', region: 'eu' } as never)).toThrow(
      '`labels` must be label names declared for tasks_total (plugin, outcome), got "region"',
    );
    // The sink reaches the declared metric, with the same rules.
    metrics.counter('tasks_total', 2, { plugin: 'a', outcome: 'ok' });
    expect(seriesValue(metrics, 'tasks_total', { plugin: 'a', outcome: 'ok' })).toBe(3);
    expect(() => metrics.counter('tasks_total', 1, { nope: 'x' })).toThrow(
      'declared for tasks_total',
    );
  });

  it('returns the same instrument when declared again identically, and refuses a different one', () => {
    const metrics = createMetrics();
    const d = { name: 'load_ratio', help: 'Load.', unit: 'ratio', labelNames: ['node'] } as const;
    expect(metrics.declareGauge(d)).toBe(metrics.declareGauge({ ...d }));
    expect(() => metrics.declareGauge({ ...d, help: 'Other.' })).toThrow(
      'was already declared differently',
    );
    expect(() => metrics.declareUpDownCounter(d)).toThrow('was already declared differently');
    const h = metrics.declareHistogram({ name: 'size_bytes', help: 'Size.', buckets: [10, 100] });
    expect(
      metrics.declareHistogram({ name: 'size_bytes', help: 'Size.', buckets: [10, 100] }),
    ).toBe(h);
    expect(() =>
      metrics.declareHistogram({ name: 'size_bytes', help: 'Size.', buckets: [10] }),
    ).toThrow('already declared differently');
  });

  it('refuses to declare a metric already used without a declaration', () => {
    const metrics = createMetrics();
    metrics.gauge('depth', 1);
    expect(() => metrics.declareGauge({ name: 'depth', help: 'Depth.' })).toThrow(
      'was already used without a declaration; declare it before first use',
    );
  });

  it('checks that the name ends in its unit', () => {
    const metrics = createMetrics();
    expect(() => metrics.declareHistogram({ name: 'latency', unit: 'seconds' })).toThrow(
      'a name ending in "_seconds"',
    );
    expect(() => metrics.declareCounter({ name: 'sent_total', unit: 'bytes' })).toThrow(
      'a name ending in "_bytes_total"',
    );
    expect(() => metrics.declareGauge({ name: 'x_Seconds', unit: 'Seconds' })).toThrow(
      'a lower_snake unit',
    );
    expect(metrics.declareCounter({ name: 'sent_bytes_total', unit: 'bytes' }).name).toBe(
      'sent_bytes_total',
    );
  });

  it.each([[[]], [[1, 1]], [[2, 1]], [[Number.NaN]], ['1,2']])('rejects buckets %j', (buckets) => {
    const metrics = createMetrics();
    expect(() => metrics.declareHistogram({ name: 'h', buckets: buckets as number[] })).toThrow(
      'strictly increasing finite numbers',
    );
  });

  it('drops a trailing +Inf bucket (it is implied)', () => {
    const h = createMetrics().declareHistogram({ name: 'h', buckets: [1, Infinity] });
    expect(h.buckets).toEqual([1]);
  });

  it('rejects duplicate or invalid declared label names', () => {
    const metrics = createMetrics();
    expect(() => metrics.declareGauge({ name: 'g', labelNames: ['a', 'a'] })).toThrow(
      '`labelNames[1]` must be a label name not already listed',
    );
    expect(() => metrics.declareGauge({ name: 'g', labelNames: ['1a'] })).toThrow(
      '`labelNames[0]`',
    );
    expect(() => metrics.declareGauge({ name: 'g', labelNames: 'a' as never })).toThrow(
      '`labelNames`',
    );
    // Nothing was registered by the failed declarations.
    expect(metrics.collect()).toEqual([]);
  });

  it('reports a declared, never-written metric without labels as 0', () => {
    const metrics = createMetrics();
    metrics.declareCounter({ name: 'restarts_total', help: 'Restarts.' });
    metrics.declareCounter({ name: 'by_kind_total', help: 'By kind.', labelNames: ['kind'] });
    const [restarts, byKind] = metrics.collect();
    expect(restarts?.series).toEqual([{ labels: {}, value: 0 }]);
    expect(byKind?.series).toEqual([]);
  });

  it('bound series and remove/reset', () => {
    const metrics = createMetrics();
    const c = metrics.declareCounter({ name: 'c_total', labelNames: ['k'] });
    const bound = c.labels({ k: 'a' });
    bound.inc();
    bound.inc(2);
    expect(() => bound.inc(-1)).toThrow('`value` must be a finite number ≥ 0');
    expect(seriesValue(metrics, 'c_total', { k: 'a' })).toBe(3);
    expect(c.remove({ k: 'a' })).toBe(true);
    expect(c.remove({ k: 'a' })).toBe(false);
    const u = metrics.declareUpDownCounter({ name: 'u' });
    u.labels({ k: 'x' }).add(-2);
    expect(() => u.labels({ k: 'x' }).add(Number.NaN)).toThrow('`delta`');
    u.add(1);
    expect(u.remove({})).toBe(true);
    expect(u.remove({})).toBe(false);
    const g = metrics.declareGauge({ name: 'g' });
    g.labels({ k: 'y' }).set(7);
    expect(() => g.labels({ k: 'y' }).set(Infinity)).toThrow('`value`');
    expect(seriesValue(metrics, 'u', { k: 'x' })).toBe(-2);
    expect(seriesValue(metrics, 'g', { k: 'y' })).toBe(7);
    g.reset();
    expect(seriesValue(metrics, 'g', { k: 'y' })).toBeUndefined();
    metrics.reset();
    expect(seriesValue(metrics, 'u', { k: 'x' })).toBeUndefined();
  });

  it('removes series at any depth, and not the overflow series', () => {
    const metrics = createMetrics({ maxSeriesPerMetric: 3 });
    const c = metrics.declareCounter({ name: 'c_total', labelNames: ['a', 'b', 'c'] });
    c.inc(1, { a: 'x', b: 'y', c: 'z' });
    c.inc(1, { a: 'x', b: 'y', c: 'w' });
    c.inc(1, { a: 'x', c: 'z' });
    c.inc(1, { a: 'q', b: 'q', c: 'q' }); // past the cap: folded
    expect(c.remove({ a: 'q', b: 'q', c: 'q' })).toBe(false);
    expect(c.remove({ a: 'x', b: 'y', c: 'z' })).toBe(true);
    expect(c.remove({ a: 'x', b: 'y', c: 'w' })).toBe(true);
    expect(c.remove({ a: 'x', b: 'y', c: 'w' })).toBe(false);
    // Room again under the cap: a new label set gets its own series.
    c.inc(5, { a: 'n', b: 'n', c: 'n' });
    expect(seriesValue(metrics, 'c_total', { a: 'n', b: 'n', c: 'n' })).toBe(5);
    expect(seriesValue(metrics, 'c_total', { a: 'x', c: 'z' })).toBe(1);
    expect(seriesValue(metrics, 'c_total', { overflow: 'true' })).toBe(1);
  });

  it('keeps every series when an open metric learns label names one by one', () => {
    const metrics = createMetrics();
    metrics.counter('open_total', 1, { a: '1' });
    metrics.counter('open_total', 1, { a: '1', b: '2' });
    metrics.counter('open_total', 1, { b: '2', c: '3' });
    metrics.counter('open_total', 1, { a: '1', b: '2', c: '3', d: '4' });
    metrics.counter('open_total', 1, { a: '1' });
    metrics.counter('open_total', 1, { b: '2', c: '3' });
    expect(seriesValue(metrics, 'open_total', { a: '1' })).toBe(2);
    expect(seriesValue(metrics, 'open_total', { a: '1', b: '2' })).toBe(1);
    expect(seriesValue(metrics, 'open_total', { b: '2', c: '3' })).toBe(2);
    expect(seriesValue(metrics, 'open_total', { a: '1', b: '2', c: '3', d: '4' })).toBe(1);
    expect(metrics.collect()[0]?.series).toHaveLength(4);
  });

  it('times with the registry clock', () => {
    const clock = createManualClock();
    const metrics = createMetrics({ clock });
    const h = metrics.declareHistogram({ name: 'op_seconds', unit: 'seconds', labelNames: ['op'] });
    const stop = h.startTimer({ op: 'read' });
    clock.advance(250);
    expect(stop()).toBe(0.25);
    h.labels({ op: 'read' }).observe(0.5);
    const snapshot = metrics.collect()[0];
    expect(snapshot?.type === 'histogram' && snapshot.series[0]?.sum).toBe(0.75);
  });
});

describe('cardinality cap', () => {
  it('folds new label sets past the cap into one overflow="true" series and warns once', () => {
    const logger = recordingLogger();
    const metrics = createMetrics({ maxSeriesPerMetric: 3, logger });
    for (let i = 0; i < 10; i++) metrics.counter('requests_total', 1, { user: `u${i}` });
    metrics.counter('requests_total', 1, { user: 'u0' });
    const series = metrics.collect()[0]?.series ?? [];
    expect(series).toHaveLength(4);
    expect(seriesValue(metrics, 'requests_total', { user: 'u0' })).toBe(2);
    expect(seriesValue(metrics, 'requests_total', { overflow: 'true' })).toBe(7);
    const warnings = logger.lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('requests_total reached 3 series');
    expect(warnings[0]?.fields).toEqual({ metric: 'requests_total', maxSeriesPerMetric: 3 });
  });

  it('holds the cap per metric, histograms included', () => {
    const metrics = createMetrics({ maxSeriesPerMetric: 2 });
    for (let i = 0; i < 5; i++) metrics.histogram('h', i, { k: String(i) });
    for (let i = 0; i < 2; i++) metrics.gauge('g', i, { k: String(i) });
    const [h, g] = metrics.collect();
    expect(h?.series).toHaveLength(3);
    expect(h?.series.at(-1)?.labels).toEqual({ overflow: 'true' });
    expect(g?.series).toHaveLength(2);
  });
});

describe('options', () => {
  it('applies the prefix and default labels everywhere', () => {
    const metrics = createMetrics({ prefix: 'hive_', defaultLabels: { service: 'api' } });
    metrics.counter('jobs_total', 1, { kind: 'a' });
    const [jobs] = metrics.collect();
    expect(jobs?.name).toBe('hive_jobs_total');
    expect(jobs?.series[0]?.labels).toEqual({ service: 'api', kind: 'a' });
    expect(() => metrics.counter('jobs_total', 1, { service: 'x' })).toThrow(
      'a label name other than',
    );
  });

  it.each([
    [{ maxSeriesPerMetric: 0 }, '`maxSeriesPerMetric` must be an integer ≥ 1, got 0'],
    [{ prefix: '1x_' }, '`prefix` must be letters, digits and underscores'],
    [{ prefix: 5 }, '`prefix` must be a string'],
    [
      { defaultLabels: { 'bad-name': 'x' } },
      '`defaultLabels` must be label names other than le and overflow',
    ],
    [{ defaultLabels: { le: 'x' } }, '`defaultLabels`'],
    [{ defaultLabels: { ok: 5 } }, '`defaultLabels.ok` must be a non-empty string'],
    [{ defaultBuckets: [3, 2] }, '`defaultBuckets` must be a non-empty array'],
  ])('rejects %j', (options, message) => {
    let caught: unknown;
    try {
      createMetrics(options as never);
    } catch (error) {
      caught = error;
    }
    expect(isInvalidOptionError(caught)).toBe(true);
    expect((caught as Error).message).toContain(message);
  });
});

describe('collectors', () => {
  it('runs before each collection and stops once unregistered', () => {
    const metrics = createMetrics();
    let reads = 0;
    const unregister = metrics.registerCollector(() => {
      reads++;
      metrics.gauge('reads', reads);
    });
    expect(seriesValue(metrics, 'reads')).toBe(1);
    expect(metrics.toPrometheus()).toContain('reads 2\n');
    unregister();
    unregister();
    metrics.collect();
    expect(reads).toBe(2);
  });

  it('logs a collector that throws and still collects the rest', () => {
    const logger = recordingLogger();
    const metrics = createMetrics({ logger });
    metrics.registerCollector(() => {
      throw new Error('sensor offline');
    });
    metrics.registerCollector(() => metrics.gauge('ok', 1));
    expect(seriesValue(metrics, 'ok')).toBe(1);
    expect(logger.lines[0]?.level).toBe('error');
    expect(logger.lines[0]?.message).toContain('a metrics collector threw');
  });

  it('does not run collectors again from inside a collector', () => {
    const metrics = createMetrics();
    let runs = 0;
    metrics.registerCollector(() => {
      runs++;
      metrics.collect();
    });
    metrics.collect();
    expect(runs).toBe(1);
  });

  it('rejects a collector that is not a function', () => {
    expect(() => createMetrics().registerCollector(5 as never)).toThrow(
      '`collect` must be a function',
    );
  });
});
