import type { TaskRequest, TaskResult, TaskStatus } from './task.js';

/** What an agent is asked to do. */
export interface AgentTask {
  readonly id: string;
  readonly type: string;
  readonly params: unknown;
}

/** A worker that the orchestrator knows by its capabilities. */
export interface Agent {
  readonly id: string;
  readonly capabilities: readonly string[];
  /** Runs one task; stops when `signal` aborts. */
  execute(task: AgentTask, options: { readonly signal: AbortSignal }): Promise<unknown>;
}

/** A status change of a task, as the orchestrator reports it. */
export interface TaskStatusEvent {
  readonly taskId: string;
  readonly type: string;
  readonly pluginId?: string;
  readonly status: TaskStatus;
  readonly progress?: number;
  readonly message?: string;
}

/** The orchestrator a plugin reaches through its context: agents, tasks and their progress. */
export interface Orchestrator {
  /** Agents that have every one of `capabilities`. */
  getAvailableAgents(capabilities: readonly string[]): readonly Agent[];
  /** Runs a task through the host; never throws, a failure is a failed result. */
  submitTask(task: TaskRequest): Promise<TaskResult>;
  /** Listens to status changes; returns a function that stops listening. */
  onTaskStatus(listener: (event: TaskStatusEvent) => void): () => void;
}
