import type { AcquireOptions, Lease, ResourcePool, UseOptions } from '@leanvibe/core/contracts';
import type { PoolEvents, PoolListener } from './events.js';

/** Options of {@link Pool.acquire}, {@link Pool.lease} and {@link Pool.use}. */
export interface PoolAcquireOptions extends AcquireOptions {
  /**
   * Waiters with a higher priority are served first; equal priorities are served in arrival
   * order. Any finite number. @default 0
   */
  readonly priority?: number;
}

/** Options of {@link Pool.use}. */
export interface PoolUseOptions extends UseOptions, PoolAcquireOptions {}

/** Options of {@link Pool.drain} and {@link Pool.close}. */
export interface DrainOptions {
  /**
   * Stops waiting: the returned promise rejects with the abort reason. The pool stays closed,
   * and resources still out on loan are destroyed when they come back.
   */
  readonly signal?: AbortSignal;
}

/** Where a pool is in its life. */
export type PoolState = 'open' | 'draining' | 'closed';

/** A snapshot of a pool, from {@link Pool.stats}. */
export interface PoolStats {
  readonly state: PoolState;
  /** Resources that exist: `available + borrowed + validating`. */
  readonly size: number;
  /** Idle resources ready to lend. */
  readonly available: number;
  /** Resources out on loan. */
  readonly borrowed: number;
  /** Idle resources being validated before a loan. */
  readonly validating: number;
  /** Callers waiting in `acquire`. */
  readonly pending: number;
  /** Resources being created (each possibly retrying). */
  readonly creating: number;
  /** `destroy` calls in flight. */
  readonly destroying: number;
  readonly min: number;
  readonly max: number;
  /** Resources `create` delivered, ever. */
  readonly created: number;
  /** `destroy` calls made, ever (one per created resource, at most). */
  readonly destroyed: number;
  /** Failed `create` attempts, retries included. */
  readonly createErrors: number;
  /** `destroy` calls that threw, rejected or timed out. */
  readonly destroyErrors: number;
  /** Idle resources that `validate` rejected. */
  readonly validationFailures: number;
  /** Loans made, ever. */
  readonly acquired: number;
  /** `acquire` calls that ran out of `acquireTimeoutMs`. */
  readonly acquireTimeouts: number;
}

/**
 * A pool of reusable resources: core's {@link ResourcePool} plus priorities, broken-resource
 * destruction, drain/close, stats and events. Made by `createPool`.
 */
export interface Pool<T> extends ResourcePool<T>, AsyncDisposable {
  /** The `name` option: how errors and metric labels call this pool. */
  readonly name: string;
  /**
   * Borrows a resource: an idle one (validated first when `validate` is given), a new one while
   * fewer than `max` exist, or the next one returned. Rejects with `PoolAcquireTimeoutError`
   * after `acquireTimeoutMs`, `PoolQueueFullError` when `maxWaiting` callers wait already,
   * `PoolCreateError` when creating failed on every attempt, `PoolClosedError` once drained or
   * closed, or the signal's reason when aborted. A caller that gave up never receives a resource.
   */
  acquire(options?: PoolAcquireOptions): Promise<T>;
  /**
   * Returns a borrowed resource. Rejects with `PoolReleaseError` (and changes nothing) for a
   * resource that is not out on loan: released twice, or never lent by this pool.
   */
  release(resource: T): Promise<void>;
  /**
   * Destroys a borrowed resource that is broken, instead of returning it; a waiter gets a new
   * one. Resolves when `destroy` has settled (its failure goes to the `destroyError` event).
   */
  destroy(resource: T): Promise<void>;
  /** Borrows a resource as a {@link Lease}: `await using lease = await pool.lease()`. */
  lease(options?: PoolAcquireOptions): Promise<Lease<T>>;
  /**
   * Runs `fn` with a borrowed resource and releases it when `fn` settles, or destroys it when
   * `fn` threw and `destroyOnError` is set. Resolves or rejects as `fn` did.
   */
  use<R>(fn: (resource: T) => R | Promise<R>, options?: PoolUseOptions): Promise<R>;
  /**
   * Stops taking new callers (`acquire` rejects with `PoolClosedError`), serves those already
   * waiting, waits for every loan to come back, destroys every resource, and resolves. Every
   * timer is cleared. Calling it again returns the same outcome.
   */
  drain(options?: DrainOptions): Promise<void>;
  /** Like {@link Pool.drain}, but rejects the callers already waiting with `PoolClosedError`. */
  close(options?: DrainOptions): Promise<void>;
  /** `close()`, for `await using pool = createPool(...)`. */
  [Symbol.asyncDispose](): Promise<void>;
  /** A snapshot of the pool's counts. */
  stats(): PoolStats;
  /**
   * Listens to an event (see {@link PoolEvents}); returns a function that removes the listener.
   *
   * @example
   * ```ts
   * const off = pool.on('createError', ({ error, attempt }) => log.warn({ error, attempt }));
   * ```
   */
  on<K extends keyof PoolEvents<T>>(event: K, listener: PoolListener<T, K>): () => void;
}
