import type { Epic1Report, TaskResult } from '@leanvibe/core/contracts';

/** The name of a {@link PluginTestFramework} check. */
export type CheckName =
  | 'initialization'
  | 'taskExecution'
  | 'errorHandling'
  | 'paramsValidation'
  | 'cancellation'
  | 'cleanup'
  | 'performance'
  | 'memory'
  | 'concurrency';

/** A figure a check measured: numbers in the unit their name says, or a flag. */
export type CheckMetrics = Readonly<Record<string, number | boolean>>;

/**
 * What every check returns: `passed` when nothing was wrong, with what it measured and, when it
 * failed, one readable sentence per problem.
 */
export interface CheckReport<M extends CheckMetrics = CheckMetrics> {
  readonly check: CheckName;
  readonly pluginId: string;
  readonly status: 'passed' | 'failed';
  readonly metrics: M;
  /** One sentence per problem; empty when the check passed. */
  readonly errors: readonly string[];
}

/** A report of a check that ran tasks, with the results it saw. */
export interface TaskCheckReport<M extends CheckMetrics = CheckMetrics> extends CheckReport<M> {
  /** The results, in task order (the tasks that settled). */
  readonly results: readonly TaskResult[];
}

/** A report that carries an Epic 1 verdict, from the contracts' `checkEpic1`. */
export interface Epic1CheckReport<M extends CheckMetrics = CheckMetrics>
  extends TaskCheckReport<M> {
  readonly epic1: Epic1Report;
}

/** Freezes a report, deriving `status` from `errors`. */
export function makeReport<M extends CheckMetrics, Extra extends object = object>(
  check: CheckName,
  pluginId: string,
  metrics: M,
  errors: readonly string[],
  extra?: Extra,
): CheckReport<M> & Extra {
  return Object.freeze({
    check,
    pluginId,
    status: errors.length === 0 ? 'passed' : 'failed',
    metrics: Object.freeze({ ...metrics }),
    errors: Object.freeze([...errors]),
    ...(extra ?? ({} as Extra)),
  }) as CheckReport<M> & Extra;
}

/** Describes a thrown value or rejection in one line. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}`;
  }
  return String(error);
}

/** Describes a result in one line: `succeeded` or `failed with CODE: message`. */
export function describeResult(result: TaskResult): string {
  return result.success ? 'succeeded' : `failed with ${describeError(result.error)}`;
}

/** Problems with the shape of a result: not a TaskResult, or naming another plugin or task. */
export function resultShapeErrors(result: unknown, pluginId: string, taskId: string): string[] {
  if (typeof result !== 'object' || result === null) {
    return [`execute() resolved with ${String(result)} instead of a TaskResult`];
  }
  const r = result as Partial<TaskResult> & { error?: unknown };
  const errors: string[] = [];
  if (typeof r.success !== 'boolean') errors.push('the result has no boolean `success`');
  if (r.pluginId !== pluginId) {
    errors.push(`the result names plugin ${JSON.stringify(r.pluginId)}, not "${pluginId}"`);
  }
  if (r.taskId !== taskId) {
    errors.push(`the result names task ${JSON.stringify(r.taskId)}, not "${taskId}"`);
  }
  if (typeof r.executionTimeMs !== 'number') {
    errors.push('the result has no numeric `executionTimeMs`');
  }
  if (r.success === false && !(r.error instanceof Error)) {
    errors.push('a failed result carries no `error`');
  }
  return errors;
}
