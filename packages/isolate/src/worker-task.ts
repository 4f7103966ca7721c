import {
  checkOneOf,
  type EncodedTaskRequest,
  invalidArgument,
  type Task,
  type TaskStatus,
  type TaskStatusUpdate,
} from '@leanvibe/core/contracts';
import type { FromWorker } from './protocol.js';

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

/** The `Task` a plugin sees inside the worker: params from the request, status sent home. */
export function workerTask(
  id: number,
  request: EncodedTaskRequest,
  signal: AbortSignal,
  statuses: StatusThrottle,
): Task {
  const task = {
    id: request.id ?? String(id),
    type: request.type,
    params: request.params,
    signal,
    updateStatus(status: TaskStatus, update?: TaskStatusUpdate): void {
      checkOneOf('status', status, STATUSES);
      const progress = update?.progress;
      if (progress !== undefined && !(progress >= 0 && progress <= 1)) {
        throw invalidArgument('progress', 'a number between 0 and 1', progress);
      }
      if (TERMINAL.has(status) || signal.aborted) return;
      statuses.push(id, {
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
    },
  };
  Object.defineProperty(task, LIMITS_ENFORCED, { value: true });
  return task;
}
