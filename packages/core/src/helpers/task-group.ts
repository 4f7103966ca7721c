import { abortReason, checkFunction, checkSignal, onAbort } from '../contracts/index.js';

/** A group of concurrent tasks that fail together. */
export interface TaskGroup {
  /** Aborts when a task fails, the parent signal aborts, or `abort()` is called. */
  readonly signal: AbortSignal;
  /**
   * Starts `fn` with the group's signal. Its promise is the task's own outcome (never an
   * unhandled rejection); the group's `wait()` reports the first failure.
   */
  spawn<T>(fn: (signal: AbortSignal) => T | Promise<T>): Promise<T>;
  /** Aborts every task with `reason`. */
  abort(reason?: unknown): void;
  /**
   * Resolves once every task has settled; rejects with the first failure (or the parent's
   * abort reason) — also only after every task has settled.
   */
  wait(): Promise<void>;
}

/**
 * Runs tasks together: the first failure aborts the others and is rethrown by `wait()`, and
 * `wait()` never returns before every task has settled (no task is left running behind you).
 *
 * @example
 * ```ts
 * const group = taskGroup(request.signal);
 * for (const url of urls) group.spawn((signal) => fetch(url, { signal }));
 * await group.wait(); // all done, or the first failure after the rest stopped
 * ```
 */
export function taskGroup(parent?: AbortSignal): TaskGroup {
  checkSignal('signal', parent);
  const controller = new AbortController();
  const unlink = onAbort(parent, (reason) => fail(reason));
  let running = 0;
  let failed = false;
  let firstFailure: unknown;
  let idle: (() => void) | undefined;

  function fail(reason: unknown): void {
    if (failed) return;
    failed = true;
    firstFailure = reason;
    controller.abort(reason);
  }

  const settleOne = (): void => {
    running--;
    if (running > 0) return;
    const notify = idle;
    idle = undefined;
    notify?.();
  };

  return {
    signal: controller.signal,
    spawn<T>(fn: (signal: AbortSignal) => T | Promise<T>): Promise<T> {
      checkFunction('fn', fn);
      running++;
      const task = (async () => fn(controller.signal))();
      task.then(settleOne, (error: unknown) => {
        // A task that stops because the group aborted is not a new failure.
        if (!(controller.signal.aborted && error === controller.signal.reason)) fail(error);
        settleOne();
      });
      task.catch(() => {});
      return task;
    },
    abort(reason?: unknown): void {
      if (controller.signal.aborted) return;
      controller.abort(reason);
      if (!failed) {
        failed = true;
        firstFailure = abortReason(controller.signal);
      }
    },
    async wait(): Promise<void> {
      if (running > 0) {
        await new Promise<void>((resolve) => {
          const previous = idle;
          idle = () => {
            previous?.();
            resolve();
          };
        });
      }
      unlink();
      if (failed) throw firstFailure;
    },
  };
}
