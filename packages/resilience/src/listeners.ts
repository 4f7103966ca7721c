import { invalidArgument } from '@leanvibe/core/contracts';

/** Removes the listener it was returned for. Calling it twice is harmless. */
export type Unsubscribe = () => void;

/**
 * An ordered set of listeners for one event. Listeners run synchronously, in the order they
 * were added; one that throws does not disturb the policy or the other listeners: its error is
 * rethrown from a microtask, as Node reports errors of `EventTarget` listeners.
 */
export class Listeners<E> {
  #list: ((event: E) => void)[] = [];

  /** How many listeners are registered. */
  get size(): number {
    return this.#list.length;
  }

  /** Adds `listener`; returns the function that removes it. */
  add(listener: (event: E) => void): Unsubscribe {
    if (typeof listener !== 'function') {
      throw invalidArgument('listener', 'a function', listener);
    }
    // Copy on write: an emit in progress keeps iterating the list it started with.
    this.#list = [...this.#list, listener];
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const index = this.#list.indexOf(listener);
      if (index !== -1) this.#list = this.#list.filter((_, i) => i !== index);
    };
  }

  /** Calls every listener with `event`. */
  emit(event: E): void {
    const list = this.#list;
    for (let i = 0; i < list.length; i++) {
      try {
        list[i]!(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
