import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoReport } from '../src/report.js';
import { type DemoProcess, runBuiltDemo } from './run-demo.js';

// --trace FILE end to end: the OTLP JSON file the built demo writes, and the waterfall it prints.

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: unknown;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: OtlpValue }[];
  events: { timeUnixNano: string; name: string }[];
}
interface OtlpFile {
  resourceSpans: { scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[];
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hive-demo-trace-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const attribute = (span: OtlpSpan, key: string) =>
  span.attributes.find((a) => a.key === key)?.value;

describe('--trace FILE', () => {
  let run: DemoProcess;
  let report: DemoReport;
  let spans: OtlpSpan[];

  beforeAll(async () => {
    const file = join(dir, 'spans.json');
    const reportPath = join(dir, 'report.json');
    run = await runBuiltDemo([
      ...['--records', '10000', '--tasks', '20', '--seed', '5'],
      ...['--trace', file, '--report', reportPath],
    ]);
    report = JSON.parse(await readFile(reportPath, 'utf8')) as DemoReport;
    const otlp = JSON.parse(await readFile(file, 'utf8')) as OtlpFile;
    spans = otlp.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  });

  it('exits 0 and reports what it wrote', () => {
    expect(run.code).toBe(0);
    expect(report.trace).toMatchObject({ file: join(dir, 'spans.json'), spans: spans.length });
    expect(run.stdout).toMatch(
      new RegExp(
        `^trace: ${spans.length} spans \\(\\d+ tasks, \\d+ traces\\) written to .*spans\\.json as OTLP JSON$`,
        'm',
      ),
    );
  });

  it('writes one span per task the report counts', () => {
    const ran = report.tasks.reduce((n, t) => n + t.count, 0);
    const taskSpans = spans.filter((s) => attribute(s, 'leanvibe.task.id') !== undefined);
    expect(taskSpans).toHaveLength(ran);
    expect(report.trace?.taskSpans).toBe(ran);
    const fetches = taskSpans.filter((s) => s.name === 'fetch.get');
    expect(fetches).toHaveLength(report.fetch!.tasks + 1);
  });

  it('is OTLP JSON: hex ids, parents in the file, times as nanosecond strings, typed values', () => {
    const ids = new Set(spans.map((s) => s.spanId));
    expect(ids.size).toBe(spans.length);
    for (const span of spans) {
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.traceId).not.toMatch(/^0+$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      if (span.parentSpanId !== undefined && span.parentSpanId !== '') {
        expect(span.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
        expect(ids.has(span.parentSpanId)).toBe(true);
      }
      expect(span.startTimeUnixNano).toMatch(/^\d{19}$/);
      expect(span.endTimeUnixNano).toMatch(/^\d{19}$/);
      expect(BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano)).toBe(true);
      for (const { value } of span.attributes) {
        const kinds = Object.keys(value).filter((k) => k.endsWith('Value'));
        expect(kinds).toHaveLength(1);
      }
    }
    // Wait spans hang under their task's span: the store's pool acquisitions at least.
    expect(spans.some((s) => s.name === 'pool acquire' && s.parentSpanId)).toBe(true);
  });

  it('prints the waterfall of the slowest fetch task, its total that span’s duration', () => {
    const durationMs = (s: OtlpSpan) =>
      Number(BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1e6;
    const slowest = spans
      .filter((s) => s.name === 'fetch.get' && attribute(s, 'leanvibe.task.id') !== undefined)
      .sort((a, b) => durationMs(b) - durationMs(a))[0]!;
    const printed = /^slowest fetch task: fetch\.get, ([\d.]+) ms, (\S+)/m.exec(run.stdout);
    expect(printed).not.toBeNull();
    expect(Number(printed![1])).toBeCloseTo(durationMs(slowest), 1);
    expect(report.trace?.slowestFetch?.spanId).toBe(slowest.spanId);
    expect(run.stdout).toContain(`trace ${slowest.traceId}`);
    // The task's own row, then one per event and child span, each within 100 columns.
    const at = run.stdout.indexOf('slowest fetch task:');
    const rows = run.stdout.slice(at).split('\n').slice(2);
    const table = rows.slice(0, rows.indexOf(''));
    expect(table[0]).toMatch(/^\s+span \/ event\s+offset\s+duration\s+0 ms\s+[\d.]+ ms$/);
    expect(table[1]).toMatch(/^\s+fetch\.get\s+0\.0 ms\s+[\d.]+ ms\s+█+$/);
    const expected =
      1 + slowest.events.length + spans.filter((s) => s.parentSpanId === slowest.spanId).length;
    expect(table).toHaveLength(1 + Math.min(expected, 40));
    for (const line of table) expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('--trace on the command line', () => {
  it.each([
    [['--trace'], /^Option '--trace <value>' argument missing/],
    [
      ['--trace', 't.json', '--workers', '2'],
      /^--trace traces the embedded hive; it cannot be combined with --workers/,
    ],
    [
      ['--trace', '/nonexistent-dir/t.json'],
      /^--trace: the directory \/nonexistent-dir does not exist/,
    ],
  ])('refuses %j with the usage and exit code 2', async (args, message) => {
    const result = await runBuiltDemo(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/Usage: pnpm demo \[options\]/);
  });
});
