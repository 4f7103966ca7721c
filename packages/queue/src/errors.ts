import { brandError, createErrorGuard, LeanVibeError } from '@leanvibe/core/contracts';

/**
 * Redis could not be reached within `connectTimeoutMs`, or the queue was closed before an answer
 * came. Nothing was sent: a `submit` that throws this added no job. Code `QUEUE_UNAVAILABLE`.
 */
export class QueueUnavailableError extends LeanVibeError {
  static {
    brandError(this, 'QueueUnavailableError');
  }
  /** The queue's name. */
  readonly queue: string;

  constructor(queue: string, reason: string, cause?: unknown) {
    super('QUEUE_UNAVAILABLE', `queue "${queue}" is unavailable: ${reason}`, {
      cause,
      details: { queue },
    });
    this.queue = queue;
  }
}

/**
 * The job a handle points at is no longer in Redis: it was removed, or the queue's retention
 * (`keepCompleted`, `keepFailed`) dropped it before its result was read. Code `QUEUE_JOB_GONE`.
 */
export class QueueJobGoneError extends LeanVibeError {
  static {
    brandError(this, 'QueueJobGoneError');
  }
  /** The queue's name. */
  readonly queue: string;
  /** The job's id. */
  readonly jobId: string;

  constructor(queue: string, jobId: string) {
    super('QUEUE_JOB_GONE', `job "${jobId}" of queue "${queue}" is no longer in Redis`, {
      details: { queue, jobId },
    });
    this.queue = queue;
    this.jobId = jobId;
  }
}

/** True for a {@link QueueUnavailableError}, from any installed copy of this package. */
export const isQueueUnavailableError =
  createErrorGuard<QueueUnavailableError>('QueueUnavailableError');
/** True for a {@link QueueJobGoneError}, from any installed copy of this package. */
export const isQueueJobGoneError = createErrorGuard<QueueJobGoneError>('QueueJobGoneError');
