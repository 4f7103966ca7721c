const NOT_ABORTED: unique symbol = Symbol('not aborted');

/**
 * A task's abort inside the worker. Its `AbortController` is made only when the plugin reads
 * `task.signal` (building one costs more than the rest of a short task's crossing), and aborted
 * at once if the host's abort came first, as the host's own tasks do it.
 */
export class TaskAbort {
  #controller: AbortController | undefined;
  #reason: unknown = NOT_ABORTED;

  /** The task's signal, made on first use. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#reason !== NOT_ABORTED) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** True once {@link TaskAbort.abort} was called. */
  get aborted(): boolean {
    return this.#reason !== NOT_ABORTED;
  }

  /** Aborts the task's signal (once). */
  abort(reason: unknown): void {
    if (this.#reason !== NOT_ABORTED) return;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}
