import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoReport } from '../src/report.js';
import { type DemoProcess, runBuiltDemo } from './run-demo.js';

// The built demo, end to end, with small figures so the whole file stays quick.

const promtool = spawnSync('promtool', ['--version']).error === undefined;
const ciRequiresPromtool = process.env.CI === 'true';
if (!promtool && !ciRequiresPromtool) {
  console.warn(
    'promtool not found: the metrics text is not checked with `promtool check metrics`. ' +
      "Install Debian's prometheus package (apt-get install prometheus) to run that test.",
  );
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hive-demo-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const small = ['--records', '20000', '--tasks', '30'];

async function runJson(
  name: string,
  args: readonly string[],
  onLine?: Parameters<typeof runBuiltDemo>[1],
) {
  const reportPath = join(dir, `${name}.json`);
  const run = await runBuiltDemo([...small, ...args, '--json', '--report', reportPath], onLine);
  return {
    run,
    report: JSON.parse(run.stdout) as DemoReport,
    file: await readFile(reportPath, 'utf8'),
  };
}

describe('a full run', () => {
  let result: { run: DemoProcess; report: DemoReport; file: string };
  let scrape: Promise<string> | undefined;

  beforeAll(async () => {
    let url: string | undefined;
    // Failure rate 0: only the outage fails, so the circuit surely opens and then recovers.
    result = await runJson('full', ['--seed', '7', '--failure-rate', '0'], (line) => {
      url ??= /^\s+metrics\s+(http:\S+)$/.exec(line)?.[1];
      // Scraped while the demo runs: the fetch phase has just begun.
      if (line === 'fetch' && url !== undefined) scrape = fetch(url).then((r) => r.text());
    });
  });

  it('exits 0 and writes report.json with what it printed', () => {
    expect(result.run.code).toBe(0);
    expect(JSON.parse(result.file)).toEqual(result.report);
    expect(result.report.completed).toEqual(['ingest', 'fetch', 'vault']);
    expect(result.report.interrupted).toBe(false);
    expect(result.report.durationMs).toBeGreaterThan(0);
  });

  it('ingests every record in flat memory, under the Epic 1 budget', () => {
    const { ingest, memory, cache } = result.report;
    expect(ingest?.records).toBe(20_000);
    expect(ingest?.stored).toBe(ingest?.batches);
    expect(memory?.heapUsedAfterGcMb).toBeLessThan(80);
    expect(memory?.withinBudget).toBe(true);
    expect(cache.lookups).toBe(20_000);
    expect(cache.hitRate).toBeGreaterThan(0.9);
  });

  it('opens the circuit during the outage and recovers', () => {
    const { breaker, server } = result.report;
    expect(breaker.opened).toBeGreaterThanOrEqual(1);
    expect(breaker.recovered).toBe(true);
    expect(server.faults.fail).toBeGreaterThanOrEqual(7);
    expect(result.run.stderr).toMatch(/warn\s+fetch\s+circuit closed → open/);
    expect(result.run.stderr).toMatch(/circuit half-open → closed/);
  });

  it('refuses the metadata address and writes outside no root', () => {
    const { fetch, vault } = result.report;
    expect(fetch?.metadataRequest).toBe('SECURITY_BLOCKED_ADDRESS');
    expect(result.run.stderr).toMatch(
      /warn\s+fetch\s+refused request to http:\/\/169\.254\.169\.254\//,
    );
    expect(vault).toEqual({
      written: ['ingest-summary.fernet', 'legacy-api-token.fernet'],
      legacyMigrated: true,
      escapeAttempt: 'SECURITY_UNSAFE_PATH',
      failures: 0,
    });
  });

  it('reports tasks by plugin and outcome, percentiles, the pool and Epic 1', () => {
    const { tasks, latency, store, epic1 } = result.report;
    const count = (plugin: string, outcome: string) =>
      tasks
        .filter((t) => t.plugin === plugin && t.outcome === outcome)
        .reduce((n, t) => n + t.count, 0);
    expect(count('ingest', 'success')).toBe(1);
    expect(count('fetch', 'success') + count('fetch', 'failure')).toBe(31);
    expect(count('vault', 'failure')).toBe(1);
    expect(latency.map((l) => l.plugin)).toEqual(['fetch', 'ingest', 'store', 'vault']);
    for (const row of latency) expect(row.p50Ms).toBeLessThanOrEqual(row.p99Ms);
    expect(store.rows.ingest).toBe(1);
    expect(store.pool?.acquired).toBeGreaterThan(200);
    expect(epic1.table).toMatch(/memoryMb/);
  });

  it('serves Prometheus metrics while it runs', async () => {
    expect(scrape).toBeDefined();
    const text = await scrape!;
    expect(text).toMatch(/^leanvibe_plugin_tasks_total\{.*plugin="ingest".*\} 1$/m);
    expect(text).toMatch(/^leanvibe_pool_size\{/m);
    expect(text).toMatch(/^leanvibe_method_duration_seconds_count\{.*method="Catalog.lookup"/m);
  });

  it.skipIf(!promtool && !ciRequiresPromtool)(
    'serves metrics that pass promtool check metrics',
    async () => {
      const text = await scrape!;
      // promtool exits 0 only for text without parse errors and naming problems.
      expect(() =>
        execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' }),
      ).not.toThrow();
    },
  );
});

describe('--seed', () => {
  it('replays the data and the fault decisions; another seed changes both', async () => {
    // More fetches than the other runs: an open circuit refuses some without a request, and at
    // least 30 requests are compared.
    const args = (seed: number) => [
      '--seed',
      String(seed),
      '--failure-rate',
      '0.5',
      '--tasks',
      '80',
    ];
    const [a, b, c] = await Promise.all([
      runJson('seed-a', args(11)),
      runJson('seed-b', args(11)),
      runJson('seed-c', args(12)),
    ]);
    for (const { run } of [a, b, c]) expect(run.code).toBe(0);
    expect(b.report.ingest?.checksum).toBe(a.report.ingest?.checksum);
    expect(c.report.ingest?.checksum).not.toBe(a.report.ingest?.checksum);
    // Retries follow timing, so runs may send different numbers of requests; every request
    // number both runs reached got the same decision.
    const shared = Math.min(a.report.server.decisions.length, b.report.server.decisions.length);
    expect(shared).toBeGreaterThanOrEqual(30);
    expect(b.report.server.decisions.slice(0, shared)).toEqual(
      a.report.server.decisions.slice(0, shared),
    );
    expect(c.report.server.decisions.slice(0, 30)).not.toEqual(
      a.report.server.decisions.slice(0, 30),
    );
  });
});

describe('Ctrl-C', () => {
  it('closes the host, prints what finished and exits 130', async () => {
    const reportPath = join(dir, 'interrupted.json');
    let sent = false;
    const run = await runBuiltDemo(
      ['--records', '5000000', '--report', reportPath],
      (line, child) => {
        if (!sent && /^\s+ingest: [1-9]0%/.test(line)) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    );
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stdout).toMatch(/plugin host stopped/);
    expect(run.stdout).toMatch(
      /interrupted: the host closed cleanly; what finished:\n\s+ingest\s+[\d,]+ of 5,000,000 records/,
    );
    expect(run.stdout).toMatch(/fetch\s+not started/);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as DemoReport;
    expect(report.interrupted).toBe(true);
    expect(report.completed).toEqual([]);
    expect(report.ingest?.records).toBeLessThan(5_000_000);
  });
});

describe('the command line', () => {
  it('prints the options with --help', async () => {
    const run = await runBuiltDemo(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--failure-rate R/);
  });

  it('names a bad option and exits 2', async () => {
    const run = await runBuiltDemo(['--failure-rate', '2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^--failure-rate must be a number between 0 and 1, got "2"/);
  });
});
