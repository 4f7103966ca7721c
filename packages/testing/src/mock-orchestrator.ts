import { randomUUID } from 'node:crypto';
import {
  type Agent,
  checkFunction,
  checkOptionsObject,
  invalidArgument,
  type Orchestrator,
  PluginExecutionError,
  type TaskRequest,
  type TaskResult,
  type TaskStatusEvent,
  toError,
} from '@leanvibe/core/contracts';

/**
 * Answers a submitted task. Return a {@link TaskResult} to control it fully, or any other value
 * to have it wrapped as a successful result's `data`; a throw becomes a failed result.
 */
export type SubmitHandler = (request: TaskRequest & { readonly id: string }) => unknown;

/** Options of {@link MockOrchestrator}. */
export interface MockOrchestratorOptions {
  /** Agents known from the start. @default [] */
  readonly agents?: readonly Agent[];
  /** Answers `submitTask`. @default a success with `data: undefined` */
  readonly onSubmit?: SubmitHandler;
  /** The `pluginId` named by results the orchestrator builds. @default 'mock-orchestrator' */
  readonly pluginId?: string;
}

function isTaskResult(value: unknown): value is TaskResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { success?: unknown }).success === 'boolean' &&
    typeof (value as { pluginId?: unknown }).pluginId === 'string'
  );
}

/**
 * An {@link Orchestrator} for tests: agents chosen by capability, a log of submitted tasks and
 * of status events, and `emitStatus` to play status changes to listeners.
 *
 * @example
 * ```ts
 * const orchestrator = new MockOrchestrator();
 * orchestrator.addAgent(new MockAgent('agent1', ['data_processing']));
 * orchestrator.getAvailableAgents(['data_processing']).length; // 1
 * ```
 */
export class MockOrchestrator implements Orchestrator {
  readonly #agents = new Map<string, Agent>();
  readonly #submitted: (TaskRequest & { readonly id: string })[] = [];
  readonly #events: TaskStatusEvent[] = [];
  readonly #listeners = new Set<(event: TaskStatusEvent) => void>();
  readonly #onSubmit: SubmitHandler | undefined;
  readonly #pluginId: string;

  constructor(options: MockOrchestratorOptions = {}) {
    const checked = checkOptionsObject('options', options);
    this.#onSubmit =
      checked.onSubmit === undefined
        ? undefined
        : checkFunction<SubmitHandler>('onSubmit', checked.onSubmit);
    this.#pluginId = checked.pluginId ?? 'mock-orchestrator';
    for (const agent of checked.agents ?? []) this.addAgent(agent);
  }

  /** Adds an agent; returns a function that removes it. An id already present is replaced. */
  addAgent(agent: Agent): () => void {
    if (typeof agent !== 'object' || agent === null || typeof agent.id !== 'string') {
      throw invalidArgument('agent', 'an Agent with a string id', agent);
    }
    this.#agents.set(agent.id, agent);
    return () => {
      if (this.#agents.get(agent.id) === agent) this.#agents.delete(agent.id);
    };
  }

  /** Agents that have every one of `capabilities` (all agents for an empty list), in insertion order. */
  getAvailableAgents(capabilities: readonly string[]): readonly Agent[] {
    if (!Array.isArray(capabilities)) {
      throw invalidArgument('capabilities', 'an array of strings', capabilities);
    }
    return [...this.#agents.values()].filter((agent) =>
      capabilities.every((capability) => agent.capabilities.includes(capability)),
    );
  }

  /** Logs the task, reports `running` then `succeeded`/`failed`, and never throws. */
  async submitTask(task: TaskRequest): Promise<TaskResult> {
    const request = Object.freeze({ ...task, id: task.id ?? randomUUID() });
    this.#submitted.push(request);
    const base = { pluginId: this.#pluginId, taskId: request.id, executionTimeMs: 0 };
    this.emitStatus({ taskId: request.id, type: request.type, status: 'running' });
    let result: TaskResult;
    try {
      const value = this.#onSubmit === undefined ? undefined : await this.#onSubmit(request);
      result = isTaskResult(value) ? value : { ...base, success: true, data: value };
    } catch (error) {
      const cause = toError(error);
      result = {
        ...base,
        success: false,
        error: new PluginExecutionError(cause.message, {
          pluginId: this.#pluginId,
          taskId: request.id,
          cause,
        }),
      };
    }
    const status = result.success ? 'succeeded' : 'failed';
    this.emitStatus({ taskId: request.id, type: request.type, status });
    return result;
  }

  onTaskStatus(listener: (event: TaskStatusEvent) => void): () => void {
    checkFunction('listener', listener);
    // A wrapper per subscription, so subscribing the same function twice needs two unsubscribes.
    const entry = (event: TaskStatusEvent): void => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** Records a status event and delivers it to every listener; a throwing listener is skipped. */
  emitStatus(event: TaskStatusEvent): void {
    const frozen = Object.freeze({ ...event });
    this.#events.push(frozen);
    for (const listener of [...this.#listeners]) {
      try {
        listener(frozen);
      } catch {
        // A listener's bug must not break the task that reported progress.
      }
    }
  }

  /** Every task submitted, in order, each with its id. */
  get submittedTasks(): readonly (TaskRequest & { readonly id: string })[] {
    return [...this.#submitted];
  }

  /** Every status event emitted, in order. */
  get statusEvents(): readonly TaskStatusEvent[] {
    return [...this.#events];
  }

  /** How many status listeners are subscribed (to prove a plugin unsubscribed in cleanup). */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** All agents, in insertion order. */
  get agents(): readonly Agent[] {
    return [...this.#agents.values()];
  }
}
