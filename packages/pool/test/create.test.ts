import { createManualClock } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import {
  createPool,
  isPoolCreateError,
  isPoolCreateTimeoutError,
  type PoolEvents,
} from '../src/index.js';
import { type Resource, setup, track } from './helpers.js';

describe('create retries', () => {
  it('retries a failing create with doubling, capped delays on the clock', async () => {
    const calls: number[] = [];
    const clock = createManualClock();
    let n = 0;
    const pool = createPool({
      clock,
      create: () => {
        calls.push(clock.now());
        if (calls.length < 5) throw new Error(`refused ${calls.length}`);
        return { id: ++n };
      },
      createRetry: { retries: 4, minDelayMs: 100, maxDelayMs: 300 },
    });
    const acquired = track(pool.acquire());
    await clock.advanceAsync(10_000);
    expect(calls).toEqual([0, 100, 300, 600, 900]);
    expect(acquired.value).toEqual({ id: 1 });
    expect(pool.stats()).toMatchObject({ createErrors: 4, created: 1, creating: 0 });
  });

  it('rejects the waiter with PoolCreateError (cause: the factory error) when retries are spent', async () => {
    const { pool, clock, made } = setup({
      createRetry: { retries: 2, minDelayMs: 50, maxDelayMs: 50 },
    });
    made.failNext = 10;
    const acquired = track(pool.acquire());
    await clock.advanceAsync(99);
    expect(acquired.settled).toBe(false);
    await clock.advanceAsync(1);
    expect(isPoolCreateError(acquired.error)).toBe(true);
    expect(acquired.error).toMatchObject({
      code: 'POOL_CREATE_FAILED',
      attempts: 3,
      cause: { message: 'connection refused' },
    });
    expect((acquired.error as Error).message).toBe(
      'pool "pool" could not create a resource after 3 attempts: connection refused',
    );
    expect(made.failNext).toBe(7);
    // Nothing keeps retrying: no timer, no create in flight.
    expect(pool.stats()).toMatchObject({ creating: 0, pending: 0, createErrors: 3 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('with retries 0 rejects after one attempt, and never spins while create keeps failing', async () => {
    const { pool, clock, made } = setup({ createRetry: { retries: 0 } });
    made.failNext = Number.POSITIVE_INFINITY;
    const errors = await Promise.all(
      Array.from({ length: 5 }, () => pool.acquire().catch((e: unknown) => e)),
    );
    expect(errors.every(isPoolCreateError)).toBe(true);
    expect(errors.map((e) => (e as { attempts: number }).attempts)).toEqual([1, 1, 1, 1, 1]);
    await clock.runAll();
    // One attempt per caller, not a loop.
    expect(pool.stats().createErrors).toBe(5);
  });

  it('retries a factory that throws a TypeError or a non-Error too', async () => {
    const clock = createManualClock();
    const thrown: unknown[] = [new TypeError('bad'), 'a string'];
    const pool = createPool({
      clock,
      create: () => {
        const next = thrown.shift();
        if (next !== undefined) throw next;
        return {};
      },
      createRetry: { retries: 3, minDelayMs: 1 },
    });
    const errors: Error[] = [];
    pool.on('createError', ({ error }) => errors.push(error));
    const acquired = track(pool.acquire());
    await clock.advanceAsync(10);
    expect(acquired.value).toEqual({});
    expect(errors.map((e) => e.message)).toEqual([
      'bad',
      'A non-Error value was thrown: "a string" (a string)',
    ]);
  });

  it('stops retrying when nobody needs the resource any more', async () => {
    const { pool, clock, made } = setup({
      createRetry: { retries: 5, minDelayMs: 100 },
    });
    made.failNext = Number.POSITIVE_INFINITY;
    const controller = new AbortController();
    const acquired = track(pool.acquire({ signal: controller.signal }));
    await clock.advanceAsync(150); // two attempts
    controller.abort();
    await clock.advanceAsync(10_000);
    expect(acquired.error).toBeInstanceOf(DOMException);
    expect(pool.stats()).toMatchObject({ createErrors: 2, creating: 0 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('reports every failed attempt to createError listeners, numbered', async () => {
    const { pool, clock, made } = setup({ createRetry: { retries: 2, minDelayMs: 1 } });
    made.failNext = 2;
    const seen: PoolEvents<Resource>['createError'][] = [];
    pool.on('createError', (event) => seen.push(event));
    const acquired = track(pool.acquire());
    await clock.advanceAsync(10);
    expect(acquired.value).toEqual({ id: 1 });
    expect(seen.map((e) => e.attempt)).toEqual([1, 2]);
    expect(Object.isFrozen(seen[0])).toBe(true);
  });

  it('a create that keeps failing under min warming backs off by maxDelayMs between rounds', async () => {
    const { pool, clock, made } = setup({
      min: 1,
      createRetry: { retries: 0, maxDelayMs: 1000 },
    });
    made.failNext = 3;
    await clock.flush();
    expect(pool.stats().createErrors).toBe(1);
    expect(clock.referencedTimers()).toBe(0); // the refill timer is unref'd
    await clock.advanceAsync(999);
    expect(pool.stats().createErrors).toBe(1);
    await clock.advanceAsync(1);
    expect(pool.stats().createErrors).toBe(2);
    await clock.advanceAsync(2000);
    expect(pool.stats()).toMatchObject({ createErrors: 3, created: 1, available: 1 });
  });
});

describe('create timeouts', () => {
  it('gives up on a create after createTimeoutMs, aborting its signal', async () => {
    const clock = createManualClock();
    const signals: AbortSignal[] = [];
    const pool = createPool<object>({
      clock,
      create: (signal) => {
        signals.push(signal);
        return new Promise(() => {});
      },
      createTimeoutMs: 500,
      createRetry: { retries: 1, minDelayMs: 100 },
    });
    const acquired = track(pool.acquire());
    await clock.advanceAsync(500);
    expect(signals[0]?.aborted).toBe(true);
    expect(isPoolCreateTimeoutError(signals[0]?.reason)).toBe(true);
    await clock.advanceAsync(600);
    expect(isPoolCreateError(acquired.error)).toBe(true);
    expect((acquired.error as Error).cause).toMatchObject({
      code: 'POOL_CREATE_TIMEOUT',
      timeoutMs: 500,
    });
    expect(signals).toHaveLength(2);
    await pool.close();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('destroys a resource that arrives after its attempt timed out', async () => {
    const clock = createManualClock();
    const destroyed: object[] = [];
    let deliver: (resource: object) => void = () => {};
    const late = { late: true };
    const pool = createPool<object>({
      clock,
      create: () =>
        new Promise((resolve) => {
          deliver = resolve;
        }),
      destroy: (resource) => {
        destroyed.push(resource);
      },
      createTimeoutMs: 100,
      createRetry: { retries: 0 },
    });
    const destroyReasons: string[] = [];
    pool.on('destroy', ({ reason }) => destroyReasons.push(reason));
    const acquired = track(pool.acquire());
    await clock.advanceAsync(100);
    expect(isPoolCreateError(acquired.error)).toBe(true);
    deliver(late);
    await clock.flush();
    expect(destroyed).toEqual([late]);
    expect(destroyReasons).toEqual(['late']);
    expect(pool.stats()).toMatchObject({ size: 0, created: 1, destroyed: 1 });
  });

  it('treats a create returning a resource already in the pool as a failure', async () => {
    const clock = createManualClock();
    const only = { id: 1 };
    const pool = createPool({ clock, create: () => only, createRetry: { retries: 0 } });
    const first = await pool.acquire();
    const second = await pool.acquire().catch((e: unknown) => e);
    expect(isPoolCreateError(second)).toBe(true);
    expect((second as Error).message).toContain('already in the pool');
    await pool.release(first);
  });
});
