import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOnPath } from '../src/distributed/redis-server.js';
import { renderReport } from '../src/render.js';
import type { DemoReport } from '../src/report.js';
import { type DemoProcess, runBuiltDemo } from './run-demo.js';

// The built demo with --workers, end to end, against the private redis-server it starts itself.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hive-demo-distributed-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

describe('three workers, one killed after 40 tasks', () => {
  let run: DemoProcess;
  let report: DemoReport;
  let file: string;

  beforeAll(async () => {
    if (findOnPath('redis-server') === undefined) {
      throw new Error(
        'redis-server not found on PATH: the distributed demo test runs a real one ' +
          '(apt-get install redis-server, or brew install redis)',
      );
    }
    const reportPath = join(dir, 'distributed.json');
    // The default failure rate and seed: the circuit opens during the run (several times, on
    // one worker first, the others following), and the kill comes in the fetch phase.
    run = await runBuiltDemo([
      '--workers',
      '3',
      '--kill-worker-after',
      '40',
      '--records',
      '100000',
      '--tasks',
      '90',
      '--json',
      '--report',
      reportPath,
    ]);
    report = JSON.parse(run.stdout) as DemoReport;
    file = await readFile(reportPath, 'utf8');
  }, 90_000);

  it('exits 0, writes report.json, and every job submitted came back', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(file)).toEqual(report);
    expect(report.completed).toEqual(['ingest', 'fetch', 'vault']);
    const d = report.distributed!;
    expect(d.workers).toBe(3);
    expect(d.redis).toBe('private');
    // Two ingest batches, 90 fetches, the metadata request.
    expect(d.submitted).toBe(93);
    expect(d.lost).toBe(0);
    expect(d.completed + d.failed).toBe(d.submitted);
    expect(d.completed).toBeGreaterThan(0);
  });

  it('kills one worker, and the others run its jobs again', () => {
    const d = report.distributed!;
    const killed = d.perWorker.filter((w) => w.killed);
    expect(killed).toHaveLength(1);
    expect(killed[0]!.killedAfter).toBeGreaterThanOrEqual(40);
    for (const worker of d.perWorker.filter((w) => !w.killed)) {
      expect(worker.completed).toBeGreaterThan(0);
      expect(worker.crashed).toBe(false);
    }
    expect(d.perWorker.reduce((n, w) => n + w.completed, 0)).toBe(d.submitted);
    // BullMQ delivers at least once: what the killed worker had in flight ran twice.
    expect(d.executedTwice).toBeGreaterThanOrEqual(1);
    expect(d.executedTwiceIds).toHaveLength(d.executedTwice);
    expect(run.stderr).toMatch(
      /killed worker \d \(pid \d+\) with SIGKILL after \d+ finished tasks/,
    );
  });

  it('stores each task once, however often it ran', () => {
    const { ingest, fetch, store } = report;
    expect(ingest?.records).toBe(100_000);
    expect(ingest?.stored).toBe(2);
    expect(store.rows.ingest).toBe(2);
    expect(fetch?.stored).toBe(fetch?.succeeded);
    expect(store.rows.fetch).toBe(fetch?.succeeded);
    expect(fetch?.metadataRequest).toBe('SECURITY_BLOCKED_ADDRESS');
  });

  it('says how long the other workers took to follow an open of the shared circuit', () => {
    const { breaker } = report.distributed!;
    expect(breaker.opens).toBeGreaterThanOrEqual(1);
    expect(breaker.followMs.samples).toBeGreaterThanOrEqual(1);
    expect(breaker.followMs.median).toBeGreaterThanOrEqual(0);
    expect(breaker.followMs.max).toBeGreaterThanOrEqual(breaker.followMs.median!);
    const samples = breaker.perOpen.flatMap((open) => open.followedBy);
    expect(samples).toHaveLength(breaker.followMs.samples);
    for (const open of breaker.perOpen) {
      for (const follower of open.followedBy) expect(follower.worker).not.toBe(open.worker);
    }
    expect(run.stderr).toMatch(
      /w\d warn\s+fetch\s+circuit closed → open {2}\(breaker=flaky-service\)/,
    );
    expect(run.stderr).toMatch(/circuit \S+ → open {2}\(breaker=flaky-service remote=true\)/);
    expect(report.breaker.transitions.some((t) => t.remote === true)).toBe(true);
  });

  it('prints the distributed figures in the rendered report', () => {
    const text = renderReport(report);
    expect(text).toMatch(/distributed: 3 worker process\(es\), a private redis-server/);
    expect(text).toMatch(/jobs {12}93 submitted: \d+ completed, \d+ failed, 0 lost/);
    expect(text).toMatch(/the others followed in [\d.]+ ms median, \d+ ms at most \(\d+ samples\)/);
    expect(text).toMatch(/after \d+ tasks/);
  });

  it('leaves no worker and no redis-server behind', () => {
    const redisPid = Number(/a private redis-server, pid (\d+)/.exec(run.stderr)?.[1]);
    expect(redisPid).toBeGreaterThan(0);
    expect(gone(redisPid)).toBe(true);
    for (const worker of report.distributed!.perWorker) expect(gone(worker.pid!)).toBe(true);
  });
});

describe('the distributed command line', () => {
  it('without redis-server on PATH and no --redis, exits 2 with one line', async () => {
    const run = await runBuiltDemo(['--workers', '3'], undefined, { ...process.env, PATH: '' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^redis-server was not found on PATH: install it \(apt-get install redis-server, or brew install redis\) or name a server with --redis redis:\/\/HOST:PORT\n$/,
    );
  });

  it('refuses --kill-worker-after without two workers, and exits 2', async () => {
    const run = await runBuiltDemo(['--workers', '1', '--kill-worker-after', '10']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^--kill-worker-after needs --workers 2 or more/);
  });
});
