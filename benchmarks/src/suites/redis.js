// @leanvibe/redis against raw rate-limiter-flexible and the in-process breaker, on a real redis-server.
import { redisCircuitStateStore, redisRateLimit } from '@leanvibe/redis';
import { circuitBreaker, consecutive } from '@leanvibe/resilience';
import { startRedisServer } from '@leanvibe/testing/redis';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { compare } from '../harness.js';

export const title = '@leanvibe/redis';

const work = () => Promise.resolve(1);
const CALLS = 100;
const batch = (call) => async () => {
  for (let i = 0; i < CALLS; i++) await call();
};

export async function run() {
  const server = await startRedisServer();
  const client = new Redis(server.url);
  await client.ping();
  try {
    const huge = 1_000_000_000;
    const ours = redisRateLimit({
      client,
      key: 'bench:ours',
      tokensPerInterval: huge,
      intervalMs: 60_000,
    });
    const raw = new RateLimiterRedis({
      storeClient: client,
      keyPrefix: 'leanvibe:rl',
      points: huge,
      duration: 60,
      rejectIfRedisNotReady: true,
    });
    await compare(
      'redisRateLimit execute vs RateLimiterRedis.consume',
      { name: '@leanvibe/redis', fn: () => ours.execute(work) },
      [{ name: 'rate-limiter-flexible', fn: async () => work(await raw.consume('bench:raw')) }],
    );

    const store = redisCircuitStateStore({ client, prefix: 'bench:circuit' });
    const shared = circuitBreaker({ name: 'shared', store, breaker: consecutive(5) });
    const local = circuitBreaker({ name: 'local', breaker: consecutive(5) });
    await compare(
      `breaker on the Redis store (closed, success) ×${CALLS}`,
      { name: '@leanvibe/redis', fn: batch(() => shared.execute(work)) },
      [{ name: 'in-process breaker', fn: batch(() => local.execute(work)) }],
    );
    shared.dispose();
    await store.close();
  } finally {
    await client.quit();
    await server.stop();
  }
}
