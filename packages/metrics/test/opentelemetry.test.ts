import {
  AggregationTemporality,
  type DataPoint,
  DataPointType,
  MeterProvider,
  MetricReader,
  type Histogram as OtelHistogramPoint,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../src/index.js';

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const providers: MeterProvider[] = [];
afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.shutdown()));
});

function setup() {
  const reader = new TestReader({
    aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
  });
  const provider = new MeterProvider({ readers: [reader] });
  providers.push(provider);
  return { reader, meter: provider.getMeter('leanvibe-test') };
}

function histogramCount(metric: { dataPoints: readonly DataPoint<unknown>[] } | undefined): number {
  const point = metric?.dataPoints[0]?.value as OtelHistogramPoint | undefined;
  return point?.count ?? 0;
}

async function read(reader: TestReader) {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  const metrics = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  return new Map(metrics.map((m) => [m.descriptor.name, m]));
}

describe('toOpenTelemetry', () => {
  it('mirrors counters, up-down counters and gauges as observable instruments', async () => {
    const { reader, meter } = setup();
    const metrics = createMetrics({ defaultLabels: { service: 'hive' } });
    const tasks = metrics.declareCounter({
      name: 'leanvibe_plugin_tasks_total',
      help: 'Tasks.',
      labelNames: ['plugin', 'outcome'],
    });
    tasks.inc(3, { plugin: 'a', outcome: 'success' });
    metrics.upDownCounter('leanvibe_plugin_tasks_in_flight', 2, { plugin: 'a' });
    metrics.declareGauge({ name: 'heap_used_bytes', help: 'Heap.', unit: 'bytes' }).set(1024);
    const bridge = metrics.toOpenTelemetry(meter);

    const first = await read(reader);
    const counter = first.get('leanvibe_plugin_tasks_total');
    expect(counter?.dataPointType).toBe(DataPointType.SUM);
    expect(counter?.dataPointType === DataPointType.SUM && counter.isMonotonic).toBe(true);
    expect(counter?.descriptor.description).toBe('Tasks.');
    expect(counter?.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ service: 'hive', plugin: 'a', outcome: 'success' }, 3],
    ]);
    const inFlight = first.get('leanvibe_plugin_tasks_in_flight');
    expect(inFlight?.dataPointType === DataPointType.SUM && inFlight.isMonotonic).toBe(false);
    expect(inFlight?.dataPoints[0]?.value).toBe(2);
    const heap = first.get('heap_used_bytes');
    expect(heap?.dataPointType).toBe(DataPointType.GAUGE);
    expect(heap?.descriptor.unit).toBe('By');
    expect(heap?.dataPoints[0]?.value).toBe(1024);

    // Values are read at each collection.
    tasks.inc(2, { plugin: 'a', outcome: 'success' });
    const second = await read(reader);
    expect(second.get('leanvibe_plugin_tasks_total')?.dataPoints[0]?.value).toBe(5);
    bridge.close();
  });

  it('mirrors histograms with the same buckets, observation by observation', async () => {
    const { reader, meter } = setup();
    const metrics = createMetrics();
    const duration = metrics.declareHistogram({
      name: 'leanvibe_plugin_task_duration_seconds',
      help: 'Task time.',
      unit: 'seconds',
      buckets: [0.01, 0.1, 1],
      labelNames: ['plugin'],
    });
    const bridge = metrics.toOpenTelemetry(meter);
    for (const v of [0.005, 0.05, 0.5, 5]) duration.observe(v, { plugin: 'a' });
    duration.labels({ plugin: 'b' }).observe(0.2);
    const collected = await read(reader);
    const histogram = collected.get('leanvibe_plugin_task_duration_seconds');
    expect(histogram?.descriptor.unit).toBe('s');
    const points = histogram?.dataPoints as DataPoint<OtelHistogramPoint>[];
    const a = points.find((p) => p.attributes.plugin === 'a')?.value;
    expect(a?.buckets.boundaries).toEqual([0.01, 0.1, 1]);
    expect(a?.buckets.counts).toEqual([1, 1, 1, 1]);
    expect(a?.count).toBe(4);
    expect(a?.sum).toBeCloseTo(5.555);
    expect(points.find((p) => p.attributes.plugin === 'b')?.value.count).toBe(1);
    bridge.close();
  });

  it('picks up instruments created after it was attached, and runs collectors once per collection', async () => {
    const { reader, meter } = setup();
    const metrics = createMetrics();
    let runs = 0;
    metrics.registerCollector(() => {
      runs++;
      metrics.gauge('collector_runs', runs);
    });
    metrics.gauge('first', 1);
    const bridge = metrics.toOpenTelemetry(meter);
    metrics.counter('later_total', 4, { kind: 'x' });
    metrics.histogram('later_seconds', 0.3);
    const collected = await read(reader);
    expect(collected.get('later_total')?.dataPoints[0]?.value).toBe(4);
    expect(collected.get('later_total')?.dataPoints[0]?.attributes).toEqual({ kind: 'x' });
    expect(histogramCount(collected.get('later_seconds'))).toBe(1);
    expect(collected.get('first')?.dataPoints[0]?.value).toBe(1);
    expect(runs).toBe(1);
    bridge.close();
  });

  it('stops mirroring on close, and is safe to close twice', async () => {
    const { reader, meter } = setup();
    const metrics = createMetrics();
    metrics.counter('c_total');
    const h = metrics.declareHistogram({ name: 'h_seconds', unit: 'seconds' });
    const bridge = metrics.toOpenTelemetry(meter);
    h.observe(1);
    bridge[Symbol.dispose]();
    bridge.close();
    h.observe(1);
    metrics.counter('after_total');
    const collected = await read(reader);
    expect(collected.get('c_total')?.dataPoints ?? []).toEqual([]);
    expect(histogramCount(collected.get('h_seconds'))).toBe(1);
    expect(collected.has('after_total')).toBe(false);
  });

  it('keeps two bridges independent', async () => {
    const one = setup();
    const two = setup();
    const metrics = createMetrics();
    const h = metrics.declareHistogram({ name: 'h_seconds', unit: 'seconds' });
    const first = metrics.toOpenTelemetry(one.meter);
    const second = metrics.toOpenTelemetry(two.meter);
    h.observe(1);
    first.close();
    h.observe(2);
    const count = async (reader: TestReader) =>
      histogramCount((await read(reader)).get('h_seconds'));
    expect(await count(one.reader)).toBe(1);
    expect(await count(two.reader)).toBe(2);
    second.close();
  });

  it('maps other units to annotations', async () => {
    const { reader, meter } = setup();
    const metrics = createMetrics();
    metrics.declareGauge({ name: 'queue_tasks', unit: 'tasks', help: 'Queued.' }).set(3);
    metrics.toOpenTelemetry(meter);
    expect((await read(reader)).get('queue_tasks')?.descriptor.unit).toBe('{tasks}');
  });

  it('rejects something that is not a meter', () => {
    const metrics = createMetrics();
    expect(() => metrics.toOpenTelemetry(null as never)).toThrow(
      '`meter` must be an OpenTelemetry Meter',
    );
    expect(() => metrics.toOpenTelemetry({} as never)).toThrow(
      '`meter.createObservableCounter` must be a function',
    );
  });
});
