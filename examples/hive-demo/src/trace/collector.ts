import type { PluginHost } from '@leanvibe/core';
import { instrumentTracing } from '@leanvibe/tracing';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { writeOtlpJson } from './otlp-file.js';
import type { TraceSummary } from './summary.js';
import { isTaskSpan, slowestTaskWaterfall } from './waterfall.js';

// Loaded only with --trace (demo.ts imports it lazily): without it, no OpenTelemetry module loads.

/** A host being traced; `finish` writes what was recorded. */
export interface TraceCollector {
  /** Stops tracing, writes every span to `file` as OTLP JSON, and sums up what it wrote. */
  finish(file: string): Promise<TraceSummary>;
  /** Stops tracing without writing (the run failed). Safe after `finish`. */
  close(): Promise<void>;
}

/**
 * Traces `host` with `@leanvibe/tracing` into an OpenTelemetry SDK provider that keeps every
 * finished span in memory (a demo run makes a few hundred), sampling all of them whatever
 * `OTEL_TRACES_SAMPLER` says.
 */
export function collectTraces(host: PluginHost): TraceCollector {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    sampler: new AlwaysOnSampler(),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracing = instrumentTracing(host, { tracerProvider: provider });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    tracing.close();
    await provider.forceFlush();
    await provider.shutdown();
  };
  return {
    async finish(file) {
      tracing.close();
      await provider.forceFlush();
      const spans = [...exporter.getFinishedSpans()];
      await writeOtlpJson(file, spans);
      await close();
      const slowestFetch = slowestTaskWaterfall(spans, 'fetch.get');
      return {
        file,
        spans: spans.length,
        taskSpans: spans.filter(isTaskSpan).length,
        traces: new Set(spans.map((span) => span.spanContext().traceId)).size,
        droppedEvents: spans.reduce((n, span) => n + span.droppedEventsCount, 0),
        ...(slowestFetch === undefined ? {} : { slowestFetch }),
      };
    },
    close,
  };
}
