/**
 * Where `cachedResult` keeps a method's results. The default is an LRU cache (with `maxSize`
 * and `ttlMs`); `WeakValueCache` is the alternative for large objects. Any object with these
 * members fits, so a store of your own (a size-aware LRU, a two-level cache) can be given too.
 *
 * `get` returns `undefined` for a miss; values are what the method returned (for an
 * asynchronous method, its promise).
 */
export interface CacheStore {
  get(key: unknown): unknown;
  set(key: unknown, value: unknown): unknown;
  delete(key: unknown): boolean;
  clear(): void;
  /** How many entries are held. */
  readonly size: number;
}

/**
 * A cache that answers asynchronously, possibly shared by several processes (a Redis cache):
 * `cachedResult({ asyncStore })` keeps results there. Keys are strings; `get` resolves to
 * `undefined` for a miss; `set` stores a value for `ttlMs` milliseconds (the store's own
 * default when `undefined`) and rejects when it cannot keep the value as it is.
 */
export interface AsyncCacheStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<unknown>;
}
