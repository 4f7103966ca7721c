import { getEventListeners } from 'node:events';
import {
  createManualClock,
  isPluginTimeoutError,
  type MetricsSink,
} from '@leanvibe/core/contracts';
import { describe, expect, it, vi } from 'vitest';
import { RESILIENCE_METRICS, timeout } from '../src/index.js';

function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

describe('timeout', () => {
  it('returns the value and clears its timer; fn that never reads its signal creates no controller', async () => {
    const clock = createManualClock();
    const policy = timeout(100, { clock });
    await policy.execute(() => 'warm up the shared never-aborted signal');
    const Original = globalThis.AbortController;
    let created = 0;
    globalThis.AbortController = class extends Original {
      constructor() {
        super();
        created++;
      }
    };
    try {
      await expect(policy.execute(({ attempt }) => `ok ${attempt}`)).resolves.toBe('ok 1');
      expect(created).toBe(0);
      await policy.execute(({ signal }) => signal.aborted);
      expect(created).toBe(1);
    } finally {
      globalThis.AbortController = Original;
    }
    expect(clock.pendingTimers()).toBe(0);
  });

  it('cooperative: aborts fn’s signal at the deadline and rejects with PluginTimeoutError', async () => {
    const clock = createManualClock();
    const policy = timeout(100, { clock, name: 'fetch' });
    const timeouts = vi.fn();
    policy.onTimeout(timeouts);
    const result = policy.execute(
      ({ signal }) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    );
    clock.advance(100);
    const error = await result.catch((e: unknown) => e);
    expect(isPluginTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'PLUGIN_TIMEOUT',
      timeoutMs: 100,
      operation: 'fetch',
      message: '"fetch" timed out after 100 ms',
    });
    expect(timeouts).toHaveBeenCalledWith({ timeoutMs: 100, error });
  });

  it('cooperative: a different rejection after the deadline becomes the timeout error, with cause', async () => {
    const clock = createManualClock();
    const policy = timeout(50, { clock });
    const result = policy.execute(
      ({ signal }) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => reject(new Error('socket closed')));
        }),
    );
    clock.advance(50);
    const error = (await result.catch((e: unknown) => e)) as Error;
    expect(isPluginTimeoutError(error)).toBe(true);
    expect((error.cause as Error).message).toBe('socket closed');
  });

  it('cooperative: a value fn still returns after the deadline is kept', async () => {
    const clock = createManualClock();
    const policy = timeout(10, { clock });
    const result = policy.execute(async ({ signal }) => {
      clock.advance(20);
      return signal.aborted ? 'late but done' : 'early';
    });
    await expect(result).resolves.toBe('late but done');
  });

  it('hands fn an already aborted signal when it first looks after the deadline', async () => {
    const clock = createManualClock();
    const policy = timeout(10, { clock });
    const seen = await policy.execute(async (context) => {
      clock.advance(10);
      return context.signal.reason;
    });
    expect(isPluginTimeoutError(seen)).toBe(true);
  });

  it('aggressive: rejects at the deadline without waiting for fn', async () => {
    const clock = createManualClock();
    const policy = timeout(100, { clock, strategy: 'aggressive' });
    let signalled: AbortSignal | undefined;
    const result = policy.execute(({ signal }) => {
      signalled = signal;
      return never();
    });
    clock.advance(100);
    await expect(result).rejects.toSatisfy(isPluginTimeoutError);
    expect(signalled?.aborted).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('aggressive: a late settlement of fn is ignored', async () => {
    const clock = createManualClock();
    const policy = timeout(5, { clock, strategy: 'aggressive' });
    let fail!: (error: Error) => void;
    const result = policy.execute(() => new Promise((_, reject) => (fail = reject)));
    clock.advance(5);
    await expect(result).rejects.toSatisfy(isPluginTimeoutError);
    fail(new Error('too late'));
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('aggressive: settles with fn when fn is first, sync throw included', async () => {
    const clock = createManualClock();
    const policy = timeout(5, { clock, strategy: 'aggressive' });
    await expect(policy.execute(() => 7)).resolves.toBe(7);
    await expect(
      policy.execute(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(clock.pendingTimers()).toBe(0);
  });

  it.each(['cooperative', 'aggressive'] as const)(
    '%s: the caller’s abort reaches fn through one listener, removed when the call settles',
    async (strategy) => {
      const clock = createManualClock();
      const controller = new AbortController();
      const policy = timeout(1_000, { clock, strategy });
      const result = policy.execute(
        ({ signal }) =>
          new Promise((_, reject) => {
            signal.addEventListener('abort', () => reject(signal.reason));
          }),
        { signal: controller.signal },
      );
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      const reason = new Error('caller left');
      controller.abort(reason);
      await expect(result).rejects.toBe(reason);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      expect(clock.pendingTimers()).toBe(0);
    },
  );

  it('links nothing to the caller’s signal when a cooperative fn never reads its own', async () => {
    const controller = new AbortController();
    const clock = createManualClock();
    const result = timeout(10, { clock }).execute(() => 'quick', { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await expect(result).resolves.toBe('quick');
  });

  it('rejects at once when the caller’s signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('already'));
    const fn = vi.fn();
    await expect(timeout(10).execute(fn, { signal: controller.signal })).rejects.toThrow('already');
    expect(fn).not.toHaveBeenCalled();
  });

  it('reports outcomes and durations in seconds', async () => {
    const clock = createManualClock();
    const sink: MetricsSink = { counter: vi.fn(), gauge: vi.fn(), histogram: vi.fn() };
    const policy = timeout(250, { clock, metrics: sink });
    const result = policy.execute(() => never());
    clock.advance(250);
    const labels = { policy: 'timeout', name: 'timeout', outcome: 'timeout' };
    expect(sink.counter).toHaveBeenCalledWith(RESILIENCE_METRICS.calls, 1, labels);
    expect(sink.histogram).toHaveBeenCalledWith(RESILIENCE_METRICS.callDuration, 0.25, labels);
    void result.catch(() => {});
    await policy.execute(() => 1);
    await policy.execute(() => Promise.reject(new Error('x'))).catch(() => {});
    expect(sink.counter).toHaveBeenCalledWith(RESILIENCE_METRICS.calls, 1, {
      ...labels,
      outcome: 'success',
    });
    expect(sink.counter).toHaveBeenCalledWith(RESILIENCE_METRICS.calls, 1, {
      ...labels,
      outcome: 'failure',
    });
  });

  it('validates its arguments', async () => {
    expect(() => timeout(-1)).toThrow('`timeoutMs` must be a finite number ≥ 0, got -1');
    expect(() => timeout(1, { strategy: 'rude' as 'aggressive' })).toThrow(
      '`strategy` must be one of',
    );
    await expect(timeout(1).execute(undefined as never)).rejects.toThrow('`fn` must be a function');
  });
});
