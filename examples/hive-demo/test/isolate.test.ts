import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoReport } from '../src/report.js';
import { runBuiltDemo } from './run-demo.js';

// --isolate end to end: the built demo with the ingest plugin in a worker thread, small figures.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hive-demo-isolate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const small = ['--records', '20000', '--tasks', '5', '--seed', '3'];

/** Runs the demo to its end (it must exit on its own: no worker thread may keep it alive). */
async function run(name: string, args: readonly string[]) {
  const reportPath = join(dir, `${name}.json`);
  const result = await runBuiltDemo([...small, ...args, '--report', reportPath]);
  const report = JSON.parse(await readFile(reportPath, 'utf8')) as DemoReport;
  return { result, report };
}

const count = (report: DemoReport, outcome: string, code: string) =>
  report.tasks
    .filter((t) => t.plugin === 'ingest' && t.outcome === outcome && t.code === code)
    .reduce((n, t) => n + t.count, 0);

describe('--isolate', () => {
  let runs: Record<'inProcess' | 'isolated' | 'alloc' | 'spin', Awaited<ReturnType<typeof run>>>;

  beforeAll(async () => {
    const [inProcess, isolated, alloc, spin] = await Promise.all([
      run('in-process', []),
      run('isolated', ['--isolate']),
      run('alloc', ['--isolate', '--ingest-fault', 'alloc', '--memory-limit-mb', '64']),
      run('spin', ['--isolate', '--ingest-fault', 'spin']),
    ]);
    runs = { inProcess: inProcess!, isolated: isolated!, alloc: alloc!, spin: spin! };
  }, 60_000);

  it('runs every run to exit 0, the process ending on its own', () => {
    for (const { result } of Object.values(runs)) {
      expect(result.signal).toBeNull();
      expect(result.code).toBe(0);
    }
  });

  it('reports the ingest plugin isolated, with its heap limit, workers and restarts', () => {
    const { report, result } = runs.isolated;
    expect(report.isolation).toMatchObject({
      plugin: 'ingest',
      module: 'dist/isolate/ingest-entry.js',
      workers: 1,
      memoryLimitMb: 128,
      memoryLimitFrom: 'option',
      state: 'ready',
      restarts: 0,
    });
    expect(report.isolation?.threadIds).toHaveLength(1);
    expect(report.isolation?.wall).toBeUndefined();
    expect(result.stdout).toMatch(
      /^isolation: plugin ingest in 1 worker thread\(s\), heap limit 128 MB each \(option\)$/m,
    );
    expect(result.stdout).toMatch(/^\s+workers\s+ready, thread ids \d+, restarts 0$/m);
    expect(runs.inProcess.report.isolation).toBeUndefined();
  });

  it('ingests the same data isolated as in process, with the cache figures crossing back', () => {
    const { isolated, inProcess } = runs;
    expect(isolated.report.ingest?.records).toBe(20_000);
    expect(isolated.report.ingest?.checksum).toBe(inProcess.report.ingest?.checksum);
    expect(isolated.report.ingest?.revenueCents).toEqual(inProcess.report.ingest?.revenueCents);
    expect(isolated.report.cache.lookups).toBe(20_000);
    expect(isolated.report.cache.misses).toBe(inProcess.report.cache.misses);
  });

  it('stops a task that allocates past the heap limit with PLUGIN_MEMORY, and restarts the worker', () => {
    const { report, result } = runs.alloc;
    expect(report.isolation).toMatchObject({
      memoryLimitMb: 64,
      state: 'ready',
      lastError: { code: 'PLUGIN_MEMORY' },
      wall: { fault: 'alloc', code: 'PLUGIN_MEMORY', next: 'succeeded', nextRecords: 1_000 },
    });
    expect(report.isolation?.restarts).toBeGreaterThanOrEqual(1);
    expect(count(report, 'failure', 'PLUGIN_MEMORY')).toBe(1);
    expect(report.completed).toEqual(['ingest', 'wall', 'fetch', 'vault']);
    expect(result.stdout).toMatch(
      /hostile task\s+alloc: PLUGIN_MEMORY after \d+ ms; the next ingest task succeeded/,
    );
  });

  it('terminates a worker that spins past its cancel, and serves the next task on a new one', () => {
    const { report } = runs.spin;
    expect(report.isolation).toMatchObject({
      state: 'ready',
      wall: { fault: 'spin', code: 'PLUGIN_CANCELLED', next: 'succeeded' },
    });
    expect(report.isolation?.restarts).toBeGreaterThanOrEqual(1);
    expect(report.isolation?.wall?.durationMs).toBeGreaterThanOrEqual(1_000);
  });
});
