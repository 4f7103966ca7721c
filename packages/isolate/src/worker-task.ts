import {
  checkOneOf,
  type EncodedTaskRequest,
  invalidArgument,
  type Task,
  type TaskStatus,
  type TaskStatusUpdate,
} from '@leanvibe/core/contracts';
import type { FromWorker } from './protocol.js';
import type { TaskAbort } from './task-abort.js';

const STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
const TERMINAL: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);
// The host enforces the time limit on its side of the wall (a worker that never yields could not
// fire a timer anyway), so the plugin inside starts none of its own.
const LIMITS_ENFORCED = Symbol.for('leanvibe.task.limitsEnforced');

/** How often status updates cross, at most, per worker; between crossings only the latest is kept. */
const STATUS_EVERY_MS = 20;

/**
 * Coalesces status updates: a plugin that posts progress in a tight loop would otherwise flood
 * the host's event loop with messages. The latest update of each task crosses, every 20 ms.
 */
export class StatusThrottle {
  readonly #latest = new Map<number, FromWorker>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly post: (message: FromWorker) => void) {}

  /** Keeps `message` as its task's latest update. */
  push(id: number, message: FromWorker): void {
    this.#latest.set(id, message);
    this.#timer ??= setTimeout(() => this.flush(), STATUS_EVERY_MS);
  }

  /** Sends what is kept (all tasks, or only `id`'s before its result). */
  flush(id?: number): void {
    if (id !== undefined) {
      const message = this.#latest.get(id);
      this.#latest.delete(id);
      if (message !== undefined) this.post(message);
      return;
    }
    this.#timer = undefined;
    for (const message of this.#latest.values()) this.post(message);
    this.#latest.clear();
  }
}

/**
 * The `Task` a plugin sees inside the worker: params and trace carrier from the request, its
 * signal made on first use, status sent home. A class, so a task costs one small object.
 */
export class WorkerTask implements Task {
  readonly id: string;
  readonly type: string;
  readonly params: unknown;
  readonly traceContext: Readonly<Record<string, string>> | undefined;
  readonly #n: number;
  readonly #abort: TaskAbort;
  readonly #statuses: StatusThrottle;

  constructor(n: number, request: EncodedTaskRequest, abort: TaskAbort, statuses: StatusThrottle) {
    this.#n = n;
    this.#abort = abort;
    this.#statuses = statuses;
    this.id = request.id ?? String(n);
    this.type = request.type;
    this.params = request.params;
    const carrier = request.traceContext;
    this.traceContext = carrier === undefined ? undefined : Object.freeze({ ...carrier });
  }

  /** Aborts when the host aborts the task (its time-out, its caller, the host's close). */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Checks the update as the host would, and sends the latest one home (see {@link StatusThrottle}). */
  updateStatus(status: TaskStatus, update?: TaskStatusUpdate): void {
    checkOneOf('status', status, STATUSES);
    const progress = update?.progress;
    if (progress !== undefined && !(progress >= 0 && progress <= 1)) {
      throw invalidArgument('progress', 'a number between 0 and 1', progress);
    }
    if (TERMINAL.has(status) || this.#abort.aborted) return;
    const id = this.#n;
    this.#statuses.push(id, {
      t: 'status',
      id,
      status,
      ...(update === undefined
        ? {}
        : {
            update: {
              ...(progress === undefined ? {} : { progress }),
              ...(update.message === undefined ? {} : { message: String(update.message) }),
            },
          }),
    });
  }
}
// On the prototype, so no task pays for defining it.
Object.defineProperty(WorkerTask.prototype, LIMITS_ENFORCED, { value: true });
