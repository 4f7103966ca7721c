import {
  decodeTaskRequest,
  encodeTaskResult,
  type MetricsSink,
  type TaskResult,
} from '@leanvibe/core/contracts';
import { type Job, UnrecoverableError, WaitingError } from 'bullmq';
import type { RecentCancels } from './cancels.js';
import { cancelledResult, taskIdOf } from './failure.js';
import type { QueueHost } from './host.js';
import { CANCELLED_FLAG, QUEUE_METRICS } from './names.js';
import { isFinalFailure, RESULT_MARK } from './outcome.js';

/** The reason a closing worker gives the jobs it cancels: they go back to the queue. */
export const REQUEUE_REASON = 'leanvibe:requeue';

/** What the processor of one worker shares. */
export interface ProcessorContext {
  readonly host: QueueHost;
  readonly name: string;
  /** Cancels that arrived before their job started here. */
  readonly cancels: RecentCancels;
  readonly metrics: MetricsSink | undefined;
  /** Jobs running now, by task id, for progress reports and cancels. */
  readonly running: Map<string, Job>;
  /** Set once a closing worker sends what still runs back to the queue (a host with `cancel`). */
  readonly requeue: { all: boolean };
}

/** A BullMQ processor: with a third parameter, BullMQ makes an AbortController for each job. */
export type Processor =
  | ((job: Job, token?: string) => Promise<unknown>)
  | ((job: Job, token: string | undefined, signal: AbortSignal | undefined) => Promise<unknown>);

/**
 * Builds the BullMQ processor that runs each job with `host.execute`. A host that cancels by id
 * gets a processor without the signal parameter, so BullMQ makes no AbortController per job
 * (the worker cancels through `host.cancel`); any other host gets each job's signal.
 */
export function createProcessor(context: ProcessorContext): Processor {
  const { host, name, cancels, metrics, running, requeue } = context;
  const labels = { queue: name };
  const count = (outcome: string): void =>
    metrics?.counter(QUEUE_METRICS.processed, 1, { queue: name, outcome });

  const process = async (
    job: Job,
    token: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<unknown> => {
    const taskId = taskIdOf(job);
    if (job.attemptsMade === 0) {
      const waited = Date.now() - job.timestamp - (job.opts.delay ?? 0);
      metrics?.histogram(QUEUE_METRICS.waitSeconds, Math.max(0, waited) / 1000, labels);
    }
    let request: ReturnType<typeof decodeTaskRequest>;
    try {
      request = decodeTaskRequest((job.data as { request?: unknown } | undefined)?.request);
    } catch (error) {
      count('failed');
      throw new UnrecoverableError(`the job carries no task request: ${(error as Error).message}`);
    }
    const data = job.data as Record<string, unknown> | undefined;
    if (data?.[CANCELLED_FLAG] === true || cancels.take(String(job.id))) {
      count('cancelled');
      throw final(cancelledResult(taskId, `task "${taskId}" was cancelled before it ran`));
    }
    if (signal === undefined && requeue.all) {
      // Picked up as the worker gave up draining: it goes back untouched.
      await job.moveToWait(token);
      count('requeued');
      throw new WaitingError();
    }
    running.set(taskId, job);
    let result: TaskResult;
    try {
      result = await host.execute({
        type: request.type,
        params: request.params,
        id: taskId,
        ...(signal !== undefined ? { signal } : {}),
        ...(request.traceContext !== undefined ? { traceContext: request.traceContext } : {}),
      });
    } finally {
      running.delete(taskId);
    }
    const requeued =
      !result.success &&
      (signal === undefined
        ? result.error.cause === REQUEUE_REASON
        : signal.aborted && signal.reason === REQUEUE_REASON);
    if (requeued) {
      await job.moveToWait(token);
      count('requeued');
      throw new WaitingError();
    }
    const encoded = encodeTaskResult(result);
    if (encoded.success) {
      count('succeeded');
      return encoded;
    }
    const error = encoded.error;
    const code = error.code ?? 'PLUGIN_EXECUTION';
    if (isFinalFailure({ code })) {
      count(code === 'PLUGIN_CANCELLED' ? 'cancelled' : 'failed');
      throw new UnrecoverableError(RESULT_MARK + JSON.stringify(encoded));
    }
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    count(last ? 'failed' : 'retried');
    throw new Error(RESULT_MARK + JSON.stringify(encoded));
  };
  return typeof host.cancel === 'function'
    ? (job: Job, token?: string) => process(job, token, undefined)
    : (job: Job, token: string | undefined, signal: AbortSignal | undefined) =>
        process(job, token, signal);
}

function final(result: TaskResult): UnrecoverableError {
  return new UnrecoverableError(RESULT_MARK + JSON.stringify(encodeTaskResult(result)));
}
