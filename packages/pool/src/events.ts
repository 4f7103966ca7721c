import type { LeaseTimeoutInfo } from './options.js';

/** Why the pool destroyed a resource. */
export type DestroyReason =
  /** Idle beyond `min` for `idleTimeoutMs`. */
  | 'idle'
  /** Lent `maxUses` times. */
  | 'maxUses'
  /** Older than `maxLifetimeMs`. */
  | 'maxLifetime'
  /** `validate` said no, or threw. */
  | 'invalid'
  /** The borrower called `destroy`. */
  | 'destroyed'
  /** The pool drained or closed. */
  | 'drain'
  /** `create` delivered it after its attempt had timed out or the pool had closed. */
  | 'late';

/** Every event a pool emits, by name, with its payload (a frozen object). */
export interface PoolEvents<T> {
  /** `create` delivered a new resource. */
  create: { readonly resource: T };
  /** A `create` attempt failed; `attempt` is 1-based (retries of one create count up). */
  createError: { readonly error: Error; readonly attempt: number };
  /** The pool called `destroy` for a resource. */
  destroy: { readonly resource: T; readonly reason: DestroyReason };
  /** A `destroy` call threw, rejected or timed out. */
  destroyError: { readonly resource: T; readonly error: Error };
  /** `validate` rejected an idle resource (`error` when it threw). */
  validationFailed: { readonly resource: T; readonly error: Error | undefined };
  /** A resource was lent; `waitedMs` is 0 when one was ready. */
  acquire: { readonly resource: T; readonly waitedMs: number };
  /** A resource came back. */
  release: { readonly resource: T };
  /** A loan outlived `leaseTimeoutMs`. */
  leaseTimeout: LeaseTimeoutInfo<T>;
  /** The pool finished draining: every resource is destroyed. */
  closed: { readonly created: number; readonly destroyed: number };
}

/** A listener of one {@link PoolEvents} event. */
export type PoolListener<T, K extends keyof PoolEvents<T>> = (payload: PoolEvents<T>[K]) => void;

type Listeners<T> = { [K in keyof PoolEvents<T>]: PoolListener<T, K>[] | undefined };

// Every key present from the start: one object shape, so `has()` stays a fast property read.
function noListeners<T>(): Listeners<T> {
  return {
    create: undefined,
    createError: undefined,
    destroy: undefined,
    destroyError: undefined,
    validationFailed: undefined,
    acquire: undefined,
    release: undefined,
    leaseTimeout: undefined,
    closed: undefined,
  };
}

/**
 * Typed listeners. A listener that throws never disturbs the pool: its error is rethrown on
 * the next microtask, where it surfaces as an uncaught exception like an EventEmitter's.
 */
export class PoolEmitter<T> {
  #listeners: Listeners<T> = noListeners();
  /** Whether anyone listens to `acquire`: a plain field, read on the hot path. */
  observesAcquire = false;
  /** Whether anyone listens to `release`. */
  observesRelease = false;

  /** Whether anyone listens to `event`: check before building a payload. */
  has(event: keyof PoolEvents<T>): boolean {
    return this.#listeners[event] !== undefined;
  }

  #changed(): void {
    this.observesAcquire = this.#listeners.acquire !== undefined;
    this.observesRelease = this.#listeners.release !== undefined;
  }

  on<K extends keyof PoolEvents<T>>(event: K, listener: PoolListener<T, K>): () => void {
    const list = (this.#listeners[event] ?? []) as PoolListener<T, K>[];
    // Copy on write: an emit in progress keeps the array it started with.
    (this.#listeners as Record<K, PoolListener<T, K>[]>)[event] = [...list, listener];
    this.#changed();
    return () => {
      const current = this.#listeners[event] as PoolListener<T, K>[] | undefined;
      if (current === undefined) return;
      const index = current.indexOf(listener);
      if (index === -1) return;
      const rest = current.filter((_, i) => i !== index);
      if (rest.length === 0) this.#listeners[event] = undefined;
      else (this.#listeners as Record<K, PoolListener<T, K>[]>)[event] = rest;
      this.#changed();
    };
  }

  emit<K extends keyof PoolEvents<T>>(event: K, payload: PoolEvents<T>[K]): void {
    const list = this.#listeners[event] as PoolListener<T, K>[] | undefined;
    if (list === undefined) return;
    const frozen = Object.freeze(payload) as PoolEvents<T>[K];
    for (const listener of list) {
      try {
        listener(frozen);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
