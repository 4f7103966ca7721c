import { setTimeout as sleep } from 'node:timers/promises';
import { definePlugin, PluginHost, PluginSecurityError } from '@leanvibe/core';
import { z } from 'zod';

/** A host with one plugin whose task types cover each outcome a worker must handle. */
export interface TestHive {
  readonly host: PluginHost;
  /** How many times each task id ran. */
  readonly runs: Map<string, number>;
  /** Task ids in the order they started. */
  readonly started: string[];
}

export async function startHive(id = 'hive'): Promise<TestHive> {
  const runs = new Map<string, number>();
  const started: string[] = [];
  const count = (taskId: string): number => {
    const n = (runs.get(taskId) ?? 0) + 1;
    runs.set(taskId, n);
    started.push(taskId);
    return n;
  };
  const jobs = definePlugin({
    name: 'jobs',
    version: '1.0.0',
    type: 'workflow',
    taskTypes: ['echo', 'fail', 'flaky', 'wait', 'deny', 'sleepy'],
    sdk: '^0.1.0',
    limits: { maxExecutionTimeMs: 5_000, concurrency: 16 },
    async handle(task) {
      const n = count(task.id);
      const params = task.params as Record<string, unknown>;
      switch (task.type) {
        case 'echo':
          return params;
        case 'fail':
          throw new Error(`boom #${n}`);
        case 'flaky':
          if (n <= Number(params.failures ?? 1)) throw new Error(`flaky #${n}`);
          return { attempt: n };
        case 'deny':
          throw new PluginSecurityError('not for you', {
            code: 'SECURITY_PERMISSION_DENIED',
            violation: 'permission',
          });
        case 'sleepy':
          await sleep(10_000, undefined, { signal: task.signal }).catch(() => undefined);
          return 'woke';
        default: {
          const ms = Number(params.ms ?? 100);
          for (let step = 1; step <= 4; step += 1) {
            await sleep(ms / 4, undefined, { signal: task.signal });
            task.updateStatus('running', { progress: step / 4 });
          }
          return { waited: ms };
        }
      }
    },
  });
  const strict = definePlugin({
    name: 'strict',
    version: '1.0.0',
    type: 'data_processing',
    taskTypes: ['strict'],
    sdk: '^0.1.0',
    params: z.object({ n: z.number() }),
    handle: (task) => task.params.n * 2,
  });
  const timed = definePlugin({
    name: 'timed',
    version: '1.0.0',
    type: 'data_processing',
    taskTypes: ['slowpoke'],
    sdk: '^0.1.0',
    limits: { maxExecutionTimeMs: 50 },
    async handle(task) {
      count(task.id);
      await sleep(2_000, undefined, { signal: task.signal }).catch(() => undefined);
      return 'late';
    },
  });
  const host = new PluginHost({ id });
  await host.register(jobs);
  await host.register(strict);
  await host.register(timed);
  await host.start();
  return { host, runs, started };
}
