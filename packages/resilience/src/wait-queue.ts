import { abortReason, onAbort } from '@leanvibe/core/contracts';

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
  unlink(): void;
}

/**
 * Callers waiting their turn, first in first out: a bulkhead's queued calls, a rate limit's
 * callers waiting for a token, a half-open circuit's callers waiting for a probe slot. A waiter
 * whose signal aborts leaves at once with the abort reason; its abort listener is removed
 * whichever way it leaves.
 */
export class WaitQueue<T> {
  readonly #waiters = new Set<Waiter<T>>();

  /** How many callers wait. */
  get size(): number {
    return this.#waiters.size;
  }

  /**
   * Waits until {@link WaitQueue.admitNext} or {@link WaitQueue.settle} ends the wait.
   * `onLeave` runs when the signal aborts, after the waiter has left and before the rejection.
   */
  wait(signal: AbortSignal, onLeave?: () => void): Promise<T> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = { resolve, reject, unlink: noop };
      this.#waiters.add(waiter);
      waiter.unlink = onAbort(signal, () => {
        this.#waiters.delete(waiter);
        onLeave?.();
        reject(abortReason(signal));
      });
    });
  }

  /** Lets the first waiter in with `value`; false when nobody waits. */
  admitNext(value: T): boolean {
    const next = this.#waiters.values().next();
    if (next.done === true) return false;
    this.#waiters.delete(next.value);
    next.value.unlink();
    next.value.resolve(value);
    return true;
  }

  /** Ends every wait: with `outcome.value`, or refused with `outcome.error()`. */
  settle(outcome: { readonly value: T } | { readonly error: () => unknown }): void {
    if (this.#waiters.size === 0) return;
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const waiter of waiters) {
      waiter.unlink();
      if ('value' in outcome) waiter.resolve(outcome.value);
      else waiter.reject(outcome.error());
    }
  }
}

function noop(): void {}
