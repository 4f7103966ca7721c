import type { Labels, MetricsSink } from '@leanvibe/core/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type LeaseTimeoutInfo, POOL_METRICS, type PoolEvents } from '../src/index.js';
import { type Resource, setup } from './helpers.js';

function recordingSink() {
  const collectors = new Set<() => void>();
  const gauges = new Map<string, number>();
  const counters: { name: string; labels: Labels | undefined }[] = [];
  const histograms: { name: string; value: number }[] = [];
  const sink: MetricsSink = {
    counter: (name, _value, labels) => counters.push({ name, labels }),
    gauge: (name, value, labels) => gauges.set(`${name}${JSON.stringify(labels)}`, value),
    histogram: (name, value) => histograms.push({ name, value }),
    registerCollector: (collect) => {
      collectors.add(collect);
      return () => collectors.delete(collect);
    },
  };
  const collect = () => {
    for (const collector of collectors) collector();
  };
  return { sink, collectors, gauges, counters, histograms, collect };
}

describe('metrics', () => {
  it('samples gauges only at collection time, labelled with the pool name', async () => {
    const metrics = recordingSink();
    const { pool } = setup({ metrics: metrics.sink, name: 'db', max: 3 });
    const a = await pool.acquire();
    await pool.acquire();
    await pool.release(a);
    expect(metrics.gauges.size).toBe(0);
    metrics.collect();
    const label = JSON.stringify({ pool: 'db' });
    expect(metrics.gauges.get(`${POOL_METRICS.size}${label}`)).toBe(2);
    expect(metrics.gauges.get(`${POOL_METRICS.available}${label}`)).toBe(1);
    expect(metrics.gauges.get(`${POOL_METRICS.borrowed}${label}`)).toBe(1);
    expect(metrics.gauges.get(`${POOL_METRICS.pending}${label}`)).toBe(0);
    expect(metrics.gauges.get(`${POOL_METRICS.creating}${label}`)).toBe(0);
    expect(metrics.gauges.get(`${POOL_METRICS.max}${label}`)).toBe(3);
  });

  it('counts creates, destroys (by reason), errors and timeouts; times waits in seconds', async () => {
    const metrics = recordingSink();
    const { pool, clock, made } = setup({
      metrics: metrics.sink,
      max: 1,
      acquireTimeoutMs: 100,
      createRetry: { retries: 0 },
    });
    made.failNext = 1;
    await pool.acquire().catch(() => undefined);
    const a = await pool.acquire();
    const waiting = pool.acquire();
    await clock.advanceAsync(40);
    await pool.release(a);
    await pool.release(await waiting);
    const b = await pool.acquire();
    const timedOut = pool.acquire().catch(() => undefined);
    await clock.advanceAsync(100);
    await timedOut;
    await pool.release(b);
    await pool.close();
    const names = metrics.counters.map((c) => c.name);
    expect(names.filter((n) => n === POOL_METRICS.createErrors)).toHaveLength(1);
    expect(names.filter((n) => n === POOL_METRICS.created)).toHaveLength(1);
    expect(names.filter((n) => n === POOL_METRICS.acquireTimeouts)).toHaveLength(1);
    expect(metrics.counters.find((c) => c.name === POOL_METRICS.destroyed)?.labels).toEqual({
      pool: 'pool',
      reason: 'drain',
    });
    // The second caller waited for a create (no time passes on the manual clock), the third 40 ms.
    expect(metrics.histograms).toEqual([
      { name: POOL_METRICS.acquireWait, value: 0 },
      { name: POOL_METRICS.acquireWait, value: 0.04 },
    ]);
  });

  it('unregisters its collector once closed', async () => {
    const metrics = recordingSink();
    const { pool } = setup({ metrics: metrics.sink });
    expect(metrics.collectors.size).toBe(1);
    await pool.close();
    expect(metrics.collectors.size).toBe(0);
  });

  it('works with a sink that has no registerCollector', async () => {
    const counters: string[] = [];
    const { pool } = setup({
      metrics: { counter: (name) => counters.push(name), gauge: () => {}, histogram: () => {} },
    });
    await pool.release(await pool.acquire());
    await pool.close();
    expect(counters).toContain(POOL_METRICS.created);
  });
});

describe('events', () => {
  it('emits typed, frozen events, and stops after unsubscribing', async () => {
    const { pool, made } = setup({ maxUses: 1 });
    const seen: string[] = [];
    const log =
      <K extends keyof PoolEvents<Resource>>(name: K) =>
      (event: PoolEvents<Resource>[K]) => {
        expect(Object.isFrozen(event)).toBe(true);
        seen.push(name);
      };
    const offs = [
      pool.on('create', log('create')),
      pool.on('acquire', log('acquire')),
      pool.on('release', log('release')),
      pool.on('destroy', log('destroy')),
      pool.on('closed', log('closed')),
    ];
    await pool.release(await pool.acquire());
    expect(seen).toEqual(['create', 'acquire', 'release', 'destroy']);
    for (const off of offs) off();
    offs[0]!(); // twice is harmless
    await pool.release(await pool.acquire());
    expect(seen).toHaveLength(4);
    expect(made.created).toHaveLength(2);
  });

  it('keeps two listeners of one event independent', async () => {
    const { pool } = setup();
    const calls: string[] = [];
    const offA = pool.on('acquire', () => calls.push('a'));
    pool.on('acquire', () => calls.push('b'));
    await pool.release(await pool.acquire());
    offA();
    await pool.release(await pool.acquire());
    expect(calls).toEqual(['a', 'b', 'b']);
  });

  it('reports waitedMs for callers that waited, and the closing totals', async () => {
    const { pool, clock } = setup({ max: 1 });
    const waits: number[] = [];
    pool.on('acquire', ({ waitedMs }) => waits.push(waitedMs));
    let totals: PoolEvents<Resource>['closed'] | undefined;
    pool.on('closed', (event) => {
      totals = event;
    });
    const a = await pool.acquire();
    const next = pool.acquire();
    await clock.advanceAsync(25);
    await pool.release(a);
    await pool.release(await next);
    await pool.close();
    expect(waits).toEqual([0, 25]);
    expect(totals).toEqual({ created: 1, destroyed: 1 });
  });

  it('reports waitedMs 0 for a caller that started waiting before anyone listened', async () => {
    const { pool } = setup({ max: 1, acquireTimeoutMs: Number.POSITIVE_INFINITY });
    const a = await pool.acquire();
    const next = pool.acquire();
    const waits: number[] = [];
    pool.on('acquire', ({ waitedMs }) => waits.push(waitedMs));
    await pool.release(a);
    await next;
    expect(waits).toEqual([0]);
  });

  describe('a listener that throws', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('never disturbs the pool; its error is rethrown on a later microtask', async () => {
      const { pool } = setup();
      const rethrown: unknown[] = [];
      vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) => {
        try {
          task();
        } catch (error) {
          rethrown.push(error);
        }
      });
      pool.on('acquire', () => {
        throw new Error('listener bug');
      });
      const resource = await pool.acquire();
      await pool.release(resource);
      expect(pool.stats()).toMatchObject({ borrowed: 0, available: 1 });
      expect(rethrown).toEqual([new Error('listener bug')]);
    });
  });
});

describe('leaseTimeoutMs', () => {
  it('reports a loan that outlives leaseTimeoutMs, with the stack of its acquire', async () => {
    const leaks: LeaseTimeoutInfo<Resource>[] = [];
    const { pool, clock } = setup({
      leaseTimeoutMs: 1000,
      onLeaseTimeout: (info) => leaks.push(info),
    });
    const events: LeaseTimeoutInfo<Resource>[] = [];
    pool.on('leaseTimeout', (info) => events.push(info));
    const kept = await pool.acquire();
    const returned = await pool.acquire();
    await clock.advanceAsync(500);
    await pool.release(returned);
    expect(clock.referencedTimers()).toBe(0);
    await clock.advanceAsync(500);
    expect(leaks).toHaveLength(1);
    expect(leaks[0]).toMatchObject({ resource: kept, borrowedForMs: 1000 });
    expect(leaks[0]?.acquiredAt).toContain('observe.test.ts');
    expect(events).toEqual(leaks);
    // The resource is not taken back: the borrower still owns it.
    expect(pool.stats().borrowed).toBe(1);
    await pool.release(kept);
  });

  it('also watches loans handed to waiters, and survives a throwing callback', async () => {
    const rethrown: unknown[] = [];
    const spy = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) => {
      try {
        task();
      } catch (error) {
        rethrown.push(error);
      }
    });
    const { pool, clock } = setup({
      max: 1,
      leaseTimeoutMs: 100,
      onLeaseTimeout: () => {
        throw new Error('callback bug');
      },
    });
    const a = await pool.acquire();
    const next = pool.acquire();
    await pool.release(a);
    await next;
    await clock.advanceAsync(100);
    spy.mockRestore();
    expect(rethrown).toEqual([new Error('callback bug')]);
  });
});
