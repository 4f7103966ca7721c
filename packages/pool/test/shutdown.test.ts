import { createManualClock } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import { createPool, isPoolClosedError, isPoolDestroyTimeoutError } from '../src/index.js';
import { setup, track } from './helpers.js';

describe('drain', () => {
  it('stops lending, serves those already waiting, waits for loans, destroys everything', async () => {
    const { pool, clock, made } = setup({ max: 2 });
    const a = await pool.acquire();
    const b = await pool.acquire();
    const waiting = track(pool.acquire());
    const drained = track(pool.drain());
    expect(pool.stats().state).toBe('draining');
    const late = await pool.acquire().catch((e: unknown) => e);
    expect(isPoolClosedError(late)).toBe(true);
    expect((late as Error).message).toBe('pool "pool" is draining and lends no more');
    await pool.release(a);
    await clock.flush();
    expect(waiting.value).toBe(a);
    await pool.release(b);
    expect(drained.settled).toBe(false);
    await pool.release(a);
    await clock.flush();
    expect(drained.settled).toBe(true);
    expect(made.destroyed).toEqual([b, a]);
    expect(pool.stats()).toMatchObject({ state: 'closed', size: 0, destroyed: 2 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('returns the same outcome when called again, and after close', async () => {
    const { pool } = setup();
    await pool.release(await pool.acquire());
    const first = pool.drain();
    const second = pool.drain();
    await Promise.all([first, second, pool.close()]);
    expect(pool.stats().state).toBe('closed');
    await pool.drain();
  });

  it('can stop waiting when its signal aborts; the loan is destroyed when it comes back', async () => {
    const { pool, clock, made } = setup();
    const a = await pool.acquire();
    const controller = new AbortController();
    const drained = track(pool.drain({ signal: controller.signal }));
    controller.abort(new Error('shutdown deadline'));
    await clock.flush();
    expect((drained.error as Error).message).toBe('shutdown deadline');
    expect(pool.stats().state).toBe('draining');
    await pool.release(a);
    expect(made.destroyed).toEqual([a]);
    expect(pool.stats().state).toBe('closed');
  });

  it('aborts creates nobody needs any more, and destroys what they deliver', async () => {
    const clock = createManualClock();
    const destroyed: object[] = [];
    let deliver: (value: object) => void = () => {};
    const signals: AbortSignal[] = [];
    const pool = createPool<object>({
      clock,
      min: 1,
      create: (signal) => {
        signals.push(signal);
        return new Promise((resolve) => {
          deliver = resolve;
        });
      },
      destroy: (resource) => {
        destroyed.push(resource);
      },
      createTimeoutMs: 1000,
    });
    await clock.flush();
    const drained = track(pool.drain());
    await clock.flush();
    expect(signals[0]?.aborted).toBe(true);
    // The factory ignores its signal; drain waits for it (at most createTimeoutMs).
    expect(drained.settled).toBe(false);
    const resource = { late: true };
    deliver(resource);
    await clock.flush();
    expect(destroyed).toEqual([resource]);
    expect(drained.settled).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('waits for a factory that never settles at most createTimeoutMs', async () => {
    const clock = createManualClock();
    const pool = createPool<object>({
      clock,
      min: 1,
      create: () => new Promise(() => {}),
      createTimeoutMs: 1000,
    });
    await clock.flush();
    const drained = track(pool.drain());
    await clock.advanceAsync(999);
    expect(drained.settled).toBe(false);
    await clock.advanceAsync(1);
    expect(drained.settled).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('close', () => {
  it('rejects callers already waiting with PoolClosedError, then drains', async () => {
    const { pool, clock } = setup({ max: 1 });
    const a = await pool.acquire();
    const waiting = track(pool.acquire());
    const closed = track(pool.close());
    await clock.flush();
    expect(isPoolClosedError(waiting.error)).toBe(true);
    expect(closed.settled).toBe(false);
    await pool.release(a);
    await clock.flush();
    expect(closed.settled).toBe(true);
    const after = await pool.acquire().catch((e: unknown) => e);
    expect(after).toMatchObject({ code: 'POOL_CLOSED', message: 'pool "pool" is closed' });
  });

  it('clears every timer, including a pending acquire timeout and a retry delay', async () => {
    const { pool, clock, made } = setup({
      max: 1,
      min: 1,
      createRetry: { retries: 3, minDelayMs: 1000 },
      leaseTimeoutMs: 60_000,
    });
    made.failNext = 1;
    const waiting = track(pool.acquire());
    await clock.flush();
    expect(clock.pendingTimers()).toBeGreaterThan(0);
    await pool.close();
    expect(isPoolClosedError(waiting.error)).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
    expect(made.created).toHaveLength(0);
  });

  it('works as await using', async () => {
    const { pool: outer, made } = setup();
    {
      await using pool = outer;
      await pool.release(await pool.acquire());
    }
    expect(outer.stats().state).toBe('closed');
    expect(made.destroyed).toHaveLength(1);
  });

  it('leaves no timer behind in a real process', async () => {
    const timers = () =>
      (process as unknown as { getActiveResourcesInfo(): string[] })
        .getActiveResourcesInfo()
        .filter((h) => h === 'Timeout').length;
    const before = timers();
    const pool = createPool({
      create: () => ({}),
      max: 1,
      idleTimeoutMs: 10,
      leaseTimeoutMs: 50,
    });
    const held = await pool.acquire();
    // Unref'd maintenance timers (lease watch) do not count; a waiting caller's timeout does.
    expect(timers()).toBe(before);
    const waiting = pool.acquire({ priority: 1 });
    expect(timers()).toBe(before + 1);
    await pool.release(held);
    await pool.release(await waiting);
    await pool.close();
    expect(timers()).toBe(before);
  });
});

describe('destroy failures', () => {
  it('reports a throwing, rejecting or hanging destroy, and still finishes draining', async () => {
    const clock = createManualClock();
    const behaviours = [
      () => {
        throw new Error('sync boom');
      },
      () => Promise.reject(new Error('async boom')),
      () => new Promise<void>(() => {}),
    ];
    let next = 0;
    const pool = createPool({
      clock,
      max: 3,
      create: () => ({ n: next++ }),
      destroy: (resource) => behaviours[resource.n]!(),
      destroyTimeoutMs: 500,
    });
    const errors: Error[] = [];
    pool.on('destroyError', ({ error }) => errors.push(error));
    const all = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    for (const resource of all) await pool.release(resource);
    const drained = track(pool.drain());
    await clock.advanceAsync(499);
    expect(drained.settled).toBe(false);
    await clock.advanceAsync(1);
    expect(drained.settled).toBe(true);
    expect(errors.map((e) => e.message).sort()).toEqual([
      'async boom',
      'destroy timed out after 500 ms',
      'sync boom',
    ]);
    expect(isPoolDestroyTimeoutError(errors.find((e) => e.message.includes('timed out')))).toBe(
      true,
    );
    expect(pool.stats()).toMatchObject({ destroyErrors: 3, destroyed: 3, destroying: 0 });
  });
});
