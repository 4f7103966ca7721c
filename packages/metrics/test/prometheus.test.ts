import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMetrics, type Metrics, PROMETHEUS_CONTENT_TYPE } from '../src/index.js';
import { parseExposition } from './helpers.js';

const TRICKY = [
  'plain',
  'say "hi"',
  'C:\\temp\\new',
  'line one\nline two',
  '\\"\n\\n',
  'trailing backslash \\',
  'ünïcødé ✓',
  '{braces}, commas=and "=" signs',
];

/** A registry with what a host produces, plus label values with every character that needs escaping. */
function realistic(): { metrics: Metrics; expected: Map<string, number> } {
  const metrics = createMetrics({
    prefix: 'hive_',
    defaultLabels: { service: 'agent "hive"\\1' },
    maxSeriesPerMetric: 50,
  });
  const expected = new Map<string, number>();
  const key = (name: string, labels: Record<string, string>) =>
    `${name}${JSON.stringify(Object.entries(labels).sort())}`;
  const tasks = metrics.declareCounter({
    name: 'plugin_tasks_total',
    help: 'Tasks a plugin finished.\nBy outcome and "error code" \\ plugin.',
    labelNames: ['plugin', 'outcome', 'error_code'],
  });
  const duration = metrics.declareHistogram({
    name: 'plugin_task_duration_seconds',
    help: 'Task execution time.',
    unit: 'seconds',
    labelNames: ['plugin', 'outcome'],
  });
  const inFlight = metrics.declareUpDownCounter({
    name: 'plugin_tasks_in_flight',
    help: 'Tasks running now.',
    labelNames: ['plugin'],
  });
  const service = 'agent "hive"\\1';
  TRICKY.forEach((plugin, i) => {
    tasks.inc(i + 1, { plugin, outcome: 'success' });
    expected.set(key('hive_plugin_tasks_total', { service, plugin, outcome: 'success' }), i + 1);
    tasks.inc(2, { plugin, outcome: 'failure', error_code: 'PLUGIN_TIMEOUT' });
    expected.set(
      key('hive_plugin_tasks_total', {
        service,
        plugin,
        outcome: 'failure',
        error_code: 'PLUGIN_TIMEOUT',
      }),
      2,
    );
    for (let k = 0; k <= i; k++)
      duration.observe(0.001 * 10 ** (k % 4), { plugin, outcome: 'success' });
    inFlight.add(i - 3, { plugin });
    expected.set(key('hive_plugin_tasks_in_flight', { service, plugin }), i - 3);
  });
  metrics.gauge('process_heap_used_bytes', 31_457_280);
  expected.set(key('hive_process_heap_used_bytes', { service }), 31_457_280);
  metrics.gauge('temperature_ratio', -0.125, { sensor: 'a' });
  expected.set(key('hive_temperature_ratio', { service, sensor: 'a' }), -0.125);
  // Past the cap: 60 users fold into one overflow series of 10 + 1 each.
  for (let i = 0; i < 60; i++) metrics.counter('logins_total', 1, { user: `user-${i}` });
  expected.set(key('hive_logins_total', { service, overflow: 'true' }), 10);
  metrics.declareCounter({ name: 'restarts_total', help: 'Restarts.' });
  expected.set(key('hive_restarts_total', { service }), 0);
  return { metrics, expected };
}

const PROMTOOL = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const hasPromtool = PROMTOOL.error === undefined && PROMTOOL.status === 0;
const inCI = process.env.CI === 'true';

describe('toPrometheus', () => {
  it('writes HELP and TYPE, escaped labels, cumulative buckets ending in +Inf, _sum and _count', () => {
    const metrics = createMetrics();
    const h = metrics.declareHistogram({
      name: 'op_seconds',
      help: 'Op time.\nSecond line \\ here.',
      unit: 'seconds',
      buckets: [0.1, 1],
      labelNames: ['op'],
    });
    h.observe(0.05, { op: 'a"b' });
    h.observe(0.5, { op: 'a"b' });
    h.observe(7, { op: 'a"b' });
    metrics.upDownCounter('in_flight', 2, { path: 'C:\\x\ny' });
    expect(metrics.toPrometheus()).toBe(
      [
        '# HELP op_seconds Op time.\\nSecond line \\\\ here.',
        '# TYPE op_seconds histogram',
        'op_seconds_bucket{op="a\\"b",le="0.1"} 1',
        'op_seconds_bucket{op="a\\"b",le="1"} 2',
        'op_seconds_bucket{op="a\\"b",le="+Inf"} 3',
        'op_seconds_sum{op="a\\"b"} 7.55',
        'op_seconds_count{op="a\\"b"} 3',
        '# HELP in_flight in_flight (recorded without a declaration)',
        '# TYPE in_flight gauge',
        'in_flight{path="C:\\\\x\\ny"} 2',
        '',
      ].join('\n'),
    );
    expect(metrics.contentType).toBe(PROMETHEUS_CONTENT_TYPE);
  });

  it('writes an unlabelled histogram with bare _sum and _count', () => {
    const metrics = createMetrics();
    metrics.declareHistogram({ name: 'h', help: 'H.', buckets: [1] }).observe(2);
    expect(metrics.toPrometheus()).toContain(
      'h_bucket{le="1"} 0\nh_bucket{le="+Inf"} 1\nh_sum 2\nh_count 1\n',
    );
  });

  it('parses back to the values recorded, escapes and all', () => {
    const { metrics, expected } = realistic();
    const parsed = parseExposition(metrics.toPrometheus());
    const seen = new Map<string, number>();
    for (const sample of parsed.samples) {
      if (/_(bucket|sum|count)$/.test(sample.name)) continue;
      seen.set(
        `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`,
        sample.value,
      );
    }
    for (const [key, value] of expected) expect(seen.get(key), key).toBe(value);
    expect(parsed.help.get('hive_plugin_tasks_total')).toBe(
      'Tasks a plugin finished.\nBy outcome and "error code" \\ plugin.',
    );
    expect(parsed.types.get('hive_plugin_tasks_in_flight')).toBe('gauge');
    expect(parsed.types.get('hive_plugin_task_duration_seconds')).toBe('histogram');
    // Histogram buckets agree with the snapshot: cumulative, and +Inf equals _count.
    const snapshot = metrics.collect().find((m) => m.name === 'hive_plugin_task_duration_seconds');
    if (snapshot?.type !== 'histogram') throw new Error('no histogram');
    for (const series of snapshot.series) {
      const mine = (s: { labels: Record<string, string> }) =>
        Object.entries(series.labels).every(([k, v]) => s.labels[k] === v);
      const buckets = parsed.samples.filter(
        (s) => s.name === 'hive_plugin_task_duration_seconds_bucket' && mine(s),
      );
      expect(buckets.map((s) => s.value)).toEqual(series.bucketCounts);
      expect(buckets.at(-1)?.labels.le).toBe('+Inf');
      const count = parsed.samples.find((s) => s.name.endsWith('_count') && mine(s));
      expect(count?.value).toBe(series.count);
    }
  });

  it('round-trips any label value through escaping', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'binary', minLength: 1 }), { minLength: 1, maxLength: 6 }),
        (values) => {
          const metrics = createMetrics();
          for (const [i, value] of values.entries()) metrics.gauge('g', i, { v: value });
          const parsed = parseExposition(metrics.toPrometheus());
          expect(parsed.samples.map((s) => s.labels.v)).toEqual(values);
          expect(parsed.samples.map((s) => s.value)).toEqual(values.map((_, i) => i));
        },
      ),
      { numRuns: 40 },
    );
  });

  it.skipIf(!hasPromtool && !inCI)(
    `is accepted by \`promtool check metrics\`${hasPromtool || inCI ? '' : ' (skipped: promtool not found; install it with `apt-get install prometheus` or from prometheus.io/download)'}`,
    () => {
      expect(
        hasPromtool,
        'promtool must be on PATH under CI=true (Debian package `prometheus`)',
      ).toBe(true);
      const { metrics } = realistic();
      const text = metrics.toPrometheus();
      expect(text).toContain('\\"hi\\"');
      expect(text).toContain('line one\\nline two');
      const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      // 0 clean, 1 parse error, 3 lint problems
      expect({ status: check.status, output: `${check.stdout}${check.stderr}` }).toEqual({
        status: 0,
        output: '',
      });
    },
  );

  it.skipIf(!hasPromtool)('is what promtool rejects when broken (the check can fail)', () => {
    const bad = spawnSync('promtool', ['check', 'metrics'], {
      input: '# HELP g_total x\n# TYPE g_total gauge\ng_total 1\n',
      encoding: 'utf8',
    });
    expect(bad.status).toBe(3);
  });
});
