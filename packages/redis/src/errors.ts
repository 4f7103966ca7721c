import { brandError, createErrorGuard, LeanVibeError } from '@leanvibe/core/contracts';

/** A value `redisCacheStore` refused to cache because its codec cannot give it back unchanged. */
export class RedisCacheValueError extends LeanVibeError {
  static {
    brandError(this, 'RedisCacheValueError');
  }
  /** The cache key of the refused value. */
  readonly key: string;

  constructor(key: string, reason: string, cause?: unknown) {
    super('REDIS_CACHE_VALUE', `the value for cache key "${key}" cannot be cached: ${reason}`, {
      cause,
      details: { key },
    });
    this.key = key;
  }
}

/** A call `redisRateLimit({ onStoreDown: 'refuse' })` refused because Redis is unreachable. */
export class RedisUnavailableError extends LeanVibeError {
  static {
    brandError(this, 'RedisUnavailableError');
  }
  /** The rate limit's name. */
  readonly policyName: string;

  constructor(policyName: string, cause: unknown) {
    super(
      'REDIS_UNAVAILABLE',
      `rate limit "${policyName}" refused the call: Redis is unreachable`,
      { cause, details: { policyName } },
    );
    this.policyName = policyName;
  }
}

/** True for a {@link RedisCacheValueError}, from any installed copy of this package. */
export const isRedisCacheValueError =
  createErrorGuard<RedisCacheValueError>('RedisCacheValueError');
/** True for a {@link RedisUnavailableError}, from any installed copy of this package. */
export const isRedisUnavailableError =
  createErrorGuard<RedisUnavailableError>('RedisUnavailableError');
