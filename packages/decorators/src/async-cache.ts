import { invalidArgument, invalidOption } from '@leanvibe/core/contracts';
import type { AsyncCacheStore } from './cache-store.js';
import { reportCache } from './diagnostics.js';
import type { Method, MethodInfo } from './method-decorator.js';

/** The asynchronous-store half of `cachedResult`'s settings. */
export interface AsyncCacheConfig {
  readonly store: AsyncCacheStore;
  readonly ttlMs: number | undefined;
  readonly keyOf: (self: unknown, args: readonly unknown[]) => unknown;
  readonly onStoreError: ((error: unknown) => void) | undefined;
}

/** Checks an `asyncStore` option. */
export function checkAsyncStore(store: unknown): AsyncCacheStore {
  const methods = ['get', 'set', 'delete'];
  if (
    typeof store !== 'object' ||
    store === null ||
    methods.some((method) => typeof (store as Record<string, unknown>)[method] !== 'function')
  ) {
    throw invalidOption('asyncStore', 'an AsyncCacheStore (get, set, delete)', store);
  }
  return store as AsyncCacheStore;
}

/** The string a key is stored under: the method's name, then the key (a string as it is). */
function storeKey(name: string, key: unknown): string {
  if (typeof key === 'string') return `${name}:${key}`;
  if (typeof key === 'number' || typeof key === 'boolean' || key === null) {
    return `${name}:${typeof key}:${String(key)}`;
  }
  throw invalidArgument('key', 'a string, number, boolean or null for an asyncStore', key);
}

/**
 * Wraps a method so its results live in an asynchronous store. The wrapper always returns a
 * promise. Concurrent callers of one key in this process share one lookup and one call; a
 * rejection is never stored; an `undefined` result is not stored (a miss reads the same). A
 * failing `get` counts as a miss; a failing `set` rejects the call unless `onStoreError` is given.
 */
export function asyncCacheWrapper(config: AsyncCacheConfig) {
  return (original: Method, info: MethodInfo): Method => {
    const name = String(info.name);
    const inflight = new Map<string, Promise<unknown>>();
    const { store, ttlMs, onStoreError } = config;
    const report = (error: unknown): void => {
      if (onStoreError === undefined) throw error;
      onStoreError(error);
    };
    const run = async (self: unknown, args: unknown[], key: string): Promise<unknown> => {
      let hit: unknown;
      try {
        hit = await store.get(key);
      } catch (error) {
        onStoreError?.(error);
      }
      if (hit !== undefined) {
        reportCache(name, 'hit', 'async');
        return hit;
      }
      reportCache(name, 'miss', 'async');
      const value = await original.apply(self, args);
      if (value === undefined) return value;
      try {
        await store.set(key, value, ttlMs);
      } catch (error) {
        report(error);
      }
      return value;
    };
    return function cachedResult(this: unknown, ...args: unknown[]): Promise<unknown> {
      let key: string;
      try {
        key = storeKey(name, config.keyOf(this, args));
      } catch (error) {
        return Promise.reject(error);
      }
      const running = inflight.get(key);
      if (running !== undefined) {
        reportCache(name, 'hit', 'async');
        return running;
      }
      const promise = run(this, args, key);
      inflight.set(key, promise);
      const done = (): void => {
        if (inflight.get(key) === promise) inflight.delete(key);
      };
      promise.then(done, done);
      return promise;
    };
  };
}
