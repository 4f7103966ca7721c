import {
  type EncodedTaskRequest,
  onAbort,
  type PluginError,
  PluginTimeoutError,
  type Task,
  type TaskResult,
  type TaskStatus,
  type TaskStatusUpdate,
} from '@leanvibe/core/contracts';
import { IsolateError } from './errors.js';
import { abortError, failed } from './results.js';
import type { TaskCall, WorkerSlot } from './worker-slot.js';

/** What a {@link HostCall} needs from its plugin. */
export interface CallOwner {
  readonly pluginId: string;
  readonly abortGraceMs: number;
  /** Terminates `slot`'s worker and replaces it; each of its tasks ends with `endedBy(call)`. */
  kill(slot: WorkerSlot, endedBy: (call: TaskCall) => PluginError): void;
}

function ignore(_result: TaskResult): void {}

/**
 * One task on its way through a worker, seen from the host: it settles with the worker's answer;
 * when the task's signal aborts, the worker is told, and terminated if it has not answered within
 * `abortGraceMs`; with `budgetMs` (no host enforcing the time limit) it fails with
 * `PLUGIN_TIMEOUT` at the budget and is aborted as above. A class, so a task costs one object.
 */
export class HostCall implements TaskCall {
  readonly promise: Promise<TaskResult>;
  #resolve: (result: TaskResult) => void = ignore;
  #slot: WorkerSlot | undefined;
  #id = 0;
  #grace: ReturnType<typeof setTimeout> | undefined;
  #budget: ReturnType<typeof setTimeout> | undefined;
  #unlink: (() => void) | undefined;

  constructor(
    private readonly owner: CallOwner,
    private readonly task: Task<unknown>,
    readonly taskId: string,
  ) {
    this.promise = new Promise<TaskResult>((resolve) => {
      this.#resolve = resolve;
    });
  }

  /** Hands the task to `slot`'s worker; the promise settles with its result. */
  start(slot: WorkerSlot, request: EncodedTaskRequest, budgetMs: number | undefined): void {
    this.#slot = slot;
    // Linked before the task is posted: the host's own work is done when the worker wakes.
    this.#unlink = onAbort(this.task.signal, (reason) => this.#stop(reason));
    if (budgetMs !== undefined) {
      const began = Date.now();
      this.#budget = setTimeout(() => this.#timedOut(budgetMs, began), budgetMs);
    }
    this.#id = slot.run(request, this);
  }

  /** The worker answered, or ended: the task's outcome. */
  settle(result: TaskResult): void {
    clearTimeout(this.#grace);
    this.#finish(result);
  }

  /** A progress update from the plugin, passed on while the task is not aborted. */
  status(status: TaskStatus, update?: TaskStatusUpdate): void {
    if (this.task.signal.aborted) return;
    try {
      this.task.updateStatus(status, update);
    } catch {
      // A bad update was already refused in the worker; nothing to add here.
    }
  }

  #finish(result: TaskResult): void {
    clearTimeout(this.#budget);
    this.#unlink?.();
    this.#unlink = undefined;
    const resolve = this.#resolve;
    this.#resolve = ignore;
    resolve(result);
  }

  #stop(reason: unknown): void {
    const slot = this.#slot;
    if (slot === undefined || this.#grace !== undefined || !slot.has(this.#id)) return;
    const { pluginId, abortGraceMs } = this.owner;
    const error = abortError(reason, pluginId, this.taskId);
    slot.abort(this.#id, error);
    this.#grace = setTimeout(() => {
      this.owner.kill(slot, (other) =>
        other === this
          ? error
          : new IsolateError(
              'ISOLATE_WORKER_TERMINATED',
              `the worker of plugin "${pluginId}" was terminated: task "${this.taskId}" did not stop within ${abortGraceMs} ms of its abort`,
              { pluginId, taskId: other.taskId },
            ),
      );
    }, abortGraceMs);
  }

  #timedOut(budgetMs: number, began: number): void {
    const { pluginId } = this.owner;
    const { taskId } = this;
    const error = new PluginTimeoutError(
      `task "${taskId}" of plugin "${pluginId}" exceeded its ${budgetMs} ms time limit`,
      { pluginId, taskId, timeoutMs: budgetMs, operation: 'execute' },
    );
    // The worker is told and, past its grace, terminated; the caller has its answer now.
    this.#stop(error);
    this.#finish(failed(pluginId, taskId, error, Date.now() - began));
  }
}
