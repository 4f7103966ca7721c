import { abortReason, onAbort } from '@leanvibe/core/contracts';

interface Waiter {
  resolve(probe: boolean): void;
  reject(error: unknown): void;
  unlink(): void;
}

/**
 * Callers of a half-open circuit waiting (`whenBusy: 'wait'`) for a probe slot or the verdict,
 * first in first out. A waiter whose signal aborts leaves at once; its abort listener is
 * removed whichever way it leaves.
 */
export class ProbeQueue {
  readonly #waiters = new Set<Waiter>();

  /** Waits; resolves `true` to run as a probe, `false` to run as an ordinary (closed) call. */
  wait(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    return new Promise<boolean>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, unlink: noop };
      this.#waiters.add(waiter);
      waiter.unlink = onAbort(signal, () => {
        this.#waiters.delete(waiter);
        reject(abortReason(signal));
      });
    });
  }

  /** Lets the first waiter in as a probe; false when nobody waits. */
  admitNext(): boolean {
    const next = this.#waiters.values().next();
    if (next.done === true) return false;
    this.#waiters.delete(next.value);
    next.value.unlink();
    next.value.resolve(true);
    return true;
  }

  /** Ends every wait: run as ordinary calls (`error` undefined), or be refused with `error()`. */
  settle(error: (() => unknown) | undefined): void {
    if (this.#waiters.size === 0) return;
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const waiter of waiters) {
      waiter.unlink();
      if (error === undefined) waiter.resolve(false);
      else waiter.reject(error());
    }
  }
}

function noop(): void {}
