import {
  type Clock,
  checkBoolean,
  checkFunction,
  checkInteger,
  checkOptionsObject,
  invalidOption,
} from '@leanvibe/core/contracts';
import { LRUCache } from 'lru-cache';
import { asyncCacheWrapper, checkAsyncStore } from './async-cache.js';
import { defaultCacheKey } from './cache-key.js';
import type { AsyncCacheStore, CacheStore } from './cache-store.js';
import { reportCache } from './diagnostics.js';
import { isThenable } from './instance.js';
import {
  type AnyFunction,
  defineMethodDecorator,
  type Method,
  type MethodInfo,
  wrapFunction,
} from './method-decorator.js';
import { checkClock } from './options.js';

/** Options of {@link cachedResult} and {@link cached}. */
export interface CachedResultOptions<KeyArgs extends unknown[] = unknown[]> {
  /** How long a result is served, in milliseconds; `Infinity` never expires. @default 300_000 */
  readonly ttlMs?: number;
  /** How many results are kept (per instance); the least recently used goes first. @default 100 */
  readonly maxSize?: number;
  /**
   * Derives the cache key from the arguments (called with the instance as `this`). Keys are
   * compared like `Map` keys.
   * @default a lone primitive argument as it is, else a canonical string of the arguments
   *   (primitives, arrays, Dates and plain objects; anything else is refused)
   */
  readonly key?: (...args: KeyArgs) => unknown;
  /** Keep serving a rejected promise until it expires, instead of evicting it at once. @default false */
  readonly cacheRejections?: boolean;
  /**
   * Builds the store of one instance (called once per instance, on its first call), e.g.
   * `() => new WeakValueCache()`. `ttlMs` and `maxSize` configure the default store only.
   * @default an LRU cache with `maxSize` and `ttlMs`
   */
  readonly store?: () => CacheStore;
  /** Where the default store reads time from, for `ttlMs`. @default systemClock */
  readonly clock?: Clock;
  /**
   * Keeps results in an asynchronous store (e.g. one shared by several processes) instead: the
   * method then always returns a promise, `ttlMs` is handed to the store with each entry (the
   * store's default when left out), and `maxSize`, `store`, `clock`, `cacheRejections` and
   * `cacheOf` do not apply. One store serves every instance.
   */
  readonly asyncStore?: AsyncCacheStore;
  /** With `asyncStore`: hears the store's errors; without it, a failing `set` rejects the call. */
  readonly onStoreError?: (error: unknown) => void;
}

/**
 * The decorator {@link cachedResult} returns, for TC39 and legacy decorators alike. With a
 * `key` option, the method's parameters must fit the key function's.
 */
export interface CachedResultDecorator<KeyArgs extends unknown[]> {
  /** The TC39 standard decorator form. */
  <This, Args extends KeyArgs, Return>(
    value: (this: This, ...args: Args) => Return,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
  ): (this: This, ...args: Args) => Return;
  /** The legacy (`experimentalDecorators`) form. */
  <F extends (...args: never[]) => unknown>(
    target: object,
    propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<F> &
      (Parameters<F> extends KeyArgs
        ? unknown
        : { readonly refused: 'the method parameters do not fit the `key` function' }),
  ): TypedPropertyDescriptor<F>;
}

interface CacheConfig {
  readonly asyncStore: AsyncCacheStore | undefined;
  readonly asyncTtlMs: number | undefined;
  readonly onStoreError: ((error: unknown) => void) | undefined;
  readonly key: ((...args: unknown[]) => unknown) | undefined;
  readonly cacheRejections: boolean;
  readonly createStore: () => CacheStore;
}

// lru-cache (like a Map used as a cache) cannot tell a stored `undefined` from a miss.
const UNDEFINED: object = Object.freeze({});

function checkStore(store: unknown): CacheStore {
  const methods = ['get', 'set', 'delete', 'clear'];
  if (
    typeof store !== 'object' ||
    store === null ||
    methods.some((method) => typeof (store as Record<string, unknown>)[method] !== 'function')
  ) {
    throw invalidOption(
      'store',
      'a function returning a CacheStore (get, set, delete, clear, size)',
      store,
    );
  }
  return store as CacheStore;
}

function normalize(options: CachedResultOptions<never> | undefined): CacheConfig {
  const given = checkOptionsObject('options', options);
  const asyncStore = given.asyncStore === undefined ? undefined : checkAsyncStore(given.asyncStore);
  if (asyncStore !== undefined) {
    for (const option of ['store', 'maxSize', 'clock', 'cacheRejections'] as const) {
      if (given[option] !== undefined) {
        throw invalidOption(option, 'left out when `asyncStore` is given', given[option]);
      }
    }
  }
  const store = given.store;
  if (store !== undefined) {
    checkFunction('store', store);
    for (const option of ['ttlMs', 'maxSize', 'clock'] as const) {
      if (given[option] !== undefined) {
        throw invalidOption(
          option,
          'left out when `store` is given (configure the store instead)',
          given[option],
        );
      }
    }
  }
  const ttlMs = checkInteger('ttlMs', given.ttlMs ?? 300_000, { min: 1, allowInfinity: true });
  const maxSize = checkInteger('maxSize', given.maxSize ?? 100, { min: 1 });
  const clock = checkClock(given.clock);
  // lru-cache reads a start time of 0 as "no TTL", and clocks (fake timers, a manual clock)
  // often start at 0: shift every reading by 1 ms (only differences matter).
  const perf = { now: () => clock.now() + 1 };
  // With the system clock, lru-cache may reuse a reading for 1 ms (behind an unref'd timer, which
  // fake timers drive too); an injected clock is read on every check, as it moves only by hand.
  const ttlResolution = given.clock === undefined ? 1 : 0;
  const key =
    given.key === undefined
      ? undefined
      : checkFunction<(...args: unknown[]) => unknown>('key', given.key);
  return {
    asyncStore,
    asyncTtlMs: given.ttlMs === undefined ? undefined : ttlMs,
    onStoreError:
      given.onStoreError === undefined
        ? undefined
        : checkFunction<(error: unknown) => void>('onStoreError', given.onStoreError),
    key,
    cacheRejections: checkBoolean('cacheRejections', given.cacheRejections ?? false),
    createStore:
      store === undefined
        ? () =>
            new LRUCache<object, object>({
              max: maxSize,
              ...(ttlMs === Infinity ? {} : { ttl: ttlMs, perf, ttlResolution }),
            }) as unknown as CacheStore
        : () => checkStore(store()),
  };
}

/** What `cacheOf` needs of a cached method. */
export interface CachedMethod {
  /** The store of `self`, if it has one yet. */
  existing(self: unknown): CacheStore | undefined;
  keyOf(self: unknown, args: readonly unknown[]): unknown;
}

/** Every wrapper made by `cachedResult` or `cached`, with its cache. */
export const cachedMethods = new WeakMap<object, CachedMethod>();

function cacheWrapper(config: CacheConfig, perInstance: boolean) {
  const { asyncStore } = config;
  if (asyncStore !== undefined) {
    const { key } = config;
    return asyncCacheWrapper({
      store: asyncStore,
      ttlMs: config.asyncTtlMs,
      onStoreError: config.onStoreError,
      keyOf: (self, args) =>
        key === undefined ? defaultCacheKey(args) : key.apply(self, args as unknown[]),
    });
  }
  return (original: Method, info: MethodInfo): Method => {
    const method = String(info.name);
    const stores = new WeakMap<object, CacheStore>();
    let shared: CacheStore | undefined;
    const storeOf = (self: unknown): CacheStore => {
      if (
        !perInstance ||
        (typeof self !== 'object' && typeof self !== 'function') ||
        self === null
      ) {
        shared ??= config.createStore();
        return shared;
      }
      let store = stores.get(self);
      if (store === undefined) {
        store = config.createStore();
        stores.set(self, store);
      }
      return store;
    };
    const { key } = config;
    const keyOf = (self: unknown, args: readonly unknown[]): unknown =>
      key === undefined ? defaultCacheKey(args) : key.apply(self, args as unknown[]);

    const wrapper = function cachedResult(this: unknown, ...args: unknown[]): unknown {
      const store = storeOf(this);
      const cacheKey = keyOf(this, args);
      const hit = store.get(cacheKey);
      if (hit !== undefined) {
        reportCache(method, 'hit', 'memory');
        return hit === UNDEFINED ? undefined : hit;
      }
      reportCache(method, 'miss', 'memory');
      const result = original.apply(this, args);
      store.set(cacheKey, result === undefined ? UNDEFINED : result);
      // The promise is cached before it settles, so concurrent callers of one key share one
      // call; a rejection is evicted (if it is still the entry) so the next call retries.
      if (!config.cacheRejections && isThenable(result)) {
        result.then(undefined, () => {
          if (store.get(cacheKey) === result) store.delete(cacheKey);
        });
      }
      return result;
    };
    cachedMethods.set(wrapper, {
      existing: (self) =>
        !perInstance || (typeof self !== 'object' && typeof self !== 'function') || self === null
          ? shared
          : stores.get(self),
      keyOf,
    });
    return wrapper;
  };
}

/**
 * Caches a method's results, per instance (two instances never see each other's results), in
 * an LRU cache with `maxSize` entries and a `ttlMs` lifetime. The promise of an asynchronous
 * method is cached at once, so concurrent callers of one key share one call; a rejection is
 * evicted, never served (unless `cacheRejections`). A thrown error caches nothing.
 * `cacheOf` invalidates or clears an instance's results.
 *
 * Works as a TC39 decorator and as a legacy (`experimentalDecorators`) one.
 *
 * @example
 * ```ts
 * class Users {
 *   @cachedResult({ ttlMs: 60_000, maxSize: 500 })
 *   async byId(id: string): Promise<User> {
 *     return db.load(id);
 *   }
 * }
 * const users = new Users();
 * await users.byId('u1'); // loads
 * await users.byId('u1'); // served from the cache
 * cacheOf(users, 'byId').invalidate('u1');
 * ```
 */
export function cachedResult<KeyArgs extends unknown[] = unknown[]>(
  options?: CachedResultOptions<KeyArgs>,
): CachedResultDecorator<KeyArgs> {
  const config = normalize(options as CachedResultOptions<never> | undefined);
  return defineMethodDecorator(
    'cachedResult',
    cacheWrapper(config, true),
  ) as unknown as CachedResultDecorator<KeyArgs>;
}

/**
 * The function form of {@link cachedResult}: `fn` with one cache of its own (not one per
 * `this`). Its type is kept; `cacheOf(fn)` controls the cache.
 *
 * @example
 * ```ts
 * const lookup = cached(async (host: string) => resolveHost(host), { ttlMs: 30_000 });
 * ```
 */
export function cached<F extends AnyFunction>(
  fn: F,
  options?: CachedResultOptions<Parameters<F>>,
): F {
  checkFunction('fn', fn);
  const config = normalize(options as CachedResultOptions<never> | undefined);
  return wrapFunction(
    fn as unknown as Method,
    { name: fn.name || 'anonymous' },
    cacheWrapper(config, false),
  ) as unknown as F;
}
