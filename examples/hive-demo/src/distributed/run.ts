import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskResult } from '@leanvibe/core/contracts';
import { createMetrics, instrumentHost } from '@leanvibe/metrics';
import { createTaskQueue } from '@leanvibe/queue';
import { CleanupStack } from '../cleanup.js';
import type { DemoOptions } from '../cli.js';
import type { DemoIO } from '../demo.js';
import { hiveEpic1, probeApiResponse } from '../epic1.js';
import { outageFor, startFlakyServer } from '../flaky-server.js';
import { buildHive } from '../hive.js';
import { createDemoLogger } from '../log.js';
import type { FetchSummary } from '../phases/fetch.js';
import type { IngestSummary } from '../phases/ingest.js';
import { storedCounts } from '../phases/store.js';
import { runVaultPhase, type VaultSummary } from '../phases/vault.js';
import { type DemoReport, faultCounts, memoryFigure } from '../report.js';
import { latencyRows, serveMetrics, taskCounts } from '../telemetry.js';
import { createWorkerView, perWorker } from '../ui/workers.js';
import { Fleet } from './fleet.js';
import { fleetBreaker, sumPools } from './fleet-report.js';
import { breakerFollow } from './follow.js';
import { Ledger } from './ledger.js';
import { createMessageHandler } from './messages.js';
import { runFetchJobs, runIngestJobs, type Settled, type WaitOptions } from './phases.js';
import type { CatalogFigures, FromWorker, WorkerConfig } from './protocol.js';
import { connectRedis, removeKeys } from './redis-client.js';
import { findOnPath, NO_REDIS_SERVER, startPrivateRedis } from './redis-server.js';
import { DistributedStartError } from './start-error.js';

export { DistributedStartError };

/** How long a job's lock lasts without renewal: a killed worker's jobs run again soon after. */
export const LOCK_DURATION_MS = 2_000;
/** How often the workers look for jobs whose worker died. */
export const STALLED_INTERVAL_MS = 1_000;
/** The prefix of the workers' shared circuit state. */
export const BREAKER_PREFIX = 'hive:circuit';
/** The prefix of the queues' keys. */
export const QUEUE_PREFIX = 'hive';
/** With no result for this long, the jobs still awaited count as lost. */
const IDLE_MS = 20_000;
/**
 * Fetch jobs in flight fleet-wide, as many as the embedded host runs at once (the fetch plugin's
 * concurrency), spread over the workers: the flaky service sees the same load either way, and an
 * outage meets as many tasks.
 */
const FETCH_CONCURRENCY = 8;
const BATCH_SIZE = 50_000;

/**
 * The hive distributed: `options.workers` worker processes, each a PluginHost with the demo's
 * plugins serving two queues on Redis, and this process submitting the ingest and fetch tasks,
 * running the vault phase on its own host and building the report. Everything it starts —
 * workers, queues, clients, the private redis-server — is closed before it returns.
 *
 * @throws {@link DistributedStartError} when there is no Redis to use.
 */
export async function runDistributed(options: DemoOptions, io: DemoIO): Promise<DemoReport> {
  const workerCount = options.workers ?? 1;
  const binary = options.redisUrl === undefined ? findOnPath('redis-server') : undefined;
  if (options.redisUrl === undefined && binary === undefined) {
    throw new DistributedStartError(NO_REDIS_SERVER, 2);
  }
  const { signal } = io;
  const view = createWorkerView(io.out);
  const startedAt = new Date();
  const began = performance.now();
  const epoch = Date.now();
  const cleanup = new CleanupStack();
  const completed: string[] = [];
  const ledger = new Ledger(workerCount);
  const workerFigures = new Map<number, Extract<FromWorker, { type: 'figures' }>>();
  // The latest catalog figures of each worker, a killed one's too (sent with each batch).
  const catalogs = new Map<number, CatalogFigures>();
  let fleet: Fleet | undefined;

  // The first Ctrl-C is main's: the run stops after the tasks in flight. A second one ends the
  // process at once, and the workers and the private redis-server with it (on `exit`).
  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts++;
    if (interrupts >= 2) {
      fleet?.killAll();
      process.exit(130);
    }
  };
  process.on('SIGINT', onInterrupt);
  cleanup.defer('Ctrl-C handler', () => process.removeListener('SIGINT', onInterrupt));

  try {
    const workDir = await mkdtemp(join(tmpdir(), 'hive-demo-'));
    cleanup.defer('work directory', () => rm(workDir, { recursive: true, force: true }));
    const vaultRoot = join(workDir, 'vault');
    await mkdir(vaultRoot);
    const databaseFile = join(workDir, 'results.sqlite');

    let redisUrl: string;
    let redisLine: string;
    if (options.redisUrl === undefined) {
      const redis = await startPrivateRedis(binary!);
      cleanup.defer('redis-server', () => redis.stop());
      redisUrl = redis.url;
      redisLine = `${redis.url} (a private redis-server, pid ${redis.pid})`;
    } else {
      redisUrl = options.redisUrl;
      redisLine = `${redisUrl} (--redis)`;
    }
    const client = await connectRedis(redisUrl);
    cleanup.defer('redis client', () => client.quit().catch(() => client.disconnect()));
    const breakerKeys = [
      `${BREAKER_PREFIX}:flaky-service`,
      `${BREAKER_PREFIX}:flaky-service:probe`,
    ];
    // A circuit left open by an earlier run on the same server must not start this one open.
    await client.del(...breakerKeys);
    const run = randomUUID().slice(0, 8);
    const names = { ingest: `hive-demo-${run}-ingest`, fetch: `hive-demo-${run}-fetch` };
    // Last but the client: a shared server keeps nothing of the run.
    cleanup.defer('queue keys', async () => {
      await removeKeys(client, QUEUE_PREFIX, [names.ingest, names.fetch]);
      await client.del(...breakerKeys);
    });

    // The embedded run's faults: the same seed, the same decisions for the same request numbers.
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

    const logger = createDemoLogger(view);
    const hive = await buildHive({
      seed: options.seed,
      vaultRoot,
      databaseFile,
      passphrase: randomBytes(24).toString('base64url'),
      logger,
      metrics,
    });
    const instrumentation = instrumentHost(hive.host, metrics);
    cleanup.defer('instrumentation', () => instrumentation.close());
    cleanup.defer('host', () => hive.host.close());

    const queueOptions = {
      connection: redisUrl,
      prefix: QUEUE_PREFIX,
      // The fetch plugin retries on its own; a job is one task, run once unless its worker dies.
      attempts: 1,
      keepCompleted: 100_000,
      keepFailed: 100_000,
      logger,
    };
    const ingestQueue = await createTaskQueue({ ...queueOptions, name: names.ingest });
    cleanup.defer('ingest queue', () => ingestQueue.close());
    const fetchQueue = await createTaskQueue({ ...queueOptions, name: names.fetch });
    cleanup.defer('fetch queue', () => fetchQueue.close());

    let phaseSettled = 0;
    let killed = false;
    const update = (): void => view.update(phaseSettled, ledger.workers);
    const maybeKill = (): void => {
      const after = options.killWorkerAfter;
      if (after === undefined || killed || ledger.finishedTasks < after) return;
      const victim = ledger.busiest();
      if (victim === undefined || ledger.alive() < 2) return;
      killed = true;
      const running = victim.running;
      victim.killed = true;
      victim.killedAfter = ledger.finishedTasks;
      fleet?.kill(victim.index);
      view.write(
        `  killed worker ${victim.index} (pid ${victim.pid}) with SIGKILL after ${ledger.finishedTasks} finished tasks; ` +
          `its ${running} task(s) in flight go to the other workers once their lock expires\n`,
      );
    };
    const onMessage = createMessageHandler({
      ledger,
      catalogs,
      workerFigures,
      hostId: hive.host.id,
      write: (line) => view.write(line),
      progress: update,
      finished: maybeKill,
    });
    const workers = new Fleet({
      message: onMessage,
      exit: (index, code, exitSignal, expected) => {
        ledger.recordExit(index);
        if (!expected) {
          ledger.worker(index).crashed = true;
          view.write(`  worker ${index} exited on its own (${exitSignal ?? `code ${code}`})\n`);
        }
        update();
      },
      output: (index, line) => view.write(`  w${index} ${line}\n`),
    });
    fleet = workers;
    cleanup.defer('workers', () => workers.close());

    view.write(
      [
        `LeanVibe hive demo: seed ${options.seed}, ${options.records.toLocaleString('en-US')} records, ` +
          `${options.tasks} fetch tasks, failure rate ${options.failureRate}`,
        `  metrics         ${endpoint.url}`,
        `  flaky service   ${server.url}${outage === undefined ? '' : ` (an outage on requests ${outage.from}–${outage.to})`}`,
        `  work directory  ${workDir}`,
        `  redis           ${redisLine}`,
        `  queues          ${QUEUE_PREFIX}:${names.ingest}, ${QUEUE_PREFIX}:${names.fetch}`,
        '',
      ].join('\n'),
    );
    view.write(`${String(await hive.host.start())}\n`);

    const configs: WorkerConfig[] = Array.from({ length: workerCount }, (_, i) => ({
      index: i + 1,
      redisUrl,
      prefix: QUEUE_PREFIX,
      queues: names,
      breakerPrefix: BREAKER_PREFIX,
      seed: options.seed,
      databaseFile,
      vaultRoot,
      lockDurationMs: LOCK_DURATION_MS,
      stalledIntervalMs: STALLED_INTERVAL_MS,
      fetchConcurrency: Math.ceil(FETCH_CONCURRENCY / workerCount),
    }));
    await workers.start(configs);
    view.write(
      `\n${workerCount} worker process(es) serving both queues: ${ledger.workers
        .map((w) => `w${w.index} pid ${w.pid}`)
        .join(', ')}\n`,
    );

    const account = { submitted: 0, completed: 0, failed: 0, lost: [] as string[] };
    const tally = (settled: Settled, submitted: number): void => {
      account.submitted += submitted;
      for (const result of settled.results.values() as Iterable<TaskResult>) {
        if (result.success) account.completed++;
        else account.failed++;
      }
      account.lost.push(...settled.lost);
    };
    const waitFor = (label: string, total: number): WaitOptions => {
      phaseSettled = 0;
      view.phase(label, total);
      return {
        signal,
        idleMs: IDLE_MS,
        alive: () => ledger.alive(),
        onSettled: (settled) => {
          phaseSettled = settled;
          update();
        },
      };
    };

    let ingest: IngestSummary | undefined;
    let fetch: FetchSummary | undefined;
    let vault: VaultSummary | undefined;
    if (!signal.aborted) {
      view.write('\ningest\n');
      const batches = Math.ceil(options.records / BATCH_SIZE);
      const phase = await runIngestJobs(
        ingestQueue,
        ledger,
        { seed: options.seed, records: options.records, batchSize: BATCH_SIZE },
        waitFor('ingest', batches),
      );
      ingest = phase.summary;
      tally(phase.settled, phase.submitted);
      view.done(
        `${ingest.records.toLocaleString('en-US')} records in ${ingest.batches} batches, ${(ingest.durationMs / 1000).toFixed(1)} s ` +
          `(${ingest.recordsPerSecond.toLocaleString('en-US')} records/s); tasks per worker: ${perWorker(ledger.workers)}`,
      );
      if (!signal.aborted) completed.push('ingest');
    }
    if (!signal.aborted) {
      view.write('\nfetch\n');
      const phase = await runFetchJobs(
        fetchQueue,
        ledger,
        { baseUrl: server.url, tasks: options.tasks },
        waitFor('fetch', options.tasks + 1),
      );
      fetch = phase.summary;
      tally(phase.settled, phase.submitted);
      view.done(
        `${fetch.succeeded} of ${fetch.tasks} succeeded in ${(fetch.durationMs / 1000).toFixed(1)} s; ` +
          `tasks per worker: ${perWorker(ledger.workers)}`,
      );
      if (!signal.aborted) completed.push('fetch');
    }
    if (!signal.aborted) {
      view.write("\nvault (on this process's host)\n");
      vault = await runVaultPhase(hive.host, ingest?.revenueCents ?? {}, signal);
      if (!signal.aborted) completed.push('vault');
    }
    const apiResponseMs = signal.aborted ? Number.NaN : await probeApiResponse(hive.host);

    // The workers close now, so every figure they send is in before the report.
    await workers.close();
    if (account.lost.length > 0) {
      view.write(`  lost: no result came for ${account.lost.join(', ')}\n`);
    }

    const epic1 = hiveEpic1(instrumentation, {
      apiResponseMs,
      memoryMb: ingest?.finalHeapAfterGcMb,
    });
    let lookups = 0;
    let misses = 0;
    for (const catalog of catalogs.values()) {
      lookups += catalog.lookups;
      misses += catalog.misses;
    }
    const hits = lookups - misses;
    const follow = breakerFollow(ledger.breakerEvents, epoch);
    const executedTwice = ledger.executedTwice();
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
      breaker: fleetBreaker(ledger, follow, epoch),
      cache: { lookups, hits, misses, hitRate: lookups === 0 ? 0 : hits / lookups },
      store: {
        rows: await storedCounts(hive.host),
        pool: sumPools([hive.store.poolStats(), ...[...workerFigures.values()].map((f) => f.pool)]),
      },
      server: {
        requests: server.decisions.length,
        faults: faultCounts(server.decisions),
        decisions: server.decisions.map((d) => d.fault),
      },
      tasks: taskCounts(metrics),
      latency: latencyRows(instrumentation),
      epic1: { passed: epic1.passed, table: epic1.toTable(), checks: epic1.checks },
      distributed: {
        workers: workerCount,
        redis: options.redisUrl ?? 'private',
        killWorkerAfter: options.killWorkerAfter ?? null,
        submitted: account.submitted,
        completed: account.completed,
        failed: account.failed,
        lost: account.submitted - account.completed - account.failed,
        executedTwice: executedTwice.length,
        executedTwiceIds: executedTwice,
        perWorker: ledger.workers.map((w) => ({
          index: w.index,
          pid: w.pid,
          completed: w.completed,
          killed: w.killed,
          ...(w.killedAfter === undefined ? {} : { killedAfter: w.killedAfter }),
          crashed: w.crashed,
        })),
        breaker: follow,
      },
    };
  } finally {
    await cleanup.close();
  }
}
