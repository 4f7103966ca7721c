import {
  checkInteger,
  encodeTaskRequest,
  invalidArgument,
  type TaskRequest,
} from '@leanvibe/core/contracts';
import { type JobsOptions, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { closeConnection, openConnection, whenReady } from './connection.js';
import { QueueUnavailableError } from './errors.js';
import { createHandle, type HandleContext, type TaskHandle } from './handle.js';
import { checkBaseOptions, type QueueBaseOptions } from './queue-options.js';
import { reportError } from './report-error.js';
import { countJobs, type QueueCounts, startSampler } from './sampler.js';
import { jobOptions, type SubmitDefaults, type SubmitOptions } from './submit-options.js';
import { ResultWaiters } from './waiters.js';

/** Options of {@link createTaskQueue}. */
export interface TaskQueueOptions extends QueueBaseOptions {
  /** Attempts in all for a retryable failure, unless a submit says otherwise. Default `3`. */
  readonly attempts?: number;
  /** Base of the exponential backoff between attempts, in ms. Default `1_000`. */
  readonly backoffMs?: number;
  /** How many completed jobs Redis keeps (for late `result()` calls and idempotency). Default `1_000`. */
  readonly keepCompleted?: number;
  /** How many failed jobs Redis keeps. Default `5_000`. */
  readonly keepFailed?: number;
  /** How often the job counts are sampled into `metrics`, in ms. Default `5_000`. */
  readonly metricsIntervalMs?: number;
}

/** One entry of {@link TaskQueue.submitMany}. */
export interface Submission<Params = unknown> {
  readonly request: TaskRequest<Params>;
  readonly options?: SubmitOptions;
}

/** A producer of tasks for the workers of one queue. */
export interface TaskQueue extends AsyncDisposable {
  /** The queue's name. */
  readonly name: string;
  /** Its connection, name, prefix and timeout, as checked: `serveQueue(host, queue)` reads them. */
  readonly options: Readonly<Required<Omit<QueueBaseOptions, 'metrics'>>>;
  /**
   * Adds a task. Its `params` must survive JSON unchanged: a function, a `BigInt` or a cycle is
   * refused with a `TaskEncodingError` (`TASK_NOT_SERIALIZABLE`) and nothing is added.
   *
   * @throws {@link QueueUnavailableError} when Redis is not reachable within `connectTimeoutMs`; nothing is added.
   */
  submit<Data = unknown, Params = unknown>(
    request: TaskRequest<Params>,
    options?: SubmitOptions,
  ): Promise<TaskHandle<Data>>;
  /** Adds several tasks in one round trip; all are checked first, so a bad one adds none. */
  submitMany<Data = unknown>(entries: readonly Submission[]): Promise<TaskHandle<Data>[]>;
  /** The handle of a job submitted earlier, e.g. by another process. */
  handle<Data = unknown>(id: string): TaskHandle<Data>;
  /** The number of jobs in each state. */
  counts(): Promise<QueueCounts>;
  /** Whether the producer's Redis client is connected, and whether it was closed. */
  health(): { readonly connected: boolean; readonly closed: boolean };
  /** Stops sampling, rejects pending `result()` calls and closes the producer's connections. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Connects a producer to the queue `name`. Results arrive through BullMQ's events.
 *
 * @throws {@link QueueUnavailableError} when Redis is not reachable within `connectTimeoutMs`.
 * @throws `InvalidOptionError` naming a bad option.
 *
 * @example
 * ```ts
 * const queue = await createTaskQueue({ connection: 'redis://127.0.0.1:6379', name: 'jobs' });
 * const handle = await queue.submit({ type: 'echo', params: { text: 'hi' } }, { priority: 'high' });
 * const result = await handle.result();
 * await queue.close();
 * ```
 */
export async function createTaskQueue(options: TaskQueueOptions): Promise<TaskQueue> {
  const base = checkBaseOptions(options);
  const defaults: SubmitDefaults = {
    attempts: checkInteger('attempts', options.attempts ?? 3, { min: 1 }),
    backoffMs: checkInteger('backoffMs', options.backoffMs ?? 1_000, { min: 0 }),
    keepCompleted: checkInteger('keepCompleted', options.keepCompleted ?? 1_000, { min: 0 }),
    keepFailed: checkInteger('keepFailed', options.keepFailed ?? 5_000, { min: 0 }),
  };
  const intervalMs = checkInteger('metricsIntervalMs', options.metricsIntervalMs ?? 5_000, {
    min: 1,
  });
  const { name, prefix, connectTimeoutMs } = base;
  const client = await openConnection(
    base.connection,
    name,
    connectTimeoutMs,
    reportError(base.logger, name, 'producer client'),
  );
  const queue = new Queue(name, { connection: client, prefix });
  queue.on('error', reportError(base.logger, name, 'queue'));
  let events: QueueEvents | undefined;
  try {
    // Events are read from the stream's present end, so none between here and the first wait is missed.
    const last = await client.xrevrange(`${prefix}:${name}:events`, '+', '-', 'COUNT', 1);
    events = new QueueEvents(name, {
      connection: client,
      prefix,
      lastEventId: last[0]?.[0] ?? '0-0',
    });
    events.on('error', reportError(base.logger, name, 'queue events'));
    await events.waitUntilReady();
  } catch (error) {
    await events?.close().catch(reportError(base.logger, name, 'queue events'));
    await queue.close().catch(reportError(base.logger, name, 'queue'));
    client.disconnect();
    throw error;
  }
  const waiters = new ResultWaiters(events, queue, client, prefix);
  const context: HandleContext = { queue, client, prefix, waiters };
  const stopSampler =
    base.metrics === undefined ? nothingToStop : startSampler(queue, base.metrics, intervalMs);
  const shared = Object.freeze({
    connection: base.connection,
    name,
    prefix,
    connectTimeoutMs,
    logger: base.logger,
  });
  return new Producer(shared, client, queue, events, context, defaults, stopSampler);
}

async function nothingToStop(): Promise<void> {}

class Producer implements TaskQueue {
  #closing: Promise<void> | undefined;

  readonly name: string;
  readonly connectTimeoutMs: number;

  constructor(
    readonly options: TaskQueue['options'],
    private readonly client: Redis,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly context: HandleContext,
    private readonly defaults: SubmitDefaults,
    private readonly stopSampler: () => Promise<void>,
  ) {
    this.name = options.name;
    this.connectTimeoutMs = options.connectTimeoutMs;
  }

  async submit<Data, Params>(
    request: TaskRequest<Params>,
    options?: SubmitOptions,
  ): Promise<TaskHandle<Data>> {
    const [handle] = await this.submitMany<Data>([{ request, ...(options ? { options } : {}) }]);
    return handle as TaskHandle<Data>;
  }

  async submitMany<Data>(entries: readonly Submission[]): Promise<TaskHandle<Data>[]> {
    if (!Array.isArray(entries))
      throw invalidArgument('entries', 'an array of submissions', entries);
    const jobs = entries.map((entry, index) => this.#prepare(entry, index));
    this.#assertOpen();
    await whenReady(this.client, this.name, this.connectTimeoutMs);
    const added = await this.queue.addBulk(jobs);
    return added.map((job) => createHandle<Data>(this.context, String(job.id)));
  }

  handle<Data>(id: string): TaskHandle<Data> {
    if (typeof id !== 'string' || id === '') throw invalidArgument('id', 'a job id', id);
    return createHandle<Data>(this.context, id);
  }

  async counts(): Promise<QueueCounts> {
    this.#assertOpen();
    await whenReady(this.client, this.name, this.connectTimeoutMs);
    return countJobs(this.queue);
  }

  health(): { readonly connected: boolean; readonly closed: boolean } {
    return { connected: this.client.status === 'ready', closed: this.#closing !== undefined };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.stopSampler();
      this.context.waiters.close();
      await this.events.close();
      await this.queue.close();
      await closeConnection(this.client);
    })();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #prepare(
    entry: Submission,
    index: number,
  ): { name: string; data: { request: unknown }; opts: JobsOptions } {
    if (typeof entry !== 'object' || entry === null) {
      throw invalidArgument(`entries[${index}]`, 'a { request, options } object', entry);
    }
    const { request } = entry;
    if (typeof request !== 'object' || request === null) {
      throw invalidArgument('request', 'a task request object', request);
    }
    if (typeof request.type !== 'string' || request.type === '') {
      throw invalidArgument('request.type', 'a non-empty string', request.type);
    }
    if (request.signal !== undefined) {
      throw invalidArgument(
        'request.signal',
        'absent: a signal cannot cross a queue, cancel through the handle',
        request.signal,
      );
    }
    const encoded = encodeTaskRequest(request);
    return {
      name: request.type,
      data: { request: encoded },
      opts: jobOptions(entry.options, this.defaults),
    };
  }

  #assertOpen(): void {
    if (this.#closing !== undefined) {
      throw new QueueUnavailableError(this.name, 'the producer was closed');
    }
  }
}
