import { createManualClock } from '@leanvibe/core/contracts';
import { circuitBreaker, consecutive } from '@leanvibe/resilience';
import { type RedisServer, startRedisServer } from '@leanvibe/testing/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REDIS_METRICS,
  redisCacheStore,
  redisCircuitStateStore,
  redisRateLimit,
} from '../src/index.js';

let server: RedisServer;
let a: Redis;
let b: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  a = new Redis(server.url);
  b = new Redis(server.url);
  await Promise.all([a.ping(), b.ping()]);
});

afterAll(async () => {
  await Promise.all([a.quit(), b.quit()]);
  await server.stop();
});

const until = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('redisCircuitStateStore', () => {
  it('publishes an open, hands one probe lease at a time, loads what was saved, and never closes the client', async () => {
    const counted: [string, unknown][] = [];
    const metrics = {
      counter: (name: string, _v: number, labels?: unknown): void => {
        counted.push([name, labels]);
      },
      gauge: () => undefined,
      histogram: () => undefined,
    };
    const storeA = redisCircuitStateStore({ client: a, prefix: 'unit' });
    const storeB = redisCircuitStateStore({ client: b, prefix: 'unit', metrics });
    const options = { name: 'svc', breaker: consecutive(1), halfOpenAfterMs: 60_000 };
    const breakerA = circuitBreaker({ ...options, store: storeA });
    const breakerB = circuitBreaker({ ...options, store: storeB });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await breakerA.execute(() => Promise.reject(new Error('down'))).catch(() => undefined);
    await until(() => breakerB.state === 'open');
    expect(counted.some(([name]) => name === REDIS_METRICS.circuitRemote)).toBe(true);

    const loaded = await storeB.load('svc');
    expect(loaded?.state).toBe('open');
    expect(loaded?.openForMs).toBeGreaterThan(0);
    expect(await storeB.load('nothing')).toBeUndefined();

    expect(await storeA.acquireProbe('svc', 5_000)).toBe(true);
    expect(await storeB.acquireProbe('svc', 5_000)).toBe(false);
    await storeB.releaseProbe('svc'); // not the holder: nothing happens
    expect(await storeB.acquireProbe('svc', 5_000)).toBe(false);
    await storeA.releaseProbe('svc');
    expect(await storeB.acquireProbe('svc', 5_000)).toBe(true);
    await storeB.releaseProbe('svc');

    breakerB.reset();
    await until(() => breakerA.state === 'closed');
    breakerA.dispose();
    breakerB.dispose();
    await Promise.all([storeA.close(), storeB.close(), storeA.close()]);
    expect(a.status).toBe('ready');
    expect(b.status).toBe('ready');
  });

  it('reports failing commands and checks its options', async () => {
    const broken = new Redis(server.url, { lazyConnect: true, enableOfflineQueue: false });
    const store = redisCircuitStateStore({ client: broken, prefix: 'broken' });
    await expect(store.save('x', { state: 'open', openForMs: 1 })).rejects.toThrow();
    await expect(store.acquireProbe('x', 10)).rejects.toThrow();
    broken.disconnect();
    expect(() => redisCircuitStateStore({ client: {} as never })).toThrow(
      '`client` must be an ioredis client',
    );
    expect(() => redisCircuitStateStore({ client: a, metrics: {} as never })).toThrow(
      '`metrics` must be a MetricsSink',
    );
    expect(() => redisCacheStore({ client: a, codec: {} as never })).toThrow(
      '`codec` must be a codec',
    );
    expect(() =>
      redisRateLimit({ client: a, key: 'k', tokensPerInterval: 0, intervalMs: 1_000 }),
    ).toThrow('`tokensPerInterval`');
  });
});

describe('redisCacheStore with a codec and a local LRU', () => {
  it('serves from the LRU, refuses what the codec changes, and expires per entry', async () => {
    const codec = {
      encode: (v: unknown) => JSON.stringify(v),
      decode: (t: string) => ({ ...JSON.parse(t), extra: 1 }),
    };
    const changing = redisCacheStore({ client: a, prefix: 'c1', codec });
    await expect(changing.set('k', { n: 1 })).rejects.toThrow('does not give it back unchanged');
    const failing = redisCacheStore({
      client: a,
      prefix: 'c1',
      codec: {
        encode: () => {
          throw new Error('nope');
        },
        decode: JSON.parse,
      },
    });
    await expect(failing.set('k', 1)).rejects.toThrow('the codec failed: nope');
    const clock = createManualClock();
    const store = redisCacheStore({
      client: a,
      prefix: 'c2',
      localMaxSize: 5,
      ttlMs: 60_000,
      clock,
    });
    await store.set('k', { n: 2 }, 30_000);
    const pttl = await a.pttl('c2:k');
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(30_000);
    const other = redisCacheStore({ client: b, prefix: 'c2', localMaxSize: 5, clock });
    expect(await other.get('k')).toEqual({ n: 2 });
    // Both now hold it locally: a Redis delete is not seen until the local entry expires.
    await a.del('c2:k');
    expect(await store.get('k')).toEqual({ n: 2 });
    expect(await other.get('k')).toEqual({ n: 2 });
    clock.advance(29_999);
    expect(await store.get('k')).toEqual({ n: 2 });
    // `other` (default ttlMs 300000) keeps it only for what Redis had left, at most 30000.
    clock.advance(2);
    expect(await store.get('k')).toBeUndefined();
    expect(await other.get('k')).toBeUndefined();
    await a.set('c2:forever', '"kept"');
    expect(await other.get('forever')).toBe('kept');
    await a.del('c2:forever');
    clock.advance(299_999);
    expect(await other.get('forever')).toBe('kept');
    clock.advance(2);
    expect(await other.get('forever')).toBeUndefined();
    expect(() => redisCacheStore({ client: a, clock: {} as never })).toThrow('`clock`');
  });
});
