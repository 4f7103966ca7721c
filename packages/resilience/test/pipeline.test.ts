import { getEventListeners, setMaxListeners } from 'node:events';
import { createManualClock, isPluginTimeoutError, type Policy } from '@leanvibe/core/contracts';
import { beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  bulkhead,
  circuitBreaker,
  consecutive,
  fallback,
  isBrokenCircuitError,
  pipeline,
  retry,
  timeout,
} from '../src/index.js';

// p-retry is imported on the first retry; load it first so manual-clock steps line up.
beforeAll(() => import('p-retry'));

describe('pipeline', () => {
  it('runs policies outermost first and exposes them', async () => {
    const order: string[] = [];
    const tracer = (name: string): Policy => ({
      async execute(fn, options) {
        order.push(`${name} in`);
        try {
          return await fn({ signal: options?.signal ?? new AbortController().signal, attempt: 1 });
        } finally {
          order.push(`${name} out`);
        }
      },
    });
    const a = tracer('a');
    const b = tracer('b');
    const inner = pipeline(b, timeout(100));
    const policy = pipeline(a, inner);
    expect(policy.policies).toEqual([a, b, inner.policies[1]]);
    await policy.execute(() => order.push('fn'));
    expect(order).toEqual(['a in', 'b in', 'fn', 'b out', 'a out']);
  });

  it('gives fn the retry’s attempt through inner policies, with a per-attempt timeout', async () => {
    const clock = createManualClock();
    const policy = pipeline(retry({ clock, retries: 2, minDelayMs: 1 }), timeout(50, { clock }));
    const attempts: number[] = [];
    const result = policy.execute(({ attempt, signal }) => {
      attempts.push(attempt);
      if (attempt < 3) {
        return new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        );
      }
      return 'third time';
    });
    for (let i = 0; i < 10 && attempts.length < 3; i++) await clock.advanceAsync(50);
    await expect(result).resolves.toBe('third time');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('types the result with what a fallback may answer', async () => {
    const policy = pipeline(fallback('offline' as const), retry({ retries: 0 }));
    const value = await policy.execute(() => 42);
    expectTypeOf(value).toEqualTypeOf<number | 'offline'>();
    await expect(policy.execute(() => Promise.reject(new Error('x')))).resolves.toBe('offline');
  });

  it('retries an open circuit only as rules allow, and fallback catches the rest', async () => {
    const breaker = circuitBreaker({ breaker: consecutive(2), halfOpenAfterMs: 60_000 });
    const policy = pipeline(
      fallback('fallback'),
      retry({
        retries: 3,
        minDelayMs: 0,
        shouldRetry: ({ error }) => !isBrokenCircuitError(error),
      }),
      breaker,
    );
    const fn = vi.fn(() => Promise.reject(new Error('down')));
    await expect(policy.execute(fn)).resolves.toBe('fallback');
    expect(fn).toHaveBeenCalledTimes(2);
    expect(breaker.state).toBe('open');
  });

  it('validates its policies', () => {
    expect(() => pipeline(retry(), {} as never)).toThrow('`policies[1]` must be a policy');
  });

  it('with no policies, just runs fn', async () => {
    await expect(pipeline().execute(({ attempt }) => attempt)).resolves.toBe(1);
  });

  it('10,000 calls through pipeline(retry, breaker, timeout, bulkhead) leave no abort listeners and no timers', async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    // every call in flight listens to the caller's signal until it settles
    setMaxListeners(20_000, controller.signal);
    const policy = pipeline(
      retry({ clock, retries: 2, minDelayMs: 1, jitter: 'none' }),
      circuitBreaker({ clock, breaker: consecutive(1_000) }),
      timeout(1_000, { clock }),
      bulkhead({ concurrency: 8, queue: 10_000 }),
    );
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 10_000; i++) {
      calls.push(
        policy.execute(
          async ({ signal, attempt }) => {
            if (signal.aborted) throw signal.reason;
            if (i % 10 === 0 && attempt === 1) throw new Error('transient');
            if (i % 1_000 === 1) await new Promise((resolve) => setImmediate(resolve));
            return i;
          },
          { signal: controller.signal },
        ),
      );
    }
    let settled = false;
    const all = Promise.all(calls).finally(() => {
      settled = true;
    });
    for (let i = 0; i < 5_000 && !settled; i++) await clock.advanceAsync(1);
    const values = await all;
    expect(values).toHaveLength(10_000);
    expect(values[9_999]).toBe(9_999);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(clock.pendingTimers()).toBe(0);
  }, 60_000);

  it('a total timeout outside retry bounds every attempt together', async () => {
    const clock = createManualClock();
    const policy = pipeline(
      timeout(100, { clock }),
      retry({ clock, retries: 10, minDelayMs: 40, jitter: 'none' }),
    );
    const fn = vi.fn(() => Promise.reject(new Error('down')));
    const result = policy.execute(fn).catch((error: unknown) => error);
    for (let i = 0; i < 10; i++) await clock.advanceAsync(20);
    expect(isPluginTimeoutError(await result)).toBe(true);
    expect(fn.mock.calls.length).toBeLessThan(4);
    expect(clock.pendingTimers()).toBe(0);
  });
});
