import { isInvalidOptionError, isLeanVibeError, systemClock } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import {
  createPool,
  isPoolAcquireTimeoutError,
  isPoolClosedError,
  isPoolCreateError,
  isPoolError,
  isPoolQueueFullError,
  isPoolReleaseError,
  PoolAcquireTimeoutError,
  PoolClosedError,
  PoolCreateError,
  type PoolOptions,
  PoolQueueFullError,
  PoolReleaseError,
} from '../src/index.js';

const create = () => ({});

describe('options', () => {
  it.each<[string, Partial<PoolOptions<object>>, string]>([
    ['create', { create: undefined as never }, '`create` must be a function, got undefined'],
    ['max', { max: 0 }, '`max` must be an integer ≥ 1, got 0'],
    ['min', { min: 3, max: 2 }, '`min` must be an integer between 0 and max (2), got 3'],
    ['min', { min: -1 }, '`min` must be an integer between 0 and max (10), got -1'],
    [
      'acquireTimeoutMs',
      { acquireTimeoutMs: -1 },
      '`acquireTimeoutMs` must be a finite number ≥ 0 or Infinity, got -1',
    ],
    [
      'createTimeoutMs',
      { createTimeoutMs: Number.NaN },
      '`createTimeoutMs` must be a finite number ≥ 0 or Infinity, got NaN',
    ],
    [
      'destroyTimeoutMs',
      { destroyTimeoutMs: '5' as never },
      '`destroyTimeoutMs` must be a finite number ≥ 0 or Infinity, got "5" (a string)',
    ],
    [
      'idleTimeoutMs',
      { idleTimeoutMs: -5 },
      '`idleTimeoutMs` must be a finite number ≥ 0 or Infinity, got -5',
    ],
    [
      'validateTimeoutMs',
      { validateTimeoutMs: -1 },
      '`validateTimeoutMs` must be a finite number ≥ 0 or Infinity, got -1',
    ],
    ['maxWaiting', { maxWaiting: 1.5 }, '`maxWaiting` must be an integer ≥ 0 or Infinity, got 1.5'],
    ['maxUses', { maxUses: 0 }, '`maxUses` must be an integer ≥ 1 or Infinity, got 0'],
    [
      'maxLifetimeMs',
      { maxLifetimeMs: 0 },
      '`maxLifetimeMs` must be a finite number ≥ 1 or Infinity, got 0',
    ],
    [
      'createRetry.retries',
      { createRetry: { retries: -1 } },
      '`createRetry.retries` must be an integer between 0 and 1000, got -1',
    ],
    [
      'createRetry.minDelayMs',
      { createRetry: { minDelayMs: -1 } },
      '`createRetry.minDelayMs` must be a finite number ≥ 0, got -1',
    ],
    [
      'createRetry.maxDelayMs',
      { createRetry: { minDelayMs: 200, maxDelayMs: 100 } },
      '`createRetry.maxDelayMs` must be a finite number ≥ 200, got 100',
    ],
    ['createRetry', { createRetry: 3 as never }, '`createRetry` must be an object, got 3'],
    ['validate', { validate: true as never }, '`validate` must be a function, got true'],
    [
      'validateOnBorrow',
      { validateOnBorrow: 'yes' as never },
      '`validateOnBorrow` must be a boolean, got "yes" (a string)',
    ],
    ['destroy', { destroy: 1 as never }, '`destroy` must be a function, got 1'],
    [
      'leaseTimeoutMs',
      { leaseTimeoutMs: 0 },
      '`leaseTimeoutMs` must be a finite number ≥ 1 or Infinity, got 0',
    ],
    [
      'onLeaseTimeout',
      { onLeaseTimeout: {} as never },
      '`onLeaseTimeout` must be a function, got an object',
    ],
    ['name', { name: '' }, '`name` must be a non-empty string, got "" (a string)'],
    [
      'clock',
      { clock: { now: () => 0 } as never },
      '`clock` must be a Clock (now, setTimeout, clearTimeout), got an object',
    ],
    [
      'metrics',
      { metrics: { counter: () => {} } as never },
      '`metrics` must be a MetricsSink (counter, gauge, histogram), got an object',
    ],
  ])('rejects a bad %s at construction, naming it', (option, options, message) => {
    let error: unknown;
    try {
      createPool({ create, ...options });
    } catch (e) {
      error = e;
    }
    expect(isInvalidOptionError(error)).toBe(true);
    expect(error).toMatchObject({ option, message });
  });

  it('rejects options that are not an object', () => {
    expect(() => createPool(null as never)).toThrow('`options` must be an object, got null');
  });

  it('applies the documented defaults', async () => {
    const pool = createPool({ create, clock: systemClock });
    expect(pool.name).toBe('pool');
    expect(pool.stats()).toMatchObject({ min: 0, max: 10, state: 'open' });
    await pool.close();
  });

  it('accepts Infinity wherever a limit can be turned off', async () => {
    const pool = createPool({
      create,
      acquireTimeoutMs: Number.POSITIVE_INFINITY,
      createTimeoutMs: Number.POSITIVE_INFINITY,
      destroyTimeoutMs: Number.POSITIVE_INFINITY,
      idleTimeoutMs: Number.POSITIVE_INFINITY,
      maxWaiting: Number.POSITIVE_INFINITY,
      maxUses: Number.POSITIVE_INFINITY,
      maxLifetimeMs: Number.POSITIVE_INFINITY,
      leaseTimeoutMs: Number.POSITIVE_INFINITY,
    });
    await pool.release(await pool.acquire());
    await pool.close();
  });
});

describe('errors', () => {
  it.each([
    [new PoolClosedError('db'), 'POOL_CLOSED', isPoolClosedError],
    [new PoolQueueFullError('db', 5), 'POOL_QUEUE_FULL', isPoolQueueFullError],
    [
      new PoolAcquireTimeoutError('db', 100, { size: 1, max: 1, borrowed: 1, pending: 0 }),
      'POOL_ACQUIRE_TIMEOUT',
      isPoolAcquireTimeoutError,
    ],
    [new PoolCreateError('db', 1, new Error('x')), 'POOL_CREATE_FAILED', isPoolCreateError],
    [new PoolReleaseError('db', 'not-lent', 'no'), 'POOL_RELEASE_INVALID', isPoolReleaseError],
  ] as const)('%s has its code, a guard, and the pool name', (error, code, guard) => {
    expect(error.code).toBe(code);
    expect(guard(error)).toBe(true);
    expect(isPoolError(error)).toBe(true);
    expect(isLeanVibeError(error)).toBe(true);
    expect(error.pool).toBe('db');
    expect(error.toJSON()).toMatchObject({ code, pool: 'db' });
    expect(isPoolClosedError(new Error('x'))).toBe(false);
  });

  it('PoolCreateError keeps the factory error as cause, and says one attempt in the singular', () => {
    const cause = new Error('refused');
    const error = new PoolCreateError('db', 1, cause);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('pool "db" could not create a resource after 1 attempt: refused');
  });
});
