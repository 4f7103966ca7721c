import { context, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { slowestTaskWaterfall } from '../src/trace/waterfall.js';
import { renderWaterfall } from '../src/ui/waterfall.js';

// Spans made with the OpenTelemetry SDK at chosen times, as @leanvibe/tracing names them.

const T0 = 1_700_000_000_000;

function spansOf(make: (tracer: ReturnType<BasicTracerProvider['getTracer']>) => void) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  make(provider.getTracer('test'));
  return exporter.getFinishedSpans();
}

function task(
  tracer: ReturnType<BasicTracerProvider['getTracer']>,
  id: string,
  startMs: number,
  durationMs: number,
  inside?: (span: ReturnType<typeof tracer.startSpan>) => void,
) {
  const span = tracer.startSpan('fetch.get', {
    startTime: T0 + startMs,
    attributes: { 'leanvibe.task.id': id, 'leanvibe.task.type': 'fetch.get' },
  });
  inside?.(span);
  span.setAttribute('leanvibe.task.outcome', 'success');
  span.end(T0 + startMs + durationMs);
}

const spans = spansOf((tracer) => {
  task(tracer, 'hive-demo:1', 0, 100);
  task(tracer, 'hive-demo:2', 10, 800, (span) => {
    const parent = trace.setSpan(context.active(), span);
    tracer.startSpan('bulkhead wait', { startTime: T0 + 10 }, parent).end(T0 + 60);
    span.addEvent(
      'retry',
      {
        'leanvibe.retry.attempt': 1,
        'leanvibe.retry.delay_ms': 200,
        'error.type': 'PLUGIN_TIMEOUT',
      },
      T0 + 410,
    );
    span.addEvent('circuit_breaker.reject', { 'leanvibe.circuit.state': 'open' }, T0 + 700);
  });
  // Another kind of task, slower, is not a fetch.
  tracer
    .startSpan('store', { startTime: T0, attributes: { 'leanvibe.task.id': 'hive-demo:3' } })
    .end(T0 + 5_000);
});

describe('slowestTaskWaterfall', () => {
  it('picks the slowest task span of the type, with its child spans and events in time order', () => {
    const w = slowestTaskWaterfall(spans, 'fetch.get');
    expect(w).toMatchObject({ name: 'fetch.get', taskId: 'hive-demo:2', outcome: 'success' });
    expect(w?.durationMs).toBe(800);
    expect(w?.rows).toEqual([
      { depth: 0, kind: 'span', label: 'fetch.get', offsetMs: 0, durationMs: 800 },
      { depth: 1, kind: 'span', label: 'bulkhead wait', offsetMs: 0, durationMs: 50 },
      {
        depth: 1,
        kind: 'event',
        label: 'retry (#1, +200 ms, PLUGIN_TIMEOUT)',
        offsetMs: 400,
        durationMs: 0,
        waitMs: 200,
      },
      {
        depth: 1,
        kind: 'event',
        label: 'circuit_breaker.reject (open)',
        offsetMs: 690,
        durationMs: 0,
      },
    ]);
  });

  it('finds nothing when no task of the type ran', () => {
    expect(slowestTaskWaterfall(spans, 'ingest.batch')).toBeUndefined();
  });
});

describe('renderWaterfall', () => {
  it('draws each row at its offset on the task’s scale, within 94 columns', () => {
    const text = renderWaterfall(slowestTaskWaterfall(spans, 'fetch.get')!);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^ {2}task hive-demo:2, trace [0-9a-f]{32}$/);
    expect(lines.slice(1)).toEqual([
      '  span / event                                      offset  duration  0 ms            800.0 ms',
      '  fetch.get                                         0.0 ms  800.0 ms  ████████████████████████',
      '    bulkhead wait                                   0.0 ms   50.0 ms  ██',
      '    retry (#1, +200 ms, PLUGIN_TIMEOUT)           400.0 ms                        ◆─────',
      '    circuit_breaker.reject (open)                 690.0 ms                                ◆',
    ]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(94);
  });
});
