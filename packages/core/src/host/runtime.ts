import type { Channel } from 'node:diagnostics_channel';
import {
  type Clock,
  onAbort,
  type PermissionChecker,
  PluginError,
  PluginExecutionError,
  type PluginLifecycleMessage,
  type PluginLimits,
  type PluginManifest,
  PluginMemoryError,
  PluginSecurityError,
  PluginTimeoutError,
  type TaskResult,
  type TaskStatus,
  toError,
} from '../contracts/index.js';
import type { Plugin } from '../plugin/plugin.js';
import { failure, toPluginError } from '../plugin/results.js';
import type { PluginState } from './boot-report.js';
import { TASK_ERROR_CODES } from './errors.js';
import { usedHeapBytes } from './heap.js';
import type { Run, StatusSink } from './run.js';

const MB = 1024 * 1024;
/** How many tasks may wait for a slot when the manifest sets `concurrency` but no `maxQueue`. */
export const DEFAULT_MAX_QUEUE = 1000;

/** What a plugin's runtime needs from its host. */
export interface RuntimeHost extends StatusSink {
  readonly id: string;
  readonly clock: Clock;
  readonly permissions: PermissionChecker | undefined;
  readonly measureMemory: boolean;
  readonly enforceMemoryLimit: boolean;
  readonly executeChannel: Channel;
}

function isTaskResult(value: unknown): value is TaskResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { success?: unknown }).success === 'boolean' &&
    ((value as { success: boolean }).success ||
      (value as { error?: unknown }).error instanceof Error)
  );
}

/**
 * One registered plugin inside the host: its state, effective limits, concurrency slots and
 * bounded queue, and the dispatch of its tasks (time limit, cancellation, memory delta).
 */
export class PluginRuntime {
  state: PluginState = 'registered';
  lastError: PluginError | undefined;
  initMs = 0;
  /** True once `initialize` succeeded: its `cleanup` runs at close, even after a later failure. */
  initialized = false;
  /** Settles with `true` once ready, `false` once failed (for dependants waiting on it). */
  ready: Promise<boolean> | undefined;
  limits: PluginLimits;
  #timeLimitMs = Number.POSITIVE_INFINITY;
  #concurrency = Number.POSITIVE_INFINITY;
  #maxQueue = DEFAULT_MAX_QUEUE;
  #measure = false;
  #active = 0;
  #queue: Run[] = [];
  #head = 0;
  readonly #pending = new Set<Run>();
  readonly #permissions: readonly string[];

  constructor(
    readonly plugin: Plugin,
    readonly manifest: PluginManifest,
    private readonly host: RuntimeHost,
  ) {
    this.limits = manifest.limits ?? {};
    this.#permissions = manifest.requiredPermissions ?? [];
    this.setLimits(this.limits);
  }

  get id(): string {
    return this.manifest.name;
  }

  /** How many tasks are running and waiting. */
  get load(): { readonly active: number; readonly queued: number } {
    return { active: this.#active, queued: this.#queue.length - this.#head };
  }

  setLimits(limits: PluginLimits): void {
    this.limits = Object.freeze({ ...limits });
    this.#timeLimitMs = limits.maxExecutionTimeMs ?? Number.POSITIVE_INFINITY;
    this.#concurrency = limits.concurrency ?? Number.POSITIVE_INFINITY;
    this.#maxQueue = limits.maxQueue ?? DEFAULT_MAX_QUEUE;
    this.#measure = this.host.measureMemory || limits.maxMemoryMb !== undefined;
  }

  /** Checks permissions, then runs the task or queues it; the promise is the task's result. */
  dispatch(run: Run): Promise<TaskResult> {
    this.#pending.add(run);
    if (run.callerSignal !== undefined) {
      run.unlinkCaller = onAbort(run.callerSignal, (reason) => this.cancel(run, reason));
    }
    if (this.host.permissions === undefined) this.#admit(run);
    else this.#authorize(run, this.host.permissions);
    return run.promise;
  }

  /** Settles a run as cancelled (caller abort, host close) and aborts its signal. */
  cancel(run: Run, reason: unknown): void {
    if (run.settled) return;
    run.abort(reason);
    const error = new PluginError(`task "${run.id}" of plugin "${this.id}" was cancelled`, {
      code: TASK_ERROR_CODES.cancelled,
      pluginId: this.id,
      taskId: run.id,
      cause: reason,
    });
    this.#finish(run, failure(this.id, run.id, error, this.#elapsed(run)), 'cancelled');
  }

  /** Cancels the tasks with this id, running or queued; how many there were. */
  cancelById(taskId: string, reason: unknown): number {
    let found = 0;
    for (const run of this.#pending) {
      if (run.id !== taskId) continue;
      this.cancel(run, reason);
      found++;
    }
    return found;
  }

  /** Cancels every task, running or queued. */
  cancelAll(reason: unknown): void {
    for (const run of [...this.#pending]) this.cancel(run, reason);
    this.#queue = [];
    this.#head = 0;
  }

  async #authorize(run: Run, checker: PermissionChecker): Promise<void> {
    const context = { pluginId: this.id, taskId: run.id };
    const required = [`execute_${run.type}`, ...this.#permissions];
    let denied: PluginSecurityError | undefined;
    try {
      const granted = await Promise.all(required.map((perm) => checker.check(perm, context)));
      const missing = required.find((_, i) => granted[i] !== true);
      if (missing !== undefined) {
        denied = new PluginSecurityError(
          `plugin "${this.id}" lacks the permission "${missing}" for task "${run.id}"`,
          {
            code: 'SECURITY_PERMISSION_DENIED',
            violation: 'permission_denied',
            requiredPermission: missing,
            pluginId: this.id,
            taskId: run.id,
          },
        );
      }
    } catch (error) {
      denied = new PluginSecurityError(
        `the permission check for task "${run.id}" of plugin "${this.id}" failed: ${toError(error).message}`,
        { violation: 'permission_check_failed', pluginId: this.id, taskId: run.id, cause: error },
      );
    }
    if (run.settled) return;
    if (denied === undefined) this.#admit(run);
    else this.#finish(run, failure(this.id, run.id, denied, 0), 'failed');
  }

  #admit(run: Run): void {
    if (this.#active < this.#concurrency) {
      this.#start(run);
    } else if (this.#queue.length - this.#head < this.#maxQueue) {
      this.#queue.push(run);
      this.host.taskStatus(run, 'pending');
    } else {
      const error = new PluginError(
        `plugin "${this.id}" is busy: ${this.#active} tasks running and ${this.#maxQueue} waiting`,
        { code: TASK_ERROR_CODES.queueFull, pluginId: this.id, taskId: run.id },
      );
      this.#finish(run, failure(this.id, run.id, error, 0), 'failed');
    }
  }

  #start(run: Run): void {
    const { clock } = this.host;
    this.#active++;
    if (this.#measure) run.heapBefore = usedHeapBytes();
    run.startedAt = clock.now();
    const channel = this.host.executeChannel;
    if (channel.hasSubscribers) {
      const message: PluginLifecycleMessage = {
        hostId: this.host.id,
        pluginId: this.id,
        phase: 'start',
        taskId: run.id,
        taskType: run.type,
        ...(run.traceContext === undefined ? {} : { traceContext: run.traceContext }),
      };
      channel.publish(message);
      run.traceContext = message.traceContext;
    }
    this.host.taskStatus(run, 'running');
    if (this.#timeLimitMs !== Number.POSITIVE_INFINITY) {
      run.timer = clock.setTimeout(() => this.#timeout(run), this.#timeLimitMs);
    }
    let execution: Promise<TaskResult>;
    try {
      execution = this.plugin.execute(run);
    } catch (error) {
      execution = Promise.reject(error);
    }
    execution.then(
      (result) => this.#settled(run, result, undefined),
      (error: unknown) => this.#settled(run, undefined, error),
    );
  }

  #timeout(run: Run): void {
    const limit = this.#timeLimitMs;
    const error = new PluginTimeoutError(
      `task "${run.id}" of plugin "${this.id}" exceeded its ${limit} ms time limit`,
      { pluginId: this.id, taskId: run.id, timeoutMs: limit, operation: 'execute' },
    );
    run.timer = undefined;
    run.abort(error);
    this.#finish(run, failure(this.id, run.id, error, this.#elapsed(run)), 'failed');
  }

  /** The plugin's `execute` settled: free the slot, settle the run if nobody else did. */
  #settled(run: Run, value: TaskResult | undefined, thrown: unknown): void {
    this.#active--;
    if (!run.settled) {
      const result = thrown === undefined ? this.#check(run, value) : this.#crash(run, thrown);
      this.#finish(run, result, statusOf(result));
    }
    while (this.#active < this.#concurrency && this.#head < this.#queue.length) {
      const next = this.#queue[this.#head++] as Run;
      if (!next.settled) this.#start(next);
    }
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    }
  }

  #crash(run: Run, thrown: unknown): TaskResult {
    return failure(this.id, run.id, toPluginError(thrown, this.id, run.id), this.#elapsed(run));
  }

  #check(run: Run, value: unknown): TaskResult {
    let result: TaskResult;
    if (!isTaskResult(value)) {
      const error = new PluginExecutionError(
        `plugin "${this.id}" returned something that is not a TaskResult for task "${run.id}"`,
        { pluginId: this.id, taskId: run.id, details: { returned: typeof value } },
      );
      result = failure(this.id, run.id, error, this.#elapsed(run));
    } else if (value.pluginId !== this.id || value.taskId !== run.id) {
      result = { ...value, pluginId: this.id, taskId: run.id };
    } else {
      result = value;
    }
    if (run.heapBefore < 0) return result;
    const usedMb = Math.max(0, usedHeapBytes() - run.heapBefore) / MB;
    const limitMb = this.limits.maxMemoryMb;
    if (this.host.enforceMemoryLimit && limitMb !== undefined && usedMb > limitMb) {
      const error = new PluginMemoryError(
        `task "${run.id}" of plugin "${this.id}" grew the heap by ${usedMb.toFixed(1)} MB, over its ${limitMb} MB limit`,
        { pluginId: this.id, taskId: run.id, limitMb, usedMb },
      );
      return failure(this.id, run.id, error, result.executionTimeMs, usedMb);
    }
    return { ...result, memoryUsedMb: usedMb };
  }

  #elapsed(run: Run): number {
    return run.startedAt < 0 ? 0 : this.host.clock.now() - run.startedAt;
  }

  #finish(run: Run, result: TaskResult, status: TaskStatus): void {
    if (run.settled) return;
    run.settled = true;
    if (run.timer !== undefined) this.host.clock.clearTimeout(run.timer);
    run.unlinkCaller?.();
    this.#pending.delete(run);
    const channel = this.host.executeChannel;
    if (channel.hasSubscribers && run.startedAt >= 0) {
      channel.publish({
        hostId: this.host.id,
        pluginId: this.id,
        phase: 'end',
        taskId: run.id,
        taskType: run.type,
        durationMs: result.executionTimeMs,
        result,
      });
    }
    this.host.taskStatus(run, status);
    run.resolve(result);
  }
}

function statusOf(result: TaskResult): TaskStatus {
  if (result.success) return 'succeeded';
  return result.error.code === TASK_ERROR_CODES.cancelled ? 'cancelled' : 'failed';
}
