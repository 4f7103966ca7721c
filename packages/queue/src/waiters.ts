import type { TaskResult } from '@leanvibe/core/contracts';
import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueJobGoneError, QueueUnavailableError } from './errors.js';
import { cancelledResult, resultOfSettled } from './failure.js';
import { cancelledKey } from './names.js';
import { readJob } from './read-job.js';

function removedResult(jobId: string): TaskResult {
  return cancelledResult(jobId, `task "${jobId}" was cancelled before it ran`);
}

interface Waiter {
  readonly resolve: (result: TaskResult) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The producer's waits for results, all answered from one `QueueEvents` stream reader: no
 * polling. A wait registers first, then reads the job once, so a job that settled before the
 * wait began is answered too.
 */
export class ResultWaiters {
  readonly #waiting = new Map<string, Waiter[]>();
  readonly #queue: Queue;
  #closed = false;

  readonly #client: Redis;
  readonly #cancelMark: (jobId: string) => string;

  constructor(events: QueueEvents, queue: Queue, client: Redis, prefix: string) {
    this.#queue = queue;
    this.#client = client;
    this.#cancelMark = (jobId) => cancelledKey(prefix, queue.name, jobId);
    events.on('completed', ({ jobId, returnvalue }) => {
      this.#answer(jobId, () =>
        resultOfSettled({ id: jobId, data: undefined, returnvalue, failedReason: '' }, 'completed'),
      );
    });
    events.on('failed', ({ jobId, failedReason }) => {
      this.#answer(jobId, () =>
        resultOfSettled(
          { id: jobId, data: undefined, returnvalue: undefined, failedReason },
          'failed',
        ),
      );
    });
    events.on('removed', ({ jobId }) => {
      this.#answer(jobId, () => removedResult(jobId));
    });
  }

  /** The number of results awaited. */
  get size(): number {
    return this.#waiting.size;
  }

  /** Resolves with the job's result once it settles for good. */
  wait(jobId: string): Promise<TaskResult> {
    if (this.#closed) return Promise.reject(this.#closedError(jobId));
    const settled = new Promise<TaskResult>((resolve, reject) => {
      const list = this.#waiting.get(jobId) ?? [];
      list.push({ resolve, reject });
      this.#waiting.set(jobId, list);
    });
    this.#read(jobId).catch((error: unknown) => this.#fail(jobId, error as Error));
    return settled;
  }

  /** Rejects every wait: the producer is closing. */
  close(): void {
    this.#closed = true;
    for (const jobId of [...this.#waiting.keys()]) this.#fail(jobId, this.#closedError(jobId));
  }

  /** Answers the waits of `jobId` if it has settled; throws when the job is gone. */
  async #read(jobId: string): Promise<void> {
    const { job, state } = await readJob(this.#queue, jobId);
    if (job !== undefined && (state === 'completed' || state === 'failed')) {
      this.#answer(jobId, () => resultOfSettled(job, state));
    } else if (state === 'unknown' && this.#waiting.has(jobId)) {
      if ((await this.#client.exists(this.#cancelMark(jobId))) === 1) {
        this.#answer(jobId, () => removedResult(jobId));
      } else {
        throw new QueueJobGoneError(this.#queue.name, jobId);
      }
    }
  }

  #answer(jobId: string, result: () => TaskResult): void {
    const list = this.#waiting.get(jobId);
    if (list === undefined) return;
    this.#waiting.delete(jobId);
    let value: TaskResult;
    try {
      value = result();
    } catch (error) {
      for (const waiter of list) waiter.reject(error as Error);
      return;
    }
    for (const waiter of list) waiter.resolve(value);
  }

  #fail(jobId: string, error: Error): void {
    const list = this.#waiting.get(jobId);
    if (list === undefined) return;
    this.#waiting.delete(jobId);
    for (const waiter of list) waiter.reject(error);
  }

  #closedError(jobId: string): QueueUnavailableError {
    return new QueueUnavailableError(
      this.#queue.name,
      `the producer was closed before the result of job "${jobId}" arrived`,
    );
  }
}
