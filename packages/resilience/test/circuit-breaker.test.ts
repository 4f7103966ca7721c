import { getEventListeners } from 'node:events';
import { createManualClock, type MetricsSink } from '@leanvibe/core/contracts';
import { describe, expect, it, vi } from 'vitest';
import {
  BulkheadRejectedError,
  type CircuitSnapshot,
  type CircuitState,
  circuitBreaker,
  consecutive,
  count,
  createMemoryStateStore,
  isBrokenCircuitError,
  isIsolatedCircuitError,
  RateLimitedError,
  RESILIENCE_METRICS,
} from '../src/index.js';

const fail =
  (message = 'down') =>
  () =>
    Promise.reject(new Error(message));
const ok = () => 'ok';

async function failTimes(breaker: ReturnType<typeof circuitBreaker>, times: number) {
  for (let i = 0; i < times; i++) await breaker.execute(fail()).catch(() => {});
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('circuitBreaker transitions', () => {
  it('closed → open after five consecutive failures, then refuses calls without running them', async () => {
    const clock = createManualClock();
    const breaker = circuitBreaker({ clock, breaker: consecutive(5), halfOpenAfterMs: 1_000 });
    const breaks: unknown[] = [];
    breaker.onBreak((event) => breaks.push(event));
    await failTimes(breaker, 4);
    expect(breaker.state).toBe('closed');
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
    expect(breaks).toEqual([
      { reason: 'failure', error: new Error('down'), opens: 1, openForMs: 1_000 },
    ]);
    const fn = vi.fn(ok);
    clock.advance(400);
    const error = await breaker.execute(fn).catch((e: unknown) => e);
    expect(fn).not.toHaveBeenCalled();
    expect(isBrokenCircuitError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'CIRCUIT_OPEN',
      retryAfterMs: 600,
      policyName: 'circuit-breaker',
    });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a success resets the consecutive count', async () => {
    const breaker = circuitBreaker({ breaker: consecutive(2) });
    await failTimes(breaker, 1);
    await breaker.execute(ok);
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('closed');
  });

  it('open → half-open lazily when the clock passes halfOpenAfterMs, with no timer', async () => {
    const clock = createManualClock();
    const breaker = circuitBreaker({ clock, breaker: consecutive(1), halfOpenAfterMs: 1_000 });
    const halfOpen = vi.fn();
    breaker.onHalfOpen(halfOpen);
    await failTimes(breaker, 1);
    clock.advance(999);
    expect(breaker.state).toBe('open');
    clock.advance(1);
    expect(halfOpen).not.toHaveBeenCalled();
    expect(breaker.state).toBe('half-open');
    expect(halfOpen).toHaveBeenCalledTimes(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('half-open → closed after successThreshold successful probes', async () => {
    const clock = createManualClock();
    const breaker = circuitBreaker({
      clock,
      breaker: consecutive(1),
      halfOpenAfterMs: 10,
      halfOpen: { successThreshold: 2 },
    });
    const reset = vi.fn();
    breaker.onReset(reset);
    await failTimes(breaker, 1);
    clock.advance(10);
    await breaker.execute(ok);
    expect(breaker.state).toBe('half-open');
    await breaker.execute(ok);
    expect(breaker.state).toBe('closed');
    expect(reset).toHaveBeenCalledTimes(1);
  });

  it('half-open → open again when a probe fails, with halfOpenBackoff growing the wait', async () => {
    const clock = createManualClock();
    const breaker = circuitBreaker({
      clock,
      breaker: consecutive(1),
      halfOpenBackoff: (opens) => 100 * 2 ** (opens - 1),
    });
    const waits: number[] = [];
    breaker.onBreak((event) => waits.push(event.openForMs));
    await failTimes(breaker, 1);
    clock.advance(100);
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
    clock.advance(199);
    expect(breaker.state).toBe('open');
    clock.advance(1);
    await failTimes(breaker, 1);
    expect(waits).toEqual([100, 200, 400]);
    clock.advance(400);
    await breaker.execute(ok);
    await failTimes(breaker, 1);
    expect(waits).toEqual([100, 200, 400, 100]);
  });

  it('rejects other callers while the only probe runs (whenBusy: reject)', async () => {
    const clock = createManualClock();
    const breaker = circuitBreaker({ clock, breaker: consecutive(1), halfOpenAfterMs: 0 });
    await failTimes(breaker, 1);
    const probe = deferred<string>();
    const first = breaker.execute(() => probe.promise);
    const rejects: CircuitState[] = [];
    breaker.onReject((event) => rejects.push(event.state));
    const second = await breaker.execute(ok).catch((e: unknown) => e);
    expect(isBrokenCircuitError(second)).toBe(true);
    expect(second).toMatchObject({ retryAfterMs: 0 });
    expect(rejects).toEqual(['half-open']);
    probe.resolve('probed');
    await expect(first).resolves.toBe('probed');
    expect(breaker.state).toBe('closed');
  });

  it('lets waiting callers run once the probe closes the circuit (whenBusy: wait)', async () => {
    const breaker = circuitBreaker({
      breaker: consecutive(1),
      halfOpenAfterMs: 0,
      halfOpen: { whenBusy: 'wait' },
    });
    await failTimes(breaker, 1);
    const probe = deferred<string>();
    const first = breaker.execute(() => probe.promise);
    const fn = vi.fn(() => 'waited');
    const second = breaker.execute(fn);
    await Promise.resolve();
    expect(fn).not.toHaveBeenCalled();
    probe.resolve('probed');
    await expect(first).resolves.toBe('probed');
    await expect(second).resolves.toBe('waited');
  });

  it('refuses waiting callers when the probe reopens the circuit, and lets aborted waiters go', async () => {
    const breaker = circuitBreaker({
      breaker: consecutive(1),
      halfOpenAfterMs: 0,
      halfOpen: { whenBusy: 'wait' },
    });
    await failTimes(breaker, 1);
    const probe = deferred<string>();
    const first = breaker.execute(() => probe.promise);
    const waiting = breaker.execute(ok);
    const controller = new AbortController();
    const leaving = breaker.execute(ok, { signal: controller.signal });
    controller.abort(new Error('gave up waiting'));
    await expect(leaving).rejects.toThrow('gave up waiting');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    probe.reject(new Error('still down'));
    await expect(first).rejects.toThrow('still down');
    await expect(waiting).rejects.toSatisfy(isBrokenCircuitError);
  });

  it('hands the probe slot to a waiter when a probe ends without a verdict', async () => {
    const breaker = circuitBreaker({
      breaker: consecutive(1),
      halfOpenAfterMs: 0,
      halfOpen: { whenBusy: 'wait' },
      shouldCount: (error) => (error as Error).message !== 'ignored',
    });
    await failTimes(breaker, 1);
    const probe = deferred<string>();
    const first = breaker.execute(() => probe.promise);
    const second = breaker.execute(() => 'second probe');
    probe.reject(new Error('ignored'));
    await expect(first).rejects.toThrow('ignored');
    await expect(second).resolves.toBe('second probe');
    expect(breaker.state).toBe('closed');
  });

  it('isolate() holds the circuit until every handle is released, then closes it', async () => {
    const breaker = circuitBreaker();
    const changes: string[] = [];
    breaker.onStateChange(({ from, to }) => changes.push(`${from}→${to}`));
    const a = breaker.isolate();
    const b = breaker.isolate();
    const error = await breaker.execute(ok).catch((e: unknown) => e);
    expect(isIsolatedCircuitError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'CIRCUIT_ISOLATED' });
    a.release();
    a.release();
    expect(breaker.state).toBe('isolated');
    b[Symbol.dispose]();
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual(['closed→isolated', 'isolated→closed']);
  });

  it('isolating an open circuit, and reset() from any state', async () => {
    const clock = createManualClock();
    const breaker = circuitBreaker({ clock, breaker: consecutive(1) });
    await failTimes(breaker, 1);
    const handle = breaker.isolate();
    expect(breaker.state).toBe('isolated');
    breaker.reset();
    expect(breaker.state).toBe('closed');
    handle.release();
    expect(breaker.state).toBe('closed');
    breaker.reset();
    expect(breaker.state).toBe('closed');
  });

  it('counts a slow success as a failure but still returns its value', async () => {
    const clock = createManualClock();
    const breaker = circuitBreaker({ clock, breaker: consecutive(1), slowCallMs: 100 });
    const reasons: string[] = [];
    breaker.onBreak((event) => reasons.push(event.reason));
    const result = breaker.execute(async () => {
      clock.advance(101);
      return 'late';
    });
    await expect(result).resolves.toBe('late');
    expect(breaker.state).toBe('open');
    expect(reasons).toEqual(['slow-call']);
  });

  it('does not count bulkhead or rate-limit rejections, caller aborts, or errors shouldCount rejects', async () => {
    const breaker = circuitBreaker({
      breaker: consecutive(1),
      shouldCount: (error) => !(error as Error).message.startsWith('4'),
    });
    await breaker
      .execute(() => {
        throw new BulkheadRejectedError('full', { concurrency: 1, queue: 0 });
      })
      .catch(() => {});
    await breaker
      .execute(() => {
        throw new RateLimitedError('slow', { retryAfterMs: 1 });
      })
      .catch(() => {});
    await breaker.execute(fail('404')).catch(() => {});
    const controller = new AbortController();
    await breaker
      .execute(
        () => {
          controller.abort();
          throw new Error('aborted');
        },
        { signal: controller.signal },
      )
      .catch(() => {});
    expect(breaker.state).toBe('closed');
    await breaker.execute(fail('500')).catch(() => {});
    expect(breaker.state).toBe('open');
  });

  it('ignores outcomes of calls started before a state change', async () => {
    const clock = createManualClock();
    const breaker = circuitBreaker({ clock, breaker: consecutive(1), halfOpenAfterMs: 10 });
    const slow = deferred<string>();
    const started = breaker.execute(() => slow.promise);
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
    clock.advance(10);
    expect(breaker.state).toBe('half-open');
    slow.resolve('old');
    await started;
    expect(breaker.state).toBe('half-open');
  });

  it('round-trips toJSON() through initialState', async () => {
    const clock = createManualClock();
    const breaker = circuitBreaker({
      clock,
      breaker: count({ size: 4, threshold: 0.5 }),
      halfOpenAfterMs: 1_000,
    });
    await breaker.execute(ok);
    await failTimes(breaker, 1);
    const closed = breaker.toJSON();
    expect(closed).toEqual({
      state: 'closed',
      opens: 0,
      window: { kind: 'count', outcomes: '01' },
    });
    const copy = circuitBreaker({
      clock,
      breaker: count({ size: 4, threshold: 0.5 }),
      initialState: closed,
    });
    expect(copy.toJSON()).toEqual(closed);
    await failTimes(breaker, 2);
    clock.advance(250);
    const open = JSON.parse(JSON.stringify(breaker)) as CircuitSnapshot;
    expect(open).toMatchObject({ state: 'open', opens: 1, openForMs: 750 });
    const resumed = circuitBreaker({
      clock,
      initialState: open,
      breaker: count({ size: 4, threshold: 0.5 }),
    });
    expect(resumed.state).toBe('open');
    clock.advance(750);
    expect(resumed.state).toBe('half-open');
    const isolated = circuitBreaker({ initialState: { state: 'isolated' } });
    expect(isolated.state).toBe('isolated');
    isolated.reset();
    expect(isolated.state).toBe('closed');
    expect(() => circuitBreaker({ initialState: { state: 'ajar' } as never })).toThrow(
      '`initialState` must be a snapshot from toJSON()',
    );
  });

  it('saves every state change to the store and starts from what it loads', async () => {
    const clock = createManualClock();
    const store = createMemoryStateStore();
    const first = circuitBreaker({ clock, name: 'billing', store, breaker: consecutive(1) });
    await failTimes(first, 1);
    expect(store.size).toBe(1);
    expect(store.load('billing')).toMatchObject({ state: 'open', openForMs: 10_000 });
    const second = circuitBreaker({ clock, name: 'billing', store });
    expect(second.state).toBe('open');
    const other = circuitBreaker({ clock, name: 'search', store });
    expect(other.state).toBe('closed');
  });

  it('applies an asynchronous load unless the breaker changed state first, and reports store errors', async () => {
    const snapshot: CircuitSnapshot = { state: 'open', openForMs: 500 };
    const store = { load: vi.fn(async () => snapshot), save: vi.fn() };
    const breaker = circuitBreaker({ store });
    expect(breaker.state).toBe('closed');
    await Promise.resolve();
    await Promise.resolve();
    expect(breaker.state).toBe('open');

    const late = circuitBreaker({ store, breaker: consecutive(1) });
    late.isolate();
    await Promise.resolve();
    await Promise.resolve();
    expect(late.state).toBe('isolated');

    const failing = {
      load: () => {
        throw new Error('load failed');
      },
      save: () => Promise.reject(new Error('save failed')),
    };
    const errors: string[] = [];
    const broken = circuitBreaker({ store: failing, breaker: consecutive(1) });
    broken.onStoreError((error) => errors.push((error as Error).message));
    await failTimes(broken, 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual(['save failed']);
  });

  it('reports state gauges, transitions and calls to a MetricsSink', async () => {
    const sink: MetricsSink = { counter: vi.fn(), gauge: vi.fn(), histogram: vi.fn() };
    const breaker = circuitBreaker({ metrics: sink, name: 'db', breaker: consecutive(1) });
    await failTimes(breaker, 1);
    await breaker.execute(ok).catch(() => {});
    const base = { policy: 'circuit-breaker', name: 'db' };
    expect(sink.gauge).toHaveBeenCalledWith(RESILIENCE_METRICS.circuitState, 1, {
      ...base,
      state: 'closed',
    });
    expect(sink.gauge).toHaveBeenCalledWith(RESILIENCE_METRICS.circuitState, 0, {
      ...base,
      state: 'closed',
    });
    expect(sink.gauge).toHaveBeenCalledWith(RESILIENCE_METRICS.circuitState, 1, {
      ...base,
      state: 'open',
    });
    expect(sink.counter).toHaveBeenCalledWith(RESILIENCE_METRICS.circuitTransitions, 1, {
      ...base,
      to: 'open',
    });
    expect(sink.counter).toHaveBeenCalledWith(RESILIENCE_METRICS.calls, 1, {
      ...base,
      outcome: 'failure',
    });
    expect(sink.counter).toHaveBeenCalledWith(RESILIENCE_METRICS.calls, 1, {
      ...base,
      outcome: 'rejected',
    });
  });

  it('gives each breaker its own window even from one recipe', async () => {
    const recipe = consecutive(2);
    const a = circuitBreaker({ breaker: recipe });
    const b = circuitBreaker({ breaker: recipe });
    await failTimes(a, 1);
    await failTimes(b, 1);
    expect([a.state, b.state]).toEqual(['closed', 'closed']);
    await failTimes(a, 1);
    expect([a.state, b.state]).toEqual(['open', 'closed']);
  });

  it('validates options', () => {
    expect(() => circuitBreaker({ breaker: {} as never })).toThrow('`breaker` must be a breaker');
    expect(() => circuitBreaker({ halfOpenAfterMs: -1 })).toThrow(
      '`halfOpenAfterMs` must be a finite number ≥ 0',
    );
    expect(() => circuitBreaker({ halfOpenAfterMs: 1, halfOpenBackoff: () => 1 })).toThrow(
      '`halfOpenBackoff`',
    );
    expect(() => circuitBreaker({ halfOpen: { maxProbes: 0 } })).toThrow(
      '`halfOpen.maxProbes` must be an integer ≥ 1',
    );
    expect(() => circuitBreaker({ halfOpen: { whenBusy: 'queue' as 'wait' } })).toThrow(
      '`halfOpen.whenBusy`',
    );
    expect(() => circuitBreaker({ store: {} as never })).toThrow(
      '`store` must be a CircuitStateStore',
    );
    expect(() => circuitBreaker({ clock: {} as never })).toThrow('`clock` must be a Clock');
    expect(() => circuitBreaker({ slowCallMs: Number.NaN })).toThrow('`slowCallMs`');
  });
});
