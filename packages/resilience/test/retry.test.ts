import { getEventListeners } from 'node:events';
import {
  createManualClock,
  isInvalidOptionError,
  type MetricsSink,
} from '@leanvibe/core/contracts';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { type GiveUpEvent, RESILIENCE_METRICS, type RetryEvent, retry } from '../src/index.js';
import { settle } from './settle.js';

function failing(times: number, error: unknown = new Error('boom')) {
  const fn = vi.fn(async ({ attempt }: { attempt: number }) => {
    if (attempt <= times) throw error;
    return `ok on ${attempt}`;
  });
  return fn;
}

// p-retry is imported on the first retry; load it first so manual-clock steps line up.
beforeAll(() => import('p-retry'));

describe('retry', () => {
  it('returns at once when the first attempt succeeds, reading no clock and setting no timer', async () => {
    const clock = createManualClock();
    const now = vi.spyOn(clock, 'now');
    const policy = retry({ clock });
    await expect(policy.execute(({ attempt }) => `ok ${attempt}`)).resolves.toBe('ok 1');
    expect(now).not.toHaveBeenCalled();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('retries with exponential delays on the injected clock', async () => {
    const clock = createManualClock();
    const policy = retry({ clock, retries: 3, minDelayMs: 100, factor: 2, jitter: 'none' });
    const delays: RetryEvent[] = [];
    policy.onRetry((event) => delays.push(event));
    const fn = failing(3);
    const result = policy.execute(fn);
    await clock.advanceAsync(99);
    expect(fn).toHaveBeenCalledTimes(1);
    await clock.advanceAsync(1);
    expect(fn).toHaveBeenCalledTimes(2);
    await clock.advanceAsync(200);
    expect(fn).toHaveBeenCalledTimes(3);
    await clock.advanceAsync(400);
    await expect(result).resolves.toBe('ok on 4');
    expect(delays.map((event) => [event.attempt, event.delayMs])).toEqual([
      [1, 100],
      [2, 200],
      [3, 400],
    ]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('gives up after `retries` retries with the last error, unwrapped', async () => {
    const clock = createManualClock();
    const error = new TypeError('not a network error');
    const policy = retry({ clock, retries: 2, minDelayMs: 10 });
    const giveUps: GiveUpEvent[] = [];
    policy.onGiveUp((event) => giveUps.push(event));
    const fn = failing(10, error);
    const outcome = await settle(policy.execute(fn), clock);
    expect(outcome).toEqual({ error });
    expect(fn).toHaveBeenCalledTimes(3);
    expect(giveUps).toEqual([{ error, attempts: 3, reason: 'exhausted' }]);
  });

  it('rethrows a thrown non-Error value unchanged', async () => {
    const clock = createManualClock();
    const outcome = await settle(
      retry({ clock, retries: 1, minDelayMs: 1 }).execute(() => {
        throw 'plain string';
      }),
      clock,
    );
    expect(outcome).toEqual({ error: 'plain string' });
  });

  it('never retries with retries: 0', async () => {
    const fn = failing(1);
    await expect(retry({ retries: 0 }).execute(fn)).rejects.toThrow('boom');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('stops when shouldRetry says no, with the context of the failure', async () => {
    const clock = createManualClock();
    const shouldRetry = vi.fn((context: { attempt: number }) => context.attempt < 2);
    const policy = retry({ clock, retries: 5, minDelayMs: 1, shouldRetry });
    const reasons: string[] = [];
    policy.onGiveUp((event) => reasons.push(event.reason));
    const fn = failing(10);
    await settle(policy.execute(fn), clock);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(shouldRetry.mock.calls[0]?.[0]).toMatchObject({
      attempt: 1,
      retriesConsumed: 0,
      retriesLeft: 5,
      elapsedMs: 0,
    });
    expect(Object.isFrozen(shouldRetry.mock.calls[0]?.[0])).toBe(true);
    expect(reasons).toEqual(['not-retryable']);
  });

  it('lets failures that do not consume a retry through without growing the delay', async () => {
    const clock = createManualClock();
    const limited = new Error('429');
    const policy = retry({
      clock,
      retries: 1,
      minDelayMs: 100,
      jitter: 'none',
      shouldConsumeRetry: ({ error }) => error !== limited,
    });
    const delays: number[] = [];
    policy.onRetry((event) => delays.push(event.delayMs));
    let calls = 0;
    const outcome = await settle(
      policy.execute(() => {
        calls++;
        throw calls <= 3 ? limited : new Error('real');
      }),
      clock,
    );
    expect(calls).toBe(5);
    expect(delays).toEqual([100, 100, 100, 100]);
    expect((outcome as { error: Error }).error.message).toBe('real');
  });

  it('waits what delayFor says (a Retry-After), uncapped by maxDelayMs', async () => {
    const clock = createManualClock();
    const policy = retry({
      clock,
      retries: 1,
      maxDelayMs: 100,
      minDelayMs: 10,
      delayFor: (error) => (error as { retryAfterMs?: number }).retryAfterMs,
    });
    const fn = failing(1, Object.assign(new Error('slow down'), { retryAfterMs: 5_000 }));
    const result = policy.execute(fn);
    await clock.advanceAsync(4_999);
    expect(fn).toHaveBeenCalledTimes(1);
    await clock.advanceAsync(1);
    await expect(result).resolves.toBe('ok on 2');
  });

  it('does not start a retry whose delay would end after maxElapsedMs', async () => {
    const clock = createManualClock();
    const policy = retry({
      clock,
      retries: 10,
      minDelayMs: 100,
      jitter: 'none',
      maxElapsedMs: 350,
    });
    const reasons: string[] = [];
    policy.onGiveUp((event) => reasons.push(event.reason));
    const fn = failing(10);
    await settle(policy.execute(fn), clock);
    // delays 100 + 200 = 300 elapsed; the next (400) would end at 700 > 350
    expect(fn).toHaveBeenCalledTimes(3);
    expect(reasons).toEqual(['max-elapsed']);
  });

  it.each([
    ['full', [0.5, 0.25], [50, 50]],
    ['none', [0.5, 0.25], [100, 200]],
    ['decorrelated', [0.5, 0.25], [200, 225]],
  ] as const)('computes %s jitter from the random source', async (jitter, randoms, expected) => {
    const clock = createManualClock();
    const values = [...randoms];
    const policy = retry({
      clock,
      retries: 2,
      minDelayMs: 100,
      maxDelayMs: 10_000,
      jitter,
      random: () => values.shift() ?? 0,
    });
    const delays: number[] = [];
    policy.onRetry((event) => delays.push(event.delayMs));
    await settle(policy.execute(failing(2)), clock);
    expect(delays).toEqual(expected);
  });

  it('caps computed delays at maxDelayMs', async () => {
    const clock = createManualClock();
    const policy = retry({ clock, retries: 4, minDelayMs: 100, maxDelayMs: 250, jitter: 'none' });
    const delays: number[] = [];
    policy.onRetry((event) => delays.push(event.delayMs));
    await settle(policy.execute(failing(4)), clock);
    expect(delays).toEqual([100, 200, 250, 250]);
  });

  it('yields to the event loop between zero-delay retries instead of spinning', async () => {
    const policy = retry({ retries: 50, minDelayMs: 0, jitter: 'none' });
    // Counts the loop's turns: an immediate that queues the next one runs once per turn, so
    // retries chained through microtasks alone would leave it at zero, however long they took.
    let turns = 0;
    let counting = true;
    const tick = (): void => {
      if (!counting) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    let calls = 0;
    await expect(
      policy.execute(() => {
        calls++;
        throw new Error('sync failure');
      }),
    ).rejects.toThrow('sync failure');
    counting = false;
    expect(calls).toBe(51);
    expect(turns).toBeGreaterThanOrEqual(25);
  });

  it('stops at once when aborted during a delay, with the abort reason, leaving no timer or listener', async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    const policy = retry({ clock, retries: 5, minDelayMs: 1_000 });
    const reasons: string[] = [];
    policy.onGiveUp((event) => reasons.push(event.reason));
    const fn = failing(10);
    const result = policy.execute(fn, { signal: controller.signal });
    await clock.flush();
    expect(clock.pendingTimers()).toBe(1);
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);
    expect(clock.pendingTimers()).toBe(0);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(reasons).toEqual(['aborted']);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('does not retry once the caller has aborted', async () => {
    const controller = new AbortController();
    const fn = vi.fn(() => {
      controller.abort(new Error('stop'));
      throw new Error('failed');
    });
    await expect(retry().execute(fn, { signal: controller.signal })).rejects.toThrow('stop');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('aborts during later attempts too, keeping the reason', async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    const fn = vi.fn(({ attempt }: { attempt: number }) => {
      if (attempt === 3) controller.abort(new Error('enough'));
      throw new Error(`failed ${attempt}`);
    });
    const outcome = await settle(
      retry({ clock, retries: 5, minDelayMs: 1 }).execute(fn, { signal: controller.signal }),
      clock,
    );
    expect((outcome as { error: Error }).error.message).toBe('enough');
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('passes the attempt and the caller signal to fn', async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    const seen: [number, boolean][] = [];
    await settle(
      retry({ clock, retries: 2, minDelayMs: 1 }).execute(
        ({ attempt, signal }) => {
          seen.push([attempt, signal === controller.signal]);
          throw new Error('x');
        },
        { signal: controller.signal },
      ),
      clock,
    );
    expect(seen).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
  });

  it('reports calls, retries and durations in seconds to a MetricsSink', async () => {
    const clock = createManualClock();
    const sink: MetricsSink = { counter: vi.fn(), gauge: vi.fn(), histogram: vi.fn() };
    const policy = retry({
      clock,
      metrics: sink,
      name: 'api',
      retries: 1,
      minDelayMs: 500,
      jitter: 'none',
    });
    const result = policy.execute(failing(1));
    await clock.advanceAsync(500);
    await result;
    const labels = { policy: 'retry', name: 'api', outcome: 'success' };
    expect(sink.counter).toHaveBeenCalledWith(RESILIENCE_METRICS.retries, 1, {
      policy: 'retry',
      name: 'api',
    });
    expect(sink.counter).toHaveBeenCalledWith(RESILIENCE_METRICS.calls, 1, labels);
    expect(sink.histogram).toHaveBeenCalledWith(RESILIENCE_METRICS.callDuration, 0.5, labels);
  });

  it('validates options when built, naming the option', () => {
    expect(() => retry({ retries: -1 })).toThrow(
      '`retries` must be an integer ≥ 0 or Infinity, got -1',
    );
    expect(() => retry({ minDelayMs: 10, maxDelayMs: 5 })).toThrow(
      '`maxDelayMs` must be a finite number ≥ minDelayMs (10), got 5',
    );
    expect(() => retry({ factor: 0.5 })).toThrow('`factor` must be a finite number ≥ 1, got 0.5');
    expect(() => retry({ jitter: 'half' as 'full' })).toThrow("`jitter` must be one of 'full'");
    expect(() => retry({ shouldRetry: 1 as never })).toThrow('`shouldRetry` must be a function');
    expect(() => retry({ maxElapsedMs: -5 })).toThrow('`maxElapsedMs`');
    try {
      retry({ retries: 1.5 });
    } catch (error) {
      expect(isInvalidOptionError(error)).toBe(true);
    }
    expect(retry({ retries: Number.POSITIVE_INFINITY }).retries).toBe(Number.POSITIVE_INFINITY);
  });

  it('validates arguments at the call', async () => {
    await expect(retry().execute(42 as never)).rejects.toThrow('`fn` must be a function, got 42');
    await expect(retry().execute(() => 1, { signal: 'x' as never })).rejects.toThrow(
      '`options.signal` must be an AbortSignal',
    );
  });
});
