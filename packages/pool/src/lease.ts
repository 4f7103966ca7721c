import type { Lease } from '@leanvibe/core/contracts';
import type { PoolCoreState } from './core-state.js';
import { type Entry, unref } from './entry.js';
import { PoolReleaseError } from './errors.js';

/** What a lease needs from its pool. */
export interface LeaseOwner<T> {
  readonly name: string;
  release(resource: T): Promise<void>;
  destroy(resource: T): Promise<void>;
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * One loan of a resource. Ending it twice rejects without touching the pool, so a stale lease
 * can never return a resource that has since been lent to someone else.
 */
export class PoolLease<T> implements Lease<T> {
  readonly resource: T;
  #owner: LeaseOwner<T>;
  #ended = false;

  constructor(owner: LeaseOwner<T>, resource: T) {
    this.#owner = owner;
    this.resource = resource;
  }

  /** Whether the lease was released or destroyed. */
  get ended(): boolean {
    return this.#ended;
  }

  release(): Promise<void> {
    if (this.#ended) return this.#rejectEnded('release');
    this.#ended = true;
    return this.#owner.release(this.resource);
  }

  destroy(): Promise<void> {
    if (this.#ended) return this.#rejectEnded('destroy');
    this.#ended = true;
    return this.#owner.destroy(this.resource);
  }

  [Symbol.asyncDispose](): Promise<void> {
    if (this.#ended) return RESOLVED;
    this.#ended = true;
    return this.#owner.release(this.resource);
  }

  #rejectEnded(action: string): Promise<void> {
    return Promise.reject(
      new PoolReleaseError(
        this.#owner.name,
        'lease-ended',
        `cannot ${action} through a lease of pool "${this.#owner.name}" that already ended`,
      ),
    );
  }
}

/** The stack of the caller of `acquire` (the pool's own frames left out): where a leak starts. */
export function acquireStack(acquire: (...args: never[]) => unknown): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, acquire);
  return `acquired${holder.stack?.slice('Error'.length) ?? ''}`;
}

/** Arms the `leaseTimeoutMs` watch of the loan of `entry` that started now. */
export function watchLease<T>(core: PoolCoreState<T>, entry: Entry<T>, acquiredAt: string): void {
  const { clock, events, options } = core;
  const borrowedAt = clock.now();
  entry.leaseTimer = unref(
    clock.setTimeout(() => {
      entry.leaseTimer = undefined;
      const info = Object.freeze({
        resource: entry.resource,
        borrowedForMs: clock.now() - borrowedAt,
        acquiredAt,
      });
      events.emit('leaseTimeout', info);
      const callback = options.onLeaseTimeout;
      if (callback === undefined) return;
      try {
        callback(info);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }, options.leaseTimeoutMs),
  );
}
