import {
  type Agent,
  type AgentTask,
  abortReason,
  checkFunction,
  checkOptionsObject,
  checkString,
  invalidArgument,
} from '@leanvibe/core/contracts';

/** What a {@link MockAgent} does with a task; the default answers `{ agentId, taskId, status: 'completed' }`. */
export type MockAgentHandler = (
  task: AgentTask,
  options: { readonly signal: AbortSignal; readonly agentId: string },
) => unknown;

/** Options of {@link MockAgent}. */
export interface MockAgentOptions {
  /** Runs each task; its value (or rejection) is the agent's answer. @default answers `{ agentId, taskId, status: 'completed' }` */
  readonly handler?: MockAgentHandler;
}

/**
 * An {@link Agent} for tests: it has an id and capabilities, records every task it is given
 * and answers through a handler you choose. A signal already aborted rejects with its reason.
 *
 * @example
 * ```ts
 * const agent = new MockAgent('agent1', ['data_processing', 'validation']);
 * orchestrator.addAgent(agent);
 * ```
 */
export class MockAgent implements Agent {
  readonly id: string;
  readonly capabilities: readonly string[];
  readonly #handler: MockAgentHandler;
  readonly #calls: AgentTask[] = [];

  constructor(id: string, capabilities: readonly string[] = [], options: MockAgentOptions = {}) {
    this.id = checkString('id', id);
    if (!Array.isArray(capabilities) || capabilities.some((c) => typeof c !== 'string')) {
      throw invalidArgument('capabilities', 'an array of strings', capabilities);
    }
    this.capabilities = Object.freeze([...capabilities]);
    const checked = checkOptionsObject('options', options);
    this.#handler =
      checked.handler === undefined
        ? (task) => ({ agentId: this.id, taskId: task.id, status: 'completed' })
        : checkFunction<MockAgentHandler>('handler', checked.handler);
  }

  /** Every task this agent was given, in order. */
  get calls(): readonly AgentTask[] {
    return [...this.#calls];
  }

  /** True when the agent has every one of `capabilities`. */
  hasCapabilities(capabilities: readonly string[]): boolean {
    return capabilities.every((capability) => this.capabilities.includes(capability));
  }

  async execute(task: AgentTask, options: { readonly signal: AbortSignal }): Promise<unknown> {
    this.#calls.push(task);
    if (options.signal.aborted) throw abortReason(options.signal);
    return this.#handler(task, { signal: options.signal, agentId: this.id });
  }
}
