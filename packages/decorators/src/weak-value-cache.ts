import {
  type Clock,
  checkInteger,
  checkOptionsObject,
  invalidArgument,
} from '@leanvibe/core/contracts';
import type { CacheStore } from './cache-store.js';
import { isThenable } from './instance.js';
import { checkClock } from './options.js';

/** Options of {@link WeakValueCache}. */
export interface WeakValueCacheOptions {
  /** How long an entry may be served, in milliseconds (while its value is still alive). @default Infinity */
  readonly ttlMs?: number;
  /** Where time comes from. @default systemClock */
  readonly clock?: Clock;
}

interface Entry {
  /** A promise still pending: held strongly until it settles. */
  pending: PromiseLike<unknown> | undefined;
  ref: WeakRef<object> | undefined;
  /** The value came from a promise: `get` hands out a promise of it. */
  readonly async: boolean;
  readonly expiresAt: number;
}

/**
 * A map whose values are held **weakly**: an entry lives as long as something else holds its
 * value, and disappears after the garbage collector reclaims it (a `FinalizationRegistry`
 * removes the key). It suits large objects you would rather recompute than keep alive — the
 * weak-reference cache of the plugin guide — and fits `cachedResult` as its `store`.
 *
 * Values must be objects. A promise is held strongly while pending; once fulfilled, its value
 * is held weakly and `get` returns a promise of it (a rejected promise, or one fulfilled with a
 * primitive, is dropped).
 *
 * @example
 * ```ts
 * const images = new WeakValueCache<string, Uint8Array>();
 * images.set('logo', bytes);
 * images.get('logo'); // the bytes, while something else still holds them
 * ```
 */
export class WeakValueCache<K = unknown, V extends object = object> implements CacheStore {
  readonly #entries = new Map<K, Entry>();
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #registry = new FinalizationRegistry<K>((key) => {
    const entry = this.#entries.get(key);
    if (entry?.ref !== undefined && entry.ref.deref() === undefined) this.#entries.delete(key);
  });

  constructor(options?: WeakValueCacheOptions) {
    const given = checkOptionsObject('options', options);
    this.#ttlMs = checkInteger('ttlMs', given.ttlMs ?? Infinity, { min: 1, allowInfinity: true });
    this.#clock = checkClock(given.clock);
  }

  /** How many keys are held; values already collected may count until their key is removed. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value for `key`, or `undefined` when there is none, it expired, or it was collected. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (this.#clock.now() > entry.expiresAt) {
      this.delete(key);
      return undefined;
    }
    if (entry.pending !== undefined) return entry.pending as V;
    const value = entry.ref?.deref();
    if (value === undefined) {
      this.delete(key);
      return undefined;
    }
    return (entry.async ? Promise.resolve(value) : value) as V;
  }

  /** True when {@link WeakValueCache.get} would return a value. */
  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** Holds `value` weakly under `key` (a pending promise strongly, until it settles). */
  set(key: K, value: V): this {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
      throw invalidArgument('value', 'an object (WeakValueCache holds values weakly)', value);
    }
    this.delete(key);
    const expiresAt = this.#ttlMs === Infinity ? Infinity : this.#clock.now() + this.#ttlMs;
    if (!isThenable(value)) {
      const entry: Entry = { pending: undefined, ref: new WeakRef(value), async: false, expiresAt };
      this.#entries.set(key, entry);
      this.#registry.register(value, key, entry);
      return this;
    }
    const entry: Entry = { pending: value, ref: undefined, async: true, expiresAt };
    this.#entries.set(key, entry);
    value.then(
      (settled) => {
        if (this.#entries.get(key) !== entry) return;
        entry.pending = undefined;
        if ((typeof settled !== 'object' && typeof settled !== 'function') || settled === null) {
          this.#entries.delete(key);
          return;
        }
        entry.ref = new WeakRef(settled);
        this.#registry.register(settled, key, entry);
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return this;
  }

  /** Removes `key`; true when it was there. */
  delete(key: K): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#registry.unregister(entry);
    return this.#entries.delete(key);
  }

  /** Removes every entry. */
  clear(): void {
    for (const entry of this.#entries.values()) this.#registry.unregister(entry);
    this.#entries.clear();
  }
}
