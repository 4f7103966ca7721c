import type { MetricsSink } from '@leanvibe/core/contracts';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { fallback, RESILIENCE_METRICS } from '../src/index.js';

describe('fallback', () => {
  it('answers a failure with a value', async () => {
    const policy = fallback(0);
    const result = await policy.execute((): Promise<number> => Promise.reject(new Error('down')));
    expect(result).toBe(0);
    expectTypeOf(result).toEqualTypeOf<number>();
  });

  it('answers with a function of the error and signal, and passes successes through', async () => {
    const onFallback = vi.fn();
    const policy = fallback(({ error }) => `cached (${(error as Error).message})`);
    policy.onFallback(onFallback);
    await expect(policy.execute(() => 'fresh')).resolves.toBe('fresh');
    await expect(
      policy.execute(() => {
        throw new Error('down');
      }),
    ).resolves.toBe('cached (down)');
    expect(onFallback).toHaveBeenCalledWith({ error: new Error('down') });
  });

  it('rethrows errors shouldHandle rejects, and every error of an aborted call', async () => {
    const policy = fallback('x', { shouldHandle: (error) => (error as Error).message !== 'fatal' });
    await expect(policy.execute(() => Promise.reject(new Error('fatal')))).rejects.toThrow('fatal');
    const controller = new AbortController();
    controller.abort();
    await expect(
      policy.execute(() => Promise.reject(new Error('aborted')), { signal: controller.signal }),
    ).rejects.toThrow('aborted');
  });

  it('reports fallback outcomes', async () => {
    const sink: MetricsSink = { counter: vi.fn(), gauge: vi.fn(), histogram: vi.fn() };
    const policy = fallback(1, {
      metrics: sink,
      shouldHandle: (e) => (e as Error).message === 'soft',
    });
    await policy.execute(() => 2);
    await policy.execute(() => Promise.reject(new Error('soft')));
    await policy.execute(() => Promise.reject(new Error('hard'))).catch(() => {});
    const base = { policy: 'fallback', name: 'fallback' };
    for (const outcome of ['success', 'fallback', 'failure']) {
      expect(sink.counter).toHaveBeenCalledWith(RESILIENCE_METRICS.calls, 1, { ...base, outcome });
    }
  });

  it('validates options', () => {
    expect(() => fallback(1, { shouldHandle: 'yes' as never })).toThrow(
      '`shouldHandle` must be a function',
    );
  });
});
