import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMetrics, epic1Report, PerformanceTracker } from '@leanvibe/metrics';

// One registry for the app: a MetricsSink any LeanVibe package can write to.
const metrics = createMetrics({ defaultLabels: { service: 'thumbnailer' } });
const tasks = metrics.declareCounter({
  name: 'leanvibe_plugin_tasks_total',
  help: 'Tasks a plugin finished, by outcome.',
  labelNames: ['plugin', 'outcome'],
});
const duration = metrics.declareHistogram({
  name: 'leanvibe_plugin_task_duration_seconds',
  help: 'Task execution time.',
  unit: 'seconds',
  labelNames: ['plugin'],
  buckets: [0.001, 0.01, 0.1, 1],
});
const tracker = new PerformanceTracker({ pluginId: 'resizer' });

// Plugin-like work: 200 resizes, one in ten fails.
function resize(size: number): number {
  let checksum = 0;
  for (let i = 0; i < size * 100; i++) checksum = (checksum + i * size) % 65_521;
  return checksum;
}
for (let i = 1; i <= 200; i++) {
  const started = performance.now();
  const ok = i % 10 !== 0 && resize(i) >= 0;
  const ms = performance.now() - started;
  tasks.inc(1, { plugin: 'resizer', outcome: ok ? 'success' : 'failure' });
  duration.observe(ms / 1000, { plugin: 'resizer' });
  tracker.record(ms, { success: ok });
}

// Values read at collection time, without a timer.
metrics.registerCollector(() => {
  metrics.gauge('app_heap_used_bytes', process.memoryUsage().heapUsed);
});

// Serve /metrics over HTTP, scrape it once as Prometheus would, and stop.
const server = createServer(metrics.metricsHandler({ path: '/metrics' }));
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;
const response = await fetch(`http://127.0.0.1:${port}/metrics`);
console.log(response.headers.get('content-type'));
const body = await response.text();
for (const line of body.split('\n')) {
  if (/^(leanvibe_plugin_tasks_total|leanvibe_plugin_task_duration_seconds_count)/.test(line)) {
    console.log(line);
  }
}
server.close();

// Epic 1: the tracked figures against the budgets, as a table.
const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
console.log(epic1Report(tracker, { memoryMb: heapMb }).toTable());
