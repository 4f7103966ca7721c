import { definePlugin } from '@leanvibe/core';
import { abortReason, type Clock } from '@leanvibe/core/contracts';
import * as z from 'zod';

/** The params of a `stats` task. */
export const statsParams = z.object({
  values: z.array(z.number().min(-1e6).max(1e6)).max(1000),
  op: z.enum(['sum', 'mean', 'max']),
  /** Simulated slow work, on the plugin's clock. */
  delayMs: z.number().int().min(0).max(10_000).optional(),
});
export type StatsParams = z.infer<typeof statsParams>;

function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A tiny plugin: sums, averages or maximises numbers, and counts its tasks in a metric. */
export function createStatsPlugin() {
  return definePlugin({
    name: 'stats',
    version: '1.0.0',
    type: 'data_processing',
    taskTypes: ['stats'],
    sdk: '^0.1.0',
    params: statsParams,
    async handle(task, { plugin, signal }): Promise<number> {
      const { values, op, delayMs } = task.params;
      if (delayMs !== undefined) await sleep(plugin.clock, delayMs, signal);
      if (op !== 'sum' && values.length === 0) throw new Error(`${op} of no values`);
      const sum = values.reduce((a, b) => a + b, 0);
      const data = op === 'sum' ? sum : op === 'mean' ? sum / values.length : Math.max(...values);
      plugin.metrics.counter('stats_tasks_total', 1, { op });
      return data;
    },
  });
}
