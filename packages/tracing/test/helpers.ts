import { channel } from 'node:diagnostics_channel';
import { DIAGNOSTICS_CHANNELS } from '@leanvibe/core/contracts';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { TRACED_CHANNELS } from '../src/index.js';

/** A provider that keeps every ended span in memory. */
export function memoryTracing() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, provider, spans: (): ReadableSpan[] => exporter.getFinishedSpans() };
}

/** The span's parent span id, whichever SDK field holds it. */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** True when no channel tracing follows has a subscriber left. */
export function noSubscribers(): boolean {
  return [DIAGNOSTICS_CHANNELS.execute, ...Object.values(TRACED_CHANNELS)].every(
    (name) => !channel(name).hasSubscribers,
  );
}

/** Events as name + attributes. */
export function eventsOf(span: ReadableSpan) {
  return span.events.map((e) => ({ name: e.name, attributes: e.attributes ?? {} }));
}
