import { abortReason, invalidArgument, type Lease } from '@leanvibe/core/contracts';
import { readAcquireOptions } from './arguments.js';
import { PoolCore } from './core.js';
import { BORROWED } from './entry.js';
import { releaseError } from './errors.js';
import type { PoolEvents, PoolListener } from './events.js';
import { acquireStack, PoolLease } from './lease.js';
import { destroyEntry } from './lifecycle.js';
import { type PoolOptions, resolvePoolOptions } from './options.js';
import { poolClosedError } from './shutdown.js';
import { poolStats } from './stats.js';
import type { DrainOptions, Pool, PoolAcquireOptions, PoolStats, PoolUseOptions } from './types.js';

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Creates a pool of resources (connections, clients, workers) that never hangs and never leaks:
 * waiters are served in priority then arrival order and give up on abort or `acquireTimeoutMs`;
 * a failing `create` is retried with bounded backoff and then rejects the waiter it was for;
 * idle resources beyond `min` are evicted; `drain()` and `close()` destroy every resource and
 * clear every timer.
 *
 * @example
 * ```ts
 * const pool = createPool({
 *   create: () => openConnection(),
 *   destroy: (connection) => connection.close(),
 *   max: 10,
 * });
 * const rows = await pool.use((connection) => connection.query('select 1'));
 * await pool.close();
 * ```
 */
export function createPool<T>(options: PoolOptions<T>): Pool<T> {
  return new ResourcePoolImpl(new PoolCore(resolvePoolOptions(options)));
}

/** The public face of a pool: checks each call's arguments, then hands it to the core. */
class ResourcePoolImpl<T> implements Pool<T> {
  readonly #core: PoolCore<T>;

  constructor(core: PoolCore<T>) {
    this.#core = core;
  }

  acquire(options?: PoolAcquireOptions): Promise<T> {
    let signal: AbortSignal | undefined;
    let priority = 0;
    if (options !== undefined) {
      const read = readAcquireOptions(options);
      if (read instanceof Error) return Promise.reject(read);
      ({ signal, priority } = read);
    }
    const core = this.#core;
    if (core.state !== 'open') return Promise.reject(poolClosedError(core));
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    const stack = core.trackLeases ? acquireStack(this.acquire) : undefined;
    // The fast path: nobody ahead, an idle resource, nothing to validate.
    if (core.waiters.size === 0 && core.validate === undefined) {
      const entry = core.takeIdle();
      if (entry !== undefined) {
        core.lend(entry, 0, stack);
        return Promise.resolve(entry.resource);
      }
    }
    return core.wait(signal, priority, stack);
  }

  release(resource: T): Promise<void> {
    const core = this.#core;
    const entry = core.entries.get(resource);
    if (entry === undefined || entry.state !== BORROWED) {
      return Promise.reject(
        releaseError(core.options.name, resource, entry !== undefined, 'release'),
      );
    }
    core.giveBack(entry);
    return RESOLVED;
  }

  destroy(resource: T): Promise<void> {
    const core = this.#core;
    const entry = core.entries.get(resource);
    if (entry === undefined || entry.state !== BORROWED) {
      return Promise.reject(
        releaseError(core.options.name, resource, entry !== undefined, 'destroy'),
      );
    }
    core.borrowed--;
    const settled = new Promise<void>((resolve) => destroyEntry(core, entry, 'destroyed', resolve));
    core.dispatch();
    core.checkDrained();
    return settled;
  }

  lease(options?: PoolAcquireOptions): Promise<Lease<T>> {
    return this.acquire(options).then((resource) => new PoolLease(this, resource));
  }

  get name(): string {
    return this.#core.options.name;
  }

  async use<R>(fn: (resource: T) => R | Promise<R>, options?: PoolUseOptions): Promise<R> {
    if (typeof fn !== 'function') throw invalidArgument('fn', 'a function', fn);
    const resource = await this.acquire(options);
    let result: R;
    try {
      result = await fn(resource);
    } catch (error) {
      // fn's error is what the caller needs; a failing give-back (fn released it itself) is not.
      const giveBack =
        options?.destroyOnError === true ? this.destroy(resource) : this.release(resource);
      await giveBack.catch(() => undefined);
      throw error;
    }
    await this.release(resource);
    return result;
  }

  drain(options?: DrainOptions): Promise<void> {
    return this.#shutdown(false, options);
  }

  close(options?: DrainOptions): Promise<void> {
    return this.#shutdown(true, options);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  on<K extends keyof PoolEvents<T>>(event: K, listener: PoolListener<T, K>): () => void {
    if (typeof listener !== 'function') throw invalidArgument('listener', 'a function', listener);
    return this.#core.events.on(event, listener);
  }

  stats(): PoolStats {
    return poolStats(this.#core);
  }

  #shutdown(rejectWaiters: boolean, options: DrainOptions | undefined): Promise<void> {
    const signal = options?.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      return Promise.reject(invalidArgument('signal', 'an AbortSignal', signal));
    }
    return this.#core.shutdown(rejectWaiters, signal);
  }
}
