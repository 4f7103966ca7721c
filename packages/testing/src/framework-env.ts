import {
  type Clock,
  invalidArgument,
  type PluginContext,
  type TaskResult,
} from '@leanvibe/core/contracts';
import fc from 'fast-check';
import { drive, type Settled } from './drive.js';
import type { GcFunction } from './heap.js';
import { MockTask } from './mock-task.js';
import type { TaskSource, TaskSpec, TestablePlugin } from './plugin.js';
import { describeError } from './report.js';
import { arbitraryFromSchema, isZodSchema } from './zod-arbitrary.js';

/** One task run by a check: how it ended and how long it took on the check's clock. */
export interface TaskRun {
  readonly task: MockTask;
  readonly settled: Settled<TaskResult>;
  readonly durationMs: number;
}

/**
 * The run's result when `execute` resolved with something result-shaped (an object with a
 * boolean `success`); `undefined` when it threw, hung, or resolved with anything else — those
 * are reported by the result shape check, never read as results.
 */
export function resultOf(run: TaskRun): TaskResult | undefined {
  if (run.settled.state !== 'fulfilled') return undefined;
  const value = run.settled.value as unknown;
  return typeof value === 'object' &&
    value !== null &&
    typeof (value as { success?: unknown }).success === 'boolean'
    ? (value as TaskResult)
    : undefined;
}

/** The results of the runs that have one (see {@link resultOf}). */
export function resultsOf(runs: readonly TaskRun[]): TaskResult[] {
  return runs.flatMap((run) => {
    const result = resultOf(run);
    return result === undefined ? [] : [result];
  });
}

/** What the checks share; built by `PluginTestFramework`. */
export interface FrameworkEnv {
  readonly clock: Clock;
  readonly gc: GcFunction | undefined;
  /** Clock time any single lifecycle call may take before a check gives up on it. */
  readonly settleTimeoutMs: number;
  /** The context the plugin was (or will be) initialised with, and its controller. */
  contextFor(plugin: TestablePlugin): { context: PluginContext; controller: AbortController };
  /** Initialises the plugin unless it is; returns a problem, or `undefined`. */
  ensureInitialized(plugin: TestablePlugin): Promise<string | undefined>;
  taskAt(plugin: TestablePlugin, source: TaskSource | undefined, index: number): MockTask;
  runTask(plugin: TestablePlugin, task: MockTask, withinMs?: number): Promise<TaskRun>;
}

/** Resolves the task of iteration `index`: given, or derived from the plugin's params schema. */
export function resolveTask(
  plugin: TestablePlugin,
  source: TaskSource | undefined,
  index: number,
): MockTask {
  const type = plugin.manifest.taskTypes[0];
  let spec: TaskSpec;
  if (source === undefined) {
    const schema = plugin.manifest.params;
    if (schema !== undefined && !isZodSchema(schema)) {
      throw invalidArgument(
        'task',
        "a task spec (the plugin's params schema is not a zod 4 schema to derive one from)",
        source,
      );
    }
    // Deterministic per index: the same check run twice sees the same params.
    const params =
      schema === undefined
        ? {}
        : fc.sample(arbitraryFromSchema(schema), { numRuns: 1, seed: 0x1eaf + index })[0];
    spec = { params };
  } else {
    spec = typeof source === 'function' ? source(index) : source;
  }
  const taskType = spec.type ?? type;
  if (taskType === undefined) {
    throw invalidArgument('task.type', 'a task type (the plugin declares none)', taskType);
  }
  return new MockTask({ type: taskType, params: spec.params });
}

/** Runs one lifecycle call on the clock, with the env's time limit; returns a problem or `undefined`. */
export async function settleCall(
  env: Pick<FrameworkEnv, 'clock' | 'settleTimeoutMs'>,
  what: string,
  call: () => Promise<unknown>,
): Promise<string | undefined> {
  let promise: Promise<unknown>;
  try {
    promise = call();
  } catch (error) {
    return `${what} threw synchronously: ${describeError(error)}`;
  }
  const settled = await drive(env.clock, Promise.resolve(promise), {
    withinMs: env.settleTimeoutMs,
  });
  if (settled.state === 'rejected') return `${what} rejected: ${describeError(settled.reason)}`;
  if (settled.state === 'pending') {
    return `${what} did not settle within ${env.settleTimeoutMs} ms of clock time`;
  }
  return undefined;
}

/** Starts `plugin.execute(task)` and drives the clock until it settles (or `withinMs` runs out). */
export async function runTaskOn(
  clock: Clock,
  plugin: TestablePlugin,
  task: MockTask,
  withinMs: number | undefined,
): Promise<TaskRun> {
  const start = clock.now();
  let promise: Promise<TaskResult>;
  try {
    promise = Promise.resolve(plugin.execute(task));
  } catch (error) {
    promise = Promise.reject(error);
  }
  const settled = await drive(clock, promise, withinMs === undefined ? {} : { withinMs });
  return { task, settled, durationMs: clock.now() - start };
}
