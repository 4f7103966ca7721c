import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { createMetrics, instrumentHost } from '@leanvibe/metrics';
import { CleanupStack } from './cleanup.js';
import type { DemoOptions } from './cli.js';
import { hiveEpic1, probeApiResponse } from './epic1.js';
import { outageFor, startFlakyServer } from './flaky-server.js';
import { buildHive } from './hive.js';
import type { WallSummary } from './isolate/summary.js';
import { createDemoLogger } from './log.js';
import { type FetchSummary, runFetchPhase } from './phases/fetch.js';
import { type IngestSummary, runIngestPhase } from './phases/ingest.js';
import { storedCounts } from './phases/store.js';
import { runVaultPhase, type VaultSummary } from './phases/vault.js';
import { runWallPhase } from './phases/wall.js';
import { breakerSummary, type DemoReport, faultCounts, memoryFigure } from './report.js';
import { latencyRows, methodCalls, serveMetrics, taskCounts } from './telemetry.js';
import { createProgress } from './ui/progress.js';
import { userPath } from './user-path.js';

/** Where the demo writes and what stops it. */
export interface DemoIO {
  /** Human output (progress, log lines); a terminal gets a live progress bar. */
  readonly out: Writable & { isTTY?: boolean };
  /** Aborting it stops the run after the tasks in flight; what finished is reported. */
  readonly signal: AbortSignal;
}

/**
 * Runs the hive — ingest, fetch, vault, each a set of tasks through one host, with the store
 * behind them — and returns the report. Everything it starts is closed before it returns.
 */
export async function runDemo(options: DemoOptions, io: DemoIO): Promise<DemoReport> {
  const { out, signal } = io;
  const startedAt = new Date();
  const began = performance.now();
  const cleanup = new CleanupStack();
  const completed: string[] = [];
  try {
    const workDir = await mkdtemp(join(tmpdir(), 'hive-demo-'));
    cleanup.defer('work directory', () => rm(workDir, { recursive: true, force: true }));
    const vaultRoot = join(workDir, 'vault');
    await mkdir(vaultRoot);

    const outage = outageFor(options.tasks);
    const server = await startFlakyServer({
      seed: options.seed,
      failureRate: options.failureRate,
      ...(outage === undefined ? {} : { outage }),
    });
    cleanup.defer('flaky service', () => server.close());

    const metrics = createMetrics();
    const endpoint = await serveMetrics(metrics);
    cleanup.defer('metrics endpoint', () => endpoint.close());

    // Loaded only with --isolate: without it no worker thread starts.
    const isolated =
      options.isolate === undefined
        ? undefined
        : await (await import('./isolate/isolated-ingest.js')).isolateIngest(options.isolate);
    if (isolated !== undefined) cleanup.defer('isolated ingest', () => isolated.plugin.cleanup());

    const hive = await buildHive({
      seed: options.seed,
      vaultRoot,
      databaseFile: join(workDir, 'results.sqlite'),
      passphrase: randomBytes(24).toString('base64url'),
      logger: createDemoLogger(out),
      metrics,
      ...(isolated === undefined ? {} : { ingestPlugin: isolated.plugin }),
    });
    const instrumentation = instrumentHost(hive.host, metrics);
    cleanup.defer('instrumentation', () => instrumentation.close());
    cleanup.defer('host', () => hive.host.close());
    // Loaded only with --trace: without it no OpenTelemetry module loads.
    const tracer =
      options.tracePath === undefined
        ? undefined
        : (await import('./trace/collector.js')).collectTraces(hive.host);
    if (tracer !== undefined) cleanup.defer('tracing', () => tracer.close());

    out.write(
      [
        `LeanVibe hive demo: seed ${options.seed}, ${options.records.toLocaleString('en-US')} records, ` +
          `${options.tasks} fetch tasks, failure rate ${options.failureRate}`,
        `  metrics         ${endpoint.url}`,
        `  flaky service   ${server.url}${outage === undefined ? '' : ` (an outage on requests ${outage.from}–${outage.to})`}`,
        `  work directory  ${workDir}`,
        ...(isolated === undefined
          ? []
          : [
              `  ingest          isolated: ${isolated.settings.workers} worker thread(s), heap limit ${isolated.settings.memoryLimitMb} MB`,
            ]),
        ...(options.tracePath === undefined
          ? []
          : [`  trace           ${userPath(options.tracePath)}`]),
        '',
      ].join('\n'),
    );
    out.write(`${String(await hive.host.start())}\n`);

    let ingest: IngestSummary | undefined;
    let wall: WallSummary | undefined;
    let fetch: FetchSummary | undefined;
    let vault: VaultSummary | undefined;
    if (!signal.aborted) {
      out.write('\ningest\n');
      const progress = createProgress('ingest', options.records, out);
      ingest = await runIngestPhase(hive.host, {
        seed: options.seed,
        records: options.records,
        signal,
        progress,
      });
      if (!signal.aborted) completed.push('ingest');
    }
    const fault = options.isolate?.fault;
    if (!signal.aborted && fault !== undefined) {
      out.write('\nwall\n');
      wall = await runWallPhase(hive.host, { seed: options.seed, fault, signal });
      out.write(
        `  a ${fault} task: ${wall.code} after ${wall.durationMs} ms; the next ingest task ${wall.next}\n`,
      );
      if (!signal.aborted) completed.push('wall');
    }
    if (!signal.aborted) {
      out.write('\nfetch\n');
      fetch = await runFetchPhase(hive.host, { baseUrl: server.url, tasks: options.tasks, signal });
      if (!signal.aborted) completed.push('fetch');
    }
    if (!signal.aborted) {
      out.write('\nvault\n');
      vault = await runVaultPhase(hive.host, ingest?.revenueCents ?? {}, signal);
      if (!signal.aborted) completed.push('vault');
    }
    const apiResponseMs = signal.aborted ? Number.NaN : await probeApiResponse(hive.host);
    const epic1 = hiveEpic1(instrumentation, {
      apiResponseMs,
      memoryMb: ingest?.finalHeapAfterGcMb,
    });
    // Isolated, the catalog lives in the workers: a lookup per record, misses by their histogram.
    const catalog =
      isolated === undefined
        ? hive.ingest.catalog
        : {
            lookups: (ingest?.records ?? 0) + (wall?.nextRecords ?? 0),
            misses: methodCalls(metrics, 'Catalog.lookup'),
          };
    const hits = catalog.lookups - catalog.misses;
    const rows = await storedCounts(hive.host);
    const isolation =
      isolated === undefined
        ? undefined
        : {
            ...(await import('./isolate/isolated-ingest.js')).isolationSummary(isolated),
            ...(wall === undefined ? {} : { wall }),
          };
    // After the last task: every task's span is in the file.
    const trace =
      tracer === undefined || options.tracePath === undefined
        ? undefined
        : await tracer.finish(userPath(options.tracePath));
    return {
      demo: 'hive-demo',
      options: {
        seed: options.seed,
        records: options.records,
        tasks: options.tasks,
        failureRate: options.failureRate,
      },
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - began),
      interrupted: signal.aborted,
      completed,
      metricsUrl: endpoint.url,
      ...(ingest === undefined ? {} : { memory: memoryFigure(ingest.finalHeapAfterGcMb), ingest }),
      ...(fetch === undefined ? {} : { fetch }),
      ...(vault === undefined ? {} : { vault }),
      breaker: breakerSummary(hive.fetch.breakerState, hive.fetch.transitions),
      cache: {
        lookups: catalog.lookups,
        hits,
        misses: catalog.misses,
        hitRate: catalog.lookups === 0 ? 0 : hits / catalog.lookups,
      },
      store: { rows, pool: hive.store.poolStats() },
      server: {
        requests: server.decisions.length,
        faults: faultCounts(server.decisions),
        decisions: server.decisions.map((d) => d.fault),
      },
      tasks: taskCounts(metrics),
      latency: latencyRows(instrumentation),
      epic1: { passed: epic1.passed, table: epic1.toTable(), checks: epic1.checks },
      ...(isolation === undefined ? {} : { isolation }),
      ...(trace === undefined ? {} : { trace }),
    };
  } finally {
    await cleanup.close();
  }
}
