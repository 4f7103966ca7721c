import {
  decodeTaskResult,
  PluginError,
  PluginExecutionError,
  type TaskResult,
} from '@leanvibe/core/contracts';
import type { Job } from 'bullmq';
import { RESULT_MARK } from './outcome.js';

/** The code of a task that was cancelled; the host's own code for it. */
export const CANCELLED_CODE = 'PLUGIN_CANCELLED';

/** The result of a job cancelled before a worker ran it. */
export function cancelledResult(taskId: string, message: string): TaskResult {
  const error = new PluginError(message, { code: CANCELLED_CODE, pluginId: '', taskId });
  return { success: false, pluginId: '', taskId, error, executionTimeMs: 0 };
}

/** The task id a worker gives the host for `job`: the request's own, else the job's. */
export function taskIdOf(job: Pick<Job, 'id' | 'data'>): string {
  const request = (job.data as { request?: { id?: unknown } } | undefined)?.request;
  return typeof request?.id === 'string' ? request.id : String(job.id);
}

/**
 * The result a settled job carries: its return value when it completed, its failure reason when
 * it failed for good. A reason without an encoded result (BullMQ's own, e.g. "job stalled more
 * than allowable limit") becomes a {@link PluginExecutionError}.
 */
export function resultOfSettled(
  job: Pick<Job, 'id' | 'data' | 'returnvalue' | 'failedReason'>,
  state: 'completed' | 'failed',
): TaskResult {
  if (state === 'completed') return decodeTaskResult(job.returnvalue);
  const reason = job.failedReason ?? '';
  if (reason.startsWith(RESULT_MARK)) {
    return decodeTaskResult(JSON.parse(reason.slice(RESULT_MARK.length)));
  }
  const taskId = taskIdOf(job);
  const error = new PluginExecutionError(`the job failed in the queue: ${reason}`, {
    pluginId: '',
    taskId,
  });
  return { success: false, pluginId: '', taskId, error, executionTimeMs: 0 };
}
