import {
  checkInteger,
  checkOptionsObject,
  invalidArgument,
  type MetricsSink,
  type TaskStatusEvent,
} from '@leanvibe/core/contracts';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { RecentCancels } from './cancels.js';
import { closeConnection, openConnection } from './connection.js';
import type { QueueHost } from './host.js';
import { type JobCanceller, jobCanceller } from './job-canceller.js';
import { cancelChannel } from './names.js';
import { createProcessor } from './processor.js';
import type { TaskQueue } from './producer.js';
import { checkBaseOptions, type QueueBaseOptions } from './queue-options.js';
import { reportError } from './report-error.js';

/** Options of the worker {@link serveQueue} starts. */
export interface ServeOptions {
  /** Jobs this worker runs at once. Default `1`. */
  readonly concurrency?: number;
  /** On `close()`, how long jobs in flight may take to finish before they are cancelled and put back. Default `10_000`. */
  readonly drainTimeoutMs?: number;
  /** How often BullMQ looks for jobs whose worker died (stalled), in ms. Default `30_000`. */
  readonly stalledIntervalMs?: number;
  /** How long a job's lock lasts without renewal; a dead worker's jobs return after it. Default `30_000`. */
  readonly lockDurationMs?: number;
  /** How many times a job may stall before it fails for good. Default `1`. */
  readonly maxStalledCount?: number;
  /** Where the worker's figures go; overrides the queue options' `metrics`. */
  readonly metrics?: MetricsSink;
}

/** What `health()` of a worker reports, for a readiness probe. */
export interface QueueWorkerHealth {
  /** Its Redis client is connected. */
  readonly connected: boolean;
  /** It was paused (or is closing) and takes no new jobs. */
  readonly paused: boolean;
  /** Its fetch loop runs. */
  readonly running: boolean;
  /** Jobs it runs now. */
  readonly active: number;
}

/** A host serving a queue. */
export interface QueueWorker extends AsyncDisposable {
  /** The queue's name. */
  readonly name: string;
  /** Connection, pause and run state, for readiness. */
  health(): QueueWorkerHealth;
  /** Stops taking new jobs; those in flight go on. */
  pause(): Promise<void>;
  /** Takes jobs again after {@link QueueWorker.pause}. */
  resume(): void;
  /**
   * Stops taking jobs, lets those in flight finish within `drainTimeoutMs`, then cancels the
   * rest: they go back to the queue for another worker, none is lost. Safe to call twice.
   */
  close(): Promise<void>;
}

/**
 * Makes `host` a BullMQ worker of a queue: each job runs with `host.execute`. Retryable failures
 * (timeouts, an open circuit, execution errors) go back to BullMQ for its retry and backoff;
 * validation, permission and security failures are final at once. Progress a task reports
 * becomes job progress; a producer's `cancel()` aborts the task's signal here.
 *
 * @param queue - a producer from `createTaskQueue` (its connection, name and prefix are used), or the queue's options.
 * @throws {@link QueueUnavailableError} when Redis is not reachable within `connectTimeoutMs`.
 *
 * @example
 * ```ts
 * const worker = await serveQueue(host, { connection: 'redis://127.0.0.1:6379', name: 'jobs' }, { concurrency: 4 });
 * // ...
 * await worker.close();
 * ```
 */
export async function serveQueue(
  host: QueueHost,
  queue: TaskQueue | QueueBaseOptions,
  options: ServeOptions = {},
): Promise<QueueWorker> {
  if (typeof (host as Partial<QueueHost> | null)?.execute !== 'function') {
    throw invalidArgument('host', 'a host with execute()', host);
  }
  const base = checkBaseOptions(isTaskQueue(queue) ? queue.options : queue);
  const given = checkOptionsObject('options', options);
  const concurrency = checkInteger('concurrency', given.concurrency ?? 1, { min: 1 });
  const drainTimeoutMs = checkInteger('drainTimeoutMs', given.drainTimeoutMs ?? 10_000, { min: 0 });
  const stalledInterval = checkInteger('stalledIntervalMs', given.stalledIntervalMs ?? 30_000, {
    min: 1,
  });
  const lockDuration = checkInteger('lockDurationMs', given.lockDurationMs ?? 30_000, { min: 1 });
  const maxStalledCount = checkInteger('maxStalledCount', given.maxStalledCount ?? 1, { min: 0 });
  const metrics = given.metrics ?? base.metrics;
  const { name, prefix } = base;

  const onError = (source: string) => reportError(base.logger, name, source);
  const client = await openConnection(
    base.connection,
    name,
    base.connectTimeoutMs,
    onError('worker client'),
  );
  const running = new Map<string, Job>();
  const cancels = new RecentCancels();
  const requeue = { all: false };
  const processor = createProcessor({ host, name, cancels, metrics, running, requeue });
  const worker = new Worker(name, processor, {
    connection: client,
    prefix,
    concurrency,
    stalledInterval,
    lockDuration,
    maxStalledCount,
    autorun: false,
  });
  const canceller = jobCanceller(host, worker, running, requeue);
  worker.on('error', onError('worker'));
  const subscriber = client.duplicate();
  subscriber.on('error', onError('cancel subscriber'));
  try {
    await subscriber.subscribe(cancelChannel(prefix, name));
    await worker.waitUntilReady();
  } catch (error) {
    subscriber.disconnect();
    await worker.close(true).catch(onError('worker close'));
    client.disconnect();
    throw error;
  }
  subscriber.on('message', (_channel: string, jobId: string) => {
    // A job picked up but not yet started here is not tracked yet: it looks at `cancels` first.
    if (!canceller.cancel(jobId, 'leanvibe:cancel')) cancels.add(jobId);
  });
  const stopProgress = host.onTaskStatus?.((event: TaskStatusEvent) => {
    const job = running.get(event.taskId);
    if (job !== undefined && event.status === 'running' && typeof event.progress === 'number') {
      job.updateProgress(event.progress).catch(onError('progress'));
    }
  });
  void worker.run().catch(onError('worker loop'));
  return new QueueWorkerImpl(
    name,
    worker,
    client,
    subscriber,
    running,
    canceller,
    drainTimeoutMs,
    stopProgress,
  );
}

function isTaskQueue(value: unknown): value is TaskQueue {
  const candidate = value as Partial<TaskQueue> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.submit === 'function' &&
    typeof candidate.options === 'object'
  );
}

class QueueWorkerImpl implements QueueWorker {
  #closing: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly worker: Worker,
    private readonly client: Redis,
    private readonly subscriber: Redis,
    private readonly running: Map<string, Job>,
    private readonly canceller: JobCanceller,
    private readonly drainTimeoutMs: number,
    private readonly stopProgress: (() => void) | undefined,
  ) {}

  health(): QueueWorkerHealth {
    return {
      connected: this.client.status === 'ready',
      paused: this.worker.isPaused() || this.#closing !== undefined,
      running: this.worker.isRunning(),
      active: this.running.size,
    };
  }

  pause(): Promise<void> {
    return this.worker.pause(true);
  }

  resume(): void {
    this.worker.resume();
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      const drained = this.worker.close();
      const timer = setTimeout(() => this.canceller.requeueAll(), this.drainTimeoutMs);
      try {
        await drained;
      } finally {
        clearTimeout(timer);
        this.stopProgress?.();
        await Promise.all([closeConnection(this.subscriber), closeConnection(this.client)]);
      }
    })();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
