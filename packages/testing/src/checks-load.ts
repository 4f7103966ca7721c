import { isDeepStrictEqual } from 'node:util';
import { checkEpic1, checkInteger, EPIC1, type TaskResult } from '@leanvibe/core/contracts';
import { runErrors } from './checks-tasks.js';
import { drive } from './drive.js';
import { type FrameworkEnv, resultOf, resultsOf, type TaskRun } from './framework-env.js';
import { GC_UNAVAILABLE, heapAfterGc, toMb } from './heap.js';
import type { MockTask } from './mock-task.js';
import type { TaskSource, TestablePlugin } from './plugin.js';
import {
  describeResult,
  type Epic1CheckReport,
  makeReport,
  type TaskCheckReport,
} from './report.js';
import { summarize } from './stats.js';

/** Starts every task at once and drives the clock until all settle; each run's duration is its own. */
async function runTogether(
  env: FrameworkEnv,
  plugin: TestablePlugin,
  tasks: readonly MockTask[],
): Promise<TaskRun[]> {
  const start = env.clock.now();
  const runs = tasks.map((task) => {
    let promise: Promise<TaskResult>;
    try {
      promise = Promise.resolve(plugin.execute(task));
    } catch (error) {
      promise = Promise.reject(error);
    }
    return promise.then(
      (value): TaskRun => ({
        task,
        settled: { state: 'fulfilled', value },
        durationMs: env.clock.now() - start,
      }),
      (reason: unknown): TaskRun => ({
        task,
        settled: { state: 'rejected', reason },
        durationMs: env.clock.now() - start,
      }),
    );
  });
  const all = await drive(env.clock, Promise.all(runs));
  return all.state === 'fulfilled' ? all.value : [];
}

function firstProblems(plugin: TestablePlugin, runs: readonly TaskRun[]): string[] {
  const problems: string[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  for (const run of runs) {
    const errors = runErrors(plugin, run);
    if (errors.length > 0 && problems.length === 0) problems.push(...errors);
    const result = resultOf(run);
    if (result !== undefined && !result.success) {
      failed++;
      firstFailure ??= describeResult(result);
    }
  }
  if (failed > 0)
    problems.push(`${failed} of ${runs.length} tasks failed; the first ${firstFailure}`);
  return problems;
}

const results = resultsOf;

/** Options of the performance check. */
export interface PerformanceOptions {
  /** How many tasks to run. @default 100 */
  readonly iterations?: number;
  /** How many run at once. @default 1 */
  readonly concurrentTasks?: number;
  /** The task of each iteration. @default derived from the plugin's params schema */
  readonly task?: TaskSource;
}

/** Metrics of the performance check: durations on the check's clock, throughput on the wall clock. */
export type PerformanceMetrics = {
  readonly iterations: number;
  readonly avgMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Tasks per second of real (wall) time: informative, never judged. */
  readonly tasksPerSecond: number;
  /** Heap growth over the run, after GC, in MB (measured without GC when it is not exposed). */
  readonly heapDeltaMb: number;
  readonly gcForced: boolean;
};

export async function performanceCheck(
  env: FrameworkEnv,
  plugin: TestablePlugin,
  options: PerformanceOptions,
): Promise<Epic1CheckReport<PerformanceMetrics>> {
  const iterations = checkInteger('iterations', options.iterations ?? 100, { min: 1 });
  const concurrent = checkInteger('concurrentTasks', options.concurrentTasks ?? 1, { min: 1 });
  const heapBefore = heapAfterGc(env.gc);
  const problem = await env.ensureInitialized(plugin);
  const errors = problem === undefined ? [] : [problem];
  const runs: TaskRun[] = [];
  const wallStart = performance.now();
  for (let done = 0; done < iterations; done += concurrent) {
    const batch: MockTask[] = [];
    for (let i = done; i < Math.min(iterations, done + concurrent); i++) {
      batch.push(env.taskAt(plugin, options.task, i));
    }
    runs.push(...(await runTogether(env, plugin, batch)));
  }
  const wallMs = performance.now() - wallStart;
  const heapDeltaMb = toMb(heapAfterGc(env.gc) - heapBefore);
  errors.push(...firstProblems(plugin, runs));
  const stats = summarize(runs.map((run) => run.durationMs));
  const gcForced = env.gc !== undefined;
  // Task execution is a per-task budget, so the slowest task is the figure judged.
  const epic1 = checkEpic1({
    taskExecutionMs: stats.maxMs,
    ...(gcForced ? { memoryMb: Math.max(0, heapDeltaMb) } : {}),
  });
  for (const check of epic1.checks) {
    if (check.verdict === 'fail') {
      errors.push(
        `Epic 1 ${check.budget}: measured ${check.measured} ${check.unit}, the budget is < ${EPIC1[check.budget]} ${check.unit}`,
      );
    }
  }
  const metrics: PerformanceMetrics = {
    iterations,
    avgMs: stats.avgMs,
    p50Ms: stats.p50Ms,
    p95Ms: stats.p95Ms,
    p99Ms: stats.p99Ms,
    maxMs: stats.maxMs,
    tasksPerSecond: wallMs > 0 ? (runs.length / wallMs) * 1000 : runs.length * 1000,
    heapDeltaMb,
    gcForced,
  };
  return makeReport('performance', plugin.pluginId, metrics, errors, {
    results: results(runs),
    epic1,
  });
}

/** Options of the memory check. */
export interface MemoryOptions {
  /** Tasks measured. @default 200 */
  readonly iterations?: number;
  /** Tasks run before measuring, so caches and JIT settle. @default 20 */
  readonly warmup?: number;
  /** Heap growth allowed per task after GC, in bytes. @default 16384 */
  readonly maxRetainedBytesPerTask?: number;
  /** The task of each iteration. @default derived from the plugin's params schema */
  readonly task?: TaskSource;
}

/** Metrics of the memory check. */
export type MemoryMetrics = {
  readonly iterations: number;
  readonly heapDeltaMb: number;
  readonly retainedBytesPerTask: number;
};

export async function memoryCheck(
  env: FrameworkEnv,
  plugin: TestablePlugin,
  options: MemoryOptions,
): Promise<TaskCheckReport<MemoryMetrics>> {
  const iterations = checkInteger('iterations', options.iterations ?? 200, { min: 1 });
  const warmup = checkInteger('warmup', options.warmup ?? 20, { min: 0 });
  const bound = checkInteger('maxRetainedBytesPerTask', options.maxRetainedBytesPerTask ?? 16_384, {
    min: 0,
  });
  if (env.gc === undefined) {
    return makeReport(
      'memory',
      plugin.pluginId,
      { iterations: 0, heapDeltaMb: 0, retainedBytesPerTask: 0 },
      [GC_UNAVAILABLE],
      { results: [] },
    );
  }
  const problem = await env.ensureInitialized(plugin);
  const errors = problem === undefined ? [] : [problem];
  const runs: TaskRun[] = [];
  for (let i = 0; i < warmup; i++)
    runs.push(await env.runTask(plugin, env.taskAt(plugin, options.task, i)));
  const before = heapAfterGc(env.gc);
  for (let i = warmup; i < warmup + iterations; i++) {
    // Results are not kept past the check of their shape, so only the plugin can retain memory.
    const run = await env.runTask(plugin, env.taskAt(plugin, options.task, i));
    if (runErrors(plugin, run).length > 0 || resultOf(run)?.success === false) {
      runs.push(run);
    }
  }
  const growth = heapAfterGc(env.gc) - before;
  errors.push(...firstProblems(plugin, runs));
  const retainedBytesPerTask = Math.max(0, Math.round(growth / iterations));
  if (retainedBytesPerTask > bound) {
    errors.push(
      `the heap grew by ${toMb(growth)} MB over ${iterations} tasks after GC (${retainedBytesPerTask} bytes per task; at most ${bound} allowed): does the plugin keep something per task?`,
    );
  }
  return makeReport(
    'memory',
    plugin.pluginId,
    { iterations, heapDeltaMb: toMb(growth), retainedBytesPerTask },
    errors,
    { results: [] },
  );
}

/** Options of the concurrency check. */
export interface ConcurrencyOptions {
  /** How many tasks run at once, or the tasks themselves. @default 10 */
  readonly tasks?: number | readonly TaskSource[];
  /** The task of each index when `tasks` is a number. @default derived from the plugin's params schema */
  readonly task?: TaskSource;
  /**
   * Also run each task alone first and require the concurrent result's `data` to equal it —
   * this catches state shared between tasks. Turn off for plugins whose data is not
   * deterministic (timestamps, random ids). @default true
   */
  readonly compareWithSequential?: boolean;
}

/** Metrics of the concurrency check (clock time). */
export type ConcurrencyMetrics = {
  readonly tasks: number;
  readonly makespanMs: number;
  readonly sumOfDurationsMs: number;
};

export async function concurrencyCheck(
  env: FrameworkEnv,
  plugin: TestablePlugin,
  options: ConcurrencyOptions,
): Promise<TaskCheckReport<ConcurrencyMetrics>> {
  const sources =
    typeof options.tasks === 'object'
      ? options.tasks
      : Array.from(
          { length: checkInteger('tasks', options.tasks ?? 10, { min: 2 }) },
          () => options.task,
        );
  const problem = await env.ensureInitialized(plugin);
  const errors = problem === undefined ? [] : [problem];
  const expected: unknown[] = [];
  if (options.compareWithSequential !== false) {
    for (const [i, source] of sources.entries()) {
      const run = await env.runTask(plugin, env.taskAt(plugin, source, i));
      const result = resultOf(run);
      expected.push(result?.success ? result.data : undefined);
    }
  }
  const start = env.clock.now();
  const runs = await runTogether(
    env,
    plugin,
    sources.map((source, i) => env.taskAt(plugin, source, i)),
  );
  const makespanMs = env.clock.now() - start;
  errors.push(...firstProblems(plugin, runs));
  if (options.compareWithSequential !== false) {
    for (const [i, run] of runs.entries()) {
      const result = resultOf(run);
      if (!result?.success) continue;
      if (!isDeepStrictEqual(result.data, expected[i])) {
        errors.push(
          `task ${i} returned ${JSON.stringify(result.data)} when run with others, but ${JSON.stringify(expected[i])} alone: do tasks share state?`,
        );
        break;
      }
    }
  }
  return makeReport(
    'concurrency',
    plugin.pluginId,
    {
      tasks: sources.length,
      makespanMs,
      sumOfDurationsMs: runs.reduce((sum, run) => sum + run.durationMs, 0),
    },
    errors,
    { results: results(runs) },
  );
}
