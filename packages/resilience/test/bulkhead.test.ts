import { getEventListeners } from 'node:events';
import type { MetricsSink } from '@leanvibe/core/contracts';
import { describe, expect, it, vi } from 'vitest';
import { bulkhead, isBulkheadRejectedError, RESILIENCE_METRICS } from '../src/index.js';

function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('bulkhead', () => {
  it('runs at most `concurrency` calls and queues the next ones in order', async () => {
    const policy = bulkhead({ concurrency: 2, queue: 2 });
    const gates = [gate(), gate(), gate(), gate()];
    const order: number[] = [];
    const calls = gates.map((g, i) =>
      policy.execute(async () => {
        order.push(i);
        await g.promise;
        return i;
      }),
    );
    await tick();
    expect(order).toEqual([0, 1]);
    expect([policy.active, policy.queued]).toEqual([2, 2]);
    gates[1]!.open();
    await tick();
    expect(order).toEqual([0, 1, 2]);
    gates[0]!.open();
    gates[2]!.open();
    gates[3]!.open();
    await expect(Promise.all(calls)).resolves.toEqual([0, 1, 2, 3]);
    expect([policy.active, policy.queued]).toEqual([0, 0]);
  });

  it('refuses with BulkheadRejectedError when every slot and queue place is taken', async () => {
    const policy = bulkhead({ concurrency: 1, queue: 1, name: 'thumbs' });
    const rejected = vi.fn();
    policy.onReject(rejected);
    const g = gate();
    const first = policy.execute(() => g.promise);
    const second = policy.execute(() => 'second');
    const error = await policy.execute(() => 'third').catch((e: unknown) => e);
    expect(isBulkheadRejectedError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'BULKHEAD_REJECTED',
      concurrency: 1,
      queue: 1,
      policyName: 'thumbs',
    });
    expect(rejected).toHaveBeenCalledWith({ error });
    g.open();
    await first;
    await expect(second).resolves.toBe('second');
  });

  it('lets an aborted queued call leave the queue at once, removing its listener', async () => {
    const policy = bulkhead({ concurrency: 1, queue: 5 });
    const g = gate();
    const first = policy.execute(() => g.promise);
    const controller = new AbortController();
    const fn = vi.fn();
    const queued = policy.execute(fn, { signal: controller.signal });
    await tick();
    expect(policy.queued).toBe(1);
    controller.abort(new Error('no longer needed'));
    await expect(queued).rejects.toThrow('no longer needed');
    expect(policy.queued).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    g.open();
    await first;
    expect(fn).not.toHaveBeenCalled();
    expect(policy.active).toBe(0);
  });

  it('removes the listener of a queued call that got its slot, and frees slots on failure', async () => {
    const policy = bulkhead({ concurrency: 1, queue: 1 });
    const g = gate();
    const first = policy.execute(async () => {
      await g.promise;
      throw new Error('failed');
    });
    const controller = new AbortController();
    const second = policy.execute(() => 'ran', { signal: controller.signal });
    g.open();
    await expect(first).rejects.toThrow('failed');
    await expect(second).resolves.toBe('ran');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(policy.active).toBe(0);
  });

  it('rejects an already aborted call before queueing it', async () => {
    const policy = bulkhead({ concurrency: 1, queue: 1 });
    const g = gate();
    const first = policy.execute(() => g.promise);
    await expect(
      policy.execute(() => 1, { signal: AbortSignal.abort(new Error('gone')) }),
    ).rejects.toThrow('gone');
    g.open();
    await first;
  });

  it('reports active and queued gauges and outcomes', async () => {
    const sink: MetricsSink = { counter: vi.fn(), gauge: vi.fn(), histogram: vi.fn() };
    const policy = bulkhead({ concurrency: 1, metrics: sink });
    await policy.execute(() => 1);
    const g = gate();
    const first = policy.execute(() => g.promise);
    await policy.execute(() => 2).catch(() => {});
    g.open();
    await first;
    await policy.execute(() => Promise.reject(new Error('x'))).catch(() => {});
    const base = { policy: 'bulkhead', name: 'bulkhead' };
    expect(sink.gauge).toHaveBeenCalledWith(RESILIENCE_METRICS.bulkheadActive, 1, base);
    expect(sink.gauge).toHaveBeenCalledWith(RESILIENCE_METRICS.queued, 0, base);
    for (const outcome of ['success', 'rejected', 'failure']) {
      expect(sink.counter).toHaveBeenCalledWith(RESILIENCE_METRICS.calls, 1, { ...base, outcome });
    }
  });

  it('validates options', () => {
    expect(() => bulkhead({ concurrency: 0 })).toThrow(
      '`concurrency` must be an integer ≥ 1, got 0',
    );
    expect(() => bulkhead(undefined as never)).toThrow(
      '`concurrency` must be an integer ≥ 1, got undefined',
    );
    expect(() => bulkhead({ concurrency: 1, queue: -1 })).toThrow('`queue`');
  });
});
