export type { ExecutingHost } from './continue-traces.js';
export { continueTraces } from './continue-traces.js';
export type {
  InstrumentTracingOptions,
  TracedHost,
  TracingInstrumentation,
  TracingTracerProvider,
} from './instrument-tracing.js';
export { instrumentTracing, TRACER_NAME } from './instrument-tracing.js';
export { TRACED_CHANNELS, TRACING_ATTRIBUTES, TRACING_EVENTS } from './names.js';
export type { TraceSpan, TraceSpanContext } from './trace-context.js';
export { injectTraceContext } from './trace-context.js';
