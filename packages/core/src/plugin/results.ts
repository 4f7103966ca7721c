import {
  isPluginError,
  type PluginError,
  PluginExecutionError,
  type SchemaIssue,
  type TaskFailure,
  type TaskSuccess,
  toError,
  type ValidationIssue,
} from '../contracts/index.js';

/** Wraps anything a plugin threw into the `PluginError` a failed result carries. */
export function toPluginError(thrown: unknown, pluginId: string, taskId: string): PluginError {
  if (isPluginError(thrown)) return thrown;
  const cause = toError(thrown);
  return new PluginExecutionError(
    `plugin "${pluginId}" failed task "${taskId}": ${cause.message}`,
    {
      pluginId,
      taskId,
      cause,
    },
  );
}

export function failure(
  pluginId: string,
  taskId: string,
  error: PluginError,
  executionTimeMs: number,
  memoryUsedMb?: number,
): TaskFailure {
  return memoryUsedMb === undefined
    ? { success: false, pluginId, taskId, error, executionTimeMs }
    : { success: false, pluginId, taskId, error, executionTimeMs, memoryUsedMb };
}

export function success<T>(
  pluginId: string,
  taskId: string,
  data: T,
  executionTimeMs: number,
  memoryUsedMb?: number,
): TaskSuccess<T> {
  return memoryUsedMb === undefined
    ? { success: true, pluginId, taskId, data, executionTimeMs }
    : { success: true, pluginId, taskId, data, executionTimeMs, memoryUsedMb };
}

/** Schema issues as `ValidationIssue`s: symbol path segments become strings. */
export function toValidationIssues(issues: readonly SchemaIssue[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: issue.message,
  }));
}

/** `a.b[0]: message; c: message`, for error messages. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues
    .map(
      (issue) => `${issue.path.length === 0 ? '(root)' : formatPath(issue.path)}: ${issue.message}`,
    )
    .join('; ');
}

/** `limits.maxMemoryMb`, `items[2].name`. */
export function formatPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? key : `.${key}`;
  }
  return text;
}
