import { getEventListeners } from 'node:events';
import { createManualClock, type MetricsSink } from '@leanvibe/core/contracts';
import { describe, expect, it, vi } from 'vitest';
import { isRateLimitedError, RESILIENCE_METRICS, rateLimit } from '../src/index.js';

describe('rateLimit', () => {
  it('lets a burst through, then refuses with RateLimitedError saying when to come back', async () => {
    const clock = createManualClock();
    const limiter = rateLimit({ clock, tokensPerInterval: 2, intervalMs: 1_000, burst: 3 });
    for (let i = 0; i < 3; i++) await limiter.execute(() => i);
    const rejected = vi.fn();
    limiter.onReject(rejected);
    const error = await limiter.execute(() => 'x').catch((e: unknown) => e);
    expect(isRateLimitedError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 500 });
    expect(rejected).toHaveBeenCalledTimes(1);
    clock.advance(500);
    await expect(limiter.execute(() => 'refilled')).resolves.toBe('refilled');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('refills continuously up to burst', () => {
    const clock = createManualClock();
    const limiter = rateLimit({ clock, tokensPerInterval: 10, intervalMs: 1_000 });
    expect(limiter.tokens).toBe(10);
    clock.advance(60_000);
    expect(limiter.tokens).toBe(10);
  });

  it('makes callers wait their turn in order with whenEmpty: wait, using one timer', async () => {
    const clock = createManualClock();
    const limiter = rateLimit({
      clock,
      tokensPerInterval: 1,
      intervalMs: 100,
      burst: 1,
      whenEmpty: 'wait',
    });
    const order: number[] = [];
    const calls = [0, 1, 2].map((i) => limiter.execute(() => order.push(i)));
    await clock.flush();
    expect(order).toEqual([0]);
    expect(limiter.queued).toBe(2);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advanceAsync(100);
    expect(order).toEqual([0, 1]);
    await clock.advanceAsync(100);
    expect(order).toEqual([0, 1, 2]);
    await Promise.all(calls);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('lets an aborted waiter leave at once and stops the timer when nobody waits', async () => {
    const clock = createManualClock();
    const limiter = rateLimit({
      clock,
      tokensPerInterval: 1,
      intervalMs: 100,
      burst: 1,
      whenEmpty: 'wait',
    });
    await limiter.execute(() => 0);
    const controller = new AbortController();
    const waiting = limiter.execute(() => 1, { signal: controller.signal });
    await clock.flush();
    controller.abort(new Error('bored'));
    await expect(waiting).rejects.toThrow('bored');
    expect(clock.pendingTimers()).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await expect(
      limiter.execute(() => 1, { signal: AbortSignal.abort(new Error('pre')) }),
    ).rejects.toThrow('pre');
  });

  it('refuses beyond `queue` waiters', async () => {
    const clock = createManualClock();
    const limiter = rateLimit({
      clock,
      tokensPerInterval: 1,
      intervalMs: 100,
      whenEmpty: 'wait',
      queue: 1,
    });
    await limiter.execute(() => 0);
    const waiting = limiter.execute(() => 1);
    await expect(limiter.execute(() => 2)).rejects.toSatisfy(isRateLimitedError);
    await clock.advanceAsync(100);
    await expect(waiting).resolves.toBe(1);
  });

  it('reports outcomes and the queue gauge', async () => {
    const clock = createManualClock();
    const sink: MetricsSink = { counter: vi.fn(), gauge: vi.fn(), histogram: vi.fn() };
    const limiter = rateLimit({ clock, metrics: sink, tokensPerInterval: 1, intervalMs: 10 });
    await limiter.execute(() => 1);
    await limiter.execute(() => 1).catch(() => {});
    clock.advance(10);
    await limiter.execute(() => Promise.reject(new Error('x'))).catch(() => {});
    const base = { policy: 'rate-limit', name: 'rate-limit' };
    for (const outcome of ['success', 'rejected', 'failure']) {
      expect(sink.counter).toHaveBeenCalledWith(RESILIENCE_METRICS.calls, 1, { ...base, outcome });
    }
  });

  it('validates options', () => {
    expect(() => rateLimit({ tokensPerInterval: 0, intervalMs: 1 })).toThrow(
      '`tokensPerInterval` must be a finite number > 0, got 0',
    );
    expect(() => rateLimit({ tokensPerInterval: 1, intervalMs: -1 })).toThrow('`intervalMs`');
    expect(() => rateLimit({ tokensPerInterval: 1, intervalMs: 1, burst: 0.5 })).toThrow('`burst`');
    expect(() =>
      rateLimit({ tokensPerInterval: 1, intervalMs: 1, whenEmpty: 'x' as 'wait' }),
    ).toThrow('`whenEmpty`');
  });
});
