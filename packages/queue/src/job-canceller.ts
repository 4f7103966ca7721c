import type { Job, Worker } from 'bullmq';
import type { QueueHost } from './host.js';
import { REQUEUE_REASON } from './processor.js';

/** How a worker cancels the jobs running on it. */
export interface JobCanceller {
  /** Cancels the job with this id if it runs here; false when it does not (or not yet). */
  cancel(jobId: string, reason: string): boolean;
  /** Cancels every job running here, to go back to the queue; jobs picked up later go back too. */
  requeueAll(): void;
}

/**
 * Cancels by task id through `host.cancel` when the host has it (the processor then takes no
 * signal, so BullMQ makes no AbortController per job), else through the jobs' BullMQ signals.
 */
export function jobCanceller(
  host: QueueHost,
  worker: Worker,
  running: ReadonlyMap<string, Job>,
  requeue: { all: boolean },
): JobCanceller {
  const cancelById = host.cancel?.bind(host);
  if (cancelById === undefined) {
    return {
      cancel: (jobId, reason) => worker.cancelJob(jobId, reason),
      requeueAll: () => worker.cancelAllJobs(REQUEUE_REASON),
    };
  }
  return {
    cancel: (jobId, reason) => {
      for (const [taskId, job] of running) {
        if (job.id === jobId) return cancelById(taskId, reason);
      }
      return false;
    },
    requeueAll: () => {
      requeue.all = true;
      for (const taskId of [...running.keys()]) cancelById(taskId, REQUEUE_REASON);
    },
  };
}
