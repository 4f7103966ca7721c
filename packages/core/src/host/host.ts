import {
  type Agent,
  checkString,
  DIAGNOSTICS_CHANNELS,
  invalidArgument,
  type Logger,
  type Orchestrator,
  PluginError,
  type TaskRequest,
  type TaskResult,
  type TaskStatus,
  type TaskStatusEvent,
  type TaskStatusUpdate,
  toError,
} from '../contracts/index.js';
import { diagnosticsChannel } from '../helpers/diagnostics-channel.js';
import { isPlugin, type Plugin } from '../plugin/plugin.js';
import { failure } from '../plugin/results.js';
import { AgentRegistry } from './agents.js';
import type { BootReport } from './boot-report.js';
import { TASK_ERROR_CODES } from './errors.js';
import type { HostHealth } from './health.js';
import { Lifecycle } from './lifecycle.js';
import { loadPlugin } from './load-plugin.js';
import { checkPlugin } from './manifest.js';
import { type PluginHostOptions, type ResolvedHostOptions, resolveHostOptions } from './options.js';
import { Run } from './run.js';
import { PluginRuntime, type RuntimeHost } from './runtime.js';

function resolved(result: TaskResult): Promise<TaskResult> {
  return Promise.resolve(result);
}

/**
 * The embedded orchestrator: registers plugins, starts them in dependency order (independent
 * ones concurrently, each within its init budget), routes tasks to them by `taskTypes` with
 * permission checks, time limits, concurrency and a bounded queue, coordinates agents, reports
 * health, and closes everything in reverse order.
 *
 * @example
 * ```ts
 * await using host = new PluginHost({ logger: createLogger() });
 * await host.register(greeter);
 * console.log(String(await host.start()));
 * const result = await host.execute({ type: 'greet', params: { name: 'Ada' } });
 * ```
 */
export class PluginHost implements AsyncDisposable {
  /** Published as `hostId` on the diagnostics channels. */
  readonly id: string;
  /** What plugins get as `ctx.orchestrator`: agents, task submission, status events. */
  readonly orchestrator: Orchestrator;
  readonly #options: ResolvedHostOptions;
  readonly #runtimes = new Map<string, PluginRuntime>();
  readonly #routes = new Map<string, PluginRuntime>();
  readonly #agents = new AgentRegistry();
  readonly #listeners = new Set<(event: TaskStatusEvent) => void>();
  readonly #runtimeHost: RuntimeHost;
  readonly #lifecycle: Lifecycle;
  #nextTaskId = 0;

  constructor(options?: PluginHostOptions) {
    this.#options = resolveHostOptions(options);
    this.id = this.#options.id;
    const permissions = this.#options.permissions;
    this.#runtimeHost = {
      id: this.id,
      clock: this.#options.clock,
      permissions: permissions === 'unenforced' ? undefined : permissions,
      measureMemory: this.#options.measureMemory,
      enforceMemoryLimit: this.#options.enforceMemoryLimit,
      executeChannel: diagnosticsChannel(DIAGNOSTICS_CHANNELS.execute),
      taskStatus: (run, status, update) => this.#emit(run, status, update),
    };
    this.orchestrator = Object.freeze({
      getAvailableAgents: (capabilities: readonly string[]) =>
        this.getAvailableAgents(capabilities),
      submitTask: (request: TaskRequest) => this.execute(request),
      onTaskStatus: (listener: (event: TaskStatusEvent) => void) => this.onTaskStatus(listener),
    });
    this.#lifecycle = new Lifecycle(this.#options, this.#runtimes, this.orchestrator);
  }

  /** The host's logger. */
  get logger(): Logger {
    return this.#options.logger;
  }

  /**
   * Adds a plugin: an object, or a module specifier whose default export (or `plugin` export)
   * is a plugin, a plugin class, or a function returning a plugin. Relative specifiers resolve
   * against the working directory. Checks the manifest (every problem listed), the `sdk` range
   * against this core's version, and that no name or task type is taken. Only before `start()`.
   */
  async register(plugin: Plugin | string): Promise<void> {
    this.#lifecycle.assertRegistering();
    const instance = typeof plugin === 'string' ? await loadPlugin(plugin) : plugin;
    this.#lifecycle.assertRegistering();
    if (!isPlugin(instance)) {
      throw invalidArgument(
        'plugin',
        'a plugin (manifest, pluginId, initialize, execute, cleanup) or a module specifier',
        instance,
      );
    }
    const manifest = checkPlugin(instance);
    this.#lifecycle.checkUnique(manifest, this.#routes);
    const runtime = new PluginRuntime(instance, manifest, this.#runtimeHost);
    this.#runtimes.set(manifest.name, runtime);
    for (const type of manifest.taskTypes) this.#routes.set(type, runtime);
  }

  /**
   * Initialises every plugin in dependency order — independent plugins concurrently, each
   * within `initTimeoutMs` — and returns the boot report. A missing dependency or a cycle fails
   * before anything starts; a required plugin that fails stops and cleans up the others and
   * rejects with a `PluginHostError` (`HOST_START_FAILED`, with the `report`); an optional one
   * is left failed (the host is then `degraded`). Calling it again returns the same report.
   */
  start(): Promise<BootReport> {
    return this.#lifecycle.start();
  }

  /**
   * Runs a task on the plugin that takes its type. Never throws and never rejects: an unknown
   * type, a plugin not ready, invalid params, a denied permission, a full queue, a time-out, a
   * cancellation or a crash is a failed result whose `error` says which.
   */
  execute<T = unknown>(request: TaskRequest): Promise<TaskResult<T>> {
    if (typeof request !== 'object' || request === null) {
      return this.#refuse('', '', 'invalidRequest', 'a task request must be an object') as never;
    }
    const { type, signal } = request;
    const id = request.id ?? `${this.id}:${++this.#nextTaskId}`;
    if (typeof id !== 'string' || id.length === 0) {
      return this.#refuse(
        '',
        String(id),
        'invalidRequest',
        '`id` must be a non-empty string',
      ) as never;
    }
    const runtime = typeof type === 'string' ? this.#routes.get(type) : undefined;
    if (runtime === undefined) {
      return this.#refuse(
        '',
        id,
        'notFound',
        `no plugin takes tasks of type ${JSON.stringify(type)}`,
      ) as never;
    }
    if (runtime.state !== 'ready' || !this.#lifecycle.serving) {
      const why = this.#lifecycle.serving
        ? `is ${runtime.state}${runtime.state === 'failed' && runtime.lastError !== undefined ? `: ${runtime.lastError.message}` : ''}`
        : `is not serving (host ${this.#lifecycle.status})`;
      return this.#refuse(runtime.id, id, 'notReady', `plugin "${runtime.id}" ${why}`) as never;
    }
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      return this.#refuse(
        runtime.id,
        id,
        'invalidRequest',
        '`signal` must be an AbortSignal',
      ) as never;
    }
    if (signal?.aborted) {
      const error = new PluginError(`task "${id}" was cancelled before it started`, {
        code: TASK_ERROR_CODES.cancelled,
        pluginId: runtime.id,
        taskId: id,
        cause: signal.reason,
      });
      return resolved(failure(runtime.id, id, error, 0)) as never;
    }
    const run = new Run(
      id,
      type as string,
      request.params,
      signal,
      this.#runtimeHost,
      request.traceContext,
    );
    return runtime.dispatch(run) as Promise<TaskResult<T>>;
  }

  /**
   * Cancels the running or waiting task with this id as its caller's abort would: its signal
   * aborts and its result is a failure with code `PLUGIN_CANCELLED` whose `cause` is `reason`.
   * Costs nothing per task, so a caller that cancels by id (a queue worker) need not make an
   * `AbortSignal` for every task. Returns false when no such task is running or waiting.
   *
   * @param taskId - the id the task was executed with.
   * @param reason - why; the cancelled result's `cause`.
   */
  cancel(taskId: string, reason?: unknown): boolean {
    checkString('taskId', taskId);
    let found = 0;
    for (const runtime of this.#runtimes.values()) found += runtime.cancelById(taskId, reason);
    return found > 0;
  }

  /** Adds an agent; returns a function that removes it. Agent ids are unique per host. */
  registerAgent(agent: Agent): () => void {
    return this.#agents.register(agent);
  }

  /** Agents that have every one of `capabilities`. */
  getAvailableAgents(capabilities: readonly string[]): readonly Agent[] {
    return this.#agents.find(capabilities);
  }

  /** Listens to task status changes (pending, running, progress, outcome); returns an unsubscribe. */
  onTaskStatus(listener: (event: TaskStatusEvent) => void): () => void {
    if (typeof listener !== 'function') throw invalidArgument('listener', 'a function', listener);
    const entry = (event: TaskStatusEvent): void => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** The host's status and every plugin's state, last error and load. */
  health(): HostHealth {
    const status = this.#lifecycle.status;
    return Object.freeze({
      status,
      live: status !== 'stopped',
      ready: status === 'ready' || status === 'degraded',
      plugins: Object.freeze(
        [...this.#runtimes.values()].map((runtime) => {
          const { active, queued } = runtime.load;
          const error = runtime.lastError;
          return Object.freeze({
            pluginId: runtime.id,
            state: runtime.state,
            active,
            queued,
            ...(error === undefined
              ? {}
              : { lastError: { code: error.code, message: error.message } }),
          });
        }),
      ),
    });
  }

  /**
   * Cancels running and queued tasks, then cleans plugins up in reverse dependency order, each
   * within `cleanupTimeoutMs`. Safe to call twice: both calls get the same promise.
   */
  close(): Promise<void> {
    return this.#lifecycle.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #refuse(
    pluginId: string,
    taskId: string,
    kind: 'invalidRequest' | 'notFound' | 'notReady',
    message: string,
  ): Promise<TaskResult> {
    const error = new PluginError(message, {
      code: TASK_ERROR_CODES[kind],
      ...(pluginId === '' ? {} : { pluginId }),
      taskId,
    });
    return resolved(failure(pluginId, taskId, error, 0));
  }

  #emit(run: Run, status: TaskStatus, update?: TaskStatusUpdate): void {
    if (this.#listeners.size === 0) return;
    const event: TaskStatusEvent = {
      taskId: run.id,
      type: run.type,
      pluginId: this.#routes.get(run.type)?.id as string,
      status,
      ...(update?.progress === undefined ? {} : { progress: update.progress }),
      ...(update?.message === undefined ? {} : { message: update.message }),
    };
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#options.logger.warn({ err: toError(error) }, 'a task status listener threw');
      }
    }
  }
}
