import type { TaskResult, TaskStatus } from '@leanvibe/core/contracts';
import type { Job, JobState, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueJobGoneError } from './errors.js';
import { CANCELLED_CODE, resultOfSettled } from './failure.js';
import { CANCEL_MARK_TTL_MS, CANCELLED_FLAG, cancelChannel, cancelledKey } from './names.js';
import { readJob } from './read-job.js';
import type { ResultWaiters } from './waiters.js';

/** Where a submitted task is, as `handle.status()` reports it. */
export interface TaskJobStatus {
  /** The task's status: `pending` while it waits (or waits for a retry), `running`, or its outcome. */
  readonly status: TaskStatus;
  /** BullMQ's own state of the job. */
  readonly state: JobState | 'unknown';
  /** The last progress the task reported, from 0 to 1, if any. */
  readonly progress: number | undefined;
  /** Attempts that have ended so far. */
  readonly attemptsMade: number;
}

/** A submitted task. */
export interface TaskHandle<Data = unknown> {
  /** The job's id: the idempotency key when one was given, else BullMQ's. */
  readonly id: string;
  /**
   * Resolves with the task's result once it settles for good (after its retries): the same
   * `TaskResult` the host returns, its error revived with class, code and details.
   *
   * @throws {@link QueueJobGoneError} when the job is no longer in Redis.
   * @throws {@link QueueUnavailableError} when the producer closes first.
   */
  result(): Promise<TaskResult<Data>>;
  /**
   * Where the task is now.
   *
   * @throws {@link QueueJobGoneError} when the job is no longer in Redis (and this handle did not cancel it).
   */
  status(): Promise<TaskJobStatus>;
  /**
   * Cancels the task: a job still waiting is removed; an active one has its signal aborted on
   * whichever worker runs it. Resolves `true` when the cancel was applied or sent, `false` when
   * the task had already settled or is gone. The result is then a failure coded `PLUGIN_CANCELLED`.
   */
  cancel(): Promise<boolean>;
}

/** What the handles of one producer share. */
export interface HandleContext {
  readonly queue: Queue;
  readonly client: Redis;
  readonly prefix: string;
  readonly waiters: ResultWaiters;
}

const PENDING_STATES = new Set<string>(['waiting', 'delayed', 'prioritized', 'waiting-children']);

/** Builds the handle of the job `id`. */
export function createHandle<Data>(context: HandleContext, id: string): TaskHandle<Data> {
  let cancelled = false;
  return Object.freeze({
    id,
    result: () => context.waiters.wait(id) as Promise<TaskResult<Data>>,
    async status(): Promise<TaskJobStatus> {
      const { job, state } = await readJob(context.queue, id);
      if (job === undefined) {
        if (cancelled)
          return { status: 'cancelled', state: 'unknown', progress: undefined, attemptsMade: 0 };
        throw new QueueJobGoneError(context.queue.name, id);
      }
      return {
        status: statusOf(job, state),
        state,
        progress: typeof job.progress === 'number' ? job.progress : undefined,
        attemptsMade: job.attemptsMade,
      };
    },
    async cancel(): Promise<boolean> {
      const { queue, client, prefix } = context;
      const { job, state } = await readJob(queue, id);
      if (job === undefined || state === 'completed' || state === 'failed') return false;
      cancelled = true;
      // The mark outlives the job (a removed job's result is "cancelled"); the flag in the job's
      // data reaches a worker with the job itself, should it pick the job up after all.
      await client.set(cancelledKey(prefix, queue.name, id), '1', 'PX', CANCEL_MARK_TTL_MS);
      await job.updateData({ ...(job.data as object), [CANCELLED_FLAG]: true }).catch(() => {
        // Gone meanwhile: settled or removed, nothing left to run.
      });
      if (PENDING_STATES.has(state)) {
        try {
          await job.remove();
          return true;
        } catch {
          // A worker took it meanwhile: it is active now, so its worker is told below.
        }
      }
      await client.publish(cancelChannel(prefix, queue.name), id);
      return true;
    },
  });
}

function statusOf(job: Job, state: JobState): TaskStatus {
  if (state === 'active') return 'running';
  if (state === 'completed') return 'succeeded';
  if (state === 'failed') {
    const result = resultOfSettled(job, 'failed');
    return !result.success && result.error.code === CANCELLED_CODE ? 'cancelled' : 'failed';
  }
  return 'pending';
}
