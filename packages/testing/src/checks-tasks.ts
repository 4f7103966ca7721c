import {
  isInvalidArgumentError,
  isPluginError,
  isPluginValidationError,
  type TaskResult,
} from '@leanvibe/core/contracts';
import fc from 'fast-check';
import { drive, isManualClock } from './drive.js';
import { type FrameworkEnv, resultsOf, type TaskRun } from './framework-env.js';
import type { TaskSource, TestablePlugin } from './plugin.js';
import {
  describeError,
  describeResult,
  makeReport,
  resultShapeErrors,
  type TaskCheckReport,
} from './report.js';
import { arbitraryFromSchema, isZodSchema } from './zod-arbitrary.js';
import { invalidArbitraryFromSchema } from './zod-invalid.js';

/** Problems with one run: a rejection (execute must never throw) or a malformed result. */
export function runErrors(plugin: TestablePlugin, run: TaskRun): string[] {
  if (run.settled.state === 'rejected') {
    return [
      `execute() threw instead of returning a failed result: ${describeError(run.settled.reason)}`,
    ];
  }
  if (run.settled.state === 'pending') return ['execute() did not settle'];
  return resultShapeErrors(run.settled.value, plugin.pluginId, run.task.id);
}

/** Options of the task execution check. */
export interface TaskExecutionOptions {
  /** The task. @default the plugin's first task type, params derived from its schema */
  readonly task?: TaskSource;
}

export async function taskExecutionCheck(
  env: FrameworkEnv,
  plugin: TestablePlugin,
  options: TaskExecutionOptions,
): Promise<TaskCheckReport<{ executionMs: number; statusUpdates: number }>> {
  const problem = await env.ensureInitialized(plugin);
  const errors = problem === undefined ? [] : [problem];
  const run = await env.runTask(plugin, env.taskAt(plugin, options.task, 0));
  errors.push(...runErrors(plugin, run));
  const [result] = resultsOf([run]);
  if (result !== undefined && !result.success) errors.push(`the task ${describeResult(result)}`);
  return makeReport(
    'taskExecution',
    plugin.pluginId,
    { executionMs: run.durationMs, statusUpdates: run.task.statusUpdates.length },
    errors,
    { results: resultsOf([run]) },
  );
}

/** Options of the error handling check. */
export interface ErrorHandlingOptions {
  /** A task whose work fails (e.g. data the plugin cannot process). */
  readonly task: TaskSource;
}

export async function errorHandlingCheck(
  env: FrameworkEnv,
  plugin: TestablePlugin,
  options: ErrorHandlingOptions,
): Promise<TaskCheckReport<{ executionMs: number }>> {
  const problem = await env.ensureInitialized(plugin);
  const errors = problem === undefined ? [] : [problem];
  const run = await env.runTask(plugin, env.taskAt(plugin, options.task, 0));
  errors.push(...runErrors(plugin, run));
  const [result] = resultsOf([run]);
  if (result?.success === true) errors.push('the failing task succeeded');
  if (result !== undefined && !result.success) {
    if (!isPluginError(result.error)) {
      errors.push(`the result's error is not a PluginError: ${describeError(result.error)}`);
    } else if (result.error.pluginId !== plugin.pluginId || result.error.taskId !== run.task.id) {
      errors.push(
        `the error names plugin ${JSON.stringify(result.error.pluginId)} and task ${JSON.stringify(result.error.taskId)}, not "${plugin.pluginId}" and "${run.task.id}"`,
      );
    }
  }
  return makeReport('errorHandling', plugin.pluginId, { executionMs: run.durationMs }, errors, {
    results: resultsOf([run]),
  });
}

/** Options of the params validation check. */
export interface ParamsValidationOptions {
  /** Params the schema accepts. @default derived from the plugin's zod 4 params schema */
  readonly valid?: readonly unknown[];
  /** Params the schema rejects. @default derived from the plugin's zod 4 params schema */
  readonly invalid?: readonly unknown[];
  /** How many of each to derive. @default 10 */
  readonly samples?: number;
  /** The fast-check seed of the derivation. @default 42 */
  readonly seed?: number;
  /** The task type. @default the plugin's first task type */
  readonly type?: string;
}

export async function paramsValidationCheck(
  env: FrameworkEnv,
  plugin: TestablePlugin,
  options: ParamsValidationOptions,
): Promise<TaskCheckReport<{ valid: number; invalid: number }>> {
  const problem = await env.ensureInitialized(plugin);
  const errors = problem === undefined ? [] : [problem];
  const schema = plugin.manifest.params;
  const samples = { numRuns: options.samples ?? 10, seed: options.seed ?? 42 };
  const derive = (make: () => fc.Arbitrary<unknown>): readonly unknown[] =>
    isZodSchema(schema) ? fc.sample(make(), samples) : [];
  const valid = options.valid ?? derive(() => arbitraryFromSchema(schema));
  let invalid: readonly unknown[] = [];
  try {
    invalid = options.invalid ?? derive(() => invalidArbitraryFromSchema(schema));
  } catch (error) {
    if (!isInvalidArgumentError(error)) throw error;
    errors.push(
      'the params schema accepts anything: no invalid params could be derived from it, so the plugin validates nothing (z.any() or z.unknown()?)',
    );
  }
  if (valid.length + invalid.length === 0) {
    errors.push('nothing to check: the plugin has no zod 4 params schema and no params were given');
  }
  const runs: TaskRun[] = [];
  const type = options.type === undefined ? {} : { type: options.type };
  for (const [index, params] of valid.entries()) {
    const run = await env.runTask(plugin, env.taskAt(plugin, { ...type, params }, index));
    runs.push(run);
    errors.push(...runErrors(plugin, run));
    const [result] = resultsOf([run]);
    if (result !== undefined && !result.success && isPluginValidationError(result.error)) {
      errors.push(`valid params ${JSON.stringify(params)} were rejected: ${result.error.message}`);
    }
  }
  for (const [index, params] of invalid.entries()) {
    const run = await env.runTask(plugin, env.taskAt(plugin, { ...type, params }, index));
    runs.push(run);
    errors.push(...runErrors(plugin, run));
    const [result] = resultsOf([run]);
    if (result === undefined) continue;
    if (result.success || !isPluginValidationError(result.error)) {
      errors.push(
        `invalid params ${safeJson(params)} were not rejected with PLUGIN_VALIDATION: the task ${describeResult(result)}`,
      );
    } else if (result.error.issues.length === 0) {
      errors.push(`the validation error for ${safeJson(params)} lists no issues`);
    }
  }
  return makeReport(
    'paramsValidation',
    plugin.pluginId,
    { valid: valid.length, invalid: invalid.length },
    errors,
    { results: resultsOf(runs) },
  );
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Options of the cancellation check. */
export interface CancellationOptions {
  /** A task that takes a while (so that there is something to cancel). */
  readonly task?: TaskSource;
  /** Clock time allowed between the abort and the result. @default 100 */
  readonly withinMs?: number;
  /** Clock time to let the task start before aborting it. @default 0 */
  readonly abortAfterMs?: number;
  /**
   * Pass (with the metric `settledBeforeAbort`) when the task settles before it could be
   * cancelled, instead of failing: for callers that know no slow task of the plugin, such as
   * `leanvibe-plugin check`. @default false
   */
  readonly allowSettledBeforeAbort?: boolean;
}

/** Metrics of the cancellation check. */
export type CancellationMetrics = {
  readonly settledAfterAbortMs: number;
  readonly withinMs: number;
  /** True when the task settled before the abort, so cancellation was not exercised. */
  readonly settledBeforeAbort: boolean;
};

export async function cancellationCheck(
  env: FrameworkEnv,
  plugin: TestablePlugin,
  options: CancellationOptions,
): Promise<TaskCheckReport<CancellationMetrics>> {
  const problem = await env.ensureInitialized(plugin);
  const errors = problem === undefined ? [] : [problem];
  const withinMs = options.withinMs ?? 100;
  const clock = env.clock;
  const task = env.taskAt(plugin, options.task, 0);
  let promise: Promise<TaskResult>;
  try {
    promise = Promise.resolve(plugin.execute(task));
  } catch (error) {
    promise = Promise.reject(error);
  }
  const early = await drive(clock, promise, { withinMs: options.abortAfterMs ?? 0 });
  let settledAfterAbortMs = 0;
  let run: TaskRun = { task, settled: early, durationMs: 0 };
  const settledBeforeAbort = early.state !== 'pending';
  if (settledBeforeAbort) {
    if (options.allowSettledBeforeAbort !== true) {
      errors.push('the task settled before it could be cancelled: give a task that takes a while');
    }
  } else {
    task.abort(new Error('cancelled by the cancellation check'));
    const abortedAt = clock.now();
    const late = await drive(clock, promise, { withinMs });
    settledAfterAbortMs = clock.now() - abortedAt;
    run = { task, settled: late, durationMs: settledAfterAbortMs };
    if (late.state === 'pending') {
      errors.push(
        `the task did not settle within ${withinMs} ms of clock time after its signal aborted: does it ignore task.signal?`,
      );
      // Let the runaway task finish on a manual clock, so it does not outlive the check.
      if (isManualClock(clock)) await drive(clock, promise, { withinMs: env.settleTimeoutMs });
    } else {
      errors.push(...runErrors(plugin, run));
      const [result] = resultsOf([run]);
      if (result?.success === true)
        errors.push('the cancelled task reported success: does it ignore task.signal?');
    }
  }
  return makeReport(
    'cancellation',
    plugin.pluginId,
    { settledAfterAbortMs, withinMs, settledBeforeAbort },
    errors,
    { results: resultsOf([run]) },
  );
}
