import { type PluginError, PluginMemoryError } from '@leanvibe/core/contracts';
import { IsolateError } from './errors.js';

/**
 * Why a worker ended when nobody asked it to: out of memory (`PLUGIN_MEMORY`), an uncaught
 * throw (`ISOLATE_WORKER_CRASHED`), or an exit (`ISOLATE_WORKER_EXITED`, with its code).
 */
export function endFailure(
  pluginId: string,
  exitCode: number,
  thrown: Error | undefined,
  memoryLimitMb: number | undefined,
): PluginError {
  if ((thrown as (Error & { code?: unknown }) | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const limitMb = memoryLimitMb ?? 0;
    return new PluginMemoryError(
      `the worker of plugin "${pluginId}" ran out of memory (limit ${limitMb} MB)`,
      { pluginId, limitMb, usedMb: limitMb, cause: thrown },
    );
  }
  if (thrown !== undefined) {
    return new IsolateError(
      'ISOLATE_WORKER_CRASHED',
      `the worker of plugin "${pluginId}" crashed: ${thrown.message}`,
      { pluginId, cause: thrown },
    );
  }
  return new IsolateError(
    'ISOLATE_WORKER_EXITED',
    `the worker of plugin "${pluginId}" exited with code ${exitCode}`,
    { pluginId, details: { exitCode } },
  );
}

/** The error of one task that was running on a worker that ended: the end's, naming the task. */
export function taskFailure(
  pluginId: string,
  error: PluginError | undefined,
  taskId: string,
): PluginError {
  if (error instanceof PluginMemoryError) {
    return new PluginMemoryError(error.message, {
      pluginId,
      taskId,
      limitMb: error.limitMb,
      usedMb: error.usedMb,
      cause: error.cause,
    });
  }
  const code = (error?.code ?? 'ISOLATE_WORKER_EXITED') as IsolateError['code'];
  return new IsolateError(code, error?.message ?? 'the worker ended', {
    pluginId,
    taskId,
    cause: error?.cause,
    ...(error?.details === undefined ? {} : { details: error.details }),
  });
}
