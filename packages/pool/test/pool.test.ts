import { isInvalidArgumentError } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import {
  createPool,
  isPoolAcquireTimeoutError,
  isPoolClosedError,
  isPoolQueueFullError,
  isPoolReleaseError,
} from '../src/index.js';
import { setup, track } from './helpers.js';

describe('acquire and release', () => {
  it('creates on demand up to max, then reuses what comes back', async () => {
    const { pool, made } = setup({ max: 2 });
    const a = await pool.acquire();
    const b = await pool.acquire();
    expect(made.created).toHaveLength(2);
    await pool.release(a);
    expect(await pool.acquire()).toBe(a);
    expect(made.created).toHaveLength(2);
    expect(pool.stats()).toMatchObject({ size: 2, borrowed: 2, available: 0, acquired: 3 });
    await pool.release(b);
  });

  it('lends the most recently returned idle resource first, so the others can age out', async () => {
    const { pool } = setup({ max: 3 });
    const [a, b, c] = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    await pool.release(a!);
    await pool.release(b!);
    await pool.release(c!);
    expect(await pool.acquire()).toBe(c);
  });

  it('serves waiters first come, first served', async () => {
    const { pool } = setup({ max: 1 });
    const held = await pool.acquire();
    const order: number[] = [];
    const waits = [1, 2, 3].map((n) =>
      pool.acquire().then(async (resource) => {
        order.push(n);
        await pool.release(resource);
      }),
    );
    await pool.release(held);
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3]);
  });

  it('serves higher priorities first, and arrival order within a priority', async () => {
    const { pool } = setup({ max: 1 });
    const held = await pool.acquire();
    const order: string[] = [];
    const wait = (label: string, priority?: number) =>
      pool.acquire(priority === undefined ? {} : { priority }).then(async (resource) => {
        order.push(label);
        await pool.release(resource);
      });
    const waits = [wait('low', -1), wait('a'), wait('high', 5), wait('b'), wait('high2', 5)];
    await pool.release(held);
    await Promise.all(waits);
    expect(order).toEqual(['high', 'high2', 'a', 'b', 'low']);
  });

  it('rejects a double release and a foreign resource, and changes nothing', async () => {
    const { pool } = setup();
    const a = await pool.acquire();
    await pool.release(a);
    const twice = await pool.release(a).catch((error: unknown) => error);
    expect(isPoolReleaseError(twice)).toBe(true);
    expect(twice).toMatchObject({ code: 'POOL_RELEASE_INVALID', problem: 'not-borrowed' });
    const foreign = await pool.release({ id: 99 }).catch((error: unknown) => error);
    expect(foreign).toMatchObject({ code: 'POOL_RELEASE_INVALID', problem: 'not-lent' });
    expect((foreign as Error).message).toContain('did not lend it');
    expect(pool.stats()).toMatchObject({ size: 1, available: 1, borrowed: 0 });
    expect(await pool.acquire()).toBe(a);
  });

  it('destroys a broken resource instead of returning it, and replaces it for a waiter', async () => {
    const { pool, made } = setup({ max: 1 });
    const a = await pool.acquire();
    const next = pool.acquire();
    await pool.destroy(a);
    expect(made.destroyed).toEqual([a]);
    const b = await next;
    expect(b).not.toBe(a);
    expect((await pool.destroy(a).catch((error: unknown) => error)) as object).toMatchObject({
      problem: 'not-lent',
    });
    await pool.release(b);
  });

  it('validates its arguments at the call', async () => {
    const { pool } = setup();
    for (const call of [
      () => pool.acquire({ signal: 'no' as unknown as AbortSignal }),
      () => pool.acquire({ priority: Number.NaN }),
      () => pool.acquire(5 as never),
      () => pool.use(5 as never),
      () => pool.drain({ signal: {} as AbortSignal }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(isInvalidArgumentError(error)).toBe(true);
    }
    expect(() => pool.on('create', 5 as never)).toThrow(/`listener` must be a function/);
    await pool.close();
  });
});

describe('waiting', () => {
  it('an aborted waiter leaves the queue at once and never receives a resource', async () => {
    const { pool } = setup({ max: 1 });
    const held = await pool.acquire();
    const controller = new AbortController();
    const aborted = track(pool.acquire({ signal: controller.signal }));
    const next = pool.acquire();
    expect(pool.stats().pending).toBe(2);
    controller.abort(new Error('gave up'));
    await Promise.resolve();
    expect(aborted.settled).toBe(true);
    expect((aborted.error as Error).message).toBe('gave up');
    expect(pool.stats().pending).toBe(1);
    await pool.release(held);
    expect(await next).toBe(held);
  });

  it('rejects at once with the reason of a signal aborted before the call', async () => {
    const { pool, made } = setup();
    const error = await pool.acquire({ signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(made.created).toHaveLength(0);
  });

  it('times out after acquireTimeoutMs, leaves the queue, and keeps no timer', async () => {
    const { pool, clock } = setup({ max: 1, acquireTimeoutMs: 100 });
    const held = await pool.acquire();
    const first = track(pool.acquire());
    await clock.advanceAsync(40);
    const second = track(pool.acquire());
    await clock.advanceAsync(59);
    expect(first.settled).toBe(false);
    await clock.advanceAsync(1);
    expect(isPoolAcquireTimeoutError(first.error)).toBe(true);
    expect(first.error).toMatchObject({
      code: 'POOL_ACQUIRE_TIMEOUT',
      timeoutMs: 100,
      details: { max: 1, borrowed: 1, pending: 1 },
    });
    expect((first.error as Error).message).toBe(
      'acquire from pool "pool" timed out after 100 ms (1 of max 1 resources, 1 borrowed, 1 waiting)',
    );
    expect(second.settled).toBe(false);
    await clock.advanceAsync(40);
    expect(isPoolAcquireTimeoutError(second.error)).toBe(true);
    expect(pool.stats()).toMatchObject({ pending: 0, acquireTimeouts: 2 });
    expect(clock.pendingTimers()).toBe(0);
    await pool.release(held);
    expect(clock.pendingTimers()).toBe(1); // idle eviction
    expect(clock.referencedTimers()).toBe(0);
    await pool.close();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('keeps the acquire timeout timer referenced while a caller waits, and clears it once served', async () => {
    const { pool, clock } = setup({ max: 1, idleTimeoutMs: Number.POSITIVE_INFINITY });
    const held = await pool.acquire();
    const next = pool.acquire();
    expect(clock.referencedTimers()).toBe(1);
    await pool.release(held);
    await next;
    expect(clock.pendingTimers()).toBe(0);
  });

  it('waits without a timer when acquireTimeoutMs is Infinity', async () => {
    const { pool, clock } = setup({ max: 1, acquireTimeoutMs: Number.POSITIVE_INFINITY });
    const held = await pool.acquire();
    const next = track(pool.acquire());
    expect(clock.pendingTimers()).toBe(0);
    await clock.advanceAsync(3_600_000);
    expect(next.settled).toBe(false);
    await pool.release(held);
    await clock.flush();
    expect(next.value).toBe(held);
  });

  it('rejects fast with PoolQueueFullError beyond maxWaiting', async () => {
    const { pool } = setup({ max: 1, maxWaiting: 1 });
    const held = await pool.acquire();
    const waiting = pool.acquire();
    const error = await pool.acquire().catch((e: unknown) => e);
    expect(isPoolQueueFullError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'POOL_QUEUE_FULL', maxWaiting: 1 });
    await pool.release(held);
    expect(await waiting).toBe(held);
  });

  it('with maxWaiting 0 still creates while below max, but never queues', async () => {
    const { pool } = setup({ max: 1, maxWaiting: 0 });
    const a = await pool.acquire();
    expect(isPoolQueueFullError(await pool.acquire().catch((e: unknown) => e))).toBe(true);
    await pool.release(a);
  });

  it('times out waiters in arrival order when priorities mix', async () => {
    const { pool, clock } = setup({ max: 1, acquireTimeoutMs: 100 });
    const held = await pool.acquire();
    const low = track(pool.acquire());
    await clock.advanceAsync(10);
    const high = track(pool.acquire({ priority: 1 }));
    await clock.advanceAsync(90);
    expect(isPoolAcquireTimeoutError(low.error)).toBe(true);
    expect(high.settled).toBe(false);
    await clock.advanceAsync(10);
    expect(isPoolAcquireTimeoutError(high.error)).toBe(true);
    // The queue is empty again: back to one list.
    const again = track(pool.acquire({ priority: 3 }));
    await pool.release(held);
    await clock.flush();
    expect(again.value).toBe(held);
  });

  it('copes with many waiters coming and going (the deadline list compacts)', async () => {
    const { pool, clock } = setup({ max: 1, acquireTimeoutMs: 1000 });
    const held = await pool.acquire();
    // A blocker of another priority makes the queue keep arrival order apart from queue order.
    const blocker = track(pool.acquire({ priority: 5 }));
    for (let round = 0; round < 50; round++) {
      const controllers = Array.from({ length: 10 }, () => new AbortController());
      const waits = controllers.map((c) => pool.acquire({ signal: c.signal }).catch(() => 'x'));
      for (const c of controllers) c.abort();
      await Promise.all(waits);
    }
    expect(pool.stats().pending).toBe(1);
    await clock.advanceAsync(1000);
    expect(isPoolAcquireTimeoutError(blocker.error)).toBe(true);
    await pool.release(held);
  });
});

describe('leases and use', () => {
  it('a lease releases once; a second release rejects and touches nothing', async () => {
    const { pool } = setup({ max: 1 });
    const lease = await pool.lease();
    await lease.release();
    const again = await lease.release().catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'POOL_RELEASE_INVALID', problem: 'lease-ended' });
    const other = await pool.acquire();
    expect(other).toBe(lease.resource);
    // The stale lease cannot return what someone else now holds.
    await lease[Symbol.asyncDispose]();
    await expect(lease.destroy()).rejects.toThrow(/already ended/);
    expect(pool.stats().borrowed).toBe(1);
    await pool.release(other);
  });

  it('works with await using', async () => {
    const { pool } = setup();
    {
      await using lease = await pool.lease();
      expect(pool.stats().borrowed).toBe(1);
      expect(lease.resource.id).toBe(1);
    }
    expect(pool.stats()).toMatchObject({ borrowed: 0, available: 1 });
  });

  it('a lease can destroy a broken resource', async () => {
    const { pool, made } = setup();
    const lease = await pool.lease();
    await lease.destroy();
    expect(made.destroyed).toEqual([lease.resource]);
    await lease[Symbol.asyncDispose]();
    expect(pool.stats().size).toBe(0);
  });

  it('use releases when fn settles and returns its result', async () => {
    const { pool } = setup();
    expect(await pool.use((r) => r.id * 10)).toBe(10);
    expect(pool.stats()).toMatchObject({ borrowed: 0, available: 1 });
  });

  it('use rethrows fn’s error, releasing, or destroying with destroyOnError', async () => {
    const { pool, made } = setup();
    const boom = new Error('boom');
    await expect(pool.use(() => Promise.reject(boom))).rejects.toBe(boom);
    expect(pool.stats()).toMatchObject({ available: 1, destroyed: 0 });
    await expect(
      pool.use(
        () => {
          throw boom;
        },
        { destroyOnError: true },
      ),
    ).rejects.toBe(boom);
    expect(made.destroyed).toHaveLength(1);
    expect(pool.stats()).toMatchObject({ size: 0, destroyed: 1 });
  });

  it('use keeps fn’s error even when fn released the resource itself', async () => {
    const { pool } = setup();
    const boom = new Error('boom');
    await expect(
      pool.use(async (resource) => {
        await pool.release(resource);
        throw boom;
      }),
    ).rejects.toBe(boom);
    await expect(pool.use((resource) => pool.release(resource))).rejects.toMatchObject({
      code: 'POOL_RELEASE_INVALID',
    });
  });
});

describe('a pool of plain values without destroy', () => {
  it('needs only create', async () => {
    let next = 0;
    const pool = createPool({ create: () => ({ n: ++next }) });
    const resource = await pool.acquire();
    await pool.release(resource);
    await pool.close();
    expect(pool.stats()).toMatchObject({ state: 'closed', created: 1, destroyed: 1 });
    expect(isPoolClosedError(await pool.acquire().catch((e: unknown) => e))).toBe(true);
  });
});
