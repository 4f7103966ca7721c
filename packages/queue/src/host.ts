import type { TaskRequest, TaskResult, TaskStatusEvent } from '@leanvibe/core/contracts';

/**
 * What a worker needs of a host: `execute`, and optionally `onTaskStatus` for progress. Core's
 * `PluginHost` is one; so is anything with the same two methods.
 */
export interface QueueHost {
  /** Runs one task; never throws, a failure is a failed result. */
  execute(request: TaskRequest): Promise<TaskResult>;
  /** Listens to task status changes; returns a function that stops listening. */
  onTaskStatus?(listener: (event: TaskStatusEvent) => void): () => void;
}
