import { cached } from '@leanvibe/decorators';
import { redisCacheStore, redisCircuitStateStore, redisRateLimit } from '@leanvibe/redis';
import { circuitBreaker, consecutive, isRateLimitedError } from '@leanvibe/resilience';
import { Redis } from 'ioredis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// Two clients stand for two processes of a fleet; each app owns (and closes) its client.
const clientA = new Redis(url);
const clientB = new Redis(url);

// One view of a failing dependency: B's breaker follows the open of A's.
const storeA = redisCircuitStateStore({ client: clientA, prefix: 'example:circuit' });
const storeB = redisCircuitStateStore({ client: clientB, prefix: 'example:circuit' });
const options = { name: 'billing', breaker: consecutive(1), halfOpenAfterMs: 5_000 };
const breakerA = circuitBreaker({ ...options, store: storeA });
const breakerB = circuitBreaker({ ...options, store: storeB });
const followed = new Promise<boolean>((resolve) =>
  breakerB.onStateChange(({ to, remote }) => resolve(to === 'open' && remote)),
);
await clientB.ping();
await new Promise((resolve) => setTimeout(resolve, 100)); // B's subscriber connects
await breakerA.execute(() => Promise.reject(new Error('billing is down'))).catch(() => undefined);
console.log(`B followed A's open: ${await followed}; B now refuses: ${breakerB.state === 'open'}`);

// One rate limit for the fleet: 3 calls per second across both clients.
const limitA = redisRateLimit({
  client: clientA,
  key: 'example:geo',
  tokensPerInterval: 3,
  intervalMs: 1_000,
});
const limitB = redisRateLimit({
  client: clientB,
  key: 'example:geo',
  tokensPerInterval: 3,
  intervalMs: 1_000,
});
const results = await Promise.all(
  [limitA, limitB, limitA, limitB].map((limit) =>
    limit.execute(() => 'ok').catch((error) => (isRateLimitedError(error) ? 'limited' : 'error')),
  ),
);
console.log(
  `four calls under 3/s: ${results.filter((r) => r === 'ok').length} ran, ${results.filter((r) => r === 'limited').length} limited`,
);

// One cache: a price loaded through A is served to B.
let loads = 0;
const loadPrice = async (sku: string) => ({ sku, cents: 1_250, load: ++loads });
const priceA = cached(loadPrice, {
  asyncStore: redisCacheStore({ client: clientA, prefix: 'example:cache', ttlMs: 60_000 }),
});
const priceB = cached(loadPrice, {
  asyncStore: redisCacheStore({ client: clientB, prefix: 'example:cache', ttlMs: 60_000 }),
});
await priceA('sku-1');
console.log(`B got ${JSON.stringify(await priceB('sku-1'))} after ${loads} load`);

await clientA.del('example:cache:loadPrice:sku-1', 'example:circuit:billing');
breakerA.dispose();
breakerB.dispose();
await Promise.all([storeA.close(), storeB.close()]);
await Promise.all([clientA.quit(), clientB.quit()]);
