import type { PluginError } from './errors/plugin.js';

/** Where a task is in its life. */
export type TaskStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** What may accompany a status update. */
export interface TaskStatusUpdate {
  /** How far along the task is, from 0 to 1. */
  readonly progress?: number;
  /** A short human-readable note. */
  readonly message?: string;
}

/** One unit of work handed to a plugin. */
export interface Task<Params = unknown> {
  /** Unique per host; generated when the caller gives none. */
  readonly id: string;
  /** What kind of work this is; the host routes it by the plugins' `taskTypes`. */
  readonly type: string;
  /** The task's input, validated by the plugin's params schema before `handle` sees it. */
  readonly params: Params;
  /** Aborted when the caller cancels, the time budget runs out or the host closes. */
  readonly signal: AbortSignal;
  /**
   * Reports progress; `progress` must be within 0..1. The outcome (`succeeded`, `failed`,
   * `cancelled`) is reported by the host from the task's result; a host ignores it from a plugin.
   */
  updateStatus(status: TaskStatus, update?: TaskStatusUpdate): void;
  /**
   * The W3C trace-context carrier (`traceparent`, optionally `tracestate`) of the trace the task
   * belongs to: the request's, or, when a tracing subscriber opened a span for the task, that
   * span's. A plugin that hands work on (to a thread, a queue, a service) passes it along.
   */
  readonly traceContext?: Readonly<Record<string, string>> | undefined;
}

/** What a caller hands to `host.execute()`: the host builds the {@link Task} from it. */
export interface TaskRequest<Params = unknown> {
  readonly type: string;
  readonly params: Params;
  /** Defaults to a fresh unique id. */
  readonly id?: string;
  /** Cancels the task when aborted. */
  readonly signal?: AbortSignal;
  /**
   * A W3C trace-context carrier (`traceparent`, optionally `tracestate`) of the span the task
   * continues, e.g. the producer's across a queue. Carried unchanged by every crossing.
   */
  readonly traceContext?: Readonly<Record<string, string>>;
}

/** A task that succeeded. */
export interface TaskSuccess<Data = unknown> {
  readonly success: true;
  readonly pluginId: string;
  readonly taskId: string;
  readonly data: Data;
  /** Wall time spent, in milliseconds. */
  readonly executionTimeMs: number;
  /** Heap delta while it ran, in MB (approximate: the heap is shared). */
  readonly memoryUsedMb?: number;
}

/** A task that failed; `error` says why. */
export interface TaskFailure {
  readonly success: false;
  readonly pluginId: string;
  readonly taskId: string;
  readonly error: PluginError;
  /** Wall time spent, in milliseconds. */
  readonly executionTimeMs: number;
  /** Heap delta while it ran, in MB (approximate: the heap is shared). */
  readonly memoryUsedMb?: number;
}

/** The outcome of a task: never thrown, always returned. */
export type TaskResult<Data = unknown> = TaskSuccess<Data> | TaskFailure;
