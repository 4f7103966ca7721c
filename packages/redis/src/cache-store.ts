import { isDeepStrictEqual } from 'node:util';
import {
  assertJsonSafe,
  type Clock,
  checkInteger,
  checkOptionsObject,
  checkString,
  invalidOption,
  type MetricsSink,
  systemClock,
} from '@leanvibe/core/contracts';
import type { AsyncCacheStore } from '@leanvibe/decorators';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { checkClient, checkMetrics, count, REDIS_METRICS } from './client.js';
import { RedisCacheValueError } from './errors.js';

/** Turns values into the strings Redis keeps, and back. */
export interface CacheCodec {
  encode(value: unknown): string;
  decode(text: string): unknown;
}

/** Options of {@link redisCacheStore}. */
export interface RedisCacheStoreOptions {
  /** The app's ioredis client; this store never closes it. */
  readonly client: Redis;
  /** Prefix of every key. @default 'leanvibe:cache' */
  readonly prefix?: string;
  /** How long an entry lives when `set` names no TTL, in milliseconds. @default 300000 */
  readonly ttlMs?: number;
  /**
   * How values become strings. A value is cached only if decoding its encoding gives an equal
   * value (deep equality). @default JSON, refusing what JSON would change (see `assertJsonSafe`)
   */
  readonly codec?: CacheCodec;
  /** An in-process LRU in front of Redis, holding this many entries (at most `ttlMs` each). @default none */
  readonly localMaxSize?: number;
  /** Receives `leanvibe_redis_cache_lookups_total`. */
  readonly metrics?: MetricsSink;
  /** The time the local LRU expires entries by (Redis expires its own). @default systemClock */
  readonly clock?: Clock;
}

/** The {@link AsyncCacheStore} `redisCacheStore` returns. */
export interface RedisCacheStore extends AsyncCacheStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<boolean>;
}

const JSON_CODEC: CacheCodec = { encode: (value) => JSON.stringify(value), decode: JSON.parse };

/**
 * A cache in Redis for `cachedResult({ asyncStore })`, shared by every process using the same
 * Redis and prefix. Values cross as JSON by default; a value the codec cannot give back
 * unchanged is refused with `RedisCacheValueError` (`REDIS_CACHE_VALUE`), never cached changed.
 *
 * @example
 * ```ts
 * const store = redisCacheStore({ client: redis, prefix: 'shop:cache', ttlMs: 60_000 });
 * class Prices {
 *   @cachedResult({ asyncStore: store })
 *   async of(sku: string) { return loadPrice(sku); }
 * }
 * ```
 */
export function redisCacheStore(options: RedisCacheStoreOptions): RedisCacheStore {
  const given = checkOptionsObject('options', options);
  const client = checkClient(given.client);
  const prefix = checkString('prefix', given.prefix ?? 'leanvibe:cache');
  const ttlMs = checkInteger('ttlMs', given.ttlMs ?? 300_000, { min: 1 });
  const codec = given.codec ?? JSON_CODEC;
  if (typeof codec?.encode !== 'function' || typeof codec.decode !== 'function') {
    throw invalidOption('codec', 'a codec (encode, decode)', given.codec);
  }
  const metrics = checkMetrics(given.metrics);
  const clock = given.clock ?? systemClock;
  if (typeof clock?.now !== 'function') {
    throw invalidOption('clock', 'a Clock (now, setTimeout, clearTimeout)', given.clock);
  }
  const origin = clock.now() - 1;
  const local =
    given.localMaxSize === undefined
      ? undefined
      : new LRUCache<string, { value: unknown }>({
          max: checkInteger('localMaxSize', given.localMaxSize, { min: 1 }),
          ttl: ttlMs,
          // lru-cache treats a start time of 0 as "no TTL", so its time starts at 1.
          perf: { now: () => clock.now() - origin },
          // Read the clock on every check; lru-cache's default caches it behind a 1 ms timer.
          ttlResolution: 0,
        });
  const lookup = (result: string): void =>
    count(metrics, REDIS_METRICS.cacheLookups, { prefix, result });
  const encode = (key: string, value: unknown): string => {
    if (given.codec === undefined) {
      try {
        assertJsonSafe(value, 'value');
      } catch (error) {
        throw new RedisCacheValueError(key, (error as Error).message, error);
      }
    }
    let text: string;
    let back: unknown;
    try {
      text = codec.encode(value);
      back = codec.decode(text);
    } catch (error) {
      throw new RedisCacheValueError(key, `the codec failed: ${(error as Error).message}`, error);
    }
    if (typeof text !== 'string' || !isDeepStrictEqual(back, value)) {
      throw new RedisCacheValueError(key, 'the codec does not give it back unchanged');
    }
    return text;
  };

  return {
    async get(key) {
      const near = local?.get(key);
      if (near !== undefined) {
        lookup('local-hit');
        return near.value;
      }
      const name = `${prefix}:${key}`;
      let text: string | null;
      let remainingMs = -1;
      try {
        if (local === undefined) {
          text = await client.get(name);
        } else {
          [text, remainingMs] = await readWithTtl(client, name);
        }
      } catch (error) {
        lookup('error');
        throw error;
      }
      if (text === null) {
        lookup('miss');
        return undefined;
      }
      lookup('hit');
      const value = codec.decode(text);
      // Held locally no longer than Redis still holds it.
      if (remainingMs > 0) local?.set(key, { value }, { ttl: Math.min(remainingMs, ttlMs) });
      return value;
    },
    async set(key, value, entryTtlMs) {
      const ms = entryTtlMs === undefined ? ttlMs : checkInteger('ttlMs', entryTtlMs, { min: 1 });
      const text = encode(key, value);
      await client.set(`${prefix}:${key}`, text, 'PX', ms);
      local?.set(key, { value }, { ttl: Math.min(ms, ttlMs) });
    },
    async delete(key) {
      local?.delete(key);
      return (await client.del(`${prefix}:${key}`)) > 0;
    },
  };
}

/** GET and PTTL of one key in one round trip (PTTL is -1 without a TTL, -2 when gone). */
async function readWithTtl(client: Redis, name: string): Promise<[string | null, number]> {
  const replies = await client.multi().get(name).pttl(name).exec();
  if (replies === null) throw new Error(`the transaction reading ${name} was aborted`);
  const [[getError, text], [ttlError, ttl]] = replies as [
    [Error | null, string | null],
    [Error | null, number],
  ];
  if (getError) throw getError;
  if (ttlError) throw ttlError;
  return [text, ttl === -1 ? Number.POSITIVE_INFINITY : ttl];
}
