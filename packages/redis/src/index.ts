export type { CacheCodec, RedisCacheStore, RedisCacheStoreOptions } from './cache-store.js';
export { redisCacheStore } from './cache-store.js';
export type { RedisCircuitStateStore, RedisCircuitStateStoreOptions } from './circuit-store.js';
export { redisCircuitStateStore } from './circuit-store.js';
export { REDIS_METRICS } from './client.js';
export {
  isRedisCacheValueError,
  isRedisUnavailableError,
  RedisCacheValueError,
  RedisUnavailableError,
} from './errors.js';
export type { RedisRateLimitOptions } from './rate-limit.js';
export { RedisRateLimitPolicy, redisRateLimit } from './rate-limit.js';
