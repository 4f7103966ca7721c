import {
  checkOneOf,
  invalidArgument,
  type Task,
  type TaskResult,
  type TaskStatus,
  type TaskStatusUpdate,
  type TimerHandle,
} from '../contracts/index.js';
import { LIMITS_ENFORCED } from '../plugin/plugin.js';

const NOT_ABORTED: unique symbol = Symbol('not aborted');
const STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;

/** Who receives a run's status updates. */
export interface StatusSink {
  taskStatus(run: Run, status: TaskStatus, update?: TaskStatusUpdate): void;
}

function ignore(_result: TaskResult): void {}

/**
 * One task in the host: the `Task` a plugin sees, and the bookkeeping of its dispatch. The
 * signal's `AbortController` is created only when a plugin reads `signal` (building one costs
 * more than the rest of a dispatch), and aborted at once if the run already was.
 */
export class Run implements Task {
  #controller: AbortController | undefined;
  #reason: unknown = NOT_ABORTED;
  /** True once the caller has its result; later outcomes are ignored. */
  settled = false;
  /** `clock.now()` when the plugin was called; -1 before. */
  startedAt = -1;
  /** `used_heap_size` before the plugin ran, or -1 when memory is not measured. */
  heapBefore = -1;
  timer: TimerHandle | undefined;
  unlinkCaller: (() => void) | undefined;
  resolve: (result: TaskResult) => void = ignore;
  readonly promise: Promise<TaskResult>;
  /** The request's trace carrier; a tracing subscriber may replace it when the task starts. */
  traceContext: Readonly<Record<string, string>> | undefined;

  constructor(
    readonly id: string,
    readonly type: string,
    readonly params: unknown,
    readonly callerSignal: AbortSignal | undefined,
    private readonly sink: StatusSink,
    traceContext?: Readonly<Record<string, string>>,
  ) {
    this.traceContext = traceContext;
    this.promise = new Promise<TaskResult>((resolve) => {
      this.resolve = resolve;
    });
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#reason !== NOT_ABORTED) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Aborts the task's signal (once). */
  abort(reason: unknown): void {
    if (this.#reason !== NOT_ABORTED) return;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }

  updateStatus(status: TaskStatus, update?: TaskStatusUpdate): void {
    checkOneOf('status', status, STATUSES);
    const progress = update?.progress;
    if (progress !== undefined && !(progress >= 0 && progress <= 1)) {
      throw invalidArgument('progress', 'a number between 0 and 1', progress);
    }
    // The outcome (succeeded, failed, cancelled) is the host's to report, once, from the result:
    // a plugin announcing it too would make listeners see a task finish twice.
    if (!this.settled && !TERMINAL.has(status)) this.sink.taskStatus(this, status, update);
  }
}

const TERMINAL: ReadonlySet<TaskStatus> = new Set(['succeeded', 'failed', 'cancelled']);

// On the prototype, so no run pays for defining it: the host enforces the time limit itself.
Object.defineProperty(Run.prototype, LIMITS_ENFORCED, { value: true });
