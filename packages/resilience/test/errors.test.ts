import { isLeanVibeError } from '@leanvibe/core/contracts';
import { describe, expect, it, vi } from 'vitest';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  IsolatedCircuitError,
  isBrokenCircuitError,
  isBulkheadRejectedError,
  isIsolatedCircuitError,
  isRateLimitedError,
  RateLimitedError,
  retry,
} from '../src/index.js';
import { Listeners } from '../src/listeners.js';

describe('errors', () => {
  it.each([
    [
      new BrokenCircuitError('open', { retryAfterMs: 5, policyName: 'db' }),
      'CIRCUIT_OPEN',
      isBrokenCircuitError,
    ],
    [new IsolatedCircuitError('isolated'), 'CIRCUIT_ISOLATED', isIsolatedCircuitError],
    [
      new BulkheadRejectedError('full', { concurrency: 1, queue: 0 }),
      'BULKHEAD_REJECTED',
      isBulkheadRejectedError,
    ],
    [
      new RateLimitedError('slow', { retryAfterMs: 10, cause: new Error('x') }),
      'RATE_LIMITED',
      isRateLimitedError,
    ],
  ] as const)('%s has its code, a brand, a guard and JSON', (error, code, guard) => {
    expect(error.code).toBe(code);
    expect(isLeanVibeError(error)).toBe(true);
    expect(guard(error)).toBe(true);
    expect(guard(new Error('other'))).toBe(false);
    expect(guard({ code })).toBe(false);
    expect(error.toJSON()).toMatchObject({ name: error.name, code });
  });

  it('guards recognise errors of another installed copy by brand', () => {
    const foreign = Object.create(BrokenCircuitError.prototype) as unknown;
    expect(isBrokenCircuitError(foreign)).toBe(true);
    expect(isIsolatedCircuitError(foreign)).toBe(false);
  });
});

describe('listeners', () => {
  it('return an unsubscribe function and survive a throwing listener', async () => {
    const listeners = new Listeners<number>();
    const seen: number[] = [];
    const rethrown = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation(() => {});
    const off = listeners.add((n) => seen.push(n));
    listeners.add(() => {
      throw new Error('listener bug');
    });
    listeners.add((n) => seen.push(n * 10));
    listeners.emit(1);
    expect(rethrown).toHaveBeenCalledTimes(1);
    rethrown.mockRestore();
    off();
    off();
    expect(listeners.size).toBe(2);
    expect(seen).toEqual([1, 10]);
    expect(() => listeners.add('nope' as never)).toThrow('`listener` must be a function');
  });

  it('policy listeners unsubscribe', async () => {
    const policy = retry({ retries: 1, minDelayMs: 0 });
    const listener = vi.fn();
    const off = policy.onRetry(listener);
    off();
    await policy.execute(() => Promise.reject(new Error('x'))).catch(() => {});
    expect(listener).not.toHaveBeenCalled();
  });
});
