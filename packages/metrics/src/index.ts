export { DEFAULT_BUCKETS } from './declaration.js';
export type {
  Epic1ReportOptions,
  Epic1Summary,
  Epic1SummaryJSON,
} from './epic1-report.js';
export { epic1Report } from './epic1-report.js';
export { isMetricsConflictError, MetricsConflictError } from './errors.js';
export type {
  ExpositionSource,
  MetricsHandler,
  MetricsHandlerOptions,
  MetricsRequest,
  MetricsResponse,
} from './http.js';
export { metricsHandler } from './http.js';
export type {
  HostInstrumentation,
  InstrumentedHost,
  InstrumentHostOptions,
} from './instrument-host.js';
export { instrumentHost } from './instrument-host.js';
export type { Counter, Gauge, Histogram, UpDownCounter } from './instruments.js';
export type {
  OpenTelemetryBridge,
  OtelAttributes,
  OtelBatchObservableResult,
  OtelHistogram,
  OtelInstrumentOptions,
  OtelMeter,
  OtelObservable,
} from './opentelemetry.js';
export type {
  PerformanceStats,
  PerformanceTrackerOptions,
  TaskSample,
} from './performance-tracker.js';
export { PerformanceTracker } from './performance-tracker.js';
export { PROMETHEUS_CONTENT_TYPE } from './prometheus.js';
export type { Metrics, MetricsOptions } from './registry.js';
export { createMetrics } from './registry.js';
export type { QuantileSketchOptions } from './sketch.js';
export { QuantileSketch } from './sketch.js';
export type {
  HistogramDeclaration,
  HistogramSeriesSnapshot,
  LabelValues,
  MetricDeclaration,
  MetricSnapshot,
  MetricType,
  ValueSeriesSnapshot,
} from './types.js';
