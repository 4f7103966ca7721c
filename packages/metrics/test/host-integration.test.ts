import { channel } from 'node:diagnostics_channel';
import { definePlugin, PluginHost } from '@leanvibe/core';
import { DIAGNOSTICS_CHANNELS } from '@leanvibe/core/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics, instrumentHost } from '../src/index.js';
import { parseExposition } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function plugins() {
  const resizer = definePlugin({
    name: 'resizer',
    version: '1.0.0',
    type: 'data_processing',
    taskTypes: ['resize'],
    sdk: '^0.1.0',
    handle(task) {
      const { width } = task.params as { width: number };
      if (width <= 0) throw new Error('width must be positive');
      return width / 2;
    },
  });
  const sleeper = definePlugin({
    name: 'sleeper',
    version: '1.0.0',
    type: 'workflow',
    taskTypes: ['sleep'],
    sdk: '^0.1.0',
    limits: { maxExecutionTimeMs: 20 },
    handle: (task) =>
      new Promise<never>((_, reject) => {
        task.signal.addEventListener('abort', () => reject(task.signal.reason), { once: true });
      }),
  });
  const broken = definePlugin({
    name: 'broken',
    version: '1.0.0',
    type: 'integration',
    taskTypes: ['never'],
    sdk: '^0.1.0',
    optional: true,
    initialize() {
      throw new Error('no database');
    },
    handle: () => null,
  });
  return [resizer, sleeper, broken];
}

describe('instrumentHost with a real PluginHost', () => {
  it('records what the host publishes, for that host only', async () => {
    const metrics = createMetrics({ defaultLabels: { service: 'it' } });
    const host = new PluginHost({ id: 'metrics-it', metrics });
    const other = new PluginHost({ id: 'other-host' });
    const instrumentation = instrumentHost(host, metrics, { process: false });
    cleanups.push(
      () => instrumentation.close(),
      () => host.close(),
      () => other.close(),
    );
    for (const plugin of plugins()) await host.register(plugin);
    await other.register(plugins()[0]!);
    await host.start();
    await other.start();

    for (const width of [640, 1280, 0, 320])
      await host.execute({ type: 'resize', params: { width } });
    await other.execute({ type: 'resize', params: { width: 10 } });
    const timedOut = await host.execute({ type: 'sleep', params: {} });
    expect(timedOut.success).toBe(false);

    const parsed = parseExposition(metrics.toPrometheus());
    const sample = (name: string, labels: Record<string, string>) =>
      parsed.samples.find(
        (s) =>
          s.name === name &&
          JSON.stringify(s.labels) === JSON.stringify({ service: 'it', ...labels }),
      )?.value;
    expect(sample('leanvibe_plugin_tasks_total', { plugin: 'resizer', outcome: 'success' })).toBe(
      3,
    );
    expect(
      sample('leanvibe_plugin_tasks_total', {
        plugin: 'resizer',
        outcome: 'failure',
        error_code: 'PLUGIN_EXECUTION',
      }),
    ).toBe(1);
    expect(
      sample('leanvibe_plugin_tasks_total', {
        plugin: 'sleeper',
        outcome: 'failure',
        error_code: 'PLUGIN_TIMEOUT',
      }),
    ).toBe(1);
    expect(
      sample('leanvibe_plugin_task_duration_seconds_count', {
        plugin: 'resizer',
        outcome: 'success',
      }),
    ).toBe(3);
    expect(sample('leanvibe_plugin_tasks_in_flight', { plugin: 'resizer' })).toBe(0);
    expect(
      sample('leanvibe_plugin_init_duration_seconds', { plugin: 'resizer' }),
    ).toBeGreaterThanOrEqual(0);
    expect(
      sample('leanvibe_plugin_lifecycle_failures_total', { plugin: 'broken', phase: 'init' }),
    ).toBe(1);

    const resizer = instrumentation.tracker('resizer')?.stats();
    expect(resizer).toMatchObject({ count: 4, failures: 1 });
    expect(resizer?.initMs).toBeGreaterThanOrEqual(0);
    const report = instrumentation.epic1Report({ memoryMb: 10 });
    // The longest init of any plugin is judged (its verdict depends on the machine, so only
    // that it was measured is asserted here).
    const inits = [...instrumentation.trackers().values()].map((t) => t.stats().initMs ?? 0);
    expect(report.figures.initMs).toBe(Math.max(...inits));
    expect(report.checks.find((c) => c.budget === 'initMs')?.verdict).not.toBe('unmeasured');
    expect(report.figures.memoryMb).toBe(10);
    expect(report.figures.taskExecutionMs).toBeGreaterThanOrEqual(20); // the time-out
  });

  it('leaves the host with no subscribers, so it publishes nothing, once closed', async () => {
    const metrics = createMetrics();
    const host = new PluginHost({ id: 'closing', metrics });
    cleanups.push(() => host.close());
    const instrumentation = instrumentHost(host, metrics);
    await host.register(plugins()[0]!);
    await host.start();
    await host.execute({ type: 'resize', params: { width: 2 } });
    instrumentation.close();
    expect(channel(DIAGNOSTICS_CHANNELS.execute).hasSubscribers).toBe(false);
    await host.execute({ type: 'resize', params: { width: 2 } });
    expect(instrumentation.tracker('resizer')?.stats().count).toBe(1);
  });
});
