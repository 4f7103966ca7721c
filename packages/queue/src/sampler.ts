import type { MetricsSink } from '@leanvibe/core/contracts';
import type { Queue } from 'bullmq';
import { QUEUE_METRICS } from './names.js';

/** The number of jobs in each state of a queue. */
export interface QueueCounts {
  readonly waiting: number;
  readonly prioritized: number;
  readonly delayed: number;
  readonly active: number;
  readonly completed: number;
  readonly failed: number;
}

const STATES = ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'] as const;

/** Reads the number of jobs in each state, in one round trip. */
export async function countJobs(queue: Queue): Promise<QueueCounts> {
  const counts = await queue.getJobCounts(...STATES);
  const read = (state: (typeof STATES)[number]): number => counts[state] ?? 0;
  return {
    waiting: read('waiting'),
    prioritized: read('prioritized'),
    delayed: read('delayed'),
    active: read('active'),
    completed: read('completed'),
    failed: read('failed'),
  };
}

/**
 * Samples the job counts into `sink` every `intervalMs` (the gauge `leanvibe_queue_jobs`, by
 * `state`), on an unref'd timer. Returns a function that stops it and waits for a sample in flight.
 */
export function startSampler(
  queue: Queue,
  sink: MetricsSink,
  intervalMs: number,
): () => Promise<void> {
  let current: Promise<void> | undefined;
  const sample = async (): Promise<void> => {
    try {
      const counts = await countJobs(queue);
      for (const state of STATES) {
        sink.gauge(QUEUE_METRICS.jobs, counts[state], { queue: queue.name, state });
      }
    } catch {
      // Redis is away: the gauges keep their last values until it answers again.
    } finally {
      current = undefined;
    }
  };
  const tick = (): void => {
    current ??= sample();
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await current;
  };
}
