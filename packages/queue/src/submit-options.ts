import { randomUUID } from 'node:crypto';
import {
  checkInteger,
  checkOneOf,
  checkOptionsObject,
  checkString,
  invalidOption,
} from '@leanvibe/core/contracts';
import type { JobsOptions } from 'bullmq';

/** The guide's task priorities, most urgent first. */
export const TASK_PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;
/** One of {@link TASK_PRIORITIES}. */
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** Options of one `submit`. */
export interface SubmitOptions {
  /** Jobs of a more urgent priority start first; within one priority, first in first out. Default `'normal'`. */
  readonly priority?: TaskPriority;
  /** Do not start the job before this many milliseconds. Default `0`. */
  readonly delayMs?: number;
  /** Attempts in all for a retryable failure (1 = no retry). Default: the queue's `attempts`. */
  readonly attempts?: number;
  /** Base of the exponential backoff between attempts, in ms. Default: the queue's `backoffMs`. */
  readonly backoffMs?: number;
  /**
   * Becomes the job's id (else a random UUID, so ids are unique across queues): a second submit with the same key while the job is kept returns the
   * same job instead of adding one. Any string but an integer, without `:`.
   */
  readonly idempotencyKey?: string;
}

/** The queue-wide defaults a submit falls back on. */
export interface SubmitDefaults {
  readonly attempts: number;
  readonly backoffMs: number;
  readonly keepCompleted: number;
  readonly keepFailed: number;
}

/** Checks `options` of a submit and turns them into BullMQ's job options. */
export function jobOptions(
  options: SubmitOptions | undefined,
  defaults: SubmitDefaults,
): JobsOptions {
  const given = checkOptionsObject('options', options);
  const priority = checkOneOf('priority', given.priority ?? 'normal', TASK_PRIORITIES);
  const delay = checkInteger('delayMs', given.delayMs ?? 0, { min: 0 });
  const attempts = checkInteger('attempts', given.attempts ?? defaults.attempts, { min: 1 });
  const backoffMs = checkInteger('backoffMs', given.backoffMs ?? defaults.backoffMs, { min: 0 });
  const key = given.idempotencyKey;
  if (key !== undefined) {
    checkString('idempotencyKey', key);
    if (/^-?\d+$/.test(key) || key.includes(':') || key.length > 512) {
      throw invalidOption(
        'idempotencyKey',
        'a string of at most 512 characters that is not an integer and has no ":"',
        key,
      );
    }
  }
  return {
    priority: TASK_PRIORITIES.indexOf(priority) + 1,
    ...(delay > 0 ? { delay } : {}),
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    jobId: key ?? randomUUID(),
    removeOnComplete: { count: defaults.keepCompleted },
    removeOnFail: { count: defaults.keepFailed },
  };
}
