import { isRateLimitedError } from '@leanvibe/resilience';
import { type RedisServer, startRedisServer } from '@leanvibe/testing/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isRedisCacheValueError,
  isRedisUnavailableError,
  redisCacheStore,
  redisRateLimit,
} from '../src/index.js';

let server: RedisServer;
let client: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  client.on('error', () => undefined);
  await client.ping();
});

afterAll(async () => {
  client.disconnect();
  await server.stop();
});

async function outcomes(run: () => Promise<unknown>, n: number): Promise<string[]> {
  const results: string[] = [];
  for (let i = 0; i < n; i++) {
    try {
      await run();
      results.push('ok');
    } catch (error) {
      results.push(
        isRateLimitedError(error) ? 'limited' : isRedisUnavailableError(error) ? 'down' : 'other',
      );
    }
  }
  return results;
}

describe('redisRateLimit while Redis is down', () => {
  it('limits locally, refuses or allows as told, and uses Redis again once it is back', async () => {
    // Mid-window and still: the windows are the clock's, and this test must not cross one.
    const base = { client, tokensPerInterval: 4, intervalMs: 60_000, now: () => 30_000 };
    const local = redisRateLimit({ ...base, key: 'local', onStoreDown: 'local', processes: 2 });
    const refuse = redisRateLimit({ ...base, key: 'refuse', onStoreDown: 'refuse' });
    const allow = redisRateLimit({ ...base, key: 'allow', onStoreDown: 'allow' });
    const call = (limit: typeof local) => () => limit.execute(() => 'done');
    expect(await outcomes(call(local), 5)).toEqual(['ok', 'ok', 'ok', 'ok', 'limited']);

    await server.kill();
    expect(await outcomes(call(local), 3)).toEqual(['ok', 'ok', 'limited']);
    expect(await outcomes(call(refuse), 2)).toEqual(['down', 'down']);
    expect(await outcomes(call(allow), 6)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    const lookups: string[] = [];
    const sink = {
      counter: (_name: string, _value: number, labels?: Record<string, string>) => {
        lookups.push(String(labels?.result));
      },
      gauge: () => undefined,
      histogram: () => undefined,
    };
    const plain = redisCacheStore({ client, prefix: 'down', metrics: sink });
    const near = redisCacheStore({ client, prefix: 'down', localMaxSize: 4, metrics: sink });
    await expect(plain.get('k')).rejects.toThrow();
    await expect(near.get('k')).rejects.toThrow();
    expect(lookups).toEqual(['error', 'error']);

    await server.restart();
    await client.ping();
    expect(await outcomes(call(refuse), 5)).toEqual(['ok', 'ok', 'ok', 'ok', 'limited']);
  });

  it('waits for the next window when told to, and gives up when its signal aborts', async () => {
    let now = 500;
    const limited: string[] = [];
    const metrics = {
      counter: (_name: string, _value: number, labels?: Record<string, string>) => {
        if (labels?.result === 'limited') limited.push('limited');
      },
      gauge: () => undefined,
      histogram: () => undefined,
    };
    const limit = redisRateLimit({
      client,
      key: 'wait',
      tokensPerInterval: 1,
      intervalMs: 1_000,
      whenEmpty: 'wait',
      queue: 1,
      now: () => now,
      metrics,
    });
    await limit.execute(() => 1);
    const waiting = limit.execute(() => 'second');
    const refusal = await limit.execute(() => 3).catch((error: unknown) => error);
    expect(isRateLimitedError(refusal)).toBe(true);
    expect((refusal as { retryAfterMs: number }).retryAfterMs).toBe(500);
    // The next window opens while the waiter sleeps; it then takes its token there.
    now = 1_000;
    expect(await waiting).toBe('second');
    const controller = new AbortController();
    const aborted = limit.execute(() => 4, { signal: controller.signal });
    const before = limited.length;
    while (limited.length === before) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error('no longer needed'));
    await expect(aborted).rejects.toThrow('no longer needed');
    const gone = new AbortController();
    gone.abort(new Error('gave up before'));
    await expect(limit.execute(() => 5, { signal: gone.signal })).rejects.toThrow('gave up before');
    expect(() =>
      redisRateLimit({
        client,
        key: 'k',
        tokensPerInterval: 1,
        intervalMs: 1_000,
        now: 5 as never,
      }),
    ).toThrow('`now`');
    expect(() =>
      redisRateLimit({ client, key: 'k', tokensPerInterval: 1, intervalMs: 1500 }),
    ).toThrow('`intervalMs` must be a whole number of seconds');
  });
});

describe('redisCacheStore', () => {
  it('refuses a value JSON would change, with a coded error, and caches nothing', async () => {
    const store = redisCacheStore({ client, prefix: 'codec', ttlMs: 10_000, localMaxSize: 10 });
    const refusal = await store.set('when', { at: new Date(0) }).catch((error: unknown) => error);
    expect(isRedisCacheValueError(refusal)).toBe(true);
    expect((refusal as { code: string }).code).toBe('REDIS_CACHE_VALUE');
    expect(await client.exists('codec:when')).toBe(0);
    await store.set('plain', { n: 1 });
    expect(await store.get('plain')).toEqual({ n: 1 });
    expect(await store.delete('plain')).toBe(true);
    expect(await store.get('plain')).toBeUndefined();
  });
});
