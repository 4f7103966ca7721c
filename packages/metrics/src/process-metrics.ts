import { type IntervalHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { MetricsSink } from '@leanvibe/core/contracts';

type Declarer = {
  declareGauge?(declaration: { name: string; help: string; unit: string }): unknown;
};

const GAUGES = [
  ['leanvibe_process_heap_used_bytes', 'V8 heap in use.', 'bytes'],
  ['leanvibe_process_heap_total_bytes', 'V8 heap reserved.', 'bytes'],
  ['leanvibe_process_resident_memory_bytes', 'Resident set size of the process.', 'bytes'],
  [
    'leanvibe_process_event_loop_delay_p50_seconds',
    'Median event-loop delay since the previous collection.',
    'seconds',
  ],
  [
    'leanvibe_process_event_loop_delay_p99_seconds',
    '99th percentile of event-loop delay since the previous collection.',
    'seconds',
  ],
  [
    'leanvibe_process_event_loop_delay_max_seconds',
    'Longest event-loop delay since the previous collection.',
    'seconds',
  ],
  [
    'leanvibe_process_event_loop_utilization_ratio',
    'Share of time the event loop was busy since the previous collection.',
    'ratio',
  ],
] as const;

/** What {@link watchProcess} returns. */
export interface ProcessWatch {
  /** The largest heap in use seen at a collection (or by {@link ProcessWatch.sample}), in bytes. */
  readonly heapPeakBytes: number;
  /** Reads the heap now and returns it, updating the peak. */
  sample(): number;
  /** Stops: unregisters the collector and disables the event-loop monitor. */
  stop(): void;
}

/**
 * Reports process figures into `sink` at collection time: heap, RSS, event-loop delay (from
 * `perf_hooks.monitorEventLoopDelay`, reset at each collection) and utilisation. No JavaScript
 * timer is started; the delay monitor is libuv's own and is disabled by `stop()`.
 */
export function watchProcess(sink: MetricsSink, resolutionMs: number): ProcessWatch {
  const declarer = sink as Declarer;
  if (typeof declarer.declareGauge === 'function') {
    for (const [name, help, unit] of GAUGES) declarer.declareGauge({ name, help, unit });
  }
  // Without collection there is nobody to read the monitor: leave it off.
  let delay: IntervalHistogram | undefined;
  if (typeof sink.registerCollector === 'function') {
    delay = monitorEventLoopDelay({ resolution: resolutionMs });
    delay.enable();
  }
  let elu = performance.eventLoopUtilization();
  let heapPeakBytes = 0;
  const sample = (): number => {
    const heap = process.memoryUsage().heapUsed;
    if (heap > heapPeakBytes) heapPeakBytes = heap;
    return heap;
  };
  const collect = (): void => {
    const memory = process.memoryUsage();
    if (memory.heapUsed > heapPeakBytes) heapPeakBytes = memory.heapUsed;
    sink.gauge('leanvibe_process_heap_used_bytes', memory.heapUsed);
    sink.gauge('leanvibe_process_heap_total_bytes', memory.heapTotal);
    sink.gauge('leanvibe_process_resident_memory_bytes', memory.rss);
    if (delay !== undefined && delay.count > 0) {
      sink.gauge('leanvibe_process_event_loop_delay_p50_seconds', delay.percentile(50) / 1e9);
      sink.gauge('leanvibe_process_event_loop_delay_p99_seconds', delay.percentile(99) / 1e9);
      sink.gauge('leanvibe_process_event_loop_delay_max_seconds', delay.max / 1e9);
      delay.reset();
    }
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, elu);
    if (Number.isFinite(utilization)) {
      sink.gauge('leanvibe_process_event_loop_utilization_ratio', utilization);
    }
    elu = now;
  };
  const unregister = sink.registerCollector?.(collect);
  return {
    get heapPeakBytes() {
      return heapPeakBytes;
    },
    sample,
    stop() {
      unregister?.();
      delay?.disable();
      delay = undefined;
    },
  };
}
