import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  checkBoolean,
  checkInteger,
  checkOptionsObject,
  DIAGNOSTICS_CHANNELS,
  invalidArgument,
  type Labels,
  type MetricsSink,
  type PluginLifecycleMessage,
} from '@leanvibe/core/contracts';
import { type Epic1ReportOptions, type Epic1Summary, epic1Report } from './epic1-report.js';
import { PerformanceTracker, type PerformanceTrackerOptions } from './performance-tracker.js';
import { type ProcessWatch, watchProcess } from './process-metrics.js';

/** Anything with the id a host publishes as `hostId` (a `PluginHost`, or a test double). */
export interface InstrumentedHost {
  readonly id: string;
}

/** Options of {@link instrumentHost}. */
export interface InstrumentHostOptions {
  /** Also report heap, RSS, event-loop delay and utilisation at each collection. @default true */
  readonly process?: boolean;
  /** Sampling resolution of the event-loop delay monitor, in milliseconds. @default 20 */
  readonly eventLoopResolutionMs?: number;
  /** Options of each plugin's {@link PerformanceTracker} (percentile accuracy). @default {} */
  readonly tracker?: Omit<PerformanceTrackerOptions, 'pluginId'>;
}

/** A running instrumentation; `close()` unsubscribes. */
export interface HostInstrumentation extends Disposable {
  /** The host's id, the `hostId` messages are filtered on. */
  readonly hostId: string;
  /** The tracker of one plugin, once it has been seen. */
  tracker(pluginId: string): PerformanceTracker | undefined;
  /** Every plugin's tracker, by plugin id. */
  trackers(): ReadonlyMap<string, PerformanceTracker>;
  /**
   * The Epic 1 report over every plugin; the memory figure is the largest heap seen (at
   * collections and now) unless `options.memoryMb` is given.
   */
  epic1Report(options?: Epic1ReportOptions): Epic1Summary;
  /** Unsubscribes from the channels, unregisters the collector, stops the delay monitor. Safe twice. */
  close(): void;
}

const METRICS = {
  tasks: 'leanvibe_plugin_tasks_total',
  duration: 'leanvibe_plugin_task_duration_seconds',
  inFlight: 'leanvibe_plugin_tasks_in_flight',
  init: 'leanvibe_plugin_init_duration_seconds',
  failures: 'leanvibe_plugin_lifecycle_failures_total',
} as const;

type Declarer = {
  declareCounter?(d: object): unknown;
  declareGauge?(d: object): unknown;
  declareHistogram?(d: object): unknown;
};

function declare(sink: MetricsSink): void {
  const d = sink as Declarer;
  if (typeof d.declareCounter !== 'function') return;
  d.declareCounter({
    name: METRICS.tasks,
    help: 'Tasks a plugin finished, by outcome and error code.',
    labelNames: ['plugin', 'outcome', 'error_code'],
  });
  d.declareHistogram?.({
    name: METRICS.duration,
    help: 'Task execution time.',
    unit: 'seconds',
    labelNames: ['plugin', 'outcome'],
  });
  d.declareGauge?.({
    name: METRICS.inFlight,
    help: 'Tasks a plugin is running now.',
    labelNames: ['plugin'],
  });
  d.declareGauge?.({
    name: METRICS.init,
    help: 'How long the last initialisation of a plugin took.',
    unit: 'seconds',
    labelNames: ['plugin'],
  });
  d.declareCounter({
    name: METRICS.failures,
    help: 'Failed plugin initialisations and cleanups.',
    labelNames: ['plugin', 'phase'],
  });
}

/**
 * Records a host's plugin activity into `metrics` by subscribing to the contracts'
 * `DIAGNOSTICS_CHANNELS` and keeping only messages whose `hostId` is `host.id`. Per plugin:
 * `leanvibe_plugin_tasks_total{plugin,outcome,error_code}`,
 * `leanvibe_plugin_task_duration_seconds{plugin,outcome}` (histogram),
 * `leanvibe_plugin_tasks_in_flight{plugin}`, `leanvibe_plugin_init_duration_seconds{plugin}`,
 * `leanvibe_plugin_lifecycle_failures_total{plugin,phase}`, and a {@link PerformanceTracker}
 * for the Epic 1 report; plus process figures read at collection time (no timers). A host
 * publishes only while a channel has subscribers, so after `close()` it pays nothing.
 *
 * @example
 * ```ts
 * const metrics = createMetrics();
 * const instrumentation = instrumentHost(host, metrics);
 * // ... run tasks ...
 * console.log(instrumentation.epic1Report().toTable());
 * instrumentation.close();
 * ```
 */
export function instrumentHost(
  host: InstrumentedHost,
  metrics: MetricsSink,
  options: InstrumentHostOptions = {},
): HostInstrumentation {
  if (typeof host !== 'object' || host === null || typeof host.id !== 'string') {
    throw invalidArgument('host', 'an object with a string `id`', host);
  }
  if (
    typeof metrics !== 'object' ||
    metrics === null ||
    typeof metrics.counter !== 'function' ||
    typeof metrics.gauge !== 'function' ||
    typeof metrics.histogram !== 'function'
  ) {
    throw invalidArgument('metrics', 'a MetricsSink', metrics);
  }
  checkOptionsObject('options', options);
  const withProcess = checkBoolean('process', options.process ?? true);
  const resolutionMs = checkInteger('eventLoopResolutionMs', options.eventLoopResolutionMs ?? 20, {
    min: 1,
  });
  const trackerOptions = checkOptionsObject('tracker', options.tracker);
  new PerformanceTracker(trackerOptions); // validates the tracker options now, not at first task

  const hostId = host.id;
  declare(metrics);
  const trackers = new Map<string, PerformanceTracker>();
  const inFlight = new Map<string, number>();
  const running = new Set<string>();
  const trackerOf = (pluginId: string): PerformanceTracker => {
    let tracker = trackers.get(pluginId);
    if (tracker === undefined) {
      tracker = new PerformanceTracker({ ...trackerOptions, pluginId });
      trackers.set(pluginId, tracker);
    }
    return tracker;
  };
  const setInFlight = (pluginId: string, delta: number): void => {
    const value = (inFlight.get(pluginId) ?? 0) + delta;
    inFlight.set(pluginId, value);
    metrics.gauge(METRICS.inFlight, value, { plugin: pluginId });
  };

  const relevant = (message: unknown): message is PluginLifecycleMessage => {
    const m = message as Partial<PluginLifecycleMessage> | null;
    return (
      typeof m === 'object' &&
      m !== null &&
      m.hostId === hostId &&
      typeof m.pluginId === 'string' &&
      (m.phase === 'start' || m.phase === 'end')
    );
  };

  const onInit = (message: unknown): void => {
    if (!relevant(message) || message.phase !== 'end') return;
    const { pluginId, durationMs, error } = message;
    if (typeof durationMs === 'number' && durationMs >= 0) {
      trackerOf(pluginId).recordInit(durationMs);
      metrics.gauge(METRICS.init, durationMs / 1000, { plugin: pluginId });
    }
    if (error !== undefined)
      metrics.counter(METRICS.failures, 1, { plugin: pluginId, phase: 'init' });
  };

  const onExecute = (message: unknown): void => {
    if (!relevant(message)) return;
    const { pluginId, taskId } = message;
    const key = `${pluginId}\u0000${taskId ?? ''}`;
    if (message.phase === 'start') {
      running.add(key);
      setInFlight(pluginId, 1);
      return;
    }
    // An end whose start came before we subscribed must not drive the gauge below zero.
    if (running.delete(key)) setInFlight(pluginId, -1);
    const { result, durationMs } = message;
    const tracker = trackerOf(pluginId);
    if (typeof durationMs === 'number' && durationMs >= 0) tracker.recordApiResponse(durationMs);
    if (result === undefined) return;
    const outcome = result.success ? 'success' : 'failure';
    const labels: Labels = result.success
      ? { plugin: pluginId, outcome }
      : { plugin: pluginId, outcome, error_code: String(result.error?.code ?? 'UNKNOWN') };
    metrics.counter(METRICS.tasks, 1, labels);
    const executionMs = Number.isFinite(result.executionTimeMs)
      ? Math.max(0, result.executionTimeMs)
      : (durationMs ?? 0);
    metrics.histogram(METRICS.duration, executionMs / 1000, { plugin: pluginId, outcome });
    tracker.recordResult({ ...result, executionTimeMs: executionMs });
  };

  const onCleanup = (message: unknown): void => {
    if (!relevant(message) || message.phase !== 'end' || message.error === undefined) return;
    metrics.counter(METRICS.failures, 1, { plugin: message.pluginId, phase: 'cleanup' });
  };

  subscribe(DIAGNOSTICS_CHANNELS.init, onInit);
  subscribe(DIAGNOSTICS_CHANNELS.execute, onExecute);
  subscribe(DIAGNOSTICS_CHANNELS.cleanup, onCleanup);
  const watch: ProcessWatch | undefined = withProcess
    ? watchProcess(metrics, resolutionMs)
    : undefined;
  let closed = false;

  const close = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe(DIAGNOSTICS_CHANNELS.init, onInit);
    unsubscribe(DIAGNOSTICS_CHANNELS.execute, onExecute);
    unsubscribe(DIAGNOSTICS_CHANNELS.cleanup, onCleanup);
    watch?.stop();
  };

  return {
    hostId,
    tracker: (pluginId) => trackers.get(pluginId),
    trackers: () => new Map(trackers),
    epic1Report(reportOptions = {}) {
      let heapMb: number | undefined;
      if (watch !== undefined) {
        watch.sample();
        heapMb = watch.heapPeakBytes / 2 ** 20;
      }
      return epic1Report([...trackers.values()], {
        ...(heapMb === undefined ? {} : { memoryMb: heapMb }),
        ...reportOptions,
      });
    },
    close,
    [Symbol.dispose]: close,
  };
}
