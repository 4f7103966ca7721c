/**
 * A worker process of the distributed hive, forked by the main process: a PluginHost with the
 * demo's plugins, serving the ingest and fetch queues. It stores each result it produces, keyed
 * by the task (`batch-<first>`, `items/<n>`), so a job BullMQ delivers twice writes the same row
 * twice, not two rows. Everything it has to say goes to the main process over IPC.
 */
import { randomBytes } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import {
  DIAGNOSTICS_CHANNELS,
  type PluginLifecycleMessage,
  type TaskRequest,
  type TaskResult,
} from '@leanvibe/core/contracts';
import { createMetrics } from '@leanvibe/metrics';
import { type QueueHost, type QueueWorker, serveQueue } from '@leanvibe/queue';
import { type RedisCircuitStateStore, redisCircuitStateStore } from '@leanvibe/redis';
import { Redis } from 'ioredis';
import { heapUsedAfterGcMb } from '../gc.js';
import { buildHive, type Hive } from '../hive.js';
import { createDemoLogger } from '../log.js';
import { storeRows } from '../phases/store.js';
import type { FromWorker, RelayedLifecycle, ToWorker, WorkerConfig } from './protocol.js';
import { rowFor } from './rows.js';

function send(message: FromWorker): void {
  if (process.connected) process.send?.(message);
}

function relay(channel: RelayedLifecycle['channel'], hostId: string) {
  return (raw: unknown): void => {
    const message = raw as PluginLifecycleMessage;
    if (message?.hostId !== hostId) return;
    const { result, error } = message;
    send({
      type: 'lifecycle',
      channel,
      pluginId: message.pluginId,
      phase: message.phase,
      ...(message.taskId === undefined ? {} : { taskId: message.taskId }),
      ...(message.taskType === undefined ? {} : { taskType: message.taskType }),
      ...(message.durationMs === undefined ? {} : { durationMs: message.durationMs }),
      ...(result === undefined
        ? {}
        : {
            result: {
              success: result.success,
              pluginId: result.pluginId,
              taskId: result.taskId,
              executionTimeMs: result.executionTimeMs,
              ...(result.memoryUsedMb === undefined ? {} : { memoryUsedMb: result.memoryUsedMb }),
              ...(result.success
                ? {}
                : { error: { code: result.error.code, message: result.error.message } }),
            },
          }),
      ...(error === undefined ? {} : { error: { message: error.message } }),
    });
  };
}

/** Runs each job's task, stores its result, and tells the main process both. */
function queueHostFor(hive: Hive): QueueHost {
  const { host } = hive;
  return {
    async execute(request: TaskRequest): Promise<TaskResult> {
      const id = request.id ?? '';
      send({ type: 'started', id });
      const result = await host.execute(request);
      let stored = false;
      const row = result.success ? rowFor(request, result.data) : undefined;
      if (row !== undefined) {
        stored = await storeRows(host, [row], request.signal ?? new AbortController().signal);
      }
      const { catalog } = hive.ingest;
      const heap =
        request.type === 'ingest.batch'
          ? {
              heapAfterGcMb: Math.round(heapUsedAfterGcMb() * 10) / 10,
              catalog: { lookups: catalog.lookups, misses: catalog.misses },
            }
          : {};
      send({ type: 'finished', id, success: result.success, stored, ...heap });
      return result;
    },
    onTaskStatus: (listener) => host.onTaskStatus(listener),
  };
}

async function start(config: WorkerConfig): Promise<() => Promise<void>> {
  const logger = createDemoLogger({
    write: (text: string) => send({ type: 'log', line: text.trimEnd() }),
  });
  // Its own client: the shared circuit state of every worker's fetch breaker.
  const client = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
  client.on('error', () => {});
  const breakerStore: RedisCircuitStateStore = redisCircuitStateStore({
    client,
    prefix: config.breakerPrefix,
  });
  const hive = await buildHive({
    id: `hive-worker-${config.index}`,
    seed: config.seed,
    vaultRoot: config.vaultRoot,
    databaseFile: config.databaseFile,
    passphrase: randomBytes(24).toString('base64url'),
    logger,
    metrics: createMetrics(),
    breakerStore,
    onBreakerChange: (change) => send({ type: 'breaker', ...change }),
  });
  subscribe(DIAGNOSTICS_CHANNELS.init, relay('init', hive.host.id));
  subscribe(DIAGNOSTICS_CHANNELS.execute, relay('execute', hive.host.id));
  const began = performance.now();
  await hive.host.start();
  const startMs = performance.now() - began;

  const queueHost = queueHostFor(hive);
  const common = {
    stalledIntervalMs: config.stalledIntervalMs,
    lockDurationMs: config.lockDurationMs,
    // A worker killed twice over in a row may stall a job twice; only then would it fail.
    maxStalledCount: 3,
    drainTimeoutMs: 5_000,
  };
  const base = { connection: config.redisUrl, prefix: config.prefix, logger };
  const workers: QueueWorker[] = [
    // One batch at a time, the ingest plugin's own concurrency.
    await serveQueue(
      queueHost,
      { ...base, name: config.queues.ingest },
      { ...common, concurrency: 1 },
    ),
    await serveQueue(
      queueHost,
      { ...base, name: config.queues.fetch },
      { ...common, concurrency: config.fetchConcurrency },
    ),
  ];
  send({ type: 'ready', pid: process.pid, startMs });

  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      await Promise.allSettled(workers.map((worker) => worker.close()));
      const { catalog } = hive.ingest;
      send({
        type: 'figures',
        catalog: { lookups: catalog.lookups, misses: catalog.misses },
        pool: hive.store.poolStats(),
      });
      await hive.host.close().catch(() => {});
      await breakerStore.close();
      await client.quit().catch(() => client.disconnect());
    })();
    return closing;
  };
}

let stop: (() => Promise<void>) | undefined;
let ending = false;

async function end(code: number): Promise<void> {
  if (ending) return;
  ending = true;
  // Whatever hangs, the process goes.
  setTimeout(() => process.exit(code), 8_000).unref();
  try {
    await stop?.();
  } finally {
    send({ type: 'closed' });
    if (process.connected) process.disconnect();
    process.exitCode = code;
  }
}

// Ctrl-C at the terminal reaches the whole process group: the main process decides, and says
// `close` when the work in flight may stop.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => void end(0));
// The main process is gone (it crashed, or was killed): nobody is left to report to.
process.on('disconnect', () => void end(1));
process.on('message', (message: ToWorker) => {
  if (message.type === 'start') {
    start(message.config).then(
      (close) => {
        stop = close;
        if (ending) void close();
      },
      (error: unknown) => {
        send({ type: 'log', line: `  error worker  could not start: ${(error as Error).message}` });
        void end(1);
      },
    );
  } else if (message.type === 'close') {
    void end(0);
  }
});
