import {
  abortReason,
  type Clock,
  isPluginError,
  type PluginContext,
  PluginExecutionError,
  type PluginManifest,
  PluginValidationError,
  type Task,
  type TaskResult,
  toError,
} from '@leanvibe/core/contracts';
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
  let context: PluginContext | undefined;
  const manifest: PluginManifest<StatsParams> = {
    name: 'stats',
    version: '1.0.0',
    type: 'data_processing',
    taskTypes: ['stats'],
    sdk: '^0.1.0',
    params: statsParams,
  };
  return {
    manifest,
    pluginId: manifest.name,
    get isInitialized() {
      return context !== undefined;
    },
    async initialize(ctx: PluginContext): Promise<void> {
      context = ctx;
    },
    async execute(task: Task<unknown>): Promise<TaskResult<number>> {
      const base = { pluginId: manifest.name, taskId: task.id, executionTimeMs: 0 };
      try {
        if (context === undefined) throw new Error('stats is not initialized');
        const parsed = statsParams.safeParse(task.params);
        if (!parsed.success) {
          const issues = parsed.error.issues.map((issue) => ({
            path: issue.path.map(String),
            message: issue.message,
          }));
          throw new PluginValidationError(`invalid params: ${parsed.error.message}`, {
            pluginId: manifest.name,
            taskId: task.id,
            issues,
          });
        }
        const { values, op, delayMs } = parsed.data;
        if (delayMs !== undefined) await sleep(context.clock, delayMs, task.signal);
        if (op !== 'sum' && values.length === 0) throw new Error(`${op} of no values`);
        const sum = values.reduce((a, b) => a + b, 0);
        const data = op === 'sum' ? sum : op === 'mean' ? sum / values.length : Math.max(...values);
        context.metrics.counter('stats_tasks_total', 1, { op });
        return { ...base, success: true, data };
      } catch (thrown) {
        const error = isPluginError(thrown)
          ? thrown
          : new PluginExecutionError(toError(thrown).message, {
              pluginId: manifest.name,
              taskId: task.id,
              cause: thrown,
            });
        return { ...base, success: false, error };
      }
    },
    async cleanup(): Promise<void> {
      context = undefined;
    },
  };
}
