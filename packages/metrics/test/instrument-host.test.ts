import { channel } from 'node:diagnostics_channel';
import {
  DIAGNOSTICS_CHANNELS,
  type MetricsSink,
  PluginExecutionError,
  type PluginLifecycleMessage,
  PluginTimeoutError,
  type TaskResult,
} from '@leanvibe/core/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createMetrics,
  type HostInstrumentation,
  instrumentHost,
  type Metrics,
} from '../src/index.js';

const open: HostInstrumentation[] = [];
afterEach(() => {
  for (const instrumentation of open.splice(0)) instrumentation.close();
  vi.useRealTimers();
});

function instrument(metrics: MetricsSink, hostId = 'host-1', options = {}) {
  const instrumentation = instrumentHost({ id: hostId }, metrics, options);
  open.push(instrumentation);
  return instrumentation;
}

const publish = (name: keyof typeof DIAGNOSTICS_CHANNELS, message: PluginLifecycleMessage) =>
  channel(DIAGNOSTICS_CHANNELS[name]).publish(message);

function ok(pluginId: string, taskId: string, executionTimeMs: number): TaskResult {
  return { success: true, pluginId, taskId, data: null, executionTimeMs, memoryUsedMb: 1.5 };
}

function runTask(
  hostId: string,
  pluginId: string,
  taskId: string,
  result: TaskResult,
  durationMs: number,
) {
  publish('execute', { hostId, pluginId, taskId, taskType: 'resize', phase: 'start' });
  publish('execute', {
    hostId,
    pluginId,
    taskId,
    taskType: 'resize',
    phase: 'end',
    durationMs,
    result,
  });
}

function value(metrics: Metrics, name: string, labels: Record<string, string>): number | undefined {
  const metric = metrics.collect().find((m) => m.name === name);
  if (metric === undefined || metric.type === 'histogram') return undefined;
  return metric.series.find((s) => JSON.stringify(s.labels) === JSON.stringify(labels))?.value;
}

describe('instrumentHost', () => {
  it('records tasks by outcome and error code, durations, and in-flight counts per plugin', () => {
    const metrics = createMetrics();
    instrument(metrics, 'host-1', { process: false });
    runTask('host-1', 'resizer', 't1', ok('resizer', 't1', 250), 251);
    runTask('host-1', 'resizer', 't2', ok('resizer', 't2', 500), 501);
    const failure: TaskResult = {
      success: false,
      pluginId: 'resizer',
      taskId: 't3',
      error: new PluginTimeoutError('too slow', { timeoutMs: 50, pluginId: 'resizer' }),
      executionTimeMs: 50,
    };
    publish('execute', { hostId: 'host-1', pluginId: 'resizer', taskId: 't3', phase: 'start' });
    expect(value(metrics, 'leanvibe_plugin_tasks_in_flight', { plugin: 'resizer' })).toBe(1);
    publish('execute', {
      hostId: 'host-1',
      pluginId: 'resizer',
      taskId: 't3',
      phase: 'end',
      durationMs: 51,
      result: failure,
    });

    expect(
      value(metrics, 'leanvibe_plugin_tasks_total', { plugin: 'resizer', outcome: 'success' }),
    ).toBe(2);
    expect(
      value(metrics, 'leanvibe_plugin_tasks_total', {
        plugin: 'resizer',
        outcome: 'failure',
        error_code: 'PLUGIN_TIMEOUT',
      }),
    ).toBe(1);
    expect(value(metrics, 'leanvibe_plugin_tasks_in_flight', { plugin: 'resizer' })).toBe(0);
    const text = metrics.toPrometheus();
    expect(text).toContain('# TYPE leanvibe_plugin_task_duration_seconds histogram');
    expect(text).toContain(
      'leanvibe_plugin_task_duration_seconds_sum{plugin="resizer",outcome="success"} 0.75',
    );
    expect(text).toContain(
      'leanvibe_plugin_task_duration_seconds_count{plugin="resizer",outcome="failure"} 1',
    );
    expect(text).toContain(
      '# HELP leanvibe_plugin_tasks_total Tasks a plugin finished, by outcome and error code.',
    );

    const stats = open[0]?.tracker('resizer')?.stats();
    expect(stats).toMatchObject({
      count: 3,
      failures: 1,
      minMs: 50,
      maxMs: 500,
      memoryPeakMb: 1.5,
    });
    // lower rank ⌊0.99 × 2⌋ = 1 of [51, 251, 501]
    expect(Math.abs((stats?.apiResponseP99Ms ?? 0) - 251)).toBeLessThanOrEqual(2.51);
  });

  it('records init durations and lifecycle failures', () => {
    const metrics = createMetrics();
    const instrumentation = instrument(metrics, 'host-1', { process: false });
    publish('init', { hostId: 'host-1', pluginId: 'a', phase: 'start' });
    publish('init', { hostId: 'host-1', pluginId: 'a', phase: 'end', durationMs: 4 });
    publish('init', {
      hostId: 'host-1',
      pluginId: 'b',
      phase: 'end',
      durationMs: 2,
      error: new Error('no db'),
    });
    publish('cleanup', { hostId: 'host-1', pluginId: 'a', phase: 'end', durationMs: 1 });
    publish('cleanup', {
      hostId: 'host-1',
      pluginId: 'b',
      phase: 'end',
      durationMs: 1,
      error: new Error('stuck'),
    });
    expect(value(metrics, 'leanvibe_plugin_init_duration_seconds', { plugin: 'a' })).toBe(0.004);
    expect(
      value(metrics, 'leanvibe_plugin_lifecycle_failures_total', { plugin: 'b', phase: 'init' }),
    ).toBe(1);
    expect(
      value(metrics, 'leanvibe_plugin_lifecycle_failures_total', { plugin: 'b', phase: 'cleanup' }),
    ).toBe(1);
    expect(
      value(metrics, 'leanvibe_plugin_lifecycle_failures_total', { plugin: 'a', phase: 'cleanup' }),
    ).toBeUndefined();
    expect(instrumentation.tracker('a')?.stats().initMs).toBe(4);
    expect([...instrumentation.trackers().keys()]).toEqual(['a', 'b']);
  });

  it('ignores other hosts and malformed messages', () => {
    const metrics = createMetrics();
    const instrumentation = instrument(metrics, 'host-1', { process: false });
    runTask('host-2', 'resizer', 't1', ok('resizer', 't1', 5), 5);
    channel(DIAGNOSTICS_CHANNELS.execute).publish({ hostId: 'host-1', phase: 'end' });
    channel(DIAGNOSTICS_CHANNELS.execute).publish('nonsense');
    channel(DIAGNOSTICS_CHANNELS.init).publish({
      hostId: 'host-1',
      pluginId: 'x',
      phase: 'middle',
    });
    expect(
      value(metrics, 'leanvibe_plugin_tasks_total', { plugin: 'resizer', outcome: 'success' }),
    ).toBeUndefined();
    expect(instrumentation.trackers().size).toBe(0);
  });

  it('never drives in-flight below zero for tasks that started before it subscribed', () => {
    const metrics = createMetrics();
    instrument(metrics, 'host-1', { process: false });
    publish('execute', {
      hostId: 'host-1',
      pluginId: 'p',
      taskId: 'old',
      phase: 'end',
      durationMs: 1,
      result: ok('p', 'old', 1),
    });
    expect(value(metrics, 'leanvibe_plugin_tasks_in_flight', { plugin: 'p' })).toBeUndefined();
    expect(value(metrics, 'leanvibe_plugin_tasks_total', { plugin: 'p', outcome: 'success' })).toBe(
      1,
    );
  });

  it('labels a failure without a code as UNKNOWN and falls back to the channel duration', () => {
    const metrics = createMetrics();
    instrument(metrics, 'host-1', { process: false });
    const odd = {
      success: false,
      pluginId: 'p',
      taskId: 't',
      error: Object.assign(new PluginExecutionError('x'), { code: undefined }),
      executionTimeMs: Number.NaN,
    } as unknown as TaskResult;
    runTask('host-1', 'p', 't', odd, 7);
    expect(
      value(metrics, 'leanvibe_plugin_tasks_total', {
        plugin: 'p',
        outcome: 'failure',
        error_code: 'UNKNOWN',
      }),
    ).toBe(1);
    expect(metrics.toPrometheus()).toContain(
      'leanvibe_plugin_task_duration_seconds_sum{plugin="p",outcome="failure"} 0.007',
    );
  });

  it('reports process figures at collection time without starting a timer', () => {
    vi.useFakeTimers();
    const metrics = createMetrics();
    const instrumentation = instrument(metrics);
    expect(vi.getTimerCount()).toBe(0);
    const text = metrics.toPrometheus();
    for (const name of [
      'leanvibe_process_heap_used_bytes',
      'leanvibe_process_heap_total_bytes',
      'leanvibe_process_resident_memory_bytes',
    ]) {
      expect(text).toMatch(new RegExp(`^${name} [1-9]\\d*$`, 'm'));
    }
    expect(text).toContain('# HELP leanvibe_process_heap_used_bytes V8 heap in use.');
    const report = instrumentation.epic1Report();
    expect(report.figures.memoryMb).toBeGreaterThan(1);
    expect(instrumentation.epic1Report({ memoryMb: 5 }).figures.memoryMb).toBe(5);
  });

  it('reads event-loop delay and utilisation once the loop has turned', async () => {
    const metrics = createMetrics();
    instrument(metrics, 'host-1', { eventLoopResolutionMs: 1 });
    metrics.collect();
    const until = Date.now() + 15;
    while (Date.now() < until) {
      // keep the loop busy so the monitor sees a delay
    }
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const text = metrics.toPrometheus();
    expect(text).toMatch(/^leanvibe_process_event_loop_delay_max_seconds \d/m);
    expect(text).toMatch(/^leanvibe_process_event_loop_delay_p99_seconds \d/m);
    expect(text).toMatch(/^leanvibe_process_event_loop_utilization_ratio (0|1|0\.\d+)/m);
  });

  it('unsubscribes on close, so the host stops publishing', () => {
    const metrics = createMetrics();
    const execute = channel(DIAGNOSTICS_CHANNELS.execute);
    const instrumentation = instrumentHost({ id: 'h' }, metrics);
    expect(execute.hasSubscribers).toBe(true);
    expect(channel(DIAGNOSTICS_CHANNELS.init).hasSubscribers).toBe(true);
    expect(channel(DIAGNOSTICS_CHANNELS.cleanup).hasSubscribers).toBe(true);
    instrumentation[Symbol.dispose]();
    instrumentation.close();
    expect(execute.hasSubscribers).toBe(false);
    expect(channel(DIAGNOSTICS_CHANNELS.init).hasSubscribers).toBe(false);
    runTask('h', 'p', 't', ok('p', 't', 1), 1);
    expect(
      value(metrics, 'leanvibe_plugin_tasks_total', { plugin: 'p', outcome: 'success' }),
    ).toBeUndefined();
    // The process collector is gone too.
    expect(metrics.toPrometheus()).not.toMatch(/^leanvibe_process_heap_used_bytes \d/m);
  });

  it('works with any MetricsSink, even one without collectors', () => {
    const calls: string[] = [];
    const sink: MetricsSink = {
      counter: (name, v, labels) => calls.push(`counter ${name} ${v} ${JSON.stringify(labels)}`),
      gauge: (name, v, labels) => calls.push(`gauge ${name} ${v} ${JSON.stringify(labels)}`),
      histogram: (name, v, labels) =>
        calls.push(`histogram ${name} ${v} ${JSON.stringify(labels)}`),
    };
    const instrumentation = instrument(sink);
    runTask('host-1', 'p', 't', ok('p', 't', 250), 251);
    expect(calls).toEqual([
      'gauge leanvibe_plugin_tasks_in_flight 1 {"plugin":"p"}',
      'gauge leanvibe_plugin_tasks_in_flight 0 {"plugin":"p"}',
      'counter leanvibe_plugin_tasks_total 1 {"plugin":"p","outcome":"success"}',
      'histogram leanvibe_plugin_task_duration_seconds 0.25 {"plugin":"p","outcome":"success"}',
    ]);
    expect(instrumentation.epic1Report().figures.memoryMb).toBeGreaterThan(1);
  });

  it.each([
    [
      () => instrumentHost(null as never, createMetrics()),
      '`host` must be an object with a string `id`',
    ],
    [() => instrumentHost({ id: 'h' }, {} as never), '`metrics` must be a MetricsSink'],
    [
      () => instrumentHost({ id: 'h' }, createMetrics(), { process: 'yes' as never }),
      '`process` must be a boolean',
    ],
    [
      () => instrumentHost({ id: 'h' }, createMetrics(), { eventLoopResolutionMs: 0 }),
      '`eventLoopResolutionMs` must be an integer ≥ 1, got 0',
    ],
    [() => instrumentHost({ id: 'h' }, createMetrics(), { tracker: { maxBins: 1 } }), '`maxBins`'],
  ])('rejects bad arguments: %#', (act, message) => {
    expect(act).toThrow(message);
    expect(channel(DIAGNOSTICS_CHANNELS.execute).hasSubscribers).toBe(false);
  });
});
