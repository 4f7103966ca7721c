import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostInstrumentation, Metrics } from '@leanvibe/metrics';
import type { LatencyRow, TaskCount } from './report.js';

/** A running `/metrics` endpoint. */
export interface MetricsEndpoint {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `metrics` in the Prometheus text format on a random loopback port. */
export async function serveMetrics(metrics: Metrics): Promise<MetricsEndpoint> {
  const server = createServer(metrics.metricsHandler({ path: '/metrics' }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Tasks by plugin, outcome and error code, as `leanvibe_plugin_tasks_total` counted them. */
export function taskCounts(metrics: Metrics): TaskCount[] {
  const family = metrics.collect().find((m) => m.name === 'leanvibe_plugin_tasks_total');
  if (family === undefined || family.type === 'histogram') return [];
  return family.series
    .map((s) => ({
      plugin: s.labels.plugin ?? '?',
      outcome: s.labels.outcome ?? '?',
      code: s.labels.error_code ?? '-',
      count: s.value,
    }))
    .sort((a, b) => a.plugin.localeCompare(b.plugin) || b.count - a.count);
}

/** p50/p95/p99 of task durations per plugin, from the instrumentation's trackers. */
export function latencyRows(instrumentation: HostInstrumentation): LatencyRow[] {
  const round = (ms: number) => (Number.isFinite(ms) ? Math.round(ms * 100) / 100 : 0);
  return [...instrumentation.trackers().values()]
    .map((tracker) => tracker.stats())
    .filter((stats) => stats.count > 0)
    .map((stats) => ({
      plugin: stats.pluginId,
      tasks: stats.count,
      p50Ms: round(stats.p50Ms),
      p95Ms: round(stats.p95Ms),
      p99Ms: round(stats.p99Ms),
    }))
    .sort((a, b) => a.plugin.localeCompare(b.plugin));
}

/** Calls of a `@performanceTracked` method, from its duration histogram (all outcomes). */
export function methodCalls(metrics: Metrics, method: string): number {
  const family = metrics.collect().find((m) => m.name === 'leanvibe_method_duration_seconds');
  if (family === undefined || family.type !== 'histogram') return 0;
  return family.series.filter((s) => s.labels.method === method).reduce((n, s) => n + s.count, 0);
}
