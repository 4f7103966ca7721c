import {
  type Clock,
  checkBoolean,
  checkFiniteNumber,
  checkFunction,
  checkInteger,
  checkOptionsObject,
  checkString,
  invalidOption,
  type MetricsSink,
  systemClock,
} from '@leanvibe/core/contracts';

/** What a {@link PoolOptions.onLeaseTimeout} callback (and the `leaseTimeout` event) receives. */
export interface LeaseTimeoutInfo<T> {
  /** The resource still out on loan. */
  readonly resource: T;
  /** How long it has been out, in milliseconds. */
  readonly borrowedForMs: number;
  /** The stack of the `acquire` call that borrowed it: where to look for the leak. */
  readonly acquiredAt: string;
}

/** How a failing `create` is retried before the waiter it was for is rejected. */
export interface CreateRetryOptions {
  /** Retries after the first attempt; `0` gives up at once. @default 3 */
  readonly retries?: number;
  /** Delay before the first retry, doubled for each further one. @default 100 */
  readonly minDelayMs?: number;
  /** The longest delay between two attempts. @default 5000 */
  readonly maxDelayMs?: number;
}

/** Options of {@link createPool}. Every duration is in milliseconds; `Infinity` turns a limit off. */
export interface PoolOptions<T> {
  /**
   * Makes a resource. `signal` aborts when the attempt times out (`createTimeoutMs`) or the
   * pool closes; a resource that arrives after that is destroyed at once. Each call must return
   * a distinct value (an object, typically).
   */
  readonly create: (signal: AbortSignal) => T | Promise<T>;
  /** Frees a resource; called exactly once for every resource `create` made. @default nothing to free */
  readonly destroy?: (resource: T) => void | Promise<void>;
  /** Says whether an idle resource is still usable; one that fails (or throws) is destroyed. */
  readonly validate?: (resource: T) => boolean | Promise<boolean>;
  /** Run `validate` before lending an idle resource. @default true (when `validate` is given) */
  readonly validateOnBorrow?: boolean;
  /**
   * How long an async `validate` may take; a slower one fails the resource (`error.code` is
   * `POOL_VALIDATE_TIMEOUT`). @default 5000
   */
  readonly validateTimeoutMs?: number;
  /** Resources kept ready even when nobody borrows. @default 0 */
  readonly min?: number;
  /** The most resources that exist at once. @default 10 */
  readonly max?: number;
  /** How long `acquire` waits before rejecting with `PoolAcquireTimeoutError`. @default 30000 */
  readonly acquireTimeoutMs?: number;
  /** How long one `create` call may take. @default 30000 */
  readonly createTimeoutMs?: number;
  /** How long one `destroy` call may take before the pool stops waiting for it. @default 5000 */
  readonly destroyTimeoutMs?: number;
  /** An idle resource beyond `min` is destroyed after this long unused. @default 30000 */
  readonly idleTimeoutMs?: number;
  /** The most callers that may wait; one more is rejected with `PoolQueueFullError`. @default Infinity */
  readonly maxWaiting?: number;
  /** A resource is destroyed on release after this many loans. @default Infinity */
  readonly maxUses?: number;
  /** A resource is destroyed on release (or while idle) once this old. @default Infinity */
  readonly maxLifetimeMs?: number;
  /** How a failing `create` is retried. @default { retries: 3, minDelayMs: 100, maxDelayMs: 5000 } */
  readonly createRetry?: CreateRetryOptions;
  /**
   * A loan longer than this is reported to `onLeaseTimeout` and the `leaseTimeout` event, with
   * the stack of the `acquire` that made it (the resource is not taken back). @default Infinity
   */
  readonly leaseTimeoutMs?: number;
  /** Called for each loan that outlives `leaseTimeoutMs`. */
  readonly onLeaseTimeout?: (info: LeaseTimeoutInfo<T>) => void;
  /** Where gauges (sampled at collection time) and counters go. @default none */
  readonly metrics?: MetricsSink;
  /** Names the pool in errors and in the `pool` metric label. @default 'pool' */
  readonly name?: string;
  /** The clock every timer goes through. @default systemClock */
  readonly clock?: Clock;
}

/** The options with every default applied. */
export interface ResolvedPoolOptions<T> {
  readonly create: (signal: AbortSignal) => T | Promise<T>;
  readonly destroy: ((resource: T) => void | Promise<void>) | undefined;
  readonly validate: ((resource: T) => boolean | Promise<boolean>) | undefined;
  readonly validateTimeoutMs: number;
  readonly min: number;
  readonly max: number;
  readonly acquireTimeoutMs: number;
  readonly createTimeoutMs: number;
  readonly destroyTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxWaiting: number;
  readonly maxUses: number;
  readonly maxLifetimeMs: number;
  readonly retries: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly leaseTimeoutMs: number;
  readonly onLeaseTimeout: ((info: LeaseTimeoutInfo<T>) => void) | undefined;
  readonly metrics: MetricsSink | undefined;
  readonly name: string;
  readonly clock: Clock;
}

function duration(name: string, value: unknown, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (value === Number.POSITIVE_INFINITY) return value;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw invalidOption(name, `a finite number ≥ ${min} or Infinity`, value);
  }
  return value;
}

function count(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  return checkInteger(name, value, { min, allowInfinity: true });
}

function optionalFunction<F extends (...args: never[]) => unknown>(
  name: string,
  value: unknown,
): F | undefined {
  return value === undefined ? undefined : checkFunction<F>(name, value);
}

function checkClock(value: unknown): Clock {
  if (value === undefined) return systemClock;
  const clock = value as Partial<Clock> | null;
  if (
    typeof clock !== 'object' ||
    clock === null ||
    typeof clock.now !== 'function' ||
    typeof clock.setTimeout !== 'function' ||
    typeof clock.clearTimeout !== 'function'
  ) {
    throw invalidOption('clock', 'a Clock (now, setTimeout, clearTimeout)', value);
  }
  return value as Clock;
}

function checkMetrics(value: unknown): MetricsSink | undefined {
  if (value === undefined) return undefined;
  const sink = value as Partial<MetricsSink> | null;
  if (
    typeof sink !== 'object' ||
    sink === null ||
    typeof sink.counter !== 'function' ||
    typeof sink.gauge !== 'function' ||
    typeof sink.histogram !== 'function'
  ) {
    throw invalidOption('metrics', 'a MetricsSink (counter, gauge, histogram)', value);
  }
  return value as MetricsSink;
}

/** Validates every option, naming the one that is wrong, and applies the defaults. */
export function resolvePoolOptions<T>(options: PoolOptions<T>): ResolvedPoolOptions<T> {
  const given = checkOptionsObject('options', options);
  const create = checkFunction<(signal: AbortSignal) => T | Promise<T>>('create', given.create);
  const max = checkInteger('max', given.max ?? 10, { min: 1 });
  const min = given.min ?? 0;
  if (typeof min !== 'number' || !Number.isInteger(min) || min < 0 || min > max) {
    throw invalidOption('min', `an integer between 0 and max (${max})`, min);
  }
  const validate = optionalFunction<(resource: T) => boolean | Promise<boolean>>(
    'validate',
    given.validate,
  );
  const validateOnBorrow = checkBoolean('validateOnBorrow', given.validateOnBorrow ?? true);
  const retry = checkOptionsObject('createRetry', given.createRetry);
  const minDelayMs = checkFiniteNumber('createRetry.minDelayMs', retry.minDelayMs ?? 100, {
    min: 0,
  });
  const maxDelayMs = checkFiniteNumber(
    'createRetry.maxDelayMs',
    retry.maxDelayMs ?? Math.max(5000, minDelayMs),
    { min: minDelayMs },
  );
  return {
    create,
    destroy: optionalFunction('destroy', given.destroy),
    validate: validateOnBorrow ? validate : undefined,
    validateTimeoutMs: duration('validateTimeoutMs', given.validateTimeoutMs, 5_000),
    min,
    max,
    acquireTimeoutMs: duration('acquireTimeoutMs', given.acquireTimeoutMs, 30_000),
    createTimeoutMs: duration('createTimeoutMs', given.createTimeoutMs, 30_000),
    destroyTimeoutMs: duration('destroyTimeoutMs', given.destroyTimeoutMs, 5_000),
    idleTimeoutMs: duration('idleTimeoutMs', given.idleTimeoutMs, 30_000),
    maxWaiting: count('maxWaiting', given.maxWaiting, Number.POSITIVE_INFINITY, 0),
    maxUses: count('maxUses', given.maxUses, Number.POSITIVE_INFINITY, 1),
    maxLifetimeMs: duration('maxLifetimeMs', given.maxLifetimeMs, Number.POSITIVE_INFINITY, 1),
    retries: checkInteger('createRetry.retries', retry.retries ?? 3, { min: 0, max: 1000 }),
    minDelayMs,
    maxDelayMs,
    leaseTimeoutMs: duration('leaseTimeoutMs', given.leaseTimeoutMs, Number.POSITIVE_INFINITY, 1),
    onLeaseTimeout: optionalFunction('onLeaseTimeout', given.onLeaseTimeout),
    metrics: checkMetrics(given.metrics),
    name: checkString('name', given.name ?? 'pool'),
    clock: checkClock(given.clock),
  };
}
