// @leanvibe/metrics against prom-client 15: updates with two labels, serialising 1,000 series,
// and the cold import.
import { createMetrics } from '@leanvibe/metrics';
import promClient from 'prom-client';
import { coldImportComparison } from '../cold-import.js';
import { compare, record } from '../harness.js';

export const title = '@leanvibe/metrics vs prom-client 15.1.3';

const PLUGINS = ['resizer', 'fetcher', 'indexer', 'mailer'];
const OUTCOMES = ['success', 'failure'];
const LABELS = PLUGINS.flatMap((plugin) => OUTCOMES.map((outcome) => ({ plugin, outcome })));

function ours() {
  const metrics = createMetrics();
  const counter = metrics.declareCounter({
    name: 'tasks_total',
    help: 'Tasks.',
    labelNames: ['plugin', 'outcome'],
  });
  const histogram = metrics.declareHistogram({
    name: 'task_duration_seconds',
    help: 'Task time.',
    unit: 'seconds',
    labelNames: ['plugin', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  return { metrics, counter, histogram };
}

function theirs() {
  const registry = new promClient.Registry();
  const counter = new promClient.Counter({
    name: 'tasks_total',
    help: 'Tasks.',
    labelNames: ['plugin', 'outcome'],
    registers: [registry],
  });
  const histogram = new promClient.Histogram({
    name: 'task_duration_seconds',
    help: 'Task time.',
    labelNames: ['plugin', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, counter, histogram };
}

export async function run() {
  const a = ours();
  const b = theirs();
  // 100 updates per call, cycling through 8 label sets, so the harness's own per-call cost
  // does not drown the difference; figures are per 100 updates.
  const times100 = (update) => () => {
    for (let i = 0; i < 100; i++) update(LABELS[i & 7]);
  };
  await compare(
    'counter inc ×100, two labels',
    { name: 'leanvibe', fn: times100((labels) => a.counter.inc(1, labels)) },
    [{ name: 'prom-client', fn: times100((labels) => b.counter.inc(labels, 1)) }],
  );
  await compare(
    'counter inc ×100 through the MetricsSink, two labels',
    { name: 'leanvibe', fn: times100((labels) => a.metrics.counter('tasks_total', 1, labels)) },
    [{ name: 'prom-client', fn: times100((labels) => b.counter.inc(labels, 1)) }],
  );
  await compare(
    'histogram observe ×100, two labels',
    { name: 'leanvibe', fn: times100((labels) => a.histogram.observe(0.042, labels)) },
    [{ name: 'prom-client', fn: times100((labels) => b.histogram.observe(labels, 0.042)) }],
  );

  // 1,000 counter series: 250 plugins × 4 outcomes.
  const c = ours();
  const d = theirs();
  for (let p = 0; p < 250; p++) {
    for (const outcome of ['success', 'failure', 'timeout', 'denied']) {
      const labels = { plugin: `plugin-${p}`, outcome };
      c.counter.inc(p + 1, labels);
      d.counter.inc(labels, p + 1);
    }
  }
  await compare(
    'serialise 1,000 counter series',
    { name: 'leanvibe', fn: () => c.metrics.toPrometheus() },
    [{ name: 'prom-client', fn: () => d.registry.metrics() }],
  );

  // 1,000 histogram series (100 × 10 outcomes), 14 lines each.
  const e = ours();
  const f = theirs();
  for (let p = 0; p < 100; p++) {
    for (let o = 0; o < 10; o++) {
      const labels = { plugin: `plugin-${p}`, outcome: `o${o}` };
      e.histogram.observe(p / 100, labels);
      f.histogram.observe(labels, p / 100);
    }
  }
  await compare(
    'serialise 1,000 histogram series',
    { name: 'leanvibe', fn: () => e.metrics.toPrometheus() },
    [{ name: 'prom-client', fn: () => f.registry.metrics() }],
  );

  record(coldImportComparison('cold import (ESM)', '@leanvibe/metrics', 'prom-client'));
  record(coldImportComparison('cold import (CJS)', '@leanvibe/metrics', 'prom-client', 'require'));
}
