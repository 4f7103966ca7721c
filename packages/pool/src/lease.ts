import type { Lease } from '@leanvibe/core/contracts';
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
