import type { TaskRequest, TaskResult, TaskStatusEvent } from '@leanvibe/core/contracts';

/**
 * What a worker needs of a host: `execute`, and optionally `onTaskStatus` for progress and
 * `cancel` for cancelling by id. Core's `PluginHost` is one; so is anything with `execute`.
 */
export interface QueueHost {
  /** Runs one task; never throws, a failure is a failed result. */
  execute(request: TaskRequest): Promise<TaskResult>;
  /** Listens to task status changes; returns a function that stops listening. */
  onTaskStatus?(listener: (event: TaskStatusEvent) => void): () => void;
  /**
   * Cancels the running or waiting task with this id; false when there is none. A host that has
   * it (core's `PluginHost` does) is cancelled by id, so no `AbortSignal` is made per job;
   * without it, each task gets BullMQ's job signal.
   */
  cancel?(taskId: string, reason?: unknown): boolean;
}
