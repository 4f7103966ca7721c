/** One row of a waterfall: a span, or an event on one, placed against the task's span. */
export interface WaterfallRow {
  /** 0 for the task's span, 1 for its children and its own events, and so on. */
  readonly depth: number;
  readonly kind: 'span' | 'event';
  /** The span's or event's name, with its telling attributes. */
  readonly label: string;
  /** Milliseconds from the task span's start (an event's time). */
  readonly offsetMs: number;
  /** The span's duration in milliseconds; 0 for an event. */
  readonly durationMs: number;
  /** For a retry event: the delay it waits before the next attempt, in milliseconds. */
  readonly waitMs?: number;
}

/** A task's span and everything under it, in time order. */
export interface Waterfall {
  /** The span's name: the task type. */
  readonly name: string;
  readonly taskId: string;
  /** `success`, `failure` or `cancelled`, with the error's code on failure. */
  readonly outcome: string;
  readonly traceId: string;
  readonly spanId: string;
  /** The task span's duration, in milliseconds. */
  readonly durationMs: number;
  readonly rows: readonly WaterfallRow[];
}

/** `report.json`'s `trace`: what `--trace FILE` wrote. */
export interface TraceSummary {
  /** The OTLP JSON file, an `ExportTraceServiceRequest`. */
  readonly file: string;
  /** Spans written: the tasks' and their wait spans (bulkhead, pool...). */
  readonly spans: number;
  /** Spans of tasks: one per task the host ran. */
  readonly taskSpans: number;
  readonly traces: number;
  /** Events past OpenTelemetry's per-span limit (128), dropped by the SDK. */
  readonly droppedEvents: number;
  /** The slowest `fetch.get` task, as rows. */
  readonly slowestFetch?: Waterfall;
}
