import { fc, test } from '@fast-check/vitest';
import { createManualClock } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import {
  type CircuitBreakerPolicy,
  circuitBreaker,
  consecutive,
  createMemoryStateStore,
  isBrokenCircuitError,
} from '../src/index.js';

const fail = (): Promise<never> => Promise.reject(new Error('down'));
const ok = (): Promise<string> => Promise.resolve('ok');

async function outcome(breaker: CircuitBreakerPolicy, fn: () => Promise<string>): Promise<string> {
  try {
    return await breaker.execute(fn);
  } catch (error) {
    return isBrokenCircuitError(error) ? 'refused' : 'failed';
  }
}

describe('breakers sharing a store', () => {
  it('follow a remote open and a remote verdict, and probe one at a time', async () => {
    const clock = createManualClock();
    const store = createMemoryStateStore({ clock });
    const options = {
      clock,
      store,
      name: 'billing',
      breaker: consecutive(1),
      halfOpenAfterMs: 100,
    };
    const a = circuitBreaker(options);
    const b = circuitBreaker(options);
    const changes: unknown[] = [];
    b.onStateChange((event) => changes.push(event));
    expect(await outcome(a, fail)).toBe('failed');
    expect(b.state).toBe('open');
    expect(changes).toEqual([{ from: 'closed', to: 'open', remote: true }]);
    expect(await outcome(b, ok)).toBe('refused');
    clock.advance(100);
    let release!: () => void;
    const probe = a.execute(() => new Promise<string>((r) => (release = () => r('ok'))));
    await Promise.resolve();
    await Promise.resolve();
    const refused = await b.execute(ok).catch((error: Error) => error.message);
    expect(refused).toBe('circuit "billing" is half-open and its probe runs elsewhere');
    release();
    await probe;
    expect(a.state).toBe('closed');
    expect(b.state).toBe('closed');
    expect(await outcome(b, ok)).toBe('ok');
    a.dispose();
    b[Symbol.dispose]();
  });

  it('lets another breaker probe once the lease of a silent holder ran out', async () => {
    const clock = createManualClock();
    const store = createMemoryStateStore({ clock });
    expect(store.acquireProbe('x', 50)).toBe(true);
    expect(store.acquireProbe('x', 50)).toBe(false);
    clock.advance(50);
    expect(store.acquireProbe('x', 50)).toBe(true);
    store.releaseProbe('x');
    expect(store.acquireProbe('x', 50)).toBe(true);
  });

  it('stops following after dispose, and an isolated breaker ignores remote changes', async () => {
    const clock = createManualClock();
    const store = createMemoryStateStore({ clock });
    const options = { clock, store, name: 'n', breaker: consecutive(1) };
    const a = circuitBreaker(options);
    const b = circuitBreaker(options);
    const c = circuitBreaker(options);
    b.dispose();
    const handle = c.isolate();
    await outcome(a, fail);
    expect(b.state).toBe('closed');
    expect(c.state).toBe('isolated');
    handle.release();
  });

  it('treats a store whose probe hooks fail as granting the probe', async () => {
    const clock = createManualClock();
    const errors: unknown[] = [];
    const store = {
      load: () => undefined,
      save: () => undefined,
      acquireProbe: () => Promise.reject(new Error('no store')),
      releaseProbe: () => {
        throw new Error('no store');
      },
    };
    const breaker = circuitBreaker({ clock, store, breaker: consecutive(1), halfOpenAfterMs: 10 });
    breaker.onStoreError((error) => errors.push(error));
    await outcome(breaker, fail);
    clock.advance(10);
    expect(await outcome(breaker, ok)).toBe('ok');
    expect(errors).toHaveLength(1);
  });

  it('rejects malformed hooks', () => {
    const store = { load: () => undefined, save: () => undefined, acquireProbe: () => true };
    expect(() => circuitBreaker({ store })).toThrow('`store` must be');
    expect(() => circuitBreaker({ store: { ...store, subscribe: 1 } as never })).toThrow(
      '`store.subscribe` must be a function when given',
    );
    expect(() => circuitBreaker({ halfOpen: { probeLeaseMs: 0 } })).toThrow(
      '`halfOpen.probeLeaseMs`',
    );
  });
});

type Step = { kind: 'call'; who: number; succeeds: boolean } | { kind: 'wait'; ms: number };

const steps = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant('call' as const),
      who: fc.integer({ min: 0, max: 2 }),
      succeeds: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 150 }) }),
  ),
  { maxLength: 60 },
);

test.prop([steps])(
  'three breakers on one store agree after every step, and never probe twice at once',
  async (plan: Step[]) => {
    const clock = createManualClock();
    const store = createMemoryStateStore({ clock });
    const options = { clock, store, name: 's', breaker: consecutive(2), halfOpenAfterMs: 100 };
    const breakers = [circuitBreaker(options), circuitBreaker(options), circuitBreaker(options)];
    let running = 0;
    let most = 0;
    const pending: Promise<unknown>[] = [];
    for (const step of plan) {
      if (step.kind === 'wait') {
        clock.advance(step.ms);
        continue;
      }
      const breaker = breakers[step.who]!;
      const wasHalfOpen = breaker.state === 'half-open';
      pending.push(
        outcome(breaker, async () => {
          if (wasHalfOpen) most = Math.max(most, ++running);
          await Promise.resolve();
          if (wasHalfOpen) running--;
          if (!step.succeeds) throw new Error('down');
          return 'ok';
        }),
      );
      await Promise.all(pending.splice(0));
      const states = breakers.map((b) => b.state);
      // Open and closed are shared at once; half-open is decided by each breaker's clock.
      const normalized = states.map((s) => (s === 'half-open' ? 'open' : s));
      expect(new Set(normalized).size).toBe(1);
    }
    expect(most).toBeLessThanOrEqual(1);
    for (const breaker of breakers) breaker.dispose();
  },
);
