import {
  abortReason,
  checkInteger,
  checkOneOf,
  checkOptionsObject,
  checkString,
  invalidArgument,
  invalidOption,
  type MetricsSink,
  neverAbortedSignal,
  type PolicyContext,
  type PolicyExecuteOptions,
} from '@leanvibe/core/contracts';
import { RateLimitedError, type ResiliencePolicy } from '@leanvibe/resilience';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { checkClient, checkMetrics, count, REDIS_METRICS } from './client.js';
import { RedisUnavailableError } from './errors.js';

/** Options of {@link redisRateLimit}. */
export interface RedisRateLimitOptions {
  /** The app's ioredis client; this limiter never closes it. */
  readonly client: Redis;
  /** The Redis key every process sharing this limit uses. */
  readonly key: string;
  /** Calls allowed per interval, fleet-wide. */
  readonly tokensPerInterval: number;
  /** The interval, in milliseconds: a whole number of seconds (Redis keeps seconds). */
  readonly intervalMs: number;
  /** With no token: refuse with `RateLimitedError`, or wait for the next interval. @default 'reject' */
  readonly whenEmpty?: 'reject' | 'wait';
  /** With `whenEmpty: 'wait'`: calls allowed to wait; more are refused. @default Infinity */
  readonly queue?: number;
  /**
   * While Redis is unreachable: `local` limits this process to `tokensPerInterval / processes`
   * in memory, `refuse` refuses with `RedisUnavailableError`, `allow` lets every call through.
   * @default 'local'
   */
  readonly onStoreDown?: 'local' | 'refuse' | 'allow';
  /** How many processes share the limit, for `onStoreDown: 'local'`. @default 1 */
  readonly processes?: number;
  /** Names the limiter in errors and metric labels. @default the key */
  readonly name?: string;
  /** Receives `leanvibe_redis_rate_limit_total`. */
  readonly metrics?: MetricsSink;
  /**
   * The wall clock windows are aligned on, in epoch milliseconds; every process sharing the key
   * must agree on it. @default Date.now
   */
  readonly now?: () => number;
}

/**
 * A rate limit for a whole fleet: `tokensPerInterval` calls per `intervalMs` across every
 * process using the same Redis and `key`, counted by rate-limiter-flexible's `RateLimiterRedis`.
 * Windows are aligned on the wall clock (`[k·intervalMs, (k+1)·intervalMs)`, by `Date.now()`):
 * no window starts more than `tokensPerInterval` calls; a token whose window closed before its
 * call could start is not used. It is a resilience policy: put it in a `pipeline`. Refuses with
 * resilience's `RateLimitedError` (with `retryAfterMs`) or waits, abortably, for the next window.
 *
 * @example
 * ```ts
 * const limit = redisRateLimit({ client: redis, key: 'geo-api', tokensPerInterval: 50, intervalMs: 1_000 });
 * await limit.execute(() => callGeoApi());
 * ```
 */
export class RedisRateLimitPolicy implements ResiliencePolicy {
  /** @inheritdoc */
  readonly kind = 'rate-limit' as const;
  /** @inheritdoc */
  readonly name: string;
  readonly #limiter: RateLimiterRedis;
  readonly #key: string;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #wait: boolean;
  readonly #queue: number;
  readonly #onStoreDown: 'local' | 'refuse' | 'allow';
  readonly #metrics: MetricsSink | undefined;
  #waiting = 0;

  constructor(options: RedisRateLimitOptions) {
    const given = checkOptionsObject('options', options);
    const client = checkClient(given.client);
    this.#key = checkString('key', given.key);
    this.name = given.name === undefined ? this.#key : checkString('name', given.name);
    const points = checkInteger('tokensPerInterval', given.tokensPerInterval, { min: 1 });
    const intervalMs = checkInteger('intervalMs', given.intervalMs, { min: 1000 });
    if (intervalMs % 1000 !== 0) {
      throw invalidArgument('intervalMs', 'a whole number of seconds, in milliseconds', intervalMs);
    }
    this.#intervalMs = intervalMs;
    if (given.now !== undefined && typeof given.now !== 'function') {
      throw invalidOption('now', 'a function returning epoch milliseconds', given.now);
    }
    this.#now = given.now ?? Date.now;
    this.#wait =
      checkOneOf('whenEmpty', given.whenEmpty ?? 'reject', ['reject', 'wait']) === 'wait';
    this.#queue = checkInteger('queue', given.queue ?? Number.POSITIVE_INFINITY, {
      min: 0,
      allowInfinity: true,
    });
    this.#onStoreDown = checkOneOf('onStoreDown', given.onStoreDown ?? 'local', [
      'local',
      'refuse',
      'allow',
    ]);
    const processes = checkInteger('processes', given.processes ?? 1, { min: 1 });
    this.#metrics = checkMetrics(given.metrics);
    const duration = intervalMs / 1000;
    this.#limiter = new RateLimiterRedis({
      storeClient: client,
      keyPrefix: 'leanvibe:rl',
      points,
      duration,
      // A client that is not connected fails at once instead of queueing the command.
      rejectIfRedisNotReady: true,
      ...(this.#onStoreDown === 'local'
        ? {
            insuranceLimiter: new RateLimiterMemory({
              points: Math.max(1, Math.floor(points / processes)),
              duration,
            }),
          }
        : {}),
    });
  }

  /** @inheritdoc */
  async execute<T>(
    fn: (context: PolicyContext) => T | Promise<T>,
    options?: PolicyExecuteOptions,
  ): Promise<T> {
    if (typeof fn !== 'function') throw invalidArgument('fn', 'a function', fn);
    const signal = options?.signal;
    for (;;) {
      const windowEnd = await this.#take(signal);
      // A token counts for its window only: if that window closed before the call could start,
      // the call takes a token of the current one instead.
      if (windowEnd === undefined || this.#now() < windowEnd) break;
    }
    this.#count('allowed');
    return fn({ signal: signal ?? neverAbortedSignal(), attempt: 1 });
  }

  /** Takes a token; resolves with the end of the window it counts for (none when let through). */
  async #take(signal: AbortSignal | undefined): Promise<number | undefined> {
    for (let waited = false; ; ) {
      if (signal?.aborted) throw abortReason(signal);
      // Windows are aligned on the wall clock, the one time every process shares.
      const window = Math.floor(this.#now() / this.#intervalMs);
      const windowEnd = (window + 1) * this.#intervalMs;
      try {
        await this.#limiter.consume(`${this.#key}:${window}`);
        if (waited) this.#waiting--;
        return windowEnd;
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) {
          if (waited) this.#waiting--;
          this.#count('store-down');
          if (this.#onStoreDown === 'allow') return undefined;
          throw new RedisUnavailableError(this.name, error);
        }
      }
      this.#count('limited');
      const retryAfterMs = Math.max(1, windowEnd - this.#now());
      if (!this.#wait || (!waited && this.#waiting >= this.#queue)) {
        if (waited) this.#waiting--;
        throw new RateLimitedError(`rate limit "${this.name}" is exhausted`, {
          policyName: this.name,
          retryAfterMs,
        });
      }
      if (!waited) this.#waiting++;
      waited = true;
      try {
        await sleep(retryAfterMs, signal);
      } catch (error) {
        this.#waiting--;
        throw error;
      }
      // The waiter keeps its place in the count until it gets a token or gives up.
    }
  }

  #count(result: string): void {
    count(this.#metrics, REDIS_METRICS.rateLimit, { name: this.name, result });
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Builds a {@link RedisRateLimitPolicy}. */
export function redisRateLimit(options: RedisRateLimitOptions): RedisRateLimitPolicy {
  return new RedisRateLimitPolicy(options);
}
