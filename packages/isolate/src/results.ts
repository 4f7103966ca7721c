import { isPluginError, PluginError, type TaskResult } from '@leanvibe/core/contracts';

/** A failed result. */
export function failed(
  pluginId: string,
  taskId: string,
  error: PluginError,
  executionTimeMs = 0,
): TaskResult {
  return { success: false, pluginId, taskId, error, executionTimeMs };
}

/**
 * The error of a task whose signal aborted: the reason itself when it is a plugin error (the
 * host's `PluginTimeoutError`), else a `PLUGIN_CANCELLED` error keeping it as `cause`.
 */
export function abortError(reason: unknown, pluginId: string, taskId: string): PluginError {
  if (isPluginError(reason)) return reason;
  return new PluginError(`task "${taskId}" of plugin "${pluginId}" was cancelled`, {
    code: 'PLUGIN_CANCELLED',
    pluginId,
    taskId,
    cause: reason,
  });
}
