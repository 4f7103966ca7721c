/** The metric names this package reports; every series has the label `queue`. */
export const QUEUE_METRICS = Object.freeze({
  /** Gauge of jobs by `state` (`waiting`, `active`, `delayed`, `prioritized`, `completed`, `failed`), sampled by the producer. */
  jobs: 'leanvibe_queue_jobs',
  /** Histogram of seconds a job waited between becoming runnable and starting, per attempt, observed by the worker. */
  waitSeconds: 'leanvibe_queue_wait_seconds',
  /** Counter of attempts a worker finished, labelled `outcome` (`succeeded`, `failed`, `retried`, `cancelled`, `requeued`). */
  processed: 'leanvibe_queue_processed_total',
} as const);

/** The pub/sub channel on which producers ask workers to cancel an active job. */
export function cancelChannel(prefix: string, name: string): string {
  return `${prefix}:${name}:leanvibe:cancel`;
}

/** The key that marks a job as cancelled, so a worker that picks it up later does not run it. */
export function cancelledKey(prefix: string, name: string, jobId: string): string {
  return `${prefix}:${name}:leanvibe:cancelled:${jobId}`;
}

/** The field of a job's data that marks it cancelled. */
export const CANCELLED_FLAG = 'leanvibeCancelled';

/** How long a cancel mark is kept, in milliseconds. */
export const CANCEL_MARK_TTL_MS = 24 * 60 * 60 * 1000;
