import {
  type Agent,
  type AgentTask,
  type Clock,
  invalidArgument,
  type Logger,
  linkedController,
  type MetricsSink,
  neverAbortedSignal,
  noopLogger,
  noopMetrics,
  type Orchestrator,
  type PluginContext,
  PluginError,
  type PluginManifest,
  PluginTimeoutError,
  PluginValidationError,
  systemClock,
  type Task,
  type TaskResult,
  toError,
} from '../contracts/index.js';
import { withDeadline } from './deadline.js';
import { LIMITS_ENFORCED, type Plugin } from './plugin.js';
import { describeIssues, failure, success, toPluginError, toValidationIssues } from './results.js';

/** What a plugin's `handleTask` gets besides the task. */
export interface TaskScope<Params = unknown, Result = unknown> {
  /** The plugin's logger, bound to the task (`{ task: { id, type } }`); created on first use. */
  readonly logger: Logger;
  /** The task's signal: aborted on cancellation, time-out or host close. */
  readonly signal: AbortSignal;
  /** The plugin running the task (for `config`, agents, metrics). */
  readonly plugin: PluginBase<Params, Result>;
}

/** Counters a plugin keeps about its own tasks. */
export interface PluginPerformanceMetrics {
  readonly tasks: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Sum of execution times, in milliseconds. */
  readonly totalExecutionMs: number;
  /** `totalExecutionMs / tasks`, or 0 before the first task. */
  readonly averageExecutionMs: number;
  /** The last task's execution time, in milliseconds. */
  readonly lastExecutionMs: number | undefined;
}

/** One agent's part of {@link PluginBase.coordinateAgents}. */
export type AgentResult =
  | { readonly agentId: string; readonly success: true; readonly data: unknown }
  | { readonly agentId: string; readonly success: false; readonly error: Error };

/** What {@link PluginBase.coordinateAgents} returns: `success` when every agent succeeded. */
export interface CoordinationResult {
  readonly success: boolean;
  readonly agentResults: readonly AgentResult[];
}

class Scope<Params, Result> implements TaskScope<Params, Result> {
  #logger: Logger | undefined;
  constructor(
    readonly plugin: PluginBase<Params, Result>,
    private readonly task: Task<Params>,
  ) {}
  get logger(): Logger {
    this.#logger ??= this.plugin.logger.child({ task: { id: this.task.id, type: this.task.type } });
    return this.#logger;
  }
  get signal(): AbortSignal {
    return this.task.signal;
  }
}

function withParams<P>(task: Task<unknown>, params: P, signal?: AbortSignal): Task<P> {
  return {
    id: task.id,
    type: task.type,
    params,
    get signal() {
      return signal ?? task.signal;
    },
    updateStatus: (status, update) => task.updateStatus(status, update),
    ...(task.traceContext === undefined ? {} : { traceContext: task.traceContext }),
  };
}

/**
 * The base of a plugin: implement {@link PluginBase.handleTask}, optionally
 * {@link PluginBase.onInitialize} and {@link PluginBase.onCleanup}. `execute` validates the
 * task's params with the manifest's schema, runs `handleTask`, and turns every failure — a
 * thrown error or non-Error, invalid params, a time-out — into a failed result; it never throws.
 *
 * @example
 * ```ts
 * class Greeter extends PluginBase<{ name: string }, string> {
 *   constructor() {
 *     super({ name: 'greeter', version: '1.0.0', type: 'custom', taskTypes: ['greet'],
 *             sdk: '^0.1.0', params: z.object({ name: z.string() }) });
 *   }
 *   handleTask(task: Task<{ name: string }>) {
 *     return `hello, ${task.params.name}`;
 *   }
 * }
 * ```
 */
export abstract class PluginBase<Params = unknown, Result = unknown>
  implements Plugin<Params, Result>
{
  /** What the plugin says about itself (frozen). */
  readonly manifest: PluginManifest<Params>;
  #context: PluginContext | undefined;
  #initialized = false;
  #tasks = 0;
  #succeeded = 0;
  #totalMs = 0;
  #lastMs: number | undefined;

  constructor(manifest: PluginManifest<Params>) {
    if (typeof manifest !== 'object' || manifest === null) {
      throw invalidArgument('manifest', 'a plugin manifest object', manifest);
    }
    this.manifest = Object.freeze({ ...manifest });
  }

  /** The plugin's id: its manifest `name`. */
  get pluginId(): string {
    return this.manifest.name;
  }

  /** True between a successful `initialize` and `cleanup`. */
  get isInitialized(): boolean {
    return this.#initialized;
  }

  /** The resolved configuration the host gave this plugin (empty before `initialize`). */
  get config(): Readonly<Record<string, unknown>> {
    return this.#context?.config ?? {};
  }

  /** The plugin's logger (bound to `{ plugin: { id, version } }` by the host); a no-op before `initialize`. */
  get logger(): Logger {
    return this.#context?.logger ?? noopLogger;
  }

  /** Where to report measurements; a no-op sink before `initialize`. */
  get metrics(): MetricsSink {
    return this.#context?.metrics ?? noopMetrics;
  }

  /** The host's clock; the system clock before `initialize`. */
  get clock(): Clock {
    return this.#context?.clock ?? systemClock;
  }

  /** The host's orchestrator (agents, `submitTask`, status events); throws before `initialize`. */
  get orchestrator(): Orchestrator {
    return this.#orchestrator();
  }

  /** The context `initialize` received, or `undefined` before it. */
  protected get context(): PluginContext | undefined {
    return this.#context;
  }

  /** Counters about this plugin's tasks so far (a snapshot). */
  get performanceMetrics(): PluginPerformanceMetrics {
    return Object.freeze({
      tasks: this.#tasks,
      succeeded: this.#succeeded,
      failed: this.#tasks - this.#succeeded,
      totalExecutionMs: this.#totalMs,
      averageExecutionMs: this.#tasks === 0 ? 0 : this.#totalMs / this.#tasks,
      lastExecutionMs: this.#lastMs,
    });
  }

  /** Stores the context and runs {@link PluginBase.onInitialize}; a second call does nothing. */
  async initialize(context: PluginContext): Promise<void> {
    if (this.#initialized) return;
    if (typeof context !== 'object' || context === null) {
      throw invalidArgument('context', 'a plugin context object', context);
    }
    this.#context = context;
    await this.onInitialize(context);
    this.#initialized = true;
  }

  /** Runs {@link PluginBase.onCleanup} once after `initialize`; later calls do nothing. */
  async cleanup(): Promise<void> {
    if (!this.#initialized) return;
    this.#initialized = false;
    await this.onCleanup();
  }

  /** Acquire resources here (connections, caches). Runs once, from `initialize`. */
  protected onInitialize(_context: PluginContext): void | Promise<void> {}

  /** Release what {@link PluginBase.onInitialize} acquired. Runs once, from `cleanup`. */
  protected onCleanup(): void | Promise<void> {}

  /**
   * Does the work of one task, whose params have already been validated. Throw (or reject) to
   * fail it; watch `task.signal` to stop early.
   */
  abstract handleTask(
    task: Task<Params>,
    scope: TaskScope<Params, Result>,
  ): Result | Promise<Result>;

  /** Runs one task and returns its result; never throws. */
  async execute(task: Task<unknown>): Promise<TaskResult<Result>> {
    const clock = this.clock;
    const started = clock.now();
    const pluginId = this.manifest.name;
    const taskId = typeof task?.id === 'string' ? task.id : String(task?.id);
    let result: TaskResult<Result>;
    try {
      result = success(pluginId, taskId, await this.#run(task, pluginId, taskId), 0);
    } catch (error) {
      result = failure(pluginId, taskId, toPluginError(error, pluginId, taskId), 0);
    }
    const elapsed = clock.now() - started;
    (result as { executionTimeMs: number }).executionTimeMs = elapsed;
    this.#tasks++;
    if (result.success) this.#succeeded++;
    this.#totalMs += elapsed;
    this.#lastMs = elapsed;
    return result;
  }

  async #run(task: Task<unknown>, pluginId: string, taskId: string): Promise<Result> {
    if (!this.#initialized) {
      throw new PluginError(`plugin "${pluginId}" is not initialized`, {
        code: 'PLUGIN_NOT_READY',
        pluginId,
        taskId,
      });
    }
    let typed = task as Task<Params>;
    const schema = this.manifest.params;
    if (schema !== undefined) {
      const parsed = schema.safeParse(task.params);
      if (!parsed.success) {
        const issues = toValidationIssues(parsed.error.issues);
        throw new PluginValidationError(
          `task "${taskId}" of plugin "${pluginId}" has invalid params: ${describeIssues(issues)}`,
          { pluginId, taskId, issues },
        );
      }
      if (parsed.data !== task.params) typed = withParams(task, parsed.data);
    }
    const limitMs = this.manifest.limits?.maxExecutionTimeMs;
    if (limitMs === undefined || (task as { [LIMITS_ENFORCED]?: boolean })[LIMITS_ENFORCED]) {
      return this.handleTask(typed, new Scope(this, typed));
    }
    // Run outside a host: enforce the time limit here, even against a handler that ignores it.
    const linked = linkedController(task.signal);
    const limited = withParams(typed, typed.params, linked.signal);
    try {
      const work = Promise.resolve().then(() => this.handleTask(limited, new Scope(this, limited)));
      return await withDeadline(work, limitMs, this.clock, () => {
        const error = new PluginTimeoutError(
          `task "${taskId}" of plugin "${pluginId}" exceeded its ${limitMs} ms time limit`,
          { pluginId, taskId, timeoutMs: limitMs, operation: 'execute' },
        );
        linked.controller.abort(error);
        throw error;
      });
    } finally {
      linked.unlink();
    }
  }

  /** Agents that have every one of `capabilities`, through the host's orchestrator. */
  getAvailableAgents(capabilities: readonly string[]): readonly Agent[] {
    return this.#orchestrator().getAvailableAgents(capabilities);
  }

  /**
   * Runs `task` on every agent at once and collects each one's outcome; `success` is true when
   * all of them succeeded. The agents get `options.signal`, or the task's own signal.
   */
  async coordinateAgents(
    agents: readonly Agent[],
    task: AgentTask & { readonly signal?: AbortSignal },
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<CoordinationResult> {
    if (!Array.isArray(agents)) throw invalidArgument('agents', 'an array of agents', agents);
    const signal = options.signal ?? task.signal ?? neverAbortedSignal();
    const agentTask: AgentTask = { id: task.id, type: task.type, params: task.params };
    const agentResults = await Promise.all(
      agents.map(async (agent): Promise<AgentResult> => {
        try {
          return {
            agentId: agent.id,
            success: true,
            data: await agent.execute(agentTask, { signal }),
          };
        } catch (error) {
          return { agentId: agent.id, success: false, error: toError(error) };
        }
      }),
    );
    return { success: agentResults.every((result) => result.success), agentResults };
  }

  #orchestrator(): Orchestrator {
    const orchestrator = this.#context?.orchestrator;
    if (orchestrator === undefined) {
      throw new PluginError(
        `plugin "${this.manifest.name}" has no orchestrator before initialize()`,
        {
          code: 'PLUGIN_NOT_READY',
          pluginId: this.manifest.name,
        },
      );
    }
    return orchestrator;
  }
}
