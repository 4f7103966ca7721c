import {
  checkString,
  encodeTaskRequest,
  isPluginError,
  noopLogger,
  noopMetrics,
  onAbort,
  type PluginContext,
  type PluginError,
  type PluginManifest,
  PluginTimeoutError,
  type Task,
  type TaskResult,
  toError,
} from '@leanvibe/core/contracts';
import { IsolateError } from './errors.js';
import { resolveSpecifier, workerEntry } from './locate.js';
import {
  type IsolateOptions,
  type ResolvedIsolateOptions,
  resolveIsolateOptions,
} from './options.js';
import { abortError, failed } from './results.js';
import { type IsolateState, WorkerGroup } from './worker-group.js';
import type { TaskCall, WorkerSlot } from './worker-slot.js';

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
  readonly #options: ResolvedIsolateOptions;
  #first: WorkerSlot | undefined;
  #initialized = false;

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
    this.#options = options;
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
   * init budget ran out), the workers are terminated, whatever they are doing.
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
  async execute(task: Task<unknown>): Promise<TaskResult> {
    const pluginId = this.pluginId;
    const taskId = String(task.id);
    const began = Date.now();
    if (this.#group.state !== 'ready') return failed(pluginId, taskId, this.#group.refusal(taskId));
    let request: ReturnType<typeof encodeTaskRequest>;
    try {
      request = encodeTaskRequest({ type: task.type, params: task.params, id: taskId });
    } catch (error) {
      return failed(pluginId, taskId, asPluginError(error, pluginId, taskId));
    }
    if (task.signal.aborted)
      return failed(pluginId, taskId, abortError(task.signal.reason, pluginId, taskId));
    let slot: WorkerSlot;
    try {
      // No await when a worker is ready: the task must reach it before the next one is placed,
      // or every task of a burst would go to the same least-loaded worker.
      const next = this.#group.acquire();
      slot = next instanceof Promise ? await next : next;
    } catch (error) {
      return failed(pluginId, taskId, asPluginError(error, pluginId, taskId));
    }
    return new Promise<TaskResult>((resolve) => {
      let grace: ReturnType<typeof setTimeout> | undefined;
      let budget: ReturnType<typeof setTimeout> | undefined;
      let unlink = (): void => {};
      const call: TaskCall = {
        taskId,
        settle: (result) => {
          clearTimeout(grace);
          clearTimeout(budget);
          unlink();
          resolve(result);
        },
        status: (status, update) => {
          if (task.signal.aborted) return;
          try {
            task.updateStatus(status, update);
          } catch {
            // A bad update was already refused in the worker; nothing to add here.
          }
        },
      };
      const id = slot.run(request, call);
      const stop = (reason: unknown): void => {
        if (grace !== undefined || !slot.has(id)) return;
        const error = abortError(reason, pluginId, taskId);
        slot.abort(id, error);
        grace = setTimeout(() => {
          void this.#group.kill(slot, (other) =>
            other === call
              ? error
              : new IsolateError(
                  'ISOLATE_WORKER_TERMINATED',
                  `the worker of plugin "${pluginId}" was terminated: task "${taskId}" did not stop within ${this.#options.abortGraceMs} ms of its abort`,
                  { pluginId, taskId: other.taskId },
                ),
          );
        }, this.#options.abortGraceMs);
      };
      unlink = onAbort(task.signal, stop);
      const limit = this.manifest.limits?.maxExecutionTimeMs;
      // Outside a host nobody else enforces the budget; inside one the host does.
      if (
        limit !== undefined &&
        (task as { [LIMITS_ENFORCED]?: boolean })[LIMITS_ENFORCED] !== true
      ) {
        budget = setTimeout(() => {
          const error = new PluginTimeoutError(
            `task "${taskId}" of plugin "${pluginId}" exceeded its ${limit} ms time limit`,
            { pluginId, taskId, timeoutMs: limit, operation: 'execute' },
          );
          stop(error);
          call.settle(failed(pluginId, taskId, error, Date.now() - began));
        }, limit);
      }
    });
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
