import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { definePlugin, PluginHost } from '@leanvibe/core';
import type { MetricsSink } from '@leanvibe/core/contracts';
import { createMetrics, instrumentHost } from '@leanvibe/metrics';
import { z } from 'zod';

// One registry: the host, its plugins and the process write to it; Prometheus reads it.
const metrics = createMetrics({ defaultLabels: { service: 'thumbnailer' } });

let sink: MetricsSink | undefined;
const resizer = definePlugin({
  name: 'resizer',
  version: '1.0.0',
  type: 'data_processing',
  taskTypes: ['resize'],
  sdk: '^0.1.0',
  params: z.object({ width: z.number().int() }),
  initialize(ctx) {
    sink = ctx.metrics; // the host hands every plugin its MetricsSink
  },
  handle(task) {
    if (task.params.width <= 0) throw new Error('width must be positive');
    sink?.counter('resizer_pixels_total', task.params.width * task.params.width);
    return { width: task.params.width / 2 };
  },
});

const host = new PluginHost({ id: 'thumbnailer', metrics });
const instrumentation = instrumentHost(host, metrics); // per-plugin and process metrics
await host.register(resizer);
await host.start();
for (let i = 1; i <= 20; i++) {
  await host.execute({ type: 'resize', params: { width: i % 10 === 0 ? 0 : i * 10 } });
}

// Serve /metrics over HTTP, scrape it once as Prometheus would, and stop.
const server = createServer(metrics.metricsHandler({ path: '/metrics' }));
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;
const response = await fetch(`http://127.0.0.1:${port}/metrics`);
console.log(response.headers.get('content-type'));
for (const line of (await response.text()).split('\n')) {
  if (/^(leanvibe_plugin_tasks_total|resizer_pixels_total|leanvibe_process_heap)/.test(line)) {
    console.log(line);
  }
}
server.close();

// Epic 1: every plugin's figures against the budgets.
console.log(instrumentation.epic1Report().toTable());
instrumentation.close();
await host.close();
