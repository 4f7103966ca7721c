import { randomUUID } from 'node:crypto';
import {
  checkOptionsObject,
  checkSignal,
  checkString,
  invalidArgument,
  onAbort,
  type Task,
  type TaskStatus,
  type TaskStatusUpdate,
} from '@leanvibe/core/contracts';

/** One recorded call of {@link MockTask.updateStatus}. */
export interface RecordedStatus {
  readonly status: TaskStatus;
  readonly progress?: number;
  readonly message?: string;
}

/** Options of {@link MockTask}. */
export interface MockTaskOptions<Params> {
  /** The task type the plugin is asked to handle. @default 'test' */
  readonly type?: string;
  /** The task's params. @default {} */
  readonly params?: Params;
  /** The task's id. @default a random UUID */
  readonly id?: string;
  /** Aborts the task when it aborts, as a caller's signal would. */
  readonly signal?: AbortSignal;
}

const STATUSES: readonly TaskStatus[] = ['pending', 'running', 'succeeded', 'failed', 'cancelled'];

/**
 * A {@link Task} for tests: it records every `updateStatus` call, checks each one as a host
 * would (a known status, `progress` within 0..1), and can be aborted with {@link MockTask.abort}.
 *
 * @example
 * ```ts
 * const task = new MockTask({ type: 'process_data', params: { values: [1, 2] } });
 * const result = await plugin.execute(task);
 * task.statusUpdates; // [{ status: 'running', progress: 0.5 }, ...]
 * ```
 */
export class MockTask<Params = unknown> implements Task<Params> {
  readonly id: string;
  readonly type: string;
  readonly params: Params;
  readonly #controller = new AbortController();
  readonly #updates: RecordedStatus[] = [];

  constructor(options: MockTaskOptions<Params> = {}) {
    const checked = checkOptionsObject('options', options);
    this.type = checkString('type', checked.type ?? 'test');
    this.id = checkString('id', checked.id ?? randomUUID());
    this.params = (checked.params ?? {}) as Params;
    // One listener on the caller's signal, removed as soon as this task aborts.
    const unlink = onAbort(checkSignal('signal', checked.signal), (reason) => this.abort(reason));
    this.#controller.signal.addEventListener('abort', unlink, { once: true });
  }

  /** Aborted by {@link MockTask.abort} or by the signal given at construction. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Every status update, in order. */
  get statusUpdates(): readonly RecordedStatus[] {
    return [...this.#updates];
  }

  /** The last status reported, or `'pending'` before any. */
  get status(): TaskStatus {
    return this.#updates.at(-1)?.status ?? 'pending';
  }

  /** The last progress reported, or `undefined` when none was. */
  get progress(): number | undefined {
    for (let i = this.#updates.length - 1; i >= 0; i--) {
      const progress = this.#updates[i]?.progress;
      if (progress !== undefined) return progress;
    }
    return undefined;
  }

  /**
   * Records a status update. Throws an `InvalidArgumentError` for an unknown status or a
   * `progress` outside 0..1, as a plugin bug should surface in its tests.
   */
  updateStatus(status: TaskStatus, update: TaskStatusUpdate = {}): void {
    if (!STATUSES.includes(status)) {
      throw invalidArgument('status', `one of ${STATUSES.join(', ')}`, status);
    }
    const { progress, message } = update;
    if (
      progress !== undefined &&
      (typeof progress !== 'number' || !(progress >= 0 && progress <= 1))
    ) {
      throw invalidArgument('progress', 'a number between 0 and 1', progress);
    }
    if (message !== undefined && typeof message !== 'string') {
      throw invalidArgument('message', 'a string', message);
    }
    this.#updates.push(
      Object.freeze({
        status,
        ...(progress === undefined ? {} : { progress }),
        ...(message === undefined ? {} : { message }),
      }),
    );
  }

  /** Cancels the task, as a caller or the host would; `reason` becomes `signal.reason`. */
  abort(reason?: unknown): void {
    this.#controller.abort(reason);
  }
}
