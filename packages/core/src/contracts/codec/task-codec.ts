import { TaskEncodingError } from '../errors/encoding.js';
import { isPluginError } from '../errors/guards.js';
import { PluginExecutionError } from '../errors/plugin.js';
import { findJsonProblem, type JsonValue } from '../json.js';
import type { TaskFailure, TaskRequest, TaskResult } from '../task.js';
import { type EncodedErrorJSON, encodeError, reviveError } from './error-codec.js';

/** A {@link TaskRequest} as it crosses a boundary: its signal stays behind, the rest is JSON. */
export interface EncodedTaskRequest {
  readonly type: string;
  readonly params: JsonValue | undefined;
  readonly id?: string;
  readonly traceContext?: Readonly<Record<string, string>>;
}

/** A {@link TaskResult} as it crosses a boundary; {@link decodeTaskResult} turns it back. */
export type EncodedTaskResult =
  | {
      readonly success: true;
      readonly pluginId: string;
      readonly taskId: string;
      readonly data: JsonValue | undefined;
      readonly executionTimeMs: number;
      readonly memoryUsedMb?: number;
    }
  | {
      readonly success: false;
      readonly pluginId: string;
      readonly taskId: string;
      readonly error: EncodedErrorJSON;
      readonly executionTimeMs: number;
      readonly memoryUsedMb?: number;
    };

/**
 * Asserts that `value` survives a JSON round trip unchanged (see {@link findJsonProblem}).
 *
 * @param what - names the value in the error, e.g. `params`.
 * @throws {@link TaskEncodingError} (`TASK_NOT_SERIALIZABLE`) naming the path and the reason.
 */
export function assertJsonSafe(
  value: unknown,
  what: string,
): asserts value is JsonValue | undefined {
  const problem = findJsonProblem(value, what);
  if (problem !== undefined) {
    throw new TaskEncodingError(`${problem.path} cannot cross as JSON: ${problem.reason}`, problem);
  }
}

/**
 * Encodes a request for another process or thread. The signal stays behind (the crossing
 * carries cancellation its own way).
 *
 * @throws {@link TaskEncodingError} when `params` would not survive as JSON; nothing is sent.
 */
export function encodeTaskRequest(request: TaskRequest): EncodedTaskRequest {
  assertJsonSafe(request.params, 'params');
  return {
    type: request.type,
    params: request.params,
    ...(request.id !== undefined ? { id: request.id } : {}),
    ...(request.traceContext !== undefined ? { traceContext: { ...request.traceContext } } : {}),
  };
}

/**
 * Checks the shape of a request that arrived from the far side.
 *
 * @throws {@link TaskEncodingError} when it is not an encoded request.
 */
export function decodeTaskRequest(json: unknown): EncodedTaskRequest {
  const record = recordOf(json, 'request');
  if (typeof record.type !== 'string' || record.type === '')
    malformed('request.type', 'not a non-empty string');
  if (record.id !== undefined && typeof record.id !== 'string')
    malformed('request.id', 'not a string');
  const trace = record.traceContext;
  if (trace !== undefined) {
    const carrier = recordOf(trace, 'request.traceContext');
    for (const [key, value] of Object.entries(carrier)) {
      if (typeof value !== 'string') malformed(`request.traceContext.${key}`, 'not a string');
    }
  }
  return record as unknown as EncodedTaskRequest;
}

/**
 * Encodes a result for the far side. A success whose `data` would not survive as JSON becomes a
 * failure with a {@link TaskEncodingError}: it is refused, never silently changed.
 */
export function encodeTaskResult(result: TaskResult): EncodedTaskResult {
  const base = {
    pluginId: result.pluginId,
    taskId: result.taskId,
    executionTimeMs: result.executionTimeMs,
    ...(result.memoryUsedMb !== undefined ? { memoryUsedMb: result.memoryUsedMb } : {}),
  };
  if (!result.success) return { success: false, ...base, error: encodeError(result.error) };
  const problem = findJsonProblem(result.data, 'data');
  if (problem === undefined)
    return { success: true, ...base, data: result.data as JsonValue | undefined };
  const error = new TaskEncodingError(
    `the result's ${problem.path} cannot cross as JSON: ${problem.reason}`,
    {
      ...problem,
      pluginId: result.pluginId,
      taskId: result.taskId,
    },
  );
  return { success: false, ...base, error: encodeError(error) };
}

/**
 * Turns an encoded result back into a {@link TaskResult}; a failure's error is revived with
 * {@link reviveError}, so core's guards (`isPluginTimeoutError`...) work on it.
 *
 * @throws {@link TaskEncodingError} when `json` is not an encoded result.
 */
export function decodeTaskResult<Data = unknown>(json: unknown): TaskResult<Data> {
  const record = recordOf(json, 'result');
  if (typeof record.success !== 'boolean') malformed('result.success', 'not a boolean');
  if (typeof record.pluginId !== 'string') malformed('result.pluginId', 'not a string');
  if (typeof record.taskId !== 'string') malformed('result.taskId', 'not a string');
  if (typeof record.executionTimeMs !== 'number')
    malformed('result.executionTimeMs', 'not a number');
  const base = {
    pluginId: record.pluginId as string,
    taskId: record.taskId as string,
    executionTimeMs: record.executionTimeMs as number,
    ...(typeof record.memoryUsedMb === 'number' ? { memoryUsedMb: record.memoryUsedMb } : {}),
  };
  if (record.success) return { success: true, ...base, data: record.data as Data };
  const encoded = recordOf(record.error, 'result.error');
  if (typeof encoded.message !== 'string' || typeof encoded.name !== 'string') {
    malformed('result.error', 'not an encoded error');
  }
  const revived = reviveError(encoded as unknown as EncodedErrorJSON);
  const error: TaskFailure['error'] = isPluginError(revived)
    ? revived
    : new PluginExecutionError(revived.message, {
        cause: revived,
        pluginId: base.pluginId,
        taskId: base.taskId,
      });
  return { success: false, ...base, error };
}

function recordOf(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    malformed(path, 'not an object');
  return value as Record<string, unknown>;
}

function malformed(path: string, reason: string): never {
  throw new TaskEncodingError(`malformed ${path}: ${reason}`, { path, reason });
}
