let never: AbortSignal | undefined;

/**
 * A shared signal that never aborts, for callers that gave none. Created on first use, once per
 * process: building an `AbortController` per call costs ~1.7 µs on Node 20.
 */
export function neverAbortedSignal(): AbortSignal {
  never ??= new AbortController().signal;
  return never;
}

/**
 * Calls `listener` once when `signal` aborts, with the abort reason. Returns a function that
 * removes the listener; call it when the work settles. An already aborted signal calls
 * `listener` at once. This is how signals are linked here: `AbortSignal.any` keeps its dependants
 * alive after GC on Node 20.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const unlink = onAbort(callerSignal, (reason) => controller.abort(reason));
 * try { await work(controller.signal); } finally { unlink(); }
 * ```
 */
export function onAbort(
  signal: AbortSignal | undefined,
  listener: (reason: unknown) => void,
): () => void {
  if (signal === undefined) return noop;
  if (signal.aborted) {
    listener(signal.reason);
    return noop;
  }
  const handler = (): void => listener(signal.reason);
  signal.addEventListener('abort', handler, { once: true });
  return () => signal.removeEventListener('abort', handler);
}

/** A controller that aborts when `parent` does, and `unlink()` to detach it once the work settles. */
export interface LinkedController {
  readonly controller: AbortController;
  readonly signal: AbortSignal;
  unlink(): void;
}

/**
 * Creates an `AbortController` that follows `parent` (with one listener, removed by `unlink`).
 *
 * @example
 * ```ts
 * const linked = linkedController(options.signal);
 * const timer = setTimeout(() => linked.controller.abort(timeoutError), ms);
 * try { return await fn(linked.signal); } finally { clearTimeout(timer); linked.unlink(); }
 * ```
 */
export function linkedController(parent: AbortSignal | undefined): LinkedController {
  const controller = new AbortController();
  const unlink = onAbort(parent, (reason) => controller.abort(reason));
  return { controller, signal: controller.signal, unlink };
}

/** The reason a signal aborted with, or a standard `AbortError` when it has none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function noop(): void {}
