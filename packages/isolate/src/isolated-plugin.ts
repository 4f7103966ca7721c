import {
  checkString,
  type EncodedTaskRequest,
  encodeTaskRequest,
  isPluginError,
  noopLogger,
  noopMetrics,
  type PluginContext,
  type PluginError,
  PluginExecutionError,
  type PluginManifest,
  type Task,
  type TaskResult,
  toError,
} from '@leanvibe/core/contracts';
import { IsolateError } from './errors.js';
import { type CallOwner, HostCall } from './host-call.js';
import { resolveSpecifier, workerEntry } from './locate.js';
import {
  type IsolateOptions,
  type ResolvedIsolateOptions,
  resolveIsolateOptions,
} from './options.js';
import { abortError, failed } from './results.js';
import { type IsolateState, WorkerGroup } from './worker-group.js';
import type { WorkerSlot } from './worker-slot.js';

const LIMITS_ENFORCED = Symbol.for('leanvibe.task.limitsEnforced');

/** What {@link IsolatedPlugin.isolation} reports. */
export interface IsolationStatus {
  /** `idle` before `initialize`, `failed` after too many crashes, `closed` after `cleanup`. */
  readonly state: IsolateState;
  /** Thread ids of the live workers. */
  readonly threadIds: readonly number[];
  /** Workers started again after a crash or a termination. */
  readonly restarts: number;
  /** The last crash, or why the plugin failed. */
  readonly lastError?: { readonly code: string; readonly message: string };
}

/**
 * A plugin whose module runs in worker threads. The host registers it like any other; its
 * `manifest` is the module's own, without `params` (a schema is code: params are validated by the
 * plugin inside the worker, and a `PLUGIN_VALIDATION` failure crosses back with its issues).
 */
export class IsolatedPlugin {
  /** The plugin's manifest, read in the worker. */
  readonly manifest: PluginManifest;
  readonly #group: WorkerGroup;
  #first: WorkerSlot | undefined;
  #initialized = false;
  readonly #owner: CallOwner;

  /** @internal Built by {@link isolatedPlugin}. */
  constructor(
    manifest: PluginManifest,
    group: WorkerGroup,
    first: WorkerSlot | undefined,
    options: ResolvedIsolateOptions,
  ) {
    this.manifest = Object.freeze(manifest);
    this.#group = group;
    this.#first = first;
    this.#owner = {
      pluginId: manifest.name,
      abortGraceMs: options.abortGraceMs,
      kill: (slot, endedBy) => void group.kill(slot, endedBy),
    };
  }

  /** Equal to `manifest.name`. */
  get pluginId(): string {
    return this.manifest.name;
  }

  /** True between a successful `initialize` and `cleanup`. */
  get isInitialized(): boolean {
    return this.#initialized;
  }

  /** The workers' state: live threads, restarts, and whether crashes marked the plugin failed. */
  get isolation(): IsolationStatus {
    const error = this.#group.lastError;
    return Object.freeze({
      state: this.#group.state,
      threadIds: this.#group.threadIds,
      restarts: this.#group.restarts,
      ...(error === undefined ? {} : { lastError: { code: error.code, message: error.message } }),
    });
  }

  /**
   * Starts the workers and runs the plugin's `initialize` in each, with the context's config; its
   * logger, metrics and `submitTask` are reached from the worker. When `context.signal` aborts (the
   * init budget ran out), the workers are terminated, whatever they are doing. When crashes later
   * mark the plugin failed, `context.reportFailure` (when the context has it) is called with the
   * `ISOLATE_PLUGIN_FAILED` error, so the host shows the plugin failed and refuses its tasks.
   */
  async initialize(context: PluginContext): Promise<void> {
    if (this.#initialized) return;
    const first = this.#first;
    this.#first = undefined;
    await this.#group.start(
      {
        config: context.config,
        logger: context.logger ?? noopLogger,
        metrics: context.metrics ?? noopMetrics,
        orchestrator: context.orchestrator,
        reportFailure: context.reportFailure,
      },
      first,
      context.signal,
    );
    this.#initialized = true;
  }

  /**
   * Sends the task to the least busy worker and returns its result. When the task's signal
   * aborts, the worker is told; if it has not answered within `abortGraceMs`, it is terminated
   * and replaced. Never throws.
   */
  execute(task: Task<unknown>): Promise<TaskResult> {
    try {
      return this.#execute(task);
    } catch (error) {
      const taskId = String(task?.id);
      return Promise.resolve(failed(this.pluginId, taskId, unexpected(error, this, taskId)));
    }
  }

  #execute(task: Task<unknown>): Promise<TaskResult> {
    const pluginId = this.pluginId;
    const taskId = String(task.id);
    if (this.#group.state !== 'ready') {
      return Promise.resolve(failed(pluginId, taskId, this.#group.refusal(taskId)));
    }
    let request: EncodedTaskRequest;
    try {
      request = encodeTaskRequest({
        type: task.type,
        params: task.params,
        id: taskId,
        // The task's trace carrier (its own span's, under a tracing host) crosses with it.
        ...(task.traceContext === undefined ? {} : { traceContext: task.traceContext }),
      });
    } catch (error) {
      return Promise.resolve(failed(pluginId, taskId, asPluginError(error, pluginId, taskId)));
    }
    if (task.signal.aborted) {
      return Promise.resolve(
        failed(pluginId, taskId, abortError(task.signal.reason, pluginId, taskId)),
      );
    }
    const call = new HostCall(this.#owner, task, taskId);
    const limit = this.manifest.limits?.maxExecutionTimeMs;
    // Outside a host nobody else enforces the budget; inside one the host does.
    const budgetMs =
      (task as { [LIMITS_ENFORCED]?: boolean })[LIMITS_ENFORCED] === true ? undefined : limit;
    // No await when a worker is ready: the task must reach it before the next one is placed,
    // or every task of a burst would go to the same least-loaded worker.
    const next = this.#group.acquire();
    if (!(next instanceof Promise)) {
      call.start(next, request, budgetMs);
      return call.promise;
    }
    return next
      .then(
        (slot) => {
          call.start(slot, request, budgetMs);
          return call.promise;
        },
        (error: unknown) => failed(pluginId, taskId, asPluginError(error, pluginId, taskId)),
      )
      .catch((error: unknown) => failed(pluginId, taskId, unexpected(error, this, taskId)));
  }

  /** Runs the plugin's `cleanup` in each worker (within `cleanupTimeoutMs`), then terminates them. Safe to call twice. */
  async cleanup(): Promise<void> {
    const first = this.#first;
    this.#first = undefined;
    await first?.terminate(() => this.#group.refusal());
    this.#initialized = false;
    await this.#group.close();
  }
}

/** A failure nothing above expected (a task whose getters throw): the plugin's execution error. */
function unexpected(error: unknown, plugin: IsolatedPlugin, taskId: string): PluginError {
  if (isPluginError(error)) return error;
  return new PluginExecutionError(`execute() threw: ${toError(error).message}`, {
    pluginId: plugin.pluginId,
    taskId,
    cause: toError(error),
  });
}

function asPluginError(error: unknown, pluginId: string, taskId: string): PluginError {
  if (isPluginError(error)) return error;
  return new IsolateError('ISOLATE_CLOSED', toError(error).message, {
    pluginId,
    taskId,
    cause: error,
  });
}

/**
 * Loads the plugin module `specifier` in a worker thread and returns a plugin the host registers
 * like any other: manifest, `initialize` and `cleanup` run in the worker(s), each task crosses as
 * data, `memoryLimitMb` becomes the workers' heap limit, and `workers: n` runs n copies.
 *
 * @param specifier - what `host.register` accepts: a path (relative to the working directory),
 *   a `file:` URL, or a package name.
 * @throws {@link IsolateError} `ISOLATE_LOAD_FAILED` when the module does not load or exports no
 *   plugin; `InvalidOptionError` for a bad option.
 *
 * @example
 * ```ts
 * const host = new PluginHost();
 * await host.register(await isolatedPlugin('./plugins/resize.mjs', { workers: 2, memoryLimitMb: 128 }));
 * await host.start();
 * ```
 */
export async function isolatedPlugin(
  specifier: string,
  options?: IsolateOptions,
): Promise<IsolatedPlugin> {
  checkString('specifier', specifier);
  const resolved = resolveIsolateOptions(options);
  const url = resolveSpecifier(specifier);
  const spec = {
    file: workerEntry(),
    specifier: url,
    pluginId: specifier,
    memoryLimitMb: resolved.memoryLimitMb,
    idleWaitMs: resolved.idleWaitMs,
  };
  const probe = new WorkerGroup(spec, resolved);
  const { slot, manifest } = await probe.spawn();
  const limitMb = resolved.memoryLimitMb ?? manifest.limits?.maxMemoryMb;
  const group = new WorkerGroup(
    { ...spec, pluginId: manifest.name, memoryLimitMb: limitMb },
    resolved,
  );
  // The first worker serves on when it already has the limit it needs; else it was a probe.
  const keep = limitMb === resolved.memoryLimitMb;
  if (!keep) await slot.terminate(() => new IsolateError('ISOLATE_CLOSED', 'probe'));
  return new IsolatedPlugin(manifest as PluginManifest, group, keep ? slot : undefined, resolved);
}
