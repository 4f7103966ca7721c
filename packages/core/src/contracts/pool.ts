/** A borrowed resource that returns itself to the pool; works with `await using`. */
export interface Lease<T> {
  readonly resource: T;
  /** Returns the resource to the pool. Calling it twice rejects. */
  release(): Promise<void>;
  /** Destroys the resource (it is broken) instead of returning it. */
  destroy(): Promise<void>;
  /** Releases the resource unless it was already released or destroyed. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Options of {@link ResourcePool.acquire} and {@link ResourcePool.lease}. */
export interface AcquireOptions {
  /** Gives up waiting when aborted; the waiter leaves the queue at once. */
  readonly signal?: AbortSignal;
}

/** Options of {@link ResourcePool.use}. */
export interface UseOptions extends AcquireOptions {
  /** Destroy the resource instead of releasing it when `fn` throws. @default false */
  readonly destroyOnError?: boolean;
}

/** A pool of reusable resources (connections, workers). */
export interface ResourcePool<T> {
  acquire(options?: AcquireOptions): Promise<T>;
  /** Returns a resource; rejects on a double release or a resource this pool never lent. */
  release(resource: T): Promise<void>;
  lease(options?: AcquireOptions): Promise<Lease<T>>;
  /** Runs `fn` with a resource and releases it when `fn` settles (or destroys it, see `destroyOnError`). */
  use<R>(fn: (resource: T) => R | Promise<R>, options?: UseOptions): Promise<R>;
}
